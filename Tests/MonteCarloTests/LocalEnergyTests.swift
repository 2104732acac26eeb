// Local energy differences against full recomputation for every model:
// charge balance (both penalties), Ising, Potts, a random multi-species
// cluster expansion with repeated sites, and cluster tables plus Ewald.
import Testing
import Lattice
@testable import MonteCarlo

@Suite struct LocalEnergyTests {
    /// A random 3-species cluster expansion on 12 sites: points, pairs, triplets, a quadruplet and repeated-site terms.
    static func randomClusterModel(rng: inout RandomStream) throws -> ClusterTableModel {
        let n = 12
        let counts: [UInt8] = (0..<n).map { $0 % 3 == 0 ? 2 : 3 }
        var terms: [ClusterTerm] = []
        for size in [1, 2, 2, 3, 3, 4] {
            for _ in 0..<8 {
                let sites = (0..<size).map { _ in rng.int(below: n) }   // repeats allowed on purpose
                let entries = sites.reduce(1) { $0 * Int(counts[$1]) }
                terms.append(ClusterTerm(sites: sites, table: (0..<entries).map { _ in rng.uniform(-1, 1) }))
            }
        }
        return try ClusterTableModel(speciesCounts: counts, terms: terms, constant: 0.25)
    }

    /// A random symmetric positive-definite N x N matrix (A Aᵀ + N I).
    static func randomSPD(_ n: Int, rng: inout RandomStream) -> [Double] {
        let a = (0..<(n * n)).map { _ in rng.uniform(-1, 1) }
        var m = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0..<n {
            var s = i == j ? Double(n) : 0
            for k in 0..<n { s += a[i * n + k] * a[j * n + k] }
            m[i * n + j] = s
        } }
        return m
    }

    /// Runs `moves` random single and paired changes; each kernel's ΔE must equal the full difference.
    /// The cluster kernel always runs; the neighbourhood and local-field kernels (binary and per-species) when they apply.
    static func check(_ model: EnergyModel, speciesCounts: [UInt8], moves: Int, seed: UInt64, expectLocal: Bool = false,
                      expectSpeciesFields: Bool = false) {
        var rng = RandomStream(seed: seed)
        let n = model.siteCount
        var occ = speciesCounts.map { UInt8(rng.int(below: Int($0))) }
        let clusters = ClusterKernel(model.clusters)
        let local = NeighbourhoodKernel.make(model.clusters)
        let fields = LocalFieldKernel(model.clusters)
        let ternaryFields = SpeciesFieldKernel<SIMD2<Double>>(model.clusters)
        let quaternaryFields = SpeciesFieldKernel<SIMD4<Double>>(model.clusters)
        occ.withUnsafeMutableBufferPointer {
            fields?.reset($0.baseAddress.unsafelyUnwrapped)
            ternaryFields?.reset($0.baseAddress.unsafelyUnwrapped)
            quaternaryFields?.reset($0.baseAddress.unsafelyUnwrapped)
        }
        #expect(local != nil || !expectLocal)
        #expect(ternaryFields != nil || quaternaryFields != nil || !expectSpeciesFields)
        let ewald = model.ewald.map { EwaldKernel($0, occupation: occ) }
        var energy = model.energy(of: occ)
        var worst = 0.0
        for _ in 0..<moves {
            let i = rng.int(below: n)
            var j = rng.int(below: n - 1)
            if j >= i { j += 1 }
            let toI = UInt8(rng.int(below: Int(speciesCounts[i])))
            let toJ = UInt8(rng.int(below: Int(speciesCounts[j])))
            let single = rng.int(below: 2) == 0
            let deltas = occ.withUnsafeMutableBufferPointer { p -> [Double] in
                let o = p.baseAddress.unsafelyUnwrapped
                let e = single ? (ewald?.flipDelta(o, i, toI) ?? 0) : (ewald?.pairDelta(o, i, toI, j, toJ) ?? 0)
                func delta<K: EnergyKernel>(_ k: K) -> Double {
                    (single ? k.flipDelta(o, i, toI) : k.pairDelta(o, i, toI, j, toJ)) + e
                }
                return [delta(clusters)] + (local.map { [delta($0)] } ?? []) + (fields.map { [delta($0)] } ?? [])
                    + (ternaryFields.map { [delta($0)] } ?? []) + (quaternaryFields.map { [delta($0)] } ?? [])
            }
            var after = occ
            after[i] = toI
            if !single { after[j] = toJ }
            let full = model.energy(of: after)
            for d in deltas { worst = max(worst, abs(full - energy - d)) }
            if rng.int(below: 2) == 0 {   // walk on half of the time
                occ.withUnsafeMutableBufferPointer { p in
                    let o = p.baseAddress.unsafelyUnwrapped
                    let (fromI, fromJ) = (o[i], o[j])
                    o[i] = toI
                    fields?.commit(o, i, from: fromI, to: toI)
                    ternaryFields?.commit(o, i, from: fromI, to: toI)
                    quaternaryFields?.commit(o, i, from: fromI, to: toI)
                    ewald?.commit(i, from: fromI, to: toI)
                    if !single {
                        o[j] = toJ
                        fields?.commit(o, j, from: fromJ, to: toJ)
                        ternaryFields?.commit(o, j, from: fromJ, to: toJ)
                        quaternaryFields?.commit(o, j, from: fromJ, to: toJ)
                        ewald?.commit(j, from: fromJ, to: toJ)
                    }
                }
                energy = full
            }
        }
        #expect(worst < 1e-9 * max(1, abs(energy)), "largest |ΔE_local - ΔE_full| = \(worst)")
    }

    @Test(arguments: ChargeBalance.Penalty.allCases)
    func chargeBalance(penalty: ChargeBalance.Penalty) throws {
        let model = EnergyModel(clusters: try ChargeBalance.model(size: 6, penalty: penalty))
        Self.check(model, speciesCounts: Array(repeating: 2, count: 36), moves: 100_000, seed: 1, expectLocal: true)
    }

    @Test func isingAndPotts() throws {
        let ising = EnergyModel(clusters: try PairModel.ising(neighbours: .square(4), coupling: 0.7, field: 0.3))
        Self.check(ising, speciesCounts: Array(repeating: 2, count: 16), moves: 100_000, seed: 2, expectLocal: true)
        let potts = EnergyModel(clusters: try PairModel.shells([.triangular(3), .square(3)],
                                                                couplings: [[[1, 0, 0], [0, 1, 0], [0, 0, 1]], [[0, 0.5, 0], [0.5, 0, -2], [0, -2, 1]]],
                                                                species: 3))
        Self.check(potts, speciesCounts: Array(repeating: 3, count: 9), moves: 100_000, seed: 3, expectLocal: true)
    }

    @Test func randomClusterExpansionWithEwald() throws {
        var rng = RandomStream(seed: 4)
        let clusters = try Self.randomClusterModel(rng: &rng)
        Self.check(EnergyModel(clusters: clusters), speciesCounts: clusters.speciesCounts, moves: 100_000, seed: 5)
        let charges: [[Double]] = clusters.speciesCounts.map { $0 == 2 ? [1, -1] : [2, 0, -1] }
        let ewald = try EwaldTerm(matrix: Self.randomSPD(12, rng: &rng), charges: charges, coefficient: 0.3)
        Self.check(try EnergyModel(clusters: clusters, ewald: ewald), speciesCounts: clusters.speciesCounts, moves: 100_000, seed: 6)
    }

    @Test func repeatedSitesMerge() throws {
        // On a 1-site "lattice" a pair (0, 0) is the point function of its diagonal.
        let model = try ClusterTableModel(speciesCounts: [2], terms: [ClusterTerm(sites: [0, 0], table: [1, 2, 3, 4])])
        #expect(model.energy(of: [0]) == 1)
        #expect(model.energy(of: [1]) == 4)
        #expect(model.flipDelta([0], site: 0, to: 1) == 3)
    }

    @Test func badInputIsRejected() {
        #expect(throws: MonteCarloError.self) { try ClusterTableModel(speciesCounts: [2, 2], terms: [ClusterTerm(sites: [0, 2], table: [0, 0, 0, 0])]) }
        #expect(throws: MonteCarloError.self) { try ClusterTableModel(speciesCounts: [2, 2], terms: [ClusterTerm(sites: [0, 1], table: [0, 0])]) }
        #expect(throws: MonteCarloError.self) { try EwaldTerm(matrix: [1, 2, 3, 4], speciesCharges: [1, -1], siteCount: 2) }
        #expect(throws: MonteCarloError.self) { try MonteCarlo.Configuration(occupation: [2], speciesCount: 2) }
        #expect(throws: MonteCarloError.self) { try AnnealSchedule.geometric(from: 0, to: 1, count: 3, sweeps: 1) }
    }
}

