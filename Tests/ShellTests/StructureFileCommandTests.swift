// structures(...) on DFT files. Bad files in one call: a truncated OUTCAR, a
// vasprun.xml that stops mid-file, a CIF block with an unknown space group and an
// empty ASE database each print one "not read: FILE:LINE: ..." line, and the good
// files and blocks of the same call are still read and mapped. Given supercells
// and site maps (supercell=, site_map=) give the rows the matcher's search gives.
// Energies per cell, per atom, per prim and formation energies convert as stated.
// Ctrl-C stops the mapping of one large cell within moments, and the session stays.
import Foundation
import Language
import PeerSupport
import Testing
@testable import Shell

@Suite struct StructureFileCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("FormatsTests/fixtures").path

    @Test func badFilesAreReportedByFileAndLineAndTheOthersStillMap() throws {
        let dir = try temporaryDirectory()
        let outcar = try String(contentsOfFile: Self.fixtures + "/OUTCAR.LiMnO", encoding: .utf8)
        let xml = try String(contentsOfFile: Self.fixtures + "/vasprun.LiMnO.xml", encoding: .utf8)
        let outcarLines = outcar.split(separator: "\n", omittingEmptySubsequences: false)
        let truncatedLines = outcarLines.count - 20
        let half = String(xml.prefix(xml.count / 2))
        let halfLines = half.split(separator: "\n", omittingEmptySubsequences: false).count
        for name in ["good", "cut", "half", "xml"] { try FileManager.default.createDirectory(atPath: dir + "/" + name, withIntermediateDirectories: true) }
        try outcar.write(toFile: dir + "/good/OUTCAR", atomically: true, encoding: .utf8)
        try outcarLines.prefix(truncatedLines).joined(separator: "\n").write(toFile: dir + "/cut/OUTCAR", atomically: true, encoding: .utf8)
        try half.write(toFile: dir + "/half/vasprun.xml", atomically: true, encoding: .utf8)
        try xml.write(toFile: dir + "/xml/vasprun.xml", atomically: true, encoding: .utf8)
        // Two blocks: an unknown space group (its symbol on line 8), then LiO rocksalt in Fm-3m.
        let cell = "_cell_length_a 4.2\n_cell_length_b 4.2\n_cell_length_c 4.2\n_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\n"
        let sites = "loop_\n_atom_site_label\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nLi1 Li 0 0 0\nO1 O 0.5 0.5 0.5\n"
        try "data_bad\n\(cell)_symmetry_space_group_name_H-M 'Q 9 9'\n\(sites)\ndata_fine\n\(cell)_symmetry_space_group_name_H-M 'F m -3 m'\n\(sites)"
            .write(toFile: dir + "/two.cif", atomically: true, encoding: .utf8)
        // A database whose only row was deleted, written by ASE itself.
        _ = try Peer.run("import sys\nfrom ase.db import connect\nfrom ase import Atoms\ndb = connect(sys.argv[1])\ni = db.write(Atoms('H'))\ndel db[i]",
                         arguments: [dir + "/empty.db"])

        var printed: [String] = []
        let context = CallContext(print: { printed.append($0) }, baseDirectory: dir)
        let rocksalt = try LatticeCommands.lattice.call([.string("rocksalt")], [("a", .double(4.2)), ("species", .list(ListValue([.strings(["Li", "Mn"]), .strings(["O"])])))],
                                                       context: context)
        let files = ["good/OUTCAR", "cut/OUTCAR", "half/vasprun.xml", "two.cif", "empty.db", "xml/vasprun.xml"]
        let set = try StructureCommands.structures.call([.strings(files), rocksalt], [], context: context)
        let notRead = printed.filter { $0.hasPrefix("not read: ") }
        #expect(notRead.count == 4, "\(printed)")
        #expect(notRead.contains { $0.hasPrefix("not read: cut/OUTCAR:\(truncatedLines): OUTCAR: ") })
        #expect(notRead.contains { $0.hasPrefix("not read: half/vasprun.xml:\(halfLines): vasprun.xml: the file ends inside <") })
        #expect(notRead.contains { $0.hasPrefix("not read: two.cif:8: ") && $0.contains("unknown symmetry") })
        #expect(notRead.contains { $0 == "not read: empty.db: ASE database: the database holds no structures (its systems table is empty)" })
        // The good OUTCAR, the good vasprun.xml and the good CIF block are read and map onto rocksalt.
        guard case .object(let o) = set, let object = o as? StructureSetObject else { Issue.record("structures returned \(set)"); return }
        #expect(object.total == 7)
        #expect(object.mapped.count == 3, "\(printed)")
        #expect(object.notRead.count == 4)
    }

    @Test func givenSupercellsAndSiteMapsGiveTheSearchedRows() throws {
        let limn3of = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("../shared/data/limn3of").standardized.path
        let session = try Session(loadPrelude: false)
        var lines: [String] = []
        session.output.lineTarget = { lines.append($0) }
        let result = session.execute("""
            lat = lattice("\(limn3of)/prim.json")
            searched = structures("\(limn3of)/structures.extxyz", lat, ltol=0.15, stol=0.2, angle_tol=2, supercell_size="sites")
            given = structures("\(limn3of)/structures.extxyz", lat, ltol=0.15, stol=0.2, angle_tol=2,
                               supercell="supercell_matrix", site_map="ideal_site_index")
            cs = clusters(lat, cutoffs={2: 6, 3: 3.7})
            a = features(searched, cs, basis="indicator")
            b = features(given, cs, basis="indicator")
            worst = 0
            for i in range(len(a.X)) { for j in range(len(a.X[i])) { worst = max(worst, abs(a.X[i][j] - b.X[i][j])) } }
            print("mapped", searched.mapped, given.mapped)
            print("same ids", searched.ids == given.ids)
            print("worst", worst)
            """, file: "<given>", echo: false)
        if case .failed(let d) = result { Issue.record("ce failed: \(d.rendered)") }
        #expect(lines.contains("mapped 50 50"), "\(lines)")
        #expect(lines.contains("same ids true"))
        let worst = lines.first { $0.hasPrefix("worst ") }.flatMap { Double($0.dropFirst(6)) }
        #expect(worst.map { $0 < 1e-12 } == true, "\(lines)")
    }

    @Test func energiesConvertPerCellAtomPrimAndFormationAsStated() throws {
        // Rocksalt Li/Vac–O: a 2-prim cell with one Li vacancy (3 atoms, -15 eV) and the prim (2 atoms, -12 eV),
        // each also given per atom. References Li -2, O -4.5 eV/atom: formation -4 eV/cell (-2 per prim) and -5.5.
        let dir = try temporaryDirectory()
        let frames = """
            3
            Lattice="0 4.2 4.2 2.1 0 2.1 2.1 2.1 0" Properties=species:S:1:pos:R:3 id=a energy=-15.0 e_per_atom=-5.0 pbc="T T T"
            Li 0 0 0
            O 2.1 2.1 2.1
            O 2.1 4.2 4.2
            2
            Lattice="0 2.1 2.1 2.1 0 2.1 2.1 2.1 0" Properties=species:S:1:pos:R:3 id=b energy=-12.0 e_per_atom=-6.0 pbc="T T T"
            Li 0 0 0
            O 2.1 2.1 2.1

            """
        try frames.write(toFile: dir + "/cells.extxyz", atomically: true, encoding: .utf8)
        let session = try Session(loadPrelude: false)
        var lines: [String] = []
        session.output.lineTarget = { lines.append($0) }
        let result = session.execute("""
            rs = lattice("rocksalt", a=4.2, species=[["Li", "Vac"], ["O"]])
            cell = structures("\(dir)/cells.extxyz", rs)
            atom = structures("\(dir)/cells.extxyz", rs, energy="e_per_atom")
            prim = structures("\(dir)/cells.extxyz", rs, energy_unit="eV/prim")
            formation = structures("\(dir)/cells.extxyz", rs, references={"Li": -2, "O": -4.5})
            for s in [cell, atom, prim, formation] { print(s.sizes, s.energies, s.energy_unit) }
            """, file: "<energies>", echo: false)
        if case .failed(let d) = result { Issue.record("ce failed: \(d.rendered)") }
        #expect(lines == [
            "[2, 1] [-7.5, -12.0] energies eV/prim from 'energy' (eV/cell)",
            "[2, 1] [-7.5, -12.0] energies eV/prim from 'e_per_atom' (eV/atom)",
            "[2, 1] [-15.0, -12.0] energies eV/prim from 'energy' (eV/prim)",
            "[2, 1] [-2.0, -5.5] formation energies eV/prim from 'energy' (eV/cell), references Li -2.0, O -4.5 eV/atom",
        ])
        // A reference missing for an element present is an error, not a silently wrong energy.
        let missing = session.execute("structures(\"\(dir)/cells.extxyz\", rs, references={\"Li\": -2})", file: "<missing>", echo: false)
        guard case .failed(let d) = missing else { Issue.record("a missing reference was accepted"); return }
        #expect(d.rendered.contains("references= has no energy for O"))
    }

    @Test func ctrlCStopsTheMappingOfOneLargeCell() throws {
        // One fcc 12x12x12 cell (6,912 atoms): its mapping takes about 15 s in a debug build (8x8x8 now maps in
        // about 1 s), so an interrupt that arrives in well under that was polled inside the matcher, not after it.
        let folder = CERunner.scratchFolder("map-interrupt")
        let term = try #require(PseudoTerminal(arguments: [], environment: ["CE_HISTORY": "/dev/null"]))
        #expect(term.waitFor("ce> "))
        term.type("fcc = lattice(\"fcc\", a=4.09, species=[\"Ag\", \"Pd\"])\r")
        #expect(term.waitFor("ce> "))
        term.type("save(configuration(fcc, supercell=12, composition=[[0.4, 0.6]], seed=1), \"\(folder)/big.extxyz\")\r")
        #expect(term.waitFor("ce> "))
        term.type("s = structures(\"\(folder)/big.extxyz\", fcc)\r")
        _ = term.waitFor("\u{0}never\u{0}", timeout: 1.5)
        let sent = Date()
        term.type("\u{03}")
        #expect(term.waitFor("interrupted", timeout: 8), "\(term.transcript)")
        #expect(Date().timeIntervalSince(sent) < 8)
        #expect(term.waitFor("ce> "))
        term.type("fcc.sites + 40\r")
        #expect(term.waitFor("41"), "\(term.transcript)")
        #expect(term.waitFor("ce> "))
        term.type("\u{04}")
        #expect(term.exitCode() == 0)
    }
}
