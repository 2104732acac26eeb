// save/load builtins: formats by extension, options, paths through the context, errors naming files.
import Foundation
import Language
import Testing
@testable import Shell

/// A column-holding engine result, as engine bindings define them.
final class FakeRun: EngineObject {
    let columns: [(String, Value)]
    init(_ columns: [(String, Value)]) { self.columns = columns }
    var typeName: String { "run" }
    var fieldNames: [String] { columns.map(\.0) }
    func field(_ name: String) -> Value? { columns.first { $0.0 == name }?.1 }
    var summary: String { "run" }
}

@Suite struct DataFileBuiltinsTests {
    let context: CallContext
    let directory: String

    init() throws {
        directory = try temporaryDirectory()
        context = CallContext(print: { _ in })
        context.baseDirectory = directory
    }

    func call(_ name: String, _ positional: [Value], _ keywords: [(String, Value)] = []) throws -> Value {
        guard let b = DataFileBuiltins.all.first(where: { $0.name == name }) else { throw RuntimeError("no \(name)") }
        return try b.call(positional, keywords, context: context)
    }

    func failure(_ name: String, _ positional: [Value], _ keywords: [(String, Value)] = []) -> String? {
        do { _ = try call(name, positional, keywords); return nil } catch let e as RuntimeError { return e.message } catch { return "\(error)" }
    }

    func roundTrip(_ v: Value, _ path: String, _ keywords: [(String, Value)] = []) throws -> String {
        _ = try call("save", [v, .string(path)], keywords)
        return try call("load", [.string(path)]).formatted(quoteStrings: true)
    }

