// JSONCodec: exact floats, ints kept, ordered maps, Python's NaN/Infinity, errors with positions.
import Language
import Testing
@testable import Shell

@Suite struct DataFileJSONTests {
    func failure(_ text: String) -> String? {
        do { _ = try JSONCodec.decode(text); return nil } catch let e as RuntimeError { return e.message } catch { return nil }
    }

    @Test func encodesReadably() throws {
        let v: Value = .record([
            ("name", .string("LiMn\"O\n")), ("T", .doubles([1, 0.1, 1e-7, .nan, -.infinity])), ("n", .int(3)),
            ("rows", .list(ListValue([.ints([1, 2]), .list(ListValue([]))]))), ("none", .null), ("ok", .bool(true)),
        ])
        #expect(try JSONCodec.encode(v) == """
            {
              "name": "LiMn\\"O\\n",
              "T": [1.0, 0.1, 1e-07, NaN, -Infinity],
              "n": 3,
              "rows": [
                [1, 2],
                []
              ],
              "none": null,
              "ok": true
            }
            """)
        #expect(try JSONCodec.encode(v, indent: nil) == "{\"name\": \"LiMn\\\"O\\n\", \"T\": [1.0, 0.1, 1e-07, NaN, -Infinity], \"n\": 3, \"rows\": [[1, 2], []], \"none\": null, \"ok\": true}")
        #expect(try JSONCodec.encode(.string("\u{01}é")) == "\"\\u0001é\"")
    }

    @Test func roundTripsExactly() throws {
        let doubles = [0.1, 1.0 / 3, Double.leastNonzeroMagnitude, 1.7976931348623157e308, -0.0, 123456789.123456789, 1e16]
        let v: Value = .record([("x", .doubles(doubles)), ("i", .ints([Int.max, Int.min, 0])), ("m", .record([("z", .int(1)), ("a", .int(2))]))])
        let back = try JSONCodec.decode(try JSONCodec.encode(v))
        guard case .map(let m) = back, case .list(let xs)? = m["x"] else { Issue.record("not a map"); return }
        #expect(xs.items.map { if case .double(let d) = $0 { return d.bitPattern } else { return 0 } } == doubles.map(\.bitPattern))
        #expect(back.formatted(quoteStrings: true) == v.formatted(quoteStrings: true))
        #expect(m.keys.map { $0.value.description } == ["x", "i", "m"])
    }

    @Test func decodesStandardJSON() throws {
        #expect(try JSONCodec.decode(" {\"a\": [1, 2.0, -3e2, true, null], \"b\": \"\\u00e9\\ud83d\\ude00\\/\"} ").formatted(quoteStrings: true)
            == "{\"a\": [1, 2.0, -300.0, true, nil], \"b\": \"é😀/\"}")
        #expect(try JSONCodec.decode("[NaN, Infinity, -Infinity]").description == "[nan, inf, -inf]")
        #expect(try JSONCodec.decode("123456789012345678901234567890").description == "1.23456789e+29")
        #expect(failure("{\"a\": 1,}") == "line 1, column 9: expected a string key")
        #expect(failure("[1, 2\n") == "line 2, column 1: the JSON ends inside a list")
        #expect(failure("[1] x") == "line 1, column 5: unexpected text after the JSON value")
        #expect(failure("\"tab\there\"") == "line 1, column 5: a control character inside a string (write it as \\n, \\t, ...)")
        #expect(failure("01") == "line 1, column 1: a number cannot start with 0 (JSON has no octal)")
        #expect(failure(String(repeating: "[", count: 100_000))?.contains("nests more than 512") == true)
        let loop = ListValue([])
        loop.items.append(.list(loop))
        #expect(throws: RuntimeError.self) { try JSONCodec.encode(.list(loop)) }
    }
}
