// CSV (RFC 4180) tables: parsing with header detection and typed cells,
// and writing that reads back to the same cells.
//
// Cell types: an unquoted field is an int, a float (nan and inf too), true
// or false when it reads as one, empty when empty, else a string. A quoted
// field is always a string, and strings that would read back as something
// else are written quoted, so write then parse gives the same cells.

/// One cell of a CSV table.
public enum CSVCell: Equatable, Sendable {
    case empty
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)

    var isNumber: Bool {
        switch self {
        case .int, .double: return true
        default: return false
        }
    }
}

/// A table read from or written as CSV: an optional header and rows of cells.
///
///     let t = try CSVTable.parse("T,E\n300,-1.5\n")
///     t.header                  // ["T", "E"]
///     t.rows                    // [[.int(300), .double(-1.5)]]
///     t.encoded()               // "T,E\n300,-1.5\n"
public struct CSVTable: Equatable, Sendable {
    /// Column names, or nil when the table has no header row.
    public var header: [String]?
    /// Rows of equal length.
    public var rows: [[CSVCell]]

    public init(header: [String]?, rows: [[CSVCell]]) {
        self.header = header
        self.rows = rows
    }

    /// The cells of column `j`, top to bottom.
    public func column(_ j: Int) -> [CSVCell] { rows.map { $0[j] } }

    // MARK: Reading

    /// Parses CSV text. With `header` nil, the first row is a header when none
    /// of its fields is a number. Leading lines starting with "#" are comments,
    /// the last of them a header when it has as many fields as the data (numpy's
    /// savetxt writes "# T,E"). Rows must all have the same number of fields.
    /// Repeated header names are made unique as pandas does ("E", "E.1").
    public static func parse(_ text: String, delimiter: Character = ",", header: Bool? = nil) throws -> CSVTable {
        try parse(Array(text.utf8), delimiter: delimiter, header: header)
    }

    /// Parses UTF-8 encoded CSV (invalid bytes become U+FFFD); see `parse(_:delimiter:header:)`.
    public static func parse(_ bytes: [UInt8], delimiter: Character = ",", header: Bool? = nil) throws -> CSVTable {
        var records = try CSVRecords.split(bytes, delimiter: delimiter.asciiValue ?? UInt8(ascii: ","))
        var comments = 0
        while comments < records.count, let f = records[comments].fields.first, !f.quoted, f.text.hasPrefix("#") {
            comments += 1
        }
        if comments > 0 {
            var names = records[comments - 1]
            names.fields[0].text = String(names.fields[0].text.drop { $0 == "#" || $0 == " " })
            records.removeFirst(comments)
            if header != false && names.fields.count == (records.first?.fields.count ?? names.fields.count) {
                records.insert(names, at: 0)
            }
        }
        guard !records.isEmpty else { return CSVTable(header: nil, rows: []) }
        let hasHeader = header ?? !records[0].fields.contains { cell($0).isNumber }
        var names: [String]?
        if hasHeader {
            names = uniqueNames(records.removeFirst().fields.map(\.text))
        }
        let width = names?.count ?? records.first?.fields.count ?? 0
        var rows: [[CSVCell]] = []
        rows.reserveCapacity(records.count)
        for record in records {
            guard record.fields.count == width else {
                let expected = hasHeader ? "as in the header" : "as in the first row"
                throw FormatError("line \(record.line) has \(record.fields.count) fields, expected \(width) \(expected)")
            }
            rows.append(record.fields.map(cell))
        }
        return CSVTable(header: names, rows: rows)
    }

    /// The cell a field reads as (see the type's comment for the rules).
    static func cell(_ field: CSVRecords.Field) -> CSVCell {
        if field.quoted { return .string(field.text) }
        let text = field.text
        if text.isEmpty { return .empty }
        var trimmed = Substring(text)
        while let c = trimmed.first, c == " " || c == "\t" { trimmed.removeFirst() }
        while let c = trimmed.last, c == " " || c == "\t" { trimmed.removeLast() }
        if let i = Int(trimmed) { return .int(i) }
        if let d = parseDouble(trimmed) { return .double(d) }
        switch trimmed.lowercased() {
        case "true": return .bool(true)
        case "false": return .bool(false)
        default: return .string(text)
        }
    }

