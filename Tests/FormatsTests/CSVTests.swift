// CSVTable: RFC 4180 parsing, header detection, typed cells, writing that reads back.
import Formats
import Testing

@Suite struct CSVTests {
    func failure(_ text: String) -> String? {
        do { _ = try CSVTable.parse(text); return nil } catch let e as FormatError { return e.description } catch { return "\(error)" }
    }

    @Test func headerDetectionAndTypes() throws {
        let t = try CSVTable.parse("T,E,phase\n1,-0.5,ordered\n2,1e-3,\n")
        #expect(t.header == ["T", "E", "phase"])
        #expect(t.rows == [[.int(1), .double(-0.5), .string("ordered")], [.int(2), .double(0.001), .empty]])
        #expect(try CSVTable.parse("1,2\n3,4.5\n") == CSVTable(header: nil, rows: [[.int(1), .int(2)], [.int(3), .double(4.5)]]))
        #expect(try CSVTable.parse("a,b\nc,d\n", header: false).rows == [[.string("a"), .string("b")], [.string("c"), .string("d")]])
        let special = try CSVTable.parse("x,y\r\nnan,inf\r\n-inf,TRUE\r\n")
        #expect(special.column(0)[0] != special.column(0)[0], "nan reads as a NaN double")
        #expect(special.column(1) == [.double(.infinity), .bool(true)] && special.column(0)[1] == .double(-.infinity))
        #expect(try CSVTable.parse("\u{FEFF}n\n 7 \n") == CSVTable(header: ["n"], rows: [[.int(7)]]))
        #expect(try CSVTable.parse("x\n0x10\n").rows == [[.string("0x10")]], "no hex numbers")
        #expect(try CSVTable.parse("") == CSVTable(header: nil, rows: []))
        #expect(try CSVTable.parse("# made by numpy\n# T,E\n1.0e+00,2.5e-01\n") == CSVTable(header: ["T", "E"], rows: [[.double(1), .double(0.25)]]))
        #expect(try CSVTable.parse("# a note\n1,2\n").header == nil)
        #expect(try CSVTable.parse("# T,E\n1,2\n", header: false).header == nil)
    }

    @Test func quotedFieldsPerRFC4180() throws {
        let t = try CSVTable.parse("name,note\n\"a,b\",\"say \"\"hi\"\"\"\n\"3\",\"two\nlines\"\n")
        #expect(t.rows == [[.string("a,b"), .string("say \"hi\"")], [.string("3"), .string("two\nlines")]])
        #expect(failure("a,b\n1,2\n3\n") == "line 3 has 1 fields, expected 2 as in the header")
        #expect(failure("a\n\"open\n") == "line 2: a quoted field is not closed")
        #expect(failure("a\n\"x\"y\n") == "line 2: unexpected text after a closing quote")
    }

    /// pandas.read_csv gives these names (checked with pandas 2).
    @Test func repeatedHeadersAreNumberedAsPandasDoes() throws {
        #expect(try CSVTable.parse("E,E,\n1,2,3\n").header == ["E", "E.1", "column3"])
        #expect(try CSVTable.parse("E,E.1,E,E\n1,2,3,4\n").header == ["E", "E.1", "E.2", "E.3"])
        #expect(try CSVTable.parse("a,a,a.1\n1,2,3\n").header == ["a", "a.2", "a.1"])
    }

    /// 50,000 copies of one header name: numbering them by trying "E.1", "E.2", ... for each took
    /// 1.25e9 lookups (minutes); counting per name takes one pass.
    @Test(.timeLimit(.minutes(1))) func manyRepeatedHeadersAreLinear() throws {
        let n = 50_000
        let text = Array(repeating: "E", count: n).joined(separator: ",") + "\n" + Array(repeating: "1", count: n).joined(separator: ",") + "\n"
        let t = try CSVTable.parse(text)
        #expect(t.header?.last == "E.\(n - 1)" && Set(t.header ?? []).count == n)
    }

    @Test func writesWhatReadsBack() throws {
        let t = CSVTable(header: ["T", "n", "s", "ok"], rows: [
            [.double(1), .int(1), .string("3"), .bool(true)], [.double(0.1), .int(2), .string("a,b"), .empty],
        ])
        let text = t.encoded()
        #expect(text == "T,n,s,ok\n1.0,1,\"3\",true\n0.1,2,\"a,b\",\n")
        #expect(try CSVTable.parse(text) == t)
        #expect(CSVTable(header: nil, rows: [[.int(1), .int(2)]]).encoded(delimiter: "\t") == "1\t2\n")
        #expect(try CSVTable.parse("1\t2\n", delimiter: "\t").rows == [[.int(1), .int(2)]])
    }
}
