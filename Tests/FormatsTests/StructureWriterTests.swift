// POSCAR and extended XYZ text of atomic structures, read back by ASE and by
// ce's own readers: the same cell, atoms, charges, id and energy.
import Foundation
import Lattice
import PeerSupport
import Testing
@testable import Formats

@Test func writtenStructuresReadBackInASE() throws {
    // A skewed cell, atoms of two elements out of order, one on a cell face, oxidation states.
    let cell = Matrix3(rows: [[4.2, 0, 0], [2.1, 3.9, 0], [0.3, -0.4, 8.1]])
    let fractions: [Vector3] = [Vector3(0, 0, 0), Vector3(0.5, 0.5, 0.5), Vector3(1, 0.25, 0), Vector3(0.75, 0.1, 0.6)]
    let atoms = AtomicStructure(id: "rocksalt 4-7", vectors: cell, elements: ["Li", "O", "Ni", "O"], charges: [1, -2, 3, -2],
                                positions: fractions.map { cell.leftMultiply($0) }, info: [(key: "source", value: "enumeration")],
                                energy: -1.25)
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ce-structure-writers-\(getpid())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try StructureWriter.text([atoms], as: .poscar).write(to: directory.appendingPathComponent("POSCAR"), atomically: true, encoding: .utf8)
    try StructureWriter.text([atoms], as: .extendedXYZ).write(to: directory.appendingPathComponent("s.extxyz"), atomically: true, encoding: .utf8)
    let script = """
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
    func rows(_ symbols: [String], _ f: [Double]) -> [String] {
        symbols.indices.map { i in symbols[i] + (0..<3).map { String(format: " %.9f", abs(f[3 * i + $0] - 1) < 1e-9 ? 0 : f[3 * i + $0]) }.joined() }.sorted()
    }
    let ours = rows(atoms.elements, fractions.flatMap { f in [f.x, f.y, f.z].map { $0 - $0.rounded(.down) } })
    for block in 0..<2 {
        let symbols = lines[3 * block].split(separator: " ").map(String.init)
        let vectors = lines[3 * block + 1].split(separator: " ").compactMap { Double(String($0)) }
        let scaled = lines[3 * block + 2].split(separator: " ").compactMap { Double(String($0)) }
        #expect(vectors.count == 9 && zip(vectors, cell.m).allSatisfy { abs($0 - $1) < 1e-10 })
        #expect(rows(symbols, scaled) == ours)   // the same atoms, in any order
    }
    let last = lines[6].split(separator: " ").map(String.init)
    #expect(last.prefix(3) == ["rocksalt", "4-7", "enumeration"])
    #expect(Double(last[3]) == -1.25)
    #expect(last.dropFirst(4).compactMap { Double($0) } == [1, -2, 3, -2])
}

@Test func writtenStructuresReadBackInCe() throws {
    let cell = Matrix3(rows: [[3, 0, 0], [0, 3, 0], [0, 0, 6]])
    let atoms = AtomicStructure(id: "pair", vectors: cell, elements: ["Ag", "Pd"], charges: [nil, nil],
                                positions: [Vector3(0, 0, 0), Vector3(1.5, 1.5, 3)], info: [], energy: nil)
    let poscar = try POSCAR.read(try StructureWriter.text([atoms], as: .poscar), id: "POSCAR", species: nil)
    #expect(poscar.elements == ["Ag", "Pd"])
    #expect(zip(poscar.positions, atoms.positions).allSatisfy { (($0 - $1) * ($0 - $1)).sum() < 1e-20 })
    let frames = try ExtendedXYZ.read(try StructureWriter.text([atoms], as: .extendedXYZ), name: "pair.extxyz").map { try $0.get() }
    #expect(frames.count == 1 && frames[0].id == "pair" && frames[0].energy == nil)
    #expect(frames[0].elements == ["Ag", "Pd"])
}