    /// A decimal float, or nan/inf/infinity in any case (as numpy and pandas write them); no hex floats.
    static func parseDouble(_ s: Substring) -> Double? {
        guard let c = s.first, c.isNumber || c == "-" || c == "+" || c == "." || c == "n" || c == "N" || c == "i" || c == "I" else {
            return nil
        }
        if s.contains(where: { $0 == "x" || $0 == "X" }) { return nil }
        return Double(s)
    }

    /// Header names made unique as pandas' reader does ("E", "E.1", "E.2", skipping names the
    /// header already has); empty names become "column3". Linear however many names repeat.
    static func uniqueNames(_ raw: [String]) -> [String] {
        let names = raw.enumerated().map { j, name in name.isEmpty ? "column\(j + 1)" : name }
        let original = Set(names)
        var counts: [String: Int] = [:]
        return names.map { old in
            var name = old
            var k = counts[old] ?? 0
            while k > 0 {
                counts[old] = k + 1
                name = "\(old).\(k)"
                k = original.contains(name) ? k + 1 : counts[name] ?? 0
            }
            counts[name] = k + 1
            return name
        }
    }

    // MARK: Writing

    /// The CSV text: header line (if any), then one line per row, "\n" line ends.
    public func encoded(delimiter: Character = ",") -> String {
        var out = ""
        let separator = String(delimiter)
        if let header {
            out += header.map { Self.quoted($0, delimiter: delimiter, force: false) }.joined(separator: separator) + "\n"
        }
        for row in rows {
            out += row.map { Self.text($0, delimiter: delimiter) }.joined(separator: separator) + "\n"
        }
        return out
    }

    /// A cell as CSV text; floats in their shortest round-trip form.
    static func text(_ cell: CSVCell, delimiter: Character) -> String {
        switch cell {
        case .empty: return ""
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return d.description
        case .string(let s):
            let readsAsString: Bool
            if case .string = Self.cell(CSVRecords.Field(text: s, quoted: false)) { readsAsString = true } else { readsAsString = false }
            return quoted(s, delimiter: delimiter, force: !readsAsString)
        }
    }

    /// `s` quoted (quotes doubled) when it contains the delimiter, a quote or a line break, or when forced.
    static func quoted(_ s: String, delimiter: Character, force: Bool) -> String {
        guard force || s.contains(where: { $0 == delimiter || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        var out = "\""
        for ch in s { out += ch == "\"" ? "\"\"" : String(ch) }
        return out + "\""
    }
}

/// Splitting CSV bytes into records of fields per RFC 4180.
enum CSVRecords {
    struct Field {
        var text: String
        var quoted: Bool
    }

    struct Record {
        var line: Int
        var fields: [Field]
    }

    /// The records of `bytes`; blank lines are skipped, a byte-order mark is dropped.
    static func split(_ bytes: [UInt8], delimiter separator: UInt8) throws -> [Record] {
        let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n"), ret = UInt8(ascii: "\r")
        var records: [Record] = []
        var fields: [Field] = []
        var field: [UInt8] = []
        var quoted = false
        var line = 1
        var recordLine = 1
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        func endField() {
            fields.append(Field(text: String(decoding: field, as: UTF8.self), quoted: quoted))
            field.removeAll(keepingCapacity: true)
            quoted = false
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].text.isEmpty && !fields[0].quoted) {
                records.append(Record(line: recordLine, fields: fields))
            }
            fields.removeAll()
        }
        while i < bytes.count {
            let b = bytes[i]
            if b == quote && field.isEmpty && !quoted {
                quoted = true
                let openLine = line
                i += 1
                while true {
                    guard i < bytes.count else { throw FormatError("a quoted field is not closed", line: openLine) }
                    if bytes[i] == quote {
                        if i + 1 < bytes.count && bytes[i + 1] == quote {
                            field.append(quote)
                            i += 2
                            continue
                        }
                        i += 1
                        break
                    }
                    if bytes[i] == newline { line += 1 }
                    field.append(bytes[i])
                    i += 1
                }
                if i < bytes.count && bytes[i] != separator && bytes[i] != newline && bytes[i] != ret {
                    throw FormatError("unexpected text after a closing quote", line: line)
                }
                continue
            }
            if b == separator {
                endField()
            } else if b == newline || b == ret {
                endRecord()
                if b == ret && i + 1 < bytes.count && bytes[i + 1] == newline { i += 1 }
                line += 1
                recordLine = line
            } else {
                field.append(b)
            }
            i += 1
        }
        if !field.isEmpty || quoted || !fields.isEmpty { endRecord() }
        return records
    }
}
