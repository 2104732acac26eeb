// The `lattice.corr_fcc4000` figure: cluster tables and one correlation vector
// of a 4,000-site fcc configuration, cutoffs {2: 5.0, 3: 4.1} Å. Runs only with
// CE_BENCH=1 (meaningful in a release build: `CE_BENCH=1 swift test -c release --filter corrFcc4000`).
import Testing
import Foundation
@testable import Lattice

@Test(.enabled(if: ProcessInfo.processInfo.environment["CE_BENCH"] == "1"))
func corrFcc4000() throws {
    let fcc = try CrystalLattice.builtin("fcc", a: 4.0, species: [["Ag", "Pd"]])
    let space = try ClusterSpace(lattice: fcc, cutoffs: [2: 5.0, 3: 4.1])
    // The conventional 10x10x10 cube in primitive vectors: 4,000 sites.
    let sc = try Supercell(lattice: fcc, matrix: [-10, 10, 10, 10, -10, 10, 10, 10, -10])
    #expect(sc.siteCount == 4000)
    var t0 = Date()
    let table = try ClusterTable(space: space, supercell: sc)
    let build = Date().timeIntervalSince(t0)
    var rng = RandomStream(seed: 1)
    let conf = try Configuration.random(supercell: sc, rng: &rng)
    let basis = BasisTable(lattice: fcc, basis: .sinusoid)
    var best = Double.infinity
    var sink = 0.0
    for _ in 0..<50 {
        t0 = Date()
        sink += table.correlations(of: conf.occupation, table: basis)[1]
        best = min(best, Date().timeIntervalSince(t0))
    }
    #expect(sink.isFinite)
    print(String(format: "lattice.corr_fcc4000: %.0f us (tables %.0f ms)", best * 1e6, build * 1e3))
}
