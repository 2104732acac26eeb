// JSON: the project's one parser and writer. Exact floats, ints kept,
// ordered objects, Python's NaN/Infinity, errors with line and column.
import Formats
import Testing

@Suite struct JSONTests {
    func failure(_ text: String) -> String? {
        do { _ = try JSON.parse(text); return nil } catch let e as FormatError { return e.description } catch { return "\(error)" }
    }

    @Test func parsesStandardJSON() throws {
        let doc = try JSON.parse(" {\"a\": [1, 2.0, -3e2, true, null], \"b\": \"\\u00e9\\ud83d\\ude00\\/\"} ")
        #expect(doc["a"] == .array([.int(1), .double(2), .double(-300), .bool(true), .null]))
        #expect(doc["b"]?.string == "é😀/")
        #expect(try JSON.parse("[NaN, Infinity, -Infinity]").numbers.map { $0.map(\.description) } == ["nan", "inf", "-inf"])
        #expect(try JSON.parse("123456789012345678901234567890") == .double(1.2345678901234568e29))
        #expect(try JSON.parse("\u{FEFF}[]") == .array([]), "a byte-order mark is skipped")
        #expect(try JSON.parse("\"\\ud800x\"").string == "\u{FFFD}x", "a lone surrogate becomes U+FFFD")
    }

    @Test func errorsHaveLineAndColumn() {
        #expect(failure("{\"a\": 1,}") == "line 1, column 9: expected a string key")
        #expect(failure("[1, 2\n") == "line 2, column 1: the JSON ends inside a list")
        #expect(failure("[1] x") == "line 1, column 5: unexpected text after the JSON value")
        #expect(failure("\"tab\there\"") == "line 1, column 5: a control character inside a string (write it as \\n, \\t, ...)")
        #expect(failure("01") == "line 1, column 1: a number cannot start with 0 (JSON has no octal)")
        #expect(failure("\"\\u12g4\"") == "line 1, column 4: expected 4 hex digits after \\u")
        #expect(failure("[tru]") == "line 1, column 2: unexpected character")
        #expect(failure(String(repeating: "[", count: 100_000))?.contains("nests more than 512") == true)
    }

    @Test func objectsKeepOrderAndTheLastOfARepeatedKey() throws {
        let doc = try JSON.parse(#"{"z": 1, "a": 2, "z": 3}"#)
        #expect(doc.object?.keys == ["z", "a"])
        #expect(doc["z"] == .int(3), "a repeated key keeps its first place and its last value, as json.loads does")
        var o = JSONObject([("x", .int(1)), ("y", .int(2)), ("w", .int(3))])
        o["y"] = nil
        #expect(o.keys == ["x", "w"] && o["w"] == .int(3))
        o["v"] = .null
        #expect(o.members.map(\.key) == ["x", "w", "v"])
    }

    @Test func accessorsSayWhatIsThere() throws {
        let doc = try JSON.parse(#"{"m": [[4, 0, 0.5]], "n": 3, "s": "Li", "f": 2.0, "ok": false}"#)
        #expect(doc["m"]?[0]?.numbers == [4, 0, 0.5])
        #expect(doc["m"]?[1] == nil && doc["n"]?[0] == nil && doc["missing"] == nil)
        #expect(doc["n"]?.int == 3 && doc["f"]?.int == 2 && doc["s"]?.int == nil)
        #expect(doc["ok"]?.bool == false && doc["s"]?.string == "Li")
        #expect(doc["m"]?.kind == "array" && doc.kind == "object" && doc["n"]?.kind == "number")
        #expect(JSONValue.array([.int(1), .string("x")]).numbers == nil)
    }

    @Test func writesReadably() throws {
        let v = JSONValue.object(JSONObject([
            ("name", .string("LiMn\"O\n")), ("T", .array([.double(1), .double(0.1), .double(1e-7), .double(.nan), .double(-.infinity)])),
            ("n", .int(3)), ("rows", .array([.array([.int(1), .int(2)]), .array([])])), ("none", .null), ("ok", .bool(true)),
        ]))
        #expect(JSON.encode(v) == """
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
        #expect(JSON.encode(v, indent: nil) == "{\"name\": \"LiMn\\\"O\\n\", \"T\": [1.0, 0.1, 1e-07, NaN, -Infinity], \"n\": 3, \"rows\": [[1, 2], []], \"none\": null, \"ok\": true}")
        #expect(JSON.encode(.string("\u{01}é")) == "\"\\u0001é\"")
    }

    @Test func roundTripsExactly() throws {
        let doubles = [0.1, 1.0 / 3, Double.leastNonzeroMagnitude, 1.7976931348623157e308, -0.0, 123456789.123456789, 1e16]
        let v = JSONValue.object(JSONObject([("x", .array(doubles.map { .double($0) })), ("i", .array([.int(.max), .int(.min), .int(0)]))]))
        let back = try JSON.parse(JSON.encode(v))
        #expect(back == v)
        #expect(back["x"]?.numbers?.map(\.bitPattern) == doubles.map(\.bitPattern))
    }
}
