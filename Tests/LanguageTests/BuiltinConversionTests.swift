// int, float and str against Python's own on the same text; the constants;
// tan and the inverse functions; dot against numpy.
import PeerSupport
import Testing
@testable import Language

@Suite struct BuiltinConversionTests {
    let h = BuiltinHarness()

    @Test func numeralsReadAsPythonReadsThem() throws {
        // Python's int() and float() on each text: the value, or "error".
        let texts = ["42", " -7 ", "+3", "1_000", "007", "2.5", "1e3", "abc", "", " ", "1__0", "_1", "1_", "0x10",
                     "inf", "-Infinity", "nan", ".5", "5.", "1e", "1.5e-3", "- 1", "9223372036854775807", "12a"]
        let script = """
            import json, sys
            texts = json.loads(sys.argv[1])
            def attempt(f, t):
                try:
                    v = f(t)
                    return repr(v)
                except ValueError:
                    return "error"
            for t in texts:
                print(attempt(int, t) + "|" + attempt(float, t))
            """
        let json = "[" + texts.map { "\"\($0)\"" }.joined(separator: ",") + "]"
        let python = try Peer.run(script, arguments: [json]).split(separator: "\n").map(String.init)
        #expect(python.count == texts.count)
        for (text, line) in zip(texts, python) {
            let parts = line.split(separator: "|").map(String.init)
            let ceInt = (try? h.call("int", [.string(text)])).map { $0.formatted(quoteStrings: true) } ?? "error"
            let ceFloat = (try? h.call("float", [.string(text)])).map(pythonRepr) ?? "error"
            #expect(ceInt == parts[0], "int(\(text.debugDescription))")
            #expect(ceFloat == parts[1], "float(\(text.debugDescription))")
        }
    }

    /// Python's repr of a float value (nan, inf, shortest round-trip digits).
    private func pythonRepr(_ v: Value) -> String {
        guard case .double(let d) = v else { return "not a float: \(v)" }
        if d.isNaN { return "nan" }
        if d.isInfinite { return d > 0 ? "inf" : "-inf" }
        return "\(d)"  // Swift and Python both print the shortest digits that round-trip
    }

    @Test func intTruncatesAndRefusesWhatNoIntHolds() throws {
        #expect(try h.show("int", [.double(3.9)]) == "3")
        #expect(try h.show("int", [.double(-2.7)]) == "-2")
        #expect(try h.show("int", [.bool(true)]) == "1")
        #expect(try h.show("int", [.string("ff")], [("base", .int(16))]) == "255")
        #expect(try h.show("int", [.string("-1_0")], [("base", .int(2))]) == "-2")
        #expect(try h.show("int", [.double(-9.223372036854775808e18)]) == "-9223372036854775808")
        #expect(h.failure("int", [.double(9.223372036854775808e18)]) == "int: 9.223372037e+18 is too large for an int (64 bits)")
        #expect(h.failure("int", [.double(.nan)]) == "int: cannot convert nan to an int")
        #expect(h.failure("int", [.double(-.infinity)]) == "int: cannot convert -inf to an int")
        #expect(h.failure("int", [.string("2.5")]) == "int: \"2.5\" is not a whole number; for a decimal write int(float(s))")
        #expect(h.failure("int", [.string("12")], [("base", .int(1))]) == "int: base must be 2 to 36, got 1")
        #expect(h.failure("int", [.int(12)], [("base", .int(16))]) == "int: base= is for strings, got an int")
        #expect(h.failure("int", [.string("z")], [("base", .int(16))]) == "int: cannot read \"z\" as an int in base 16")
        #expect(h.failure("int", [.list(ListValue())]) == "int: x must be a number, bool or string, got a list")
        #expect(h.failure("float", [.map(MapValue())]) == "float: x must be a number, bool or string, got a map")
    }

