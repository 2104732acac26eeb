// The structure-file readers against ASE and pymatgen reading the same files:
// VASP OUTCAR and vasprun.xml fixtures (fixtures/make_vasp_fixtures.py), CIF
// with listed and with database symmetry, ASE databases, ATAT str.out, POSCAR
// variants, pymatgen entries with corrections, extxyz arrays; and bad input
// reported with its line while the rest of the file still reads.
import Foundation
import Formats
import Lattice
import PeerSupport
import Testing

private let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("fixtures").path
private let sharedData = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("../shared/data").standardized.path

private func read(_ path: String, format: StructureFormat? = nil, options: StructureReadOptions = StructureReadOptions()) throws -> [AtomicStructure] {
    try StructureFile.read(DataFile.read(path), name: (path as NSString).lastPathComponent, format: format, options: options).map { try $0.get() }
}

/// Numbers a peer prints, one list per line.
private func peerRows(_ script: String, _ arguments: [String] = []) throws -> [[Double]] {
    try Peer.run(script, arguments: arguments).split(separator: "\n").map { $0.split(separator: " ").compactMap { Double($0) } }
}

@Suite struct StructureFileTests {
    @Test func outcarReadsAsASEAndPymatgenReadIt() throws {
        let s = try read(fixtures + "/OUTCAR.LiMnO")[0]
        let ase = try peerRows("""
            import sys, warnings; warnings.filterwarnings("ignore")
            from ase.io import read
            from pymatgen.io.vasp.outputs import Outcar
            a = read(sys.argv[1], format="vasp-out")
            print(*a.get_atomic_numbers()); print(*a.cell.array.ravel()); print(*a.positions.ravel())
            print(a.get_potential_energy(), a.get_potential_energy(force_consistent=True)); print(*a.get_magnetic_moments())
            print(*[m["d"] for m in Outcar(sys.argv[1]).magnetization])
            """, [fixtures + "/OUTCAR.LiMnO"])
        #expect(s.elements == ase[0].map { ["Li", "Mn", "O"][[3: 0, 25: 1, 8: 2][Int($0)] ?? 0] })
        #expect(s.vectors.m == ase[1])
        #expect(s.positions.flatMap { [$0.x, $0.y, $0.z] } == ase[2])
        #expect(s.energy == ase[3][0])
        #expect(s.value("free_energy").flatMap(Double.init) == ase[3][1])
        #expect(s.magneticMoments == ase[4])
        #expect(s.array("magmom_d") == ase[5])
    }

    @Test func vasprunReadsAsPymatgenAndItsMomentsAreOutcarsTable() throws {
        let s = try read(fixtures + "/vasprun.LiMnO.xml")[0]
        let p = try peerRows("""
            import sys, warnings; warnings.filterwarnings("ignore")
            import numpy as np
            from pymatgen.io.vasp.outputs import Vasprun
            from pymatgen.electronic_structure.core import Spin
            v = Vasprun(sys.argv[1], parse_projected_eigen=True, parse_potcar_file=False)
            st = v.final_structure
            print(*[site.specie.Z for site in st]); print(*st.lattice.matrix.ravel()); print(*st.frac_coords.ravel())
            print(v.final_energy)
            w = np.array(v.actual_kpoints_weights)
            occ = {s: np.array(v.eigenvalues[s])[:, :, 1] for s in (Spin.up, Spin.down)}
            m = sum(sg * np.einsum("k,kb,kbio->io", w, occ[s], np.array(v.projected_eigenvalues[s])) for s, sg in ((Spin.up, 1), (Spin.down, -1)))
            print(*m.sum(axis=1)); print(*m[:, 4:].sum(axis=1))
            """, [fixtures + "/vasprun.LiMnO.xml"])
        #expect(s.elements.count == p[0].count)
        #expect(s.vectors.m == p[1])
        let fractional = s.positions.map { s.vectors.inverse!.leftMultiply($0) }.flatMap { [$0.x, $0.y, $0.z] }
        #expect(zip(fractional, p[2]).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(s.energy == p[3][0])
        let moments = try #require(s.magneticMoments)
        #expect(zip(moments, p[4]).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(zip(try #require(s.array("magmom_d")), p[5]).allSatisfy { abs($0 - $1) < 1e-12 })
        // OUTCAR prints the same moments to three decimals.
        let outcar = try read(fixtures + "/OUTCAR.LiMnO")[0]
        #expect(zip(moments, try #require(outcar.magneticMoments)).allSatisfy { abs($0 - $1) <= 5e-4 + 1e-12 })
    }

