// Cluster orbits against icet's answer for fcc, spglib operation counts, and
// the built-in lattices' site counts.
import Testing
@testable import Lattice

@Test func fccOrbitsMatchIcet() throws {
    let fcc = try CrystalLattice.builtin("fcc", a: 4.0, species: [["Ag", "Pd"]])
    let space = try ClusterSpace(lattice: fcc, cutoffs: [2: 5.0, 3: 4.1])
    #expect(space.orbits.map(\.order) == [1, 2, 2, 2, 3, 3])
    #expect(space.orbits.map(\.multiplicity) == [1, 6, 3, 12, 8, 12])
    #expect(abs(space.orbits[1].diameter - 2.0 * 2.0.squareRoot()) < 1e-12)
    #expect(abs(space.orbits[2].diameter - 4.0) < 1e-12)
    #expect(space.functionCount == 7)
    #expect(fcc.spaceGroup.number == 225)
    #expect(fcc.spaceGroup.operations.count == 48)
}

@Test func conventionalFccHas192Operations() throws {
    let a = 4.0
    let lat = try CrystalLattice(vectors: [[a, 0, 0], [0, a, 0], [0, 0, a]],
                                 positions: [[0, 0, 0], [0, 0.5, 0.5], [0.5, 0, 0.5], [0.5, 0.5, 0]],
                                 species: Array(repeating: ["Ag", "Pd"], count: 4))
    #expect(lat.spaceGroup.operations.count == 192)
    #expect(lat.sublattices.count == 1)
    // Orbits per conventional cell are 4x those per prim.
    let space = try ClusterSpace(lattice: lat, cutoffs: [2: 5.0, 3: 4.1])
    #expect(space.orbits.filter { $0.order == 2 }.map(\.multiplicity) == [24, 12, 48])
}

@Test func builtinLatticesHaveExpectedSitesAndGroups() throws {
    let spinel = try CrystalLattice.builtin("spinel", a: 8.0)
    #expect(spinel.sites.count == 18)
    #expect(spinel.sublattices.map(\.sites.count) == [2, 4, 4, 8])
    #expect(spinel.spaceGroup.number == 227)
    let rocksalt = try CrystalLattice.builtin("rocksalt", a: 4.2)
    #expect(rocksalt.spaceGroup.number == 225)
    #expect(try CrystalLattice.builtin("hcp", a: 3.0).spaceGroup.number == 194)
    #expect(try CrystalLattice.builtin("bcc", a: 3.0).spaceGroup.number == 229)
    #expect(try CrystalLattice.builtin("layered", a: 2.9).spaceGroup.number == 166)
    #expect(try CrystalLattice.builtin("honeycomb", a: 2.5).sublattices.count == 1)
    #expect(throws: LatticeError.self) { try CrystalLattice.builtin("fcc", a: 4.0, species: [["A"], ["B"]]) }
    #expect(throws: LatticeError.self) { try CrystalLattice.builtin("diamondoid") }
}

@Test func latInAndPrimJsonAgree() throws {
    for folder in ["lno", "limn3of", "agpd"] {
        let a = try Files.lattice(latIn: SharedData.text("\(folder)/lat.in"))
        #expect(a.sites.count >= 1)
        let b = try Files.lattice(json: SharedData.text("\(folder)/prim.json"))
        #expect(a.sites.count == b.sites.count)
        #expect(a.spaceGroup.number == b.spaceGroup.number || folder == "lno")
    }
}

@Test func multicomponentFunctionCountsMatchSmol() throws {
    // smol 0.5.7, fcc a = 4 Å, cutoffs {2: 5.0, 3: 4.1}: 4 species give 50 functions,
    // bit-combo classes per orbit 3 | 6, 6, 6 | 10, 18 (symmetric labelings merged).
    let quaternary = try ClusterSpace(lattice: CrystalLattice.builtin("fcc", a: 4.0, species: [["Ag", "Pd", "Cu", "Vac"]]), cutoffs: [2: 5.0, 3: 4.1])
    #expect(quaternary.functionCount == 50)
    #expect(quaternary.orbits.map(\.functionCount) == [3, 6, 6, 6, 10, 18])
    let ternary = try ClusterSpace(lattice: CrystalLattice.builtin("fcc", a: 4.0, species: [["Ag", "Pd", "Cu"]]), cutoffs: [2: 5.0, 3: 4.1])
    #expect(ternary.orbits.map(\.functionCount) == [2, 3, 3, 3, 4, 6])
}