    @Test func strIsWhatPrintShows() throws {
        #expect(try h.show("str", [.int(42)]) == "\"42\"")
        #expect(try h.show("str", [.double(2.0 / 3)]) == "\"0.6666666667\"")
        #expect(try h.show("str", [.string("Li")]) == "\"Li\"")
        #expect(try h.show("str", [.list(ListValue([.int(1), .string("a")]))]) == #""[1, \"a\"]""#)
        #expect(try h.show("str", [.null]) == "\"nil\"")
    }

    @Test func constantsTrigonometryAndHelp() throws {
        let interp = try Interpreter(builtins: CoreBuiltins.all, print: { _ in })
        #expect(interp.global("pi").map(asDouble) == Double.pi)
        #expect(interp.global("inf").map(asDouble) == .infinity)
        guard case .double(let n)? = interp.global("nan") else { Issue.record("nan is not a float"); return }
        #expect(n.isNaN)
        #expect(interp.help("pi").hasPrefix("pi = 3.141592654: the ratio"))
        #expect(interp.help(nil).contains("constants:\n  "))
        // A script may take the name for itself; help then describes its value.
        try interp.run("pi = 3", file: "t.ce", echo: false)
        #expect(interp.help("pi") == "pi is an int")
        // The double nearest π/4 is a little below it, so its tangent is a little below 1.
        #expect(asDouble(try h.call("tan", [.double(Double.pi / 4)])) == 0.9999999999999999)
        #expect(asDouble(try h.call("atan", [.int(1)])) * 4 == Double.pi)
        #expect(asDouble(try h.call("acos", [.int(-1)])) == Double.pi)
        #expect(asDouble(try h.call("asin", [.int(2)])).isNaN)
        #expect(try h.show("tan", [intList(0, 0)]) == "[0.0, 0.0]")
    }

    @Test func dotMatchesNumpy() throws {
        let a: [[Double]] = [[1.5, -2, 0.25], [3, 4, -1]], b: [[Double]] = [[2, 1], [0.5, -3], [4, 0.125]]
        let v: [Double] = [0.1, 0.2, 0.3], w: [Double] = [7, -1]
        let expected = try Peer.doubles("""
            import numpy as np
            a = np.array(\(a)); b = np.array(\(b)); v = np.array(\(v)); w = np.array(\(w))
            for x in [np.dot(v, v), *np.dot(a, v), *np.dot(w, a), *np.dot(a, b).ravel()]:
                print(repr(float(x)))
            """)
        func matrix(_ m: [[Double]]) -> Value { .list(ListValue(m.map { .doubles($0) })) }
        var got: [Double] = [asDouble(try h.call("dot", [.doubles(v), .doubles(v)]))]
        got += asDoubles(try h.call("dot", [matrix(a), .doubles(v)]))
        got += asDoubles(try h.call("dot", [.doubles(w), matrix(a)]))
        guard case .list(let rows) = try h.call("dot", [matrix(a), matrix(b)]) else { Issue.record("not a matrix"); return }
        got += rows.items.flatMap(asDoubles)
        #expect(got.count == expected.count)
        for (x, y) in zip(got, expected) { #expect(abs(x - y) <= 1e-15 * max(1, abs(y))) }
        #expect(try h.show("dot", [intList(1, 2, 3), intList(4, 5, 6)]) == "32")
        #expect(try h.show("dot", [intList(Int.max, 1), intList(2, 1)]) == "1.844674407e+19")
        #expect(h.failure("dot", [intList(1, 2), intList(1, 2, 3)]) == "dot: shapes (2,) and (3,) do not align: 2 != 3")
        #expect(h.failure("dot", [matrix(a), matrix(a)]) == "dot: shapes (2, 3) and (2, 3) do not align: 3 != 2")
        #expect(h.failure("dot", [.list(ListValue([intList(1, 2), intList(1)])), intList(1, 2)])
                == "dot: row 1 of a has 1 numbers but row 0 has 2")
        #expect(h.failure("dot", [.string("ab"), intList(1)]) == "dot: a must be a list of numbers or a list of rows, got a string")
    }
}