    @Test func truncatedVaspFilesAreErrorsWithTheirLine() throws {
        let outcar = try String(contentsOfFile: fixtures + "/OUTCAR.LiMnO", encoding: .utf8)
        let lines = outcar.split(separator: "\n", omittingEmptySubsequences: false)
        for cut in [30, 120, lines.count - 20] {
            let text = lines.prefix(cut).joined(separator: "\n")
            #expect(throws: FormatError.self) { _ = try StructureFile.read(Array(text.utf8), name: "OUTCAR") }
            do { _ = try StructureFile.read(Array(text.utf8), name: "OUTCAR") } catch let e as FormatError {
                #expect(e.message.hasPrefix("OUTCAR: ") && e.line != nil)
            }
        }
        let xml = try String(contentsOfFile: fixtures + "/vasprun.LiMnO.xml", encoding: .utf8)
        // Cut anywhere: inside a tag, an attribute, a value, between the ionic steps, before the closing </modeling>.
        for fraction in [0.5, 0.013, 0.25, 0.75, 0.999] {
            let cut = String(xml.prefix(Int(Double(xml.count) * fraction)))
            do {
                _ = try StructureFile.read(Array(cut.utf8), name: "vasprun.xml")
                Issue.record("a vasprun.xml cut at \(fraction) was read")
            } catch let e as FormatError {
                #expect(e.message.hasPrefix("vasprun.xml: the file ends inside "), "\(fraction): \(e.message)")
                #expect(e.line == cut.split(separator: "\n", omittingEmptySubsequences: false).count, "\(fraction)")
            }
        }
    }

    @Test func cifExpandsItsSymmetryAsPymatgenDoes() throws {
        let dir = try temporaryDirectory()
        // LiMnO2 rocksalt in Fm-3m: listed operations, the symbol only, the number only; a disordered prim; an unknown group.
        let sites = "loop_\n_atom_site_label\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n_atom_site_occupancy\nLi1 Li+ 0 0 0 0.5\nMn1 Mn3+ 0 0 0 0.5\nO1 O2- 0.5 0.5 0.5 1\n"
        let cell = "_cell_length_a 4.2\n_cell_length_b 4.2\n_cell_length_c 4.2\n_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\n"
        let ordered = "loop_\n_atom_site_label\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nLi1 Li 0 0 0\nO1 O 0.5 0.5 0.5\n"
        try "data_symbol\n\(cell)_symmetry_space_group_name_H-M 'F m -3 m'\n\(ordered)".write(toFile: dir + "/symbol.cif", atomically: true, encoding: .utf8)
        try "data_number\n\(cell)_space_group_IT_number 225\n\(ordered)".write(toFile: dir + "/number.cif", atomically: true, encoding: .utf8)
        // (pymatgen takes the charges from the _atom_type loop; ce from the type symbols as well.)
        let types = "loop_\n_atom_type_symbol\n_atom_type_oxidation_number\nLi+ 1\nMn3+ 3\nO2- -2\n"
        try "data_prim\n\(cell)_symmetry_space_group_name_H-M 'F m -3 m'\n\(types)\(sites)".write(toFile: dir + "/prim.cif", atomically: true, encoding: .utf8)
        try "data_bad\n\(cell)_symmetry_space_group_name_H-M 'Q 9 9'\n\(ordered)\ndata_fine\n\(cell)_symmetry_space_group_name_H-M 'F m -3 m'\n\(ordered)"
            .write(toFile: dir + "/unknown.cif", atomically: true, encoding: .utf8)
        for name in ["symbol", "number"] {
            let s = try read(dir + "/\(name).cif")[0]
            let p = try peerRows("""
                import sys, warnings; warnings.filterwarnings("ignore")
                from pymatgen.io.cif import CifParser
                st = CifParser(sys.argv[1]).parse_structures(primitive=False)[0]
                print(len(st), st.lattice.volume); print(*sorted(round(x % 1.0, 6) % 1.0 for c in st.frac_coords for x in c))
                """, [dir + "/\(name).cif"])
            #expect(s.elements.count == Int(p[0][0]))
            #expect(abs(abs(s.vectors.determinant) - p[0][1]) < 1e-9)
            let mine = s.positions.flatMap { p -> [Double] in
                let f = s.vectors.inverse!.leftMultiply(p)
                return [f.x, f.y, f.z].map { (($0 - $0.rounded(.down)) * 1e6).rounded() / 1e6 }.map { $0 == 1 ? 0 : $0 }
            }.sorted()
            #expect(mine == p[1])
        }
        let prim = try CIF.lattice(try String(contentsOfFile: dir + "/prim.cif", encoding: .utf8), name: "prim.cif")
        #expect(prim.sites.count == 8)
        #expect(prim.sites.map(\.space.description).filter { $0 == "[Li+, Mn3+]" }.count == 4)
        // Each site's Cartesian position and species as pymatgen reads the same disordered block.
        let mineSites = prim.sites.map { site -> String in
            let r = prim.vectors.leftMultiply(site.position)
            let species = site.space.species.map(\.description).sorted().joined(separator: ",")
            return [r.x, r.y, r.z].map { String(format: "%.6f", $0 + 0.0) }.joined(separator: " ") + " " + species
        }.sorted()
        let theirSites = try Peer.run("""
            import sys, warnings; warnings.filterwarnings("ignore")
            from pymatgen.io.cif import CifParser
            st = CifParser(sys.argv[1]).parse_structures(primitive=False)[0]
            rows = [" ".join("%.6f" % (x + 0.0) for x in site.coords) + " " + ",".join(sorted(str(sp) for sp in site.species)) for site in st]
            print("\\n".join(sorted(rows)))
            """, arguments: [dir + "/prim.cif"]).split(separator: "\n").map(String.init)
        #expect(mineSites == theirSites)
        // An unknown space group: an error at its line, and the next block still reads.
        let blocks = try StructureFile.read(DataFile.read(dir + "/unknown.cif"), name: "unknown.cif")
        #expect(blocks.count == 2)
        guard case .failure(let e) = blocks[0] else { Issue.record("an unknown space group was read"); return }
        #expect(e.message.contains("unknown symmetry") && e.line == 8)
        #expect((try? blocks[1].get())?.elements.count == 8)
    }

