// Conversions between ce values and the Formats codecs: arrays from nested
// lists, tables from maps, rows and records, JSON trees both ways.
import Formats
import Language
import Numerics
import Testing
@testable import Shell

@Suite struct DataFileValuesTests {
    func message(_ body: () throws -> Any) -> String? {
        do { _ = try body(); return nil } catch let e as RuntimeError { return e.message } catch { return "\(error)" }
    }

    func csv(_ text: String, header: Bool? = nil) throws -> String {
        try CSVTable.parse(text, header: header).value.formatted(quoteStrings: true)
    }

    @Test func csvTablesBecomeColumnsOrRows() throws {
        #expect(try csv("T,E,phase\n1,-0.5,ordered\n2,1e-3,\n") == "{\"T\": [1, 2], \"E\": [-0.5, 0.001], \"phase\": [\"ordered\", nil]}")
        #expect(try csv("1,2\n3,4.5\n") == "[[1, 2], [3, 4.5]]")
        #expect(try csv("x\n1\n2\n", header: false) == "[\"x\", 1, 2]", "one column is a plain list, as numpy.loadtxt gives")
        #expect(try csv("") == "[]")
    }

    @Test func valuesBecomeCSVTables() throws {
        let columns: Value = .record([("T", .doubles([1, 0.1])), ("n", .ints([1, 2])), ("s", .strings(["3", "a,b"])),
                                      ("ok", .list(ListValue([.bool(true), .null])))])
        let text = try CSVTable(value: columns).encoded()
        #expect(text == "T,n,s,ok\n1.0,1,\"3\",true\n0.1,2,\"a,b\",\n")
        #expect(try csv(text) == columns.formatted(quoteStrings: true), "save then load gives the same values")
        let rows: Value = .list(ListValue([.ints([1, 2]), .ints([3, 4])]))
        #expect(try CSVTable(value: rows, header: ["a", "b"]).encoded() == "a,b\n1,2\n3,4\n")
        #expect(try CSVTable(value: rows).encoded() == "1,2\n3,4\n")
        let records: Value = .list(ListValue([.record([("a", .int(1))]), .record([("b", .int(2))])]))
        #expect(try CSVTable(value: records).encoded() == "a,b\n1,\n,2\n")
        #expect(try CSVTable(value: .doubles([0.5, 2]), header: ["x"]).encoded() == "x\n0.5\n2.0\n")
        #expect(try CSVTable(value: .range(RangeValue(start: 0, end: 2))).encoded() == "0\n1\n")
    }

    @Test func csvWritingErrors() throws {
        func message(_ v: Value, header: [String]? = nil) -> String? {
            do { _ = try CSVTable(value: v, header: header); return nil } catch let e as RuntimeError { return e.message } catch { return nil }
        }
        #expect(message(.record([("a", .ints([1, 2])), ("b", .ints([1]))])) == "column 'b' has 1 values but 'a' has 2")
        #expect(message(.record([("a", .int(1))])) == "column 'a' is a int; a CSV map needs a list per column")
        #expect(message(.list(ListValue([.ints([1, 2]), .ints([3])]))) == "row 2 has 1 values, expected 2 as in row 1")
        #expect(message(.list(ListValue([.ints([1])])), header: ["a", "b"]) == "row 1 has 1 values, expected 2 as in the header")
        #expect(message(.record([("a", .list(ListValue([.ints([1])])))])) == "a CSV cell holds a number, string, bool or nil; row 1, column 'a' is a list")
        #expect(message(.int(3)) == "CSV needs a map of columns or a list of rows, got int")
        #expect(message(.range(RangeValue(start: 0, end: Int.max))) == "a range of \(Int.max) values is too long to save")
    }

