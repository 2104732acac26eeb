// Warren–Cowley short-range order per shell: the flat-table count against a
// brute-force count over all site pairs by distance, the exact values of the
// L1_0 and L1_2 orderings, and α near 0 for random alloys.
import Testing
import Lattice
@testable import MonteCarlo

@Suite struct ShortRangeOrderTests {
    /// The conventional cubic fcc cell (4 sites) repeated n times along each axis.
    func cubicSupercell(_ n: Int) throws -> Supercell {
        let fcc = try CrystalLattice.builtin("fcc", a: 4.0, species: [["Au", "Cu"]])
        // The prim vectors are (0, a/2, a/2) and permutations: this matrix spans n·a along x, y, z.
        return try Supercell(lattice: fcc, matrix: [-n, n, n, n, -n, n, n, n, -n])
    }

    /// Occupation index of species `name` on an Au/Cu site.
    func index(_ name: String) -> UInt8 { name == "Au" ? 0 : 1 }

    /// α from counting every pair of sites by their minimum-image distance (no neighbour list).
    func bruteForce(_ sc: Supercell, _ occupation: [UInt8], shellDistances: [Double]) -> [[[Double]]] {
        let n = sc.siteCount
        let v = sc.vectors
        var counts = [[[Double]]](repeating: [[0, 0], [0, 0]], count: shellDistances.count)
        for i in 0..<n {
            for j in 0..<n where j != i {
                let d0 = sc.position(j) - sc.position(i)
                // Every periodic image within the shells counts (the cells here are large enough that one does).
                for x in -1...1 { for y in -1...1 { for z in -1...1 {
                    let shift = SIMD3(Double(x) * v[0, 0] + Double(y) * v[1, 0] + Double(z) * v[2, 0],
                                      Double(x) * v[0, 1] + Double(y) * v[1, 1] + Double(z) * v[2, 1],
                                      Double(x) * v[0, 2] + Double(y) * v[1, 2] + Double(z) * v[2, 2])
                    let d = d0 + shift
                    let r = (d * d).sum().squareRoot()
                    if let s = shellDistances.firstIndex(where: { abs($0 - r) < 1e-6 }) {
                        counts[s][Int(occupation[i])][Int(occupation[j])] += 1
                    }
                } } }
            }
        }
        return counts.map { c in
            let total = c.joined().reduce(0, +)
            return (0..<2).map { a in (0..<2).map { b in
                1 - (c[a][b] / (c[a][0] + c[a][1])) / ((c[0][b] + c[1][b]) / total)
            } }
        }
    }

    @Test func flatCountEqualsBruteForceOnFcc() throws {
        let sc = try cubicSupercell(2)   // 32 sites
        let sro = try ShortRangeOrder(supercell: sc, shells: 3)
        #expect(sro.species == ["Au", "Cu"])
        var rng = RandomStream(seed: 11)
        for trial in 0..<5 {
            let occupation = (0..<sc.siteCount).map { _ in UInt8(rng.next() % 2) }
            let alpha = sro.alphas(occupation)
            // fcc shells at a/√2, a, a·√(3/2) for a = 4.
            let expected = bruteForce(sc, occupation, shellDistances: [4 / 2.0.squareRoot(), 4, 4 * 1.5.squareRoot()])
            for s in 0..<3 { for a in 0..<2 { for b in 0..<2 {
                #expect(abs(alpha[sro.index(shell: s, a, b)] - expected[s][a][b]) < 1e-12, "trial \(trial) shell \(s) \(a)-\(b)")
            } } }
        }
    }

    @Test func orderedL10AndL12HaveTheirExactValues() throws {
        let sc = try cubicSupercell(2)
        let sro = try ShortRangeOrder(supercell: sc, shells: 2)
        func half(_ x: Double) -> Int { Int((2 * x / 4.0).rounded()) }
        // L1_0: (001) planes alternate Au, Cu every a/2.
        let l10 = (0..<sc.siteCount).map { i in index(half(sc.position(i).z) % 2 == 0 ? "Au" : "Cu") }
        // L1_2 Cu3Au: Au on the cube corners, Cu on the face centres.
        let l12 = (0..<sc.siteCount).map { i -> UInt8 in
            let p = sc.position(i)
            return index([p.x, p.y, p.z].allSatisfy { half($0) % 2 == 0 } ? "Au" : "Cu")
        }
        let (au, cu) = (0, 1)
        let a10 = sro.alphas(l10)
        // Each Au has 8 Cu and 4 Au nearest neighbours, c = 1/2: α = 1 - (8/12)/(1/2) = -1/3; second shell all alike.
        #expect(abs(a10[sro.index(shell: 0, au, cu)] + 1.0 / 3) < 1e-12)
        #expect(abs(a10[sro.index(shell: 0, au, au)] - 1.0 / 3) < 1e-12)
        #expect(abs(a10[sro.index(shell: 1, au, cu)] - 1) < 1e-12)
        #expect(abs(a10[sro.index(shell: 1, cu, cu)] + 1) < 1e-12)
        let a12 = sro.alphas(l12)
        // Au: 12 Cu neighbours, c(Cu) = 3/4; Cu: 4 Au of 12, c(Au) = 1/4; Cu-Cu: 1 - (8/12)/(3/4) = 1/9.
        #expect(abs(a12[sro.index(shell: 0, au, cu)] + 1.0 / 3) < 1e-12)
        #expect(abs(a12[sro.index(shell: 0, cu, au)] + 1.0 / 3) < 1e-12)
        #expect(abs(a12[sro.index(shell: 0, au, au)] - 1) < 1e-12)
        #expect(abs(a12[sro.index(shell: 0, cu, cu)] - 1.0 / 9) < 1e-12)
        #expect(abs(a12[sro.index(shell: 1, au, au)] + 3) < 1e-12)
    }

