// len, append, keys, values, sort, map, filter, zip.
import Testing
@testable import Language

@Suite struct BuiltinCollectionTests {
    let h = BuiltinHarness()

    @Test func lengths() throws {
        #expect(try h.show("len", [intList(1, 2, 3)]) == "3")
        #expect(try h.show("len", [.record([("a", .int(1))])]) == "1")
        #expect(try h.show("len", [.range(RangeValue(start: 0, end: 10, step: 3))]) == "4")
        #expect(try h.show("len", [.string("Mn")]) == "2")
        #expect(h.failure("len", [.int(3)]) == "len needs a list, map, range or string, got int")
    }

    @Test func appendMutatesTheSharedList() throws {
        let shared = ListValue([.int(1)])
        let result = try h.call("append", [.list(shared), .string("x")])
        #expect(shared.items.count == 2)
        guard case .list(let returned) = result else { Issue.record("not a list"); return }
        #expect(returned === shared)
        #expect(h.failure("append", [.range(RangeValue(start: 0, end: 2)), .int(1)])?.contains("a range, which cannot change") == true)
    }

    @Test func keysAndValuesKeepOrder() throws {
        let m: Value = .record([("Mn", .int(2)), ("Li", .int(1)), ("O", .int(3))])
        #expect(try h.show("keys", [m]) == "[\"Mn\", \"Li\", \"O\"]")
        #expect(try h.show("values", [m]) == "[2, 1, 3]")
        #expect(h.failure("keys", [intList(1)]) == "keys: map must be a map or object, got a list")
    }

    @Test func sortIsStableWithKeyAndReverse() throws {
        #expect(try h.show("sort", [.list(ListValue([.int(3), .double(1.5), .int(2)]))]) == "[1.5, 2, 3]")
        #expect(try h.show("sort", [numList(2, .nan, 1)]) == "[1.0, 2.0, nan]")
        #expect(try h.show("sort", [.strings(["b", "B", "a"])]) == "[\"B\", \"a\", \"b\"]")
        #expect(try h.show("sort", [.strings(["b", "a"])], [("reverse", .bool(true))]) == "[\"b\", \"a\"]")
        // key=abs: 1 and -1 tie and keep their input order, also reversed (as Python).
        let xs = intList(-3, 1, 2, -1)
        #expect(try h.show("sort", [xs], [("key", h.function("abs"))]) == "[1, -1, 2, -3]")
        #expect(try h.show("sort", [xs], [("key", h.function("abs")), ("reverse", .bool(true))]) == "[-3, 2, 1, -1]")
        #expect(try h.show("sort", [.list(ListValue([intList(2, 1), intList(1, 5), intList(1)]))]) == "[[1], [1, 5], [2, 1]]")
        #expect(h.failure("sort", [.list(ListValue([.int(1), .string("a")]))]) == "sort cannot compare string with int")
        #expect(h.failure("sort", [xs], [("key", .int(1))]) == "sort: key must be a function or nil, got an int")
    }

    @Test func mapAndFilterCallBack() throws {
        #expect(try h.show("map", [h.function("abs"), intList(-1, 2, -3)]) == "[1, 2, 3]")
        #expect(try h.show("map", [h.function("sqrt"), .range(RangeValue(start: 0, end: 3))]) == "[0.0, 1.0, 1.414213562]")
        // Truthiness as in `if`: 0 is a number, so abs(0) keeps its element too.
        #expect(try h.show("filter", [h.function("abs"), intList(0, -2)]) == "[0, -2]")
        #expect(h.failure("map", [.int(1), intList(1)]) == "map: fn must be a function, got an int")
    }

    @Test func zipTruncatesToTheShortest() throws {
        #expect(try h.show("zip", [intList(1, 2, 3), .strings(["a", "b"])]) == "[[1, \"a\"], [2, \"b\"]]")
        #expect(try h.show("zip", []) == "[]")
        #expect(h.failure("zip", [intList(1), .int(2)]) == "zip: argument 2 must be a list or range, got int")
    }

    /// Lists from sizes the user gives are checked against the memory limit before they are made.
    @Test func hugeRangesAreRefusedNotExpanded() throws {
        let huge: Value = .range(RangeValue(start: 0, end: 1 << 40))
        let needs = "a list of 1099511627776 values would need "
        // Parameters declared as lists refuse the range when binding it.
        for name in ["sum", "mean", "std", "sort", "shuffle", "choice"] {
            let message = h.failure(name, [huge]) ?? ""
            #expect(message.contains("got a range of 1099511627776 elements: \(needs)") && message.hasSuffix("(ce --memory)"), "\(name)")
        }
        for name in ["sqrt", "max", "zip", "table"] {
            #expect(h.failure(name, [huge])?.hasPrefix("\(name): \(needs)") == true, "\(name)")
        }
        // format writes a range's numbers without making its list: the text is what would be too large.
        #expect(h.failure("format", [huge])?.hasPrefix("format: a text of 30786325577730 bytes would need 62 TB of memory") == true)
        #expect(h.failure("map", [h.function("abs"), huge])?.hasPrefix("map: xs must be a list, got a range of 1099511627776") == true)
        #expect(h.failure("rand", [.int(1 << 40)])?.hasPrefix("rand: \(needs)") == true)
        #expect(h.failure("linspace", [.int(0), .int(1), .int(1 << 40)])?.hasPrefix("linspace: \(needs)") == true)
    }
}