    @Test func aseDatabasesReadAsASEReadsThem() throws {
        let path = sharedData + "/agpd/raw/reference_data.db"
        let rows = try read(path, options: StructureReadOptions(energyKey: "mixing_energy"))
        #expect(rows.count == 625)
        let p = try peerRows("""
            import sys
            from ase.db import connect
            db = connect(sys.argv[1])
            for k in (1, 3, 625):
                r = db.get(id=k); a = r.toatoms()
                print(*a.numbers); print(*a.cell.array.ravel()); print(*a.positions.ravel()); print(r.mixing_energy)
            """, [path])
        for (n, k) in [1, 3, 625].enumerated() {
            let s = rows[k - 1]
            #expect(s.elements.map { chemicalSymbols.firstIndex(of: $0).map(Double.init) ?? 0 } == p[4 * n])
            #expect(s.vectors.m == p[4 * n + 1])
            #expect(s.positions.flatMap { [$0.x, $0.y, $0.z] } == p[4 * n + 2])
            #expect(s.energy == p[4 * n + 3][0])
        }
        // Moments, charges and key-value pairs as ASE writes and reads them back.
        let dir = try temporaryDirectory()
        let written = try peerRows("""
            import sys
            from ase import Atoms
            from ase.calculators.singlepoint import SinglePointCalculator
            from ase.db import connect
            db = connect(sys.argv[1])
            a = Atoms("MnOLi", positions=[[0, 0, 0], [2.1, 2.1, 2.1], [2.1, 0, 0]], cell=[[4.2, 0, 0], [0.1, 4.2, 0], [0, 0, 4.3]], pbc=True)
            a.set_initial_magnetic_moments([4.5, 0.0, 0.1]); a.set_initial_charges([3, -2, 1])
            a.calc = SinglePointCalculator(a, energy=-10.5, free_energy=-10.625, magmoms=[4.125, 0.0625, 0.03125])
            db.write(a, formation=-1.25, label="mno")
            db.write(Atoms("Ag", cell=[2, 2, 2], pbc=True))
            r = db.get(id=1); b = r.toatoms()
            print(*b.get_initial_magnetic_moments()); print(*b.get_initial_charges()); print(r.energy, r.free_energy, r.formation)
            print(*b.get_magnetic_moments()); print(*b.positions.ravel())
            """, [dir + "/moments.db"])
        let withMoments = try read(dir + "/moments.db")
        #expect(withMoments.count == 2)
        let m = withMoments[0]
        #expect(m.elements == ["Mn", "O", "Li"])
        #expect(m.array("initial_magmoms") == written[0])
        #expect(m.charges.map { $0 ?? .nan } == written[1])
        #expect(m.energy == written[2][0] && m.value("free_energy").flatMap(Double.init) == written[2][1])
        #expect(m.value("formation").flatMap(Double.init) == written[2][2] && m.value("label") == "mno")
        #expect(m.magneticMoments == written[3])
        #expect(m.positions.flatMap { [$0.x, $0.y, $0.z] } == written[4])
        // energy="formation": the row that has it reads, the row without it is an error of its own.
        let keyed = try StructureFile.read(DataFile.read(dir + "/moments.db"), name: "moments.db", options: StructureReadOptions(energyKey: "formation"))
        #expect(keyed.count == 2 && (try? keyed[0].get())?.energy == -1.25)
        if case .failure(let e) = keyed[1] { #expect(e.message == "ASE database: row 2 has no number formation") } else { Issue.record("row 2 read without its energy") }
        #expect(withMoments[1].energy == nil && withMoments[1].magneticMoments == nil)
        // An empty database is an error.
        _ = try Peer.run("import sys\nfrom ase.db import connect\nfrom ase import Atoms\ndb = connect(sys.argv[1])\ni = db.write(Atoms('H'))\ndel db[i]", arguments: [dir + "/empty.db"])
        do { _ = try read(dir + "/empty.db"); Issue.record("an empty database was read") } catch let e as FormatError {
            #expect(e.message == "ASE database: the database holds no structures (its systems table is empty)")
        }
    }

    @Test func poscarVariantsAndStrOutReadAsASEAndPymatgenDo() throws {
        let dir = try temporaryDirectory()
        // VASP 4 (no species line), a negative scale (the volume), VASP 6 species labels with POTCAR hashes.
        // (The comment line names the species, which is where ASE looks for them.)
        let vasp4 = "Li O\n-74.088\n4.2 0 0\n0 4.2 0\n0 0 4.2\n1 1\nCartesian\n0 0 0\n2.1 2.1 2.1\n"
        let vasp6 = "rocksalt\n1.0\n4.2 0 0\n0 4.2 0\n0 0 4.2\nLi_sv/4a3b2c1d O/9f8e7d6c\n1 1\nDirect\n0 0 0\n0.5 0.5 0.5\n"
        try vasp4.write(toFile: dir + "/POSCAR4", atomically: true, encoding: .utf8)
        try vasp6.write(toFile: dir + "/POSCAR6", atomically: true, encoding: .utf8)
        #expect(throws: FormatError.self) { _ = try read(dir + "/POSCAR4") }
        let a = try read(dir + "/POSCAR4", options: StructureReadOptions(species: ["Li", "O"]))[0]
        let b = try read(dir + "/POSCAR6")[0]
        let p = try peerRows("""
            import sys
            from ase.io import read
            a = read(sys.argv[1], format="vasp"); print(*a.cell.array.ravel()); print(*a.positions.ravel())
            """, [dir + "/POSCAR4"])
        #expect(zip(a.vectors.m, p[0]).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(zip(a.positions.flatMap { [$0.x, $0.y, $0.z] }, p[1]).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(b.elements == ["Li", "O"])
        // pymatgen reads the species labels with POTCAR hashes the same way.
        let hashed = try Peer.run("""
            import sys, warnings; warnings.filterwarnings("ignore")
            from pymatgen.io.vasp import Poscar
            st = Poscar.from_file(sys.argv[1]).structure
            print(*[site.specie.symbol for site in st]); print(*st.cart_coords.ravel())
            """, arguments: [dir + "/POSCAR6"]).split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(hashed[0] == b.elements)
        #expect(hashed[1].compactMap(Double.init) == b.positions.flatMap { [$0.x, $0.y, $0.z] })
        // ATAT str.out against pymatgen's reader.
        let strOut = "4.2 4.2 4.2 90 90 90\n0 0.5 0.5\n0.5 0 0.5\n0.5 0.5 0\n0 0 0 Li\n0.5 0.5 0.5 O\n"
        try strOut.write(toFile: dir + "/str.out", atomically: true, encoding: .utf8)
        let s = try read(dir + "/str.out")[0]
        let q = try peerRows("""
            import sys
            from pymatgen.io.atat import Mcsqs
            st = Mcsqs.structure_from_str(open(sys.argv[1]).read())
            print(st.lattice.volume); print(*sorted(st.lattice.abc))
            """, [dir + "/str.out"])
        #expect(abs(abs(s.vectors.determinant) - q[0][0]) < 1e-9)
        #expect(zip((0..<3).map { s.vectors.row($0) }.map { ($0 * $0).sum().squareRoot() }.sorted(), q[1]).allSatisfy { abs($0 - $1) < 1e-9 })
    }

    @Test func pymatgenEntriesGiveTheCorrectedEnergyAndMoments() throws {
        let dir = try temporaryDirectory()
        let out = try peerRows("""
            import sys, json
            from pymatgen.core import Lattice, Structure
            from pymatgen.entries.computed_entries import ComputedStructureEntry, ConstantEnergyAdjustment, CompositionEnergyAdjustment
            st = Structure(Lattice.cubic(4.2), ["Mn", "O"], [[0, 0, 0], [0.5, 0.5, 0.5]], site_properties={"magmom": [4.1, 0.1]})
            e = ComputedStructureEntry(st, -20.5, energy_adjustments=[ConstantEnergyAdjustment(-0.7), CompositionEnergyAdjustment(-1.5, 1, name="Mn")])
            json.dump([e.as_dict()], open(sys.argv[1], "w"))
            print(e.energy, e.uncorrected_energy)
            """, [dir + "/entries.json"])
        let text = try String(contentsOfFile: dir + "/entries.json", encoding: .utf8)
        #expect(text.contains("NaN"))   // the adjustments' uncertainties
        let s = try read(dir + "/entries.json")[0]
        #expect(s.energy == out[0][0])
        #expect(s.value("uncorrected_energy").flatMap(Double.init) == out[0][1])
        #expect(s.magneticMoments == [4.1, 0.1])
    }

    @Test func extxyzArraysReadAsASEWritesThem() throws {
        let dir = try temporaryDirectory()
        _ = try Peer.run("""
            import sys
            from ase import Atoms
            from ase.io import write
            a = Atoms("MnO", positions=[[0, 0, 0], [2.1, 2.1, 2.1]], cell=[4.2, 4.2, 4.2], pbc=True)
            a.set_initial_magnetic_moments([4.5, 0.0]); a.set_initial_charges([3, -2])
            write(sys.argv[1], a, format="extxyz")
            """, arguments: [dir + "/a.extxyz"])
        let s = try read(dir + "/a.extxyz")[0]
        #expect(s.charges == [3, -2])
        #expect(s.magneticMoments == [4.5, 0])
        // A calculator's moments (written as `magmoms`) win over the initial ones, as ASE's get_magnetic_moments.
        let calculated = try peerRows("""
            import sys
            from ase import Atoms
            from ase.calculators.singlepoint import SinglePointCalculator
            from ase.io import read, write
            a = Atoms("MnO", positions=[[0, 0, 0], [2.1, 2.1, 2.1]], cell=[4.2, 4.2, 4.2], pbc=True)
            a.set_initial_magnetic_moments([4.5, 0.0])
            a.calc = SinglePointCalculator(a, energy=-9.75, magmoms=[3.875, 0.125])
            write(sys.argv[1], a, format="extxyz")
            b = read(sys.argv[1])
            print(*b.get_magnetic_moments()); print(b.get_potential_energy())
            """, [dir + "/calc.extxyz"])
        let c = try read(dir + "/calc.extxyz")[0]
        #expect(c.magneticMoments == calculated[0])
        #expect(c.energy == calculated[1][0])
        // A frame with a bad atom line is an error at its line; the next frame still reads.
        let two = "1\nLattice=\"4 0 0 0 4 0 0 0 4\"\nAg x 0 0\n1\nLattice=\"4 0 0 0 4 0 0 0 4\"\nAg 0 0 0\n"
        let frames = try StructureFile.read(Array(two.utf8), name: "two.extxyz")
        guard case .failure(let e) = frames[0], case .success = frames[1] else { Issue.record("expected a bad and a good frame"); return }
        #expect(e.line == 3 && e.message.hasPrefix("extended XYZ: "))
    }

    @Test func malformedFilesAreFormatErrorsNamingTheFormat() throws {
        let cell = "Lattice=\"4 0 0 0 4 0 0 0 4\""
        func error(_ text: String, _ name: String) -> FormatError? {
            do { _ = try StructureFile.read(Array(text.utf8), name: name).map { try $0.get() }; return nil } catch { return error as? FormatError }
        }
        // An atom count near Int.max overflowed the bounds check; narrow or negative widths indexed past the line.
        #expect(error("9223372036854775807\n\(cell)\n", "a.extxyz") != nil)
        #expect(error("1\n\(cell) Properties=species:S:1:pos:R:1\nAg 0 0 0\n", "a.extxyz") != nil)
        #expect(error("1\n\(cell) Properties=species:S:-5:pos:R:3\nAg 0 0 0\n", "a.extxyz") != nil)
        #expect(error("x\n1.0\n4 0 0\n0 4 0\n0 0 4\nAg\n-3\nDirect\n0 0 0\n", "POSCAR")?.message.hasPrefix("POSCAR: ") == true)
        // A file of no known format says so instead of failing as a POSCAR.
        #expect(error("hello\nworld\n", "notes.txt")?.message.hasPrefix("not a structure file") == true)
    }
}