    @Test func randomAlloyHasZeroOrderOnAverage() throws {
        let sc = try cubicSupercell(4)   // 256 sites
        let sro = try ShortRangeOrder(supercell: sc, shells: 2)
        var rng = RandomStream(seed: 5)
        var sums = [Double](repeating: 0, count: 2)
        let trials = 200
        for _ in 0..<trials {
            // Infinite temperature: a uniformly random arrangement of 128 Au and 128 Cu.
            var occupation = [UInt8](repeating: 0, count: 128) + [UInt8](repeating: 1, count: 128)
            for k in stride(from: occupation.count - 1, to: 0, by: -1) { occupation.swapAt(k, Int(rng.next() % UInt64(k + 1))) }
            let alpha = sro.alphas(occupation)
            for s in 0..<2 { sums[s] += alpha[sro.index(shell: s, 0, 1)] }
        }
        // Exactly, E[α_AuCu] = 1 - 256/255 ≈ -0.004 at fixed composition; the spread of the mean is about 0.002.
        for s in 0..<2 { #expect(abs(sums[s] / Double(trials)) < 0.012, "shell \(s + 1): \(sums[s] / Double(trials))") }
    }

    @Test func annealRecordsTheShortRangeOrder() throws {
        let sc = try cubicSupercell(2)
        var rng = RandomStream(seed: 2)
        let start = try MonteCarlo.Configuration(try Lattice.Configuration.random(supercell: sc, rng: &rng))
        var observers = ObserverSettings(every: 5)
        observers.sro = try ShortRangeOrder(supercell: sc, shells: 2)
        observers.snapshots = true
        let sroTable = try #require(observers.sro)
        // The recorded α is the α of the recorded occupation.
        let table = try ClusterTable(space: try ClusterSpace(lattice: sc.lattice, cutoffs: [2: 3.0]), supercell: sc)
        let energy = try ClusterTableModel(clusterTable: table, eci: [0, 0, 0.05], basis: .sinusoid)
        let run = try anneal(start, model: EnergyModel(clusters: energy), moves: .swap, schedule: .steps([0.1], sweeps: 20),
                             observers: observers, seed: 3)
        for r in run.records {
            let snapshot = try #require(r.snapshot)
            let alpha = try #require(r.sro)
            #expect(alpha.elementsEqual(sroTable.alphas(snapshot)) { $0 == $1 || ($0.isNaN && $1.isNaN) })
        }
    }
}

extension ShortRangeOrderTests {
    @Test func sampledOrderAndObservedValuesAreTheSameForAnyThreadCount() throws {
        let sc = try cubicSupercell(2)
        var rng = RandomStream(seed: 8)
        let start = try MonteCarlo.Configuration(try Lattice.Configuration.random(supercell: sc, rng: &rng))
        let table = try ClusterTable(space: try ClusterSpace(lattice: sc.lattice, cutoffs: [2: 3.0]), supercell: sc)
        let energy = EnergyModel(clusters: try ClusterTableModel(clusterTable: table, eci: [0, 0, 0.05], basis: .sinusoid))
        var observers = ObserverSettings(every: 2)
        observers.sro = try ShortRangeOrder(supercell: sc, shells: 2)
        observers.snapshots = true
        let samples = try [1, 3].map { threads in
            try sampleEquilibrium(start, model: energy, moves: .swap, temperature: 0.2, sweeps: 20, equilibration: 4,
                                  chains: 3, observers: observers, seed: 9, threads: threads,
                                  observe: { occupation in [Double(occupation.filter { $0 == 0 }.count)] })
        }
        let (one, three) = (samples[0], samples[1])
        #expect(try #require(one.sro).map(\.mean) == (try #require(three.sro)).map(\.mean))
        #expect(try #require(one.observed).map(\.mean) == (try #require(three.observed)).map(\.mean))
        // Swaps keep the composition: the observed Au count is the starting one.
        #expect(one.observed?.first?.mean == Double(start.count(of: 0)))
    }
}

extension ShortRangeOrderTests {
    @Test func randomRocksaltHasZeroOrderOnEachSublatticePair() throws {
        let rs = try CrystalLattice.builtin("rocksalt", a: 4.2, species: [["Li", "Ni"], ["O", "F"]])
        let sc = try Supercell(lattice: rs, size: 4)
        let sro = try ShortRangeOrder(supercell: sc, shells: 2)
        #expect(sro.species == ["Li", "Ni", "O", "F"])
        var rng = RandomStream(seed: 6)
        var sums = [Double](repeating: 0, count: 4)
        let trials = 100
        for _ in 0..<trials {
            let occupation = (0..<sc.siteCount).map { _ in UInt8(rng.next() % 2) }
            let alpha = sro.alphas(occupation)
            // Shell 1 joins the sublattices (cation-anion), shell 2 stays on one (cation-cation, anion-anion).
            sums[0] += alpha[sro.index(shell: 0, 0, 2)]
            sums[1] += alpha[sro.index(shell: 1, 0, 1)]
            sums[2] += alpha[sro.index(shell: 1, 2, 3)]
            // Li has no Li nearest neighbour: that pair is absent, not ordered.
            #expect(alpha[sro.index(shell: 0, 0, 0)].isNaN)
            sums[3] += alpha[sro.index(shell: 1, 0, 0)]
        }
        for k in 0..<4 { #expect(abs(sums[k] / Double(trials)) < 0.03, "pair \(k): \(sums[k] / Double(trials))") }
    }
}
