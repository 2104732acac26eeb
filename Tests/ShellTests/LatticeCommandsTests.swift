// The lattice builtins refuse input the engine cannot use sensibly (mapping tolerances
// that would make the supercell search unbounded, objects built on different lattices),
// and their results print all their rows and columns as tables.
import Foundation
import Language
import Lattice
import Testing
@testable import Shell

@Suite struct LatticeCommandsTests {
    /// Calls a lattice builtin with positional and keyword arguments.
    func call(_ builtin: Builtin, _ positional: [Value], _ keywords: [(String, Value)] = [], in folder: String = NSTemporaryDirectory()) throws -> Value {
        let context = CallContext(print: { _ in }, baseDirectory: folder)
        return try builtin.call(positional, keywords, context: context)
    }

    @Test func mappingTolerancesMustBeSensible() throws {
        let folder = try temporaryDirectory()
        try "fcc\n1.0\n0 2 2\n2 0 2\n2 2 0\nAg\n1\nDirect\n0 0 0\n".write(toFile: folder + "/POSCAR", atomically: true, encoding: .utf8)
        let fcc = try call(LatticeCommands.lattice, [.string("fcc")], [("a", .double(4)), ("species", .strings(["Ag", "Pd"]))])
        let mapped = try call(StructureCommands.structures, [.string("POSCAR"), fcc], in: folder)
        #expect(mapped.description.contains("1 of 1"))
        // A huge ltol made the candidate search reach Int(inf); NaN or negative ones matched nothing, silently.
        for (name, value) in [("ltol", 1e300), ("ltol", -0.1), ("stol", .nan), ("angle_tol", 0.0), ("angle_tol", 1e9)] {
            #expect(throws: RuntimeError.self) { _ = try call(StructureCommands.structures, [.string("POSCAR"), fcc], [(name, .double(value))], in: folder) }
        }
    }

    @Test func correlationsNeedTheClusterSpacesLattice() throws {
        // sc and fcc both have one site per cell: only the site count used to be compared.
        let fcc = try call(LatticeCommands.lattice, [.string("fcc")], [("a", .double(4)), ("species", .strings(["Ag", "Pd"]))])
        let sc = try call(LatticeCommands.lattice, [.string("sc")], [("a", .double(4)), ("species", .strings(["Ag", "Pd"]))])
        let conf = try call(LatticeCommands.configuration, [sc], [("supercell", .int(2)), ("seed", .int(1))])
        let space = try call(LatticeCommands.clusters, [fcc])
        #expect(throws: RuntimeError.self) { _ = try call(LatticeCommands.correlations, [conf, space]) }
        #expect(throws: RuntimeError.self) { _ = try call(LatticeCommands.features, [conf, space]) }
        #expect(try call(LatticeCommands.correlations, [conf, try call(LatticeCommands.clusters, [sc])]).description.hasPrefix("[1.0"))
    }

    @Test func structuresAndFeaturesTablesListEveryRowAndColumn() throws {
        let lno = try call(LatticeCommands.lattice, [.string(try sharedDataPath("lno/prim.json"))])
        let set = try call(StructureCommands.structures, [.string(try sharedDataPath("lno/structures.extxyz")), lno])
        guard case .object(let structures) = set, case .object(let features) = try call(LatticeCommands.features,
              [set, try call(LatticeCommands.clusters, [lno])], [("ewald", .bool(true))]) else {
            Issue.record("structures and features are objects")
            return
        }
        // Summary, header, rule, 27 mapped structures (smol maps 27 of 31), 4 failures.
        let rows = structures.table.split(separator: "\n")
        #expect(rows.count == 1 + 2 + 27 + 4)
        let header: Bool = rows[1].hasPrefix("id") && rows[1].contains("energy (eV/prim)") && rows[1].hasSuffix("max (stol)")
        #expect(header)
        #expect(rows.last?.hasPrefix("not mapped: lno-0015") == true)
        // One row per column: 11 cluster functions with their order and diameter, then Ewald without either.
        let columns = features.table.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true) }
        #expect(columns.count == 1 + 2 + 12)
        #expect(columns[1] == ["column", "name", "group", "order", "diameter", "(Å)"])
        #expect(columns[3] == ["0", "empty", "0", "0", "0.0"])
        #expect(columns[6] == ["3", "pair", "3", "3", "2", "2.96985"])
        #expect(columns.last == ["11", "ewald", "11"])
    }
}
