// Neighbour shells of the 2D and 3D built-ins and the flat neighbour lists.
import Testing
@testable import Lattice

@Test func neighbourShellsOfBuiltins() throws {
    let tri = try CrystalLattice.builtin("triangular", a: 1)
    let cells = tri.neighbourPoints(of: 0).map(\.point.cell)
    #expect(Set(cells) == Set([SIMD3(1, 0, 0), SIMD3(-1, 0, 0), SIMD3(0, 1, 0), SIMD3(0, -1, 0), SIMD3(1, -1, 0), SIMD3(-1, 1, 0)]))
    #expect(try CrystalLattice.builtin("square", a: 1).neighbourPoints(of: 0).count == 4)
    #expect(try CrystalLattice.builtin("honeycomb", a: 1).neighbourPoints(of: 0).count == 3)
    #expect(try CrystalLattice.builtin("fcc", a: 4).neighbourPoints(of: 0, shells: 2).map(\.shell) == Array(repeating: 0, count: 12) + Array(repeating: 1, count: 6))
    let sc = try Supercell(lattice: tri, size: 6)
    #expect(sc.siteCount == 36)
    let nl = NeighbourList(supercell: sc)
    #expect(nl.start.last == 36 * 6)
    // Symmetric: j is a neighbour of i exactly when i is one of j.
    for i in 0..<36 { for k in nl.start[i]..<nl.start[i + 1] {
        let j = Int(nl.neighbours[k])
        #expect(nl.neighbours[nl.start[j]..<nl.start[j + 1]].contains(Int32(i)))
    } }
}
