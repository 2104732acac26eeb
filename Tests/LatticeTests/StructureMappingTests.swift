// Structure files and mapping: pymatgen entries, POSCAR, and each failure reason.
import Testing
import Foundation
@testable import Lattice

@Test func computedStructureEntriesMapLikeTheExtxyz() throws {
    let prim = try SharedData.text("lno/prim.json")
    let entries = try SharedData.text("lno/raw/lno_entries.json")
    let lattice = try Files.lattice(json: prim)
    let structures = try Files.structures(.pymatgenJSON, entries)
    #expect(structures.count == 31)
    #expect(structures[0].energy == -188.28833)
    let mapper = StructureMapper(lattice: lattice)
    let failed = structures.indices.filter { if case .failure = mapper.map(structures[$0]) { return true } else { return false } }
    #expect(failed == [0, 8, 9, 15])
}

@Test func poscarMapsOntoRocksaltAndFailuresSayWhy() throws {
    let rs = try CrystalLattice.builtin("rocksalt", a: 4.2, species: [["Li", "Mn"], ["O", "Vac"]])
    // Conventional cube: 4 prims; one anion site left empty (a vacancy is allowed there).
    let poscar = rocksaltCubePoscar
    let s = try Files.structures(.poscar, poscar)[0]
    let mapper = StructureMapper(lattice: rs)
    let m = try mapper.map(s).get()
    #expect(m.configuration.supercell.cellCount == 4)
    let names = m.configuration.occupation.enumerated().map { m.configuration.supercell.space($0.offset).species[$0.element].description }
    #expect(names.filter { $0 == "Vac" }.count == 1)
    #expect(names.filter { $0 == "Mn" }.count == 1)
    // An atom between sites.
    var shifted = s
    shifted.positions[0] = s.vectors.leftMultiply(Vector3(0.25, 0.25, 0.1))
    guard case .failure(let far) = mapper.map(shifted) else { Issue.record("expected a failure"); return }
    #expect(far.message.contains("no site mapping within stol"))
    // A species no site allows.
    var wrong = s
    wrong.elements[3] = "Ni"
    guard case .failure(let species) = mapper.map(wrong) else { Issue.record("expected a failure"); return }
    #expect(species.message.contains("species not allowed"))
    // A cell that is no supercell of the lattice.
    var sheared = s
    sheared.vectors = Matrix3(rows: [[4.2, 0, 0], [1.3, 4.0, 0], [0, 0, 4.2]])
    guard case .failure(let cell) = mapper.map(sheared) else { Issue.record("expected a failure"); return }
    #expect(cell.message.contains("no supercell found"))
}

@Test func randomConfigurationsAreSeededAndExact() throws {
    let rs = try CrystalLattice.builtin("rocksalt", a: 4.2, species: [["Li+", "Mn3+"], ["O2-", "F-"]])
    let sc = try Supercell(lattice: rs, size: 3)
    var a = RandomStream(seed: 5), b = RandomStream(seed: 5)
    let x = try Configuration.random(supercell: sc, composition: [[2.0 / 3, 1.0 / 3], [0.5, 0.5]], rng: &a)
    let y = try Configuration.random(supercell: sc, composition: [[2.0 / 3, 1.0 / 3], [0.5, 0.5]], rng: &b)
    #expect(x.occupation == y.occupation)
    #expect((0..<sc.siteCount).filter { sc.primSite($0) == 0 && x.occupation[$0] == 0 }.count == 18)
    #expect((0..<sc.siteCount).filter { sc.primSite($0) == 1 && x.occupation[$0] == 0 }.count == 14)
    #expect(throws: LatticeError.self) { try Configuration(supercell: sc, occupation: Array(repeating: 2, count: sc.siteCount)) }
}

/// A conventional rocksalt cube (4 prims) of Li3MnO3 with one anion site empty, as a POSCAR.
let rocksaltCubePoscar = """
    rocksalt cube
    1.0
    4.2 0 0
    0 4.2 0
    0 0 4.2
    Li Mn O
    3 1 3
    Direct
    0 0 0
    0 0.5 0.5
    0.5 0 0.5
    0.5 0.5 0
    0.5 0 0
    0 0.5 0
    0 0 0.5
    """