    @Test func eachFormatRoundTrips() throws {
        let matrix: Value = .list(ListValue([.doubles([1, 2.5]), .doubles([-3, 0.1])]))
        #expect(try roundTrip(matrix, "m.npy") == "[[1.0, 2.5], [-3.0, 0.1]]")
        #expect(try roundTrip(.ints([1, 2, 3]), "v.NPY") == "[1, 2, 3]")
        #expect(try roundTrip(.doubles([0.5, 2]), "one.csv") == "[0.5, 2.0]")
        let columns: Value = .record([("T", .doubles([1, 0.5])), ("species", .strings(["Li", "Mn"]))])
        #expect(try roundTrip(columns, "c.csv") == columns.formatted(quoteStrings: true))
        #expect(try roundTrip(columns, "c.tsv") == columns.formatted(quoteStrings: true))
        #expect(try String(contentsOfFile: directory + "/c.tsv", encoding: .utf8) == "T\tspecies\n1.0\tLi\n0.5\tMn\n")
        #expect(try roundTrip(matrix, "rows.csv", [("header", .strings(["a", "b"]))]) == "{\"a\": [1.0, -3.0], \"b\": [2.5, 0.1]}")
        let nested: Value = .record([("fit", .record([("rmse", .double(0.0123)), ("eci", .doubles([0.5]))])), ("ok", .bool(false))])
        #expect(try roundTrip(nested, "n.json") == nested.formatted(quoteStrings: true))
        #expect(try roundTrip(.ints([1, 2]), "f.npy", [("dtype", .string("float64"))]) == "[1.0, 2.0]")
        #expect(try roundTrip(.doubles([1, -2]), "i.npy", [("dtype", .string("int64"))]) == "[1, -2]")
        #expect(failure("save", [.doubles([1.5]), .string("i.npy")], [("dtype", .string("int64"))])
            == "cannot save 'i.npy': dtype int64 needs integral values; element 0 is 1.5")
        #expect(failure("save", [.doubles([1.5]), .string("i.npy")], [("dtype", .string("f4"))])
            == "cannot save 'i.npy': dtype must be \"float64\" or \"int64\", got \"f4\"")
        _ = try call("save", [.ints([1, 2]), .string("one.json")], [("indent", .null)])
        #expect(try String(contentsOfFile: directory + "/one.json", encoding: .utf8) == "[1, 2]\n")
    }

    @Test func loadOptions() throws {
        try "1,2\n3,4\n".write(toFile: directory + "/h.csv", atomically: true, encoding: .utf8)
        #expect(try call("load", [.string("h.csv")], [("header", .bool(true))]).formatted(quoteStrings: true) == "{\"1\": [3], \"2\": [4]}")
        #expect(try call("load", [.string("h.csv")]).formatted(quoteStrings: true) == "[[1, 2], [3, 4]]")
    }

    @Test func engineObjectsSaveTheirColumns() throws {
        let run = FakeRun([("step", .ints([0, 1])), ("energy", .doubles([-1.5, -2]))])
        #expect(try roundTrip(.object(run), "run.csv") == "{\"step\": [0, 1], \"energy\": [-1.5, -2.0]}")
        #expect(try roundTrip(.object(run), "run.json") == "{\"step\": [0, 1], \"energy\": [-1.5, -2.0]}")
        #expect(failure("save", [.object(run), .string("run.npy")])
            == "cannot save 'run.npy': .npy holds one array but a run has 2 fields (step, energy); save one field, or use .csv or .json")
        let single = FakeRun([("X", .list(ListValue([.ints([1, 0]), .ints([0, 1])])))])
        #expect(try roundTrip(.object(single), "X.npy") == "[[1, 0], [0, 1]]")
    }

    @Test func errorsNameTheFile() throws {
        #expect(failure("load", [.string("missing.npy")]) == "cannot read 'missing.npy': no such file or directory")
        #expect(failure("save", [.int(1), .string("x.txt")]) == "save: cannot tell the format of 'x.txt'; name it .csv, .tsv, .json, .npy, .npz or .h5")
        #expect(failure("save", [.int(1), .string("nodir/x.json")]) == "cannot write 'nodir/x.json': no such file or directory")
        #expect(failure("save", [.ints([1]), .string("x.npy")], [("header", .strings(["a"]))])
            == "save: header= is for .csv and .tsv files, not .npy")
        #expect(failure("save", [.list(ListValue([.ints([1, 2]), .ints([3])])), .string("r.npy")])
            == "cannot save 'r.npy': the array is ragged: element [1] has 1 values, the first has 2")
        #expect(failure("save", [.strings(["a"]), .string("s.npy")])
            == "cannot save 's.npy': .npy holds numbers only; found string \"a\" at element 0 (C order)")
        try "[1, 2".write(toFile: directory + "/bad.json", atomically: true, encoding: .utf8)
        #expect(failure("load", [.string("bad.json")]) == "cannot load 'bad.json': line 1, column 6: the JSON ends inside a list")
        try "a,b\n1\n".write(toFile: directory + "/bad.csv", atomically: true, encoding: .utf8)
        #expect(failure("load", [.string("bad.csv")]) == "cannot load 'bad.csv': line 2 has 1 fields, expected 2 as in the header")
        #expect(failure("load", [.string("h.csv")], [("header", .int(1))]) == "load: header must be a bool or nil, got an int")
    }

    @Test func npzHoldsNamedArrays() throws {
        let arrays: Value = .record([("X", .list(ListValue([.doubles([1, 2.5]), .doubles([-3, 0.1])]))), ("groups", .ints([0, 1]))])
        #expect(try roundTrip(arrays, "d.npz") == arrays.formatted(quoteStrings: true))
        #expect(try roundTrip(arrays, "f.npz", [("dtype", .string("float64"))]) == "{\"X\": [[1.0, 2.5], [-3.0, 0.1]], \"groups\": [0.0, 1.0]}")
        #expect(failure("save", [.ints([1]), .string("x.npz")]) == "cannot save 'x.npz': .npz holds named arrays: give a map such as {\"X\": X, \"y\": y}, got list")
        #expect(failure("save", [.record([("a", .strings(["x"]))]), .string("x.npz")])
            == "cannot save 'x.npz': cannot save array 'a': .npy holds numbers only; found string \"x\" at element 0 (C order)")
    }

    /// `load` of a link to /dev/zero read forever; a device is refused before a byte is read.
    @Test(.timeLimit(.minutes(1))) func devicesAreRefused() throws {
        try FileManager.default.createSymbolicLink(atPath: directory + "/zero.npy", withDestinationPath: "/dev/zero")
        #expect(failure("load", [.string("zero.npy")]) == "cannot read 'zero.npy': is a character device, not a regular file")
        try FileManager.default.createSymbolicLink(atPath: directory + "/zero.json", withDestinationPath: "/dev/zero")
        #expect(failure("load", [.string("zero.json")]) == "cannot read 'zero.json': is a character device, not a regular file")
    }

    /// An array whose values would pass the memory limit is refused with the bytes it would need.
    @Test func arraysOverTheMemoryLimitAreRefused() throws {
        let header = Array("{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000000, 0), }".utf8)
        try Data([0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.count), 0] + header).write(to: URL(fileURLWithPath: directory + "/huge.npy"))
        let message = try #require(failure("load", [.string("huge.npy")]))
        #expect(message.hasPrefix("cannot load 'huge.npy': an array of shape (1000000000000, 0) as ce values would need 64 TB of memory, more than the limit of "))
    }

    @Test func aTableSavesItsColumnsWithTheirUnits() throws {
        let table = try TextTable(columns: [("diameter (Å)", [.double(2.83), .double(4)]), ("ECI (eV/prim)", [.double(-0.02), .double(0.005)])])
        _ = try call("save", [.object(table), .string("eci.csv")])
        #expect(try String(contentsOfFile: directory + "/eci.csv", encoding: .utf8) == "diameter (Å),ECI (eV/prim)\n2.83,-0.02\n4.0,0.005\n")
        #expect(try roundTrip(.object(table), "eci.json") == "{\"diameter (Å)\": [2.83, 4.0], \"ECI (eV/prim)\": [-0.02, 0.005]}")
    }
}
