// format (significant digits, fixed decimals) and table (aligned text).
import Testing
@testable import Language

@Suite struct BuiltinFormatTests {
    let h = BuiltinHarness()

    @Test func formatDigits() throws {
        #expect(try h.show("format", [.double(3.14159265)]) == "\"3.14159\"")
        #expect(try h.call("format", [.double(2.0 / 3)], [("digits", .int(3))]).description == "0.667")
        #expect(try h.call("format", [numList(1.0 / 3, 2.5)], [("digits", .int(2))]).description == "[0.33, 2.5]")
        #expect(try h.call("format", [.int(2)], [("decimals", .int(2))]).description == "2.00")
        #expect(try h.call("format", [.double(1.5e-7)], [("digits", .int(3))]).description == "1.5e-07")
        #expect(try h.call("format", [.double(0x1p100)], [("decimals", .int(1))]).description == "1267650600228229401496703205376.0")
        #expect(try h.call("format", [.record([("a", .double(0.123456789))])], [("digits", .int(2))]).description == "{\"a\": 0.12}")
        #expect(h.failure("format", [.int(1)], [("digits", .int(0))]) == "format: digits must be 1 to 17, got 0")
    }

    @Test func formatRefusesSelfContainingLists() throws {
        let l = ListValue([])
        l.items.append(.list(l))
        #expect(h.failure("format", [.list(l)])?.contains("nests more than") == true)
    }

    @Test func tableOfColumns() throws {
        let t = try h.call("table", [.record([("T", numList(1.0, 0.5)), ("E", numList(-0.1, -0.25)), ("phase", .strings(["ordered", "x"]))])])
        #expect(t.description == """
              T      E  phase
            ---  -----  -------
            1.0   -0.1  ordered
            0.5  -0.25  x
            """)
        guard case .object(let o) = t else { Issue.record("not a table object"); return }
        #expect(o.typeName == "table")
        #expect(o.fieldNames == ["T", "E", "phase"])
        #expect(o.field("E")?.description == "[-0.1, -0.25]")
        #expect(o.exportValue()?.formatted(quoteStrings: true) == "{\"T\": [1.0, 0.5], \"E\": [-0.1, -0.25], \"phase\": [\"ordered\", \"x\"]}")
    }

    @Test func columnsWithUnitsAreFieldsByTheirNames() throws {
        func column(_ name: String, _ xs: [Double]) -> (name: String, values: [Value]) { (name, xs.map { .double($0) }) }
        let t = try TextTable(columns: [column("T (K)", [300, 600]), column("E (eV/prim)", [-1, -2]), column("f(x)", [0, 1])])
        #expect(t.fieldNames == ["T", "E", "f(x)"])
        #expect(t.field("E")?.description == "[-1.0, -2.0]")
        #expect(t.field("E (eV/prim)")?.description == "[-1.0, -2.0]")
        #expect(t.field("f(x)")?.description == "[0.0, 1.0]")
        #expect(t.text.hasPrefix("T (K)  E (eV/prim)"))
        #expect(t.exportValue()?.formatted(quoteStrings: true) == "{\"T (K)\": [300.0, 600.0], \"E (eV/prim)\": [-1.0, -2.0], \"f(x)\": [0.0, 1.0]}")
    }

    @Test func tableOfRowsRecordsAndLists() throws {
        let rows: Value = .list(ListValue([.list(ListValue([.int(1), .string("Li")])), .list(ListValue([.int(20), .string("Mn")]))]))
        #expect(try h.call("table", [rows], [("header", .strings(["n", "species"]))]).description == """
             n  species
            --  -------
             1  Li
            20  Mn
            """)
        #expect(try h.call("table", [rows]).description == " 1  Li\n20  Mn")
        #expect(try h.call("table", [numList(1.0 / 3, 2), intList(10, 200)], [("digits", .int(3))]).description == "0.333   10\n  2.0  200")
        let records: Value = .list(ListValue([.record([("a", .int(1))]), .record([("a", .int(2)), ("b", .string("x"))])]))
        #expect(try h.call("table", [records]).description == "a  b\n-  -\n1\n2  x")
        #expect(h.failure("table", [.record([("a", intList(1, 2)), ("b", intList(1))])]) == "table: column 'b' has 1 values but 'a' has 2")
        #expect(h.failure("table", [rows], [("header", .strings(["n"]))]) == "table: header has 1 names for 2 columns")
        #expect(h.failure("table", [.list(ListValue([intList(1, 2), intList(3)]))]) == "table: row 2 has 1 values but row 1 has 2")
        let run = TableSource([("step", .ints([0, 1])), ("seed", .int(7)), ("E", .doubles([-1, -1.5]))])
        #expect(try h.call("table", [.object(run)]).description == "step     E\n----  ----\n   0  -1.0\n   1  -1.5")
        #expect(h.failure("table", [.object(TableSource([("seed", .int(7))]))]) == "table: a run has no list fields to show")
        #expect(h.failure("table", []) == "table needs a map of columns, a list of rows, or column lists")
    }
}

/// An engine result with list and scalar fields.
final class TableSource: EngineObject {
    let fields: [(String, Value)]
    init(_ fields: [(String, Value)]) { self.fields = fields }
    var typeName: String { "run" }
    var fieldNames: [String] { fields.map(\.0) }
    func field(_ name: String) -> Value? { fields.first { $0.0 == name }?.1 }
    var summary: String { "run" }
}

extension BuiltinFormatTests {
    /// A list that holds itself twice would print 2^64 items: the plain printed form, which the kernel shows,
    /// says so instead of building it. Shared lists below the limit print in full.
    @Test func textsPastTheLimitSaySo() {
        let xs = ListValue([.int(1)])
        xs.items.append(.list(xs))
        xs.items.append(.list(xs))
        #expect(Value.list(xs).description.hasPrefix("<a text of more than 9223372036854775806 bytes would need more than 9.2 EB of memory"))
        let ys = Value.list(ListValue([.int(1), .string("a\"b")]))
        #expect(Value.list(ListValue([ys, ys])).description == "[[1, \"a\\\"b\"], [1, \"a\\\"b\"]]")
        xs.items = []
    }
}
