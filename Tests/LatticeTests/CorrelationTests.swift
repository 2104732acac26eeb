// Site bases and correlation vectors: science.md's worked example, exact
// orthogonality over all configurations, and indicator point correlations.
import Testing
import Foundation
@testable import Lattice

@Test func worksExampleOfSinusoidalBasis() {
    let oct = SiteBasis.sinusoid.values(count: 5), tet = SiteBasis.sinusoid.values(count: 3)
    var got: [Double] = []
    for at in 1...2 { for ao in 1...4 { got.append(oct[ao][0] * tet[at][2]) } }
    let h = 3.0.squareRoot() / 2
    let want = [-0.5, 0, -0.5, 0, -h, 0, -h, 0]
    for (g, w) in zip(got, want) { #expect(abs(g - w) < 1e-15) }
}

@Test func sinusoidalCorrelationsAverageToZero() throws {
    // Ternary fcc on the 2x2x2 supercell (8 sites, no cluster wraps onto itself): all 3^8 configurations.
    let fcc = try CrystalLattice.builtin("fcc", a: 4.0, species: [["A", "B", "C"]])
    let space = try ClusterSpace(lattice: fcc, cutoffs: [2: 4.1, 3: 3.0])
    let table = try ClusterTable(space: space, supercell: Supercell(lattice: fcc, size: 2))
    for basis in [SiteBasis.sinusoid, .polynomial, .chebyshev] {
        var sum = [Double](repeating: 0, count: space.functionCount)
        for code in 0..<6561 {
            let occ = (0..<8).map { (code / Int(pow(3.0, Double($0)))) % 3 }
            let x = table.correlations(of: occ, basis: basis)
            for k in sum.indices { sum[k] += x[k] }
        }
        #expect(abs(sum[0] - 6561) < 1e-9)
        for k in 1..<sum.count { #expect(abs(sum[k] / 6561) < 1e-12) }
    }
}

@Test func indicatorPointCorrelationIsConcentration() throws {
    let fcc = try CrystalLattice.builtin("fcc", a: 4.0, species: [["Ag", "Pd"]])
    let space = try ClusterSpace(lattice: fcc, cutoffs: [2: 5.0, 3: 4.1])
    let sc = try Supercell(lattice: fcc, size: 4)
    var rng = RandomStream(seed: 3)
    let conf = try Configuration.random(supercell: sc, composition: [[0.25, 0.75]], rng: &rng)
    #expect(conf.occupation.filter { $0 == 0 }.count == 16)
    let x = try ClusterTable(space: space, supercell: sc).correlations(of: conf.occupation, basis: .indicator)
    #expect(abs(x[1] - 0.25) < 1e-15)
    // Nearest-neighbour pair indicator: fraction of nearest-neighbour bonds that are Ag-Ag, counted directly.
    var bonds = 0, agag = 0
    let nn = 4.0 / 2.0.squareRoot()
    let cell = sc.vectors, inv = cell.inverse!
    for i in 0..<sc.siteCount { for j in 0..<sc.siteCount where i != j {
        var f = inv.leftMultiply(sc.position(j) - sc.position(i))
        f -= f.rounded(.toNearestOrAwayFromZero)
        if abs((cell.leftMultiply(f) * cell.leftMultiply(f)).sum().squareRoot() - nn) < 1e-6 {
            bonds += 1
            if conf.occupation[i] == 0 && conf.occupation[j] == 0 { agag += 1 }
        }
    } }
    #expect(bonds == 64 * 12)
    #expect(abs(x[2] - Double(agag) / Double(bonds)) < 1e-14)
}