extension LocalEnergyTests {
    @Test func fccClusterExpansionWithEwald() throws {
        // The Lattice module's fcc space (3 pairs + 2 triplets) on a 3 x 3 x 3 supercell, plus a random Ewald matrix.
        let fcc = try CrystalLattice.builtin("fcc", a: 4.0)
        let space = try ClusterSpace(lattice: fcc, cutoffs: [2: 5.0, 3: 4.1])
        let table = try ClusterTable(space: space, supercell: try Supercell(lattice: fcc, size: 3))
        var rng = RandomStream(seed: 8)
        let eci = (0..<space.functionCount).map { _ in rng.uniform(-0.1, 0.1) }
        let clusters = try ClusterTableModel(clusterTable: table, eci: eci, basis: .sinusoid)
        let ewald = try EwaldTerm(matrix: Self.randomSPD(27, rng: &rng), speciesCharges: [2, -1], siteCount: 27, coefficient: 0.05)
        Self.check(try EnergyModel(clusters: clusters, ewald: ewald), speciesCounts: clusters.speciesCounts, moves: 20_000, seed: 9)
    }

    /// Buffers of 10^6-site tables sit on 2 MiB boundaries (huge pages) and hold what was written;
    /// small ones take the ordinary path. Both free without error when the buffers go.
    @Test func largeBuffersSitOnHugePageBoundaries() {
        let n = FixedBuffer<Int32>.hugePageBytes / 4 + 1000
        let large = FixedBuffer<Int32>(count: n) { p in for k in 0..<n { p[k] = Int32(truncatingIfNeeded: k &* 7) } }
        #expect(Int(bitPattern: UnsafeRawPointer(large.pointer)) % (2 << 20) == 0)
        #expect(large.pointer[n - 1] == Int32(truncatingIfNeeded: (n - 1) &* 7) && large.pointer[12345] == 86415)
        let filled = FixedBuffer<Double>(repeating: 0.5, count: n)
        #expect(Int(bitPattern: UnsafeRawPointer(filled.pointer)) % (2 << 20) == 0 && filled.pointer[n - 1] == 0.5)
        let small = FixedBuffer<Int32>([1, 2, 3])
        #expect(small.array == [1, 2, 3])
    }
}
