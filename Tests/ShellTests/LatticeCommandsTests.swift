// The lattice builtins refuse input the engine cannot use sensibly: mapping tolerances
// that would make the supercell search unbounded, and objects built on different lattices.
import Foundation
import Language
import Lattice
import Testing
@testable import Shell

@Suite struct LatticeCommandsTests {
    /// Calls a lattice builtin with positional and keyword arguments.
    func call(_ builtin: Builtin, _ positional: [Value], _ keywords: [(String, Value)] = [], in folder: String = NSTemporaryDirectory()) throws -> Value {
        let context = CallContext(print: { _ in }, baseDirectory: folder)
        return try builtin.body(try Arguments.bind(builtin, positional: positional, keywords: keywords, context: context))
    }

    @Test func mappingTolerancesMustBeSensible() throws {
        let folder = try temporaryDirectory()
        try "fcc\n1.0\n0 2 2\n2 0 2\n2 2 0\nAg\n1\nDirect\n0 0 0\n".write(toFile: folder + "/POSCAR", atomically: true, encoding: .utf8)
        let fcc = try call(LatticeCommands.lattice, [.string("fcc")], [("a", .double(4)), ("species", .strings(["Ag", "Pd"]))])
        let mapped = try call(LatticeCommands.structures, [.string("POSCAR"), fcc], in: folder)
        #expect(mapped.description.contains("1 of 1"))
        // A huge ltol made the candidate search reach Int(inf); NaN or negative ones matched nothing, silently.
        for (name, value) in [("ltol", 1e300), ("ltol", -0.1), ("stol", .nan), ("angle_tol", 0.0), ("angle_tol", 1e9)] {
            #expect(throws: RuntimeError.self) { _ = try call(LatticeCommands.structures, [.string("POSCAR"), fcc], [(name, .double(value))], in: folder) }
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
}
