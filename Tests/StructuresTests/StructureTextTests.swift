// POSCAR and extended XYZ text of enumerated structures, read back by ASE and
// by ce's own readers.
import Foundation
import PeerSupport
import Testing
@testable import Structures

@Test func writtenStructuresReadBackInASE() throws {
    let rocksalt = try CrystalLattice.builtin("rocksalt", a: 4.2, species: [["Li+", "Ni3+", "Vac"], ["O2-"]])
    let set = try DerivativeStructureEnumerator(lattice: rocksalt, sizes: [4]).enumerate()
    let k = set.count / 2
    let atoms = AtomicStructure(configuration: try set.configuration(k), id: "rocksalt 4-\(k)", energy: -1.25,
                                info: [(key: "source", value: "enumeration")])
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ce-structure-text-\(getpid())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try atoms.poscarText().write(to: directory.appendingPathComponent("POSCAR"), atomically: true, encoding: .utf8)
    try atoms.extendedXYZText().write(to: directory.appendingPathComponent("s.extxyz"), atomically: true, encoding: .utf8)
    let script = """
    import sys
    from ase.io import read
    for path in ('POSCAR', 's.extxyz'):
        a = read(path)
        print(' '.join(a.get_chemical_symbols()))
        print(*[float(v).hex() for v in a.cell.array.ravel()])
        print(*[float(v).hex() for v in a.get_scaled_positions(wrap=True).ravel()])
    b = read('s.extxyz')
    print(b.info['id'], b.info['source'], float(b.get_potential_energy()).hex(), *[float(q).hex() for q in b.arrays['oxi']])
    """
    let lines = try Peer.run(script, in: directory.path).split(separator: "\n").map(String.init)
    let inverse = try #require(atoms.vectors.inverse)
    for block in 0..<2 {
        let symbols = lines[3 * block].split(separator: " ").map(String.init)
        let cell = lines[3 * block + 1].split(separator: " ").compactMap { Double(String($0)) }
        let fractions = lines[3 * block + 2].split(separator: " ").compactMap { Double(String($0)) }
        #expect(cell.count == 9 && zip(cell, atoms.vectors.m).allSatisfy { abs($0 - $1) < 1e-10 })
        // The same atoms, in any order.
        var ours = zip(atoms.elements, atoms.positions).map { e, p -> String in
            var f = inverse.leftMultiply(p); f -= f.rounded(.down)
            return e + [f.x, f.y, f.z].map { String(format: " %.6f", abs($0 - 1) < 1e-9 ? 0 : $0) }.joined()
        }
        var theirs = symbols.indices.map { i in symbols[i] + (0..<3).map { String(format: " %.6f", abs(fractions[3 * i + $0] - 1) < 1e-9 ? 0 : fractions[3 * i + $0]) }.joined() }
        ours.sort(); theirs.sort()
        #expect(ours == theirs)
    }
    let last = lines[6].split(separator: " ").map(String.init)
    #expect(last[0] == "rocksalt" && last[1] == "4-\(k)" && last[2] == "enumeration")
    #expect(Double(last[3]) == -1.25)
    #expect(last.dropFirst(4).compactMap { Double($0) } == atoms.charges.compactMap { $0 })
    // ce's own readers take them back too.
    let again = try AtomicStructure.parsePOSCAR(atoms.poscarText())
    #expect(again.elements.sorted() == atoms.elements.sorted())
    let frames = try AtomicStructure.parseExtendedXYZ(atoms.extendedXYZText())
    #expect(frames.count == 1 && frames[0].energy == -1.25 && frames[0].id == "rocksalt 4-\(k)")
}