    @Test func arraysTakeShapeAndDtypeFromValues() throws {
        let ints = try NpyArray(value: .ints([1, 2, 3]))
        #expect(ints.shape == [3] && ints.elements == .int64([1, 2, 3]))
        #expect(try NpyArray(value: .list(ListValue([.int(1), .double(2.5)]))).elements == .float64([1, 2.5]))
        let matrix = try NpyArray(value: .list(ListValue([.ints([1, 2]), .ints([3, 4]), .ints([5, 6])])))
        #expect(matrix.shape == [3, 2] && matrix.ints == [1, 2, 3, 4, 5, 6])
        #expect(try NpyArray(value: .range(RangeValue(start: 0, end: 4))).elements == .int64([0, 1, 2, 3]))
        #expect(try NpyArray(value: .list(ListValue([]))).elements == .float64([]))
        #expect(try NpyArray(value: .list(ListValue([.bool(true), .bool(false)]))).elements == .bool([true, false]))
        #expect(try NpyArray(shape: [2, 0, 3], elements: .float64([])).value.description == "[[], []]")
        #expect(try NpyArray(shape: [0, 3037000500, 3037000500], elements: .float64([])).value.description == "[]")
        #expect(try NpyArray(shape: [2, 2], elements: .int64([1, 2, 3, 4])).value.description == "[[1, 2], [3, 4]]")
    }

    @Test func arrayErrorsSayWhere() throws {
        func message(_ v: Value) -> String? {
            do { _ = try NpyArray(value: v); return nil } catch let e as RuntimeError { return e.message } catch { return nil }
        }
        #expect(message(.list(ListValue([.ints([1, 2]), .ints([3])]))) == "the array is ragged: element [1] has 1 values, the first has 2")
        #expect(message(.list(ListValue([.ints([1, 2]), .int(3)]))) == "the array is ragged: element [1] is a int where the first is a list of 2")
        #expect(message(.list(ListValue([.int(1), .string("x")]))) == ".npy holds numbers only; found string \"x\" at element 1 (C order)")
        let bigFirst = ListValue([.range(RangeValue(start: 0, end: 1_000_000))])
        bigFirst.items += Array(repeating: .int(1), count: 999_999)
        #expect(message(.list(bigFirst)) == "the array is ragged: element [1] is a int where the first is a list of 1000000")
        let loop = ListValue([])
        loop.items.append(.list(loop))
        #expect(message(.list(loop))?.contains("nest more than") == true)
    }

    @Test func matrixBridgeKeepsRowsAndColumns() throws {
        let m = try Matrix(rowMajor: [[1, 2, 3], [4, 5, 6]])
        let array = try NpyArray(matrix: m)
        #expect(array.shape == [2, 3] && array.doubles == [1, 2, 3, 4, 5, 6])
        let back = try NpyFile.decode(NpyFile.encode(array)).matrix()
        #expect(back == m && back[1, 0] == 4)
        #expect(try NpyArray(value: .ints([7, 8])).matrix() == Matrix(rows: 2, columns: 1, columnMajor: [7, 8]))
        #expect(throws: RuntimeError.self) { try NpyArray(value: .int(1)).matrix() }
    }

    @Test func jsonKeepsValuesExactly() throws {
        let doubles = [0.1, 1.0 / 3, Double.leastNonzeroMagnitude, -0.0, 1e16]
        let v: Value = .record([("x", .doubles(doubles)), ("i", .ints([Int.max, Int.min, 0])), ("m", .record([("z", .int(1)), ("a", .int(2))])),
                                ("s", .string("é\n")), ("b", .bool(true)), ("n", .null), ("r", .range(RangeValue(start: 0, end: 3)))])
        let back = try JSONCodec.decode(try JSONCodec.encode(v))
        #expect(back.formatted(quoteStrings: true) == v.formatted(quoteStrings: true).replacingOccurrences(of: "0..3", with: "[0, 1, 2]"))
        guard case .map(let m) = back, case .list(let xs)? = m["x"] else { Issue.record("not a map"); return }
        #expect(xs.items.map { if case .double(let d) = $0 { return d.bitPattern } else { return 0 } } == doubles.map(\.bitPattern))
        #expect(try JSONCodec.decode("[NaN, Infinity, -Infinity]").description == "[nan, inf, -inf]")
        #expect(message { try JSONCodec.decode("[1, 2") } == "line 1, column 6: the JSON ends inside a list")
    }

    @Test func jsonRefusesWhatItCannotHold() throws {
        let loop = ListValue([])
        loop.items.append(.list(loop))
        #expect(message { try JSONCodec.encode(.list(loop)) } == "the value nests more than 512 levels deep (does a list contain itself?)")
        #expect(throws: RuntimeError.self) { try JSONCodec.encode(.range(RangeValue(start: 0, end: Int.max))) }
    }
}
