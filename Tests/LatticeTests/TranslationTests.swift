// Supercell translations by the Smith form against folding by brute force, and
// correlation vectors (bit-parity and value-plane paths) against a direct sum
// over every cluster of the supercell.
import Testing
@testable import Lattice

@Suite struct TranslationTests {
    /// Random nonsingular integer matrices, skewed ones included.
    static func matrices(count: Int, seed: UInt64) -> [[Int]] {
        var rng = RandomStream(seed: seed)
        var out: [[Int]] = [[2, 0, 0, 0, 2, 0, 0, 0, 2], [-2, 2, 2, 2, -2, 2, 2, 2, -2], [1, 0, 0, 0, 1, 0, 0, 0, 7]]
        while out.count < count {
            let m = (0..<9).map { _ in rng.int(below: 9) - 4 }
            let d = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6])
            if d != 0 && abs(d) <= 300 { out.append(m) }
        }
        return out
    }

    @Test func cellIndexFoldsLikeTheSupercellLattice() throws {
        let sc3 = try CrystalLattice.builtin("sc", a: 3.0)
        var rng = RandomStream(seed: 11)
        for m in Self.matrices(count: 40, seed: 1) {
            let sc = try Supercell(lattice: sc3, matrix: m)
            #expect(sc.translations.count == sc.cellCount)
            #expect(Set(sc.translationOfCell).count == sc.cellCount)
            for (k, t) in sc.cells.enumerated() { #expect(sc.cellIndex(t) == k) }
            for _ in 0..<50 {
                let t = SIMD3(rng.int(below: 41) - 20, rng.int(below: 41) - 20, rng.int(below: 41) - 20)
                // t lies in cell k when t - cells[k] is a whole combination of the rows of S.
                let k = sc.cellIndex(t)
                let r = t &- sc.cells[k]
                let adj = sc.adjugate
                for j in 0..<3 { #expect((r.x * adj[j] + r.y * adj[3 + j] + r.z * adj[6 + j]) % sc.det == 0) }
            }
        }
    }

    @Test func neighbourSitesMatchSiteIndex() throws {
        let hcp = try CrystalLattice.builtin("hcp", a: 3.0)
        var rng = RandomStream(seed: 12)
        for m in Self.matrices(count: 10, seed: 2) {
            let sc = try Supercell(lattice: hcp, matrix: m)
            let points = (0..<2).map { _ in
                (0..<5).map { _ in LatticePoint(site: rng.int(below: 2), cell: SIMD3(rng.int(below: 7) - 3, rng.int(below: 7) - 3, rng.int(below: 7) - 3)) }
            }
            var out = [Int32](repeating: -1, count: sc.siteCount * 8)
            out.withUnsafeMutableBufferPointer { sc.neighbourSites(points, width: 8, into: $0.baseAddress!) }
            for i in 0..<sc.siteCount {
                let t = sc.cells[i / 2]
                for (k, p) in points[i % 2].enumerated() { #expect(Int(out[i * 8 + k]) == sc.siteIndex(site: p.site, cell: p.cell &+ t)) }
                for k in 5..<8 { #expect(Int(out[i * 8 + k]) == i) }
            }
        }
    }

    /// The correlation vector summed cluster by cluster through `siteIndex`.
    static func direct(_ table: ClusterTable, _ occupation: [Int], _ basis: SiteBasis) -> [Double] {
        let sc = table.supercell, values = table.basisTable(basis)
        var x = [1.0]
        for (o, orbit) in table.space.orbits.enumerated() {
            for function in orbit.functions {
                var sum = 0.0
                for labeling in function {
                    for image in orbit.images {
                        for t in sc.cells {
                            var product = 1.0
                            for (q, p) in image.enumerated() {
                                let i = sc.siteIndex(site: p.site, cell: p.cell &+ t)
                                product *= values.value(site: p.site, alpha: labeling[q], sigma: occupation[i])
                            }
                            sum += product
                        }
                    }
                }
                x.append(sum / Double(function.count * orbit.images.count * sc.cellCount))
                _ = o
            }
        }
        return x
    }

    @Test(arguments: [
        ("fcc", [["Ag", "Pd"]], SiteBasis.sinusoid),
        ("fcc", [["Ag", "Pd"]], .indicator),
        ("fcc", [["Cu", "Pd", "Au"]], .sinusoid),
        ("hcp", [["Ag", "Pd"]], .chebyshev),
        ("rocksalt", [["Li+", "Mn3+", "Vac"], ["O2-", "F-"]], .sinusoid),
    ])
    func correlationsEqualTheDirectSum(name: String, species: [[String]], basis: SiteBasis) throws {
        let lattice = try CrystalLattice.builtin(name, a: 4.0, species: species)
        let space = try ClusterSpace(lattice: lattice, cutoffs: [2: 4.5, 3: 3.5])
        var rng = RandomStream(seed: 13)
        // Rows of 32 and 64 bits, and a fastest axis too long for one word (the value path).
        for m in [[-2, 2, 2, 2, -2, 2, 2, 2, -2], [3, 1, 0, 0, 2, 1, 1, 0, 2], [2, 0, 0, 0, 1, 0, 0, 0, 40], [1, 0, 0, 0, 1, 0, 0, 0, 70]] {
            let sc = try Supercell(lattice: lattice, matrix: m)
            let table = try ClusterTable(space: space, supercell: sc)
            let conf = try Configuration.random(supercell: sc, rng: &rng)
            let fast = table.correlations(of: conf.occupation, basis: basis)
            let slow = Self.direct(table, conf.occupation, basis)
            #expect(fast.count == slow.count)
            for (a, b) in zip(fast, slow) { #expect(abs(a - b) < 1e-12, "\(name) \(m) \(basis): \(a) vs \(b)") }
        }
    }
}
