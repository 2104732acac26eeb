// CSVTable: RFC 4180 parsing, header detection, typed fields, writing and round trips.
import Language
import Testing
@testable import Shell

@Suite struct DataFileCSVTests {
    func parse(_ text: String, header: Bool? = nil) throws -> String {
        try CSVTable.parse(text, header: header).value.formatted(quoteStrings: true)
    }

    func failure(_ text: String) -> String? {
        do { _ = try CSVTable.parse(text); return nil } catch let e as RuntimeError { return e.message } catch { return nil }
    }

    @Test func headerDetectionAndTypes() throws {
        #expect(try parse("T,E,phase\n1,-0.5,ordered\n2,1e-3,\n") == "{\"T\": [1, 2], \"E\": [-0.5, 0.001], \"phase\": [\"ordered\", nil]}")
        #expect(try parse("1,2\n3,4.5\n") == "[[1, 2], [3, 4.5]]")
        #expect(try parse("a,b\nc,d\n", header: false) == "[[\"a\", \"b\"], [\"c\", \"d\"]]")
        #expect(try parse("x,y\r\nnan,inf\r\n-inf,TRUE\r\n") == "{\"x\": [nan, -inf], \"y\": [inf, true]}")
        #expect(try parse("\u{FEFF}n\n 7 \n") == "{\"n\": [7]}")
        #expect(try parse("x\n0x10\n") == "{\"x\": [\"0x10\"]}")
        #expect(try parse("") == "[]")
        #expect(try parse("# made by numpy\n# T,E\n1.0e+00,2.5e-01\n") == "{\"T\": [1.0], \"E\": [0.25]}")
        #expect(try parse("# a note\n1,2\n") == "[[1, 2]]")
        #expect(try parse("# T,E\n1,2\n", header: false) == "[[1, 2]]")
    }

    @Test func quotedFieldsPerRFC4180() throws {
        #expect(try parse("name,note\n\"a,b\",\"say \"\"hi\"\"\"\n\"3\",\"two\nlines\"\n")
            == "{\"name\": [\"a,b\", \"3\"], \"note\": [\"say \\\"hi\\\"\", \"two\\nlines\"]}")
        #expect(try parse("E,E,\n1,2,3\n") == "{\"E\": [1], \"E.1\": [2], \"column3\": [3]}")
        #expect(failure("a,b\n1,2\n3\n") == "line 3 has 1 fields, expected 2 as in the header")
        #expect(failure("a\n\"open\n") == "line 2: a quoted field is not closed")
        #expect(failure("a\n\"x\"y\n") == "line 2: unexpected text after a closing quote")
    }

    @Test func writesColumnsRowsAndRecords() throws {
        let columns: Value = .record([("T", .doubles([1, 0.1])), ("n", .ints([1, 2])), ("s", .strings(["3", "a,b"])),
                                      ("ok", .list(ListValue([.bool(true), .null])))])
        let text = try CSVTable(value: columns).encoded()
        #expect(text == "T,n,s,ok\n1.0,1,\"3\",true\n0.1,2,\"a,b\",\n")
        #expect(try parse(text) == columns.formatted(quoteStrings: true), "save then load gives the same values")
        let rows: Value = .list(ListValue([.ints([1, 2]), .ints([3, 4])]))
        #expect(try CSVTable(value: rows, header: ["a", "b"]).encoded() == "a,b\n1,2\n3,4\n")
        #expect(try CSVTable(value: rows).encoded() == "1,2\n3,4\n")
        let records: Value = .list(ListValue([.record([("a", .int(1))]), .record([("b", .int(2))])]))
        #expect(try CSVTable(value: records).encoded() == "a,b\n1,\n,2\n")
        #expect(try CSVTable(value: .doubles([0.5, 2]), header: ["x"]).encoded() == "x\n0.5\n2.0\n")
        #expect(try CSVTable(value: rows).encoded(delimiter: "\t") == "1\t2\n3\t4\n")
    }

    @Test func writingErrors() throws {
        func message(_ v: Value, header: [String]? = nil) -> String? {
            do { _ = try CSVTable(value: v, header: header); return nil } catch let e as RuntimeError { return e.message } catch { return nil }
        }
        #expect(message(.record([("a", .ints([1, 2])), ("b", .ints([1]))])) == "column 'b' has 1 values but 'a' has 2")
        #expect(message(.record([("a", .int(1))])) == "column 'a' is a int; a CSV map needs a list per column")
        #expect(message(.list(ListValue([.ints([1, 2]), .ints([3])]))) == "row 2 has 1 values, expected 2 as in row 1")
        #expect(message(.list(ListValue([.ints([1])])), header: ["a", "b"]) == "row 1 has 1 values, expected 2 as in the header")
        #expect(message(.record([("a", .list(ListValue([.ints([1])])))])) == "a CSV cell holds a number, string, bool or nil; row 1, column 'a' is a list")
        #expect(message(.int(3)) == "CSV needs a map of columns or a list of rows, got int")
    }
}
