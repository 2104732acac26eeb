// CSV (RFC 4180) tables: parsing with header detection and typed fields,
// writing from ce values (a map of columns, rows, or records).
//
// Field types: an unquoted field is an int, a float (nan and inf too), true
// or false when it reads as one, nil when empty, else a string. A quoted
// field is always a string, and strings that would read back as something
// else are written quoted, so save then load gives the same values.
import Language

/// A table read from or written to a CSV file: optional header, rows of values.
///
///     let t = try CSVTable.read("runs.csv")
///     t.header                  // ["T", "energy"]
///     t.value                   // {"T": [...], "energy": [...]}
///     try CSVTable(value: .record([("x", .ints([1, 2]))])).write(to: "x.csv")
public struct CSVTable {
    /// Column names, or nil when the file has no header row.
    public var header: [String]?
    /// Rows of equal length.
    public var rows: [[Value]]

    public init(header: [String]?, rows: [[Value]]) {
        self.header = header
        self.rows = rows
    }

    /// Reads the file at `path`; `header` nil means detect it (see `parse`).
    public static func read(_ path: String, delimiter: Character = ",", header: Bool? = nil) throws -> CSVTable {
        let bytes = try DataFile.read(path)
        return try DataFile.naming(path) {
            try parse(String(decoding: bytes, as: UTF8.self), delimiter: delimiter, header: header)
        }
    }

    /// Writes the table to `path`.
    public func write(to path: String, delimiter: Character = ",") throws {
        try DataFile.write(Array(encoded(delimiter: delimiter).utf8), to: path)
    }

    // MARK: Reading

    /// Parses CSV text. With `header` nil, the first row is a header when none
    /// of its fields is a number. Leading lines starting with "#" are comments,
    /// the last of them a header when it has as many fields as the data (numpy's
    /// savetxt writes "# T,E"). Rows must all have the same number of fields.
    public static func parse(_ text: String, delimiter: Character = ",", header: Bool? = nil) throws -> CSVTable {
        var records = try fields(of: text, delimiter: delimiter)
        // Leading "#" lines are comments; the last one names the columns when it
        // fits the data, as numpy.savetxt(header=...) writes "# T,E".
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
        let first = records[0].fields.map { typed($0) }
        let hasHeader = header ?? !first.contains { if case .int = $0 { return true }; if case .double = $0 { return true }; return false }
        var names: [String]?
        if hasHeader {
            names = uniqueNames(records.removeFirst().fields.map(\.text))
        }
        let width = names?.count ?? records.first?.fields.count ?? 0
        var rows: [[Value]] = []
        rows.reserveCapacity(records.count)
        for record in records {
            guard record.fields.count == width else {
                let expected = hasHeader ? "as in the header" : "as in the first row"
                throw RuntimeError("line \(record.line) has \(record.fields.count) fields, expected \(width) \(expected)")
            }
            rows.append(record.fields.map { typed($0) })
        }
        return CSVTable(header: names, rows: rows)
    }

    struct Field {
        var text: String
        var quoted: Bool
    }

    struct Record {
        var line: Int
        var fields: [Field]
    }

    /// Splits text into records of fields per RFC 4180; blank lines are skipped.
    static func fields(of text: String, delimiter: Character) throws -> [Record] {
        let separator = delimiter.asciiValue ?? UInt8(ascii: ",")
        let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n"), ret = UInt8(ascii: "\r")
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }  // a UTF-8 byte-order mark
        var records: [Record] = []
        var fields: [Field] = []
        var field: [UInt8] = []
        var quoted = false
        var line = 1
        var recordLine = 1
        var i = 0
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
                    guard i < bytes.count else { throw RuntimeError("line \(openLine): a quoted field is not closed") }
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
                    throw RuntimeError("line \(line): unexpected text after a closing quote")
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

    /// The value of a field (see the type's comment for the rules).
    static func typed(_ field: Field) -> Value {
        if field.quoted { return .string(field.text) }
        let text = field.text
        if text.isEmpty { return .null }
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
        if s.lowercased().contains("x") { return nil }
        return Double(s)
    }

    /// Header names made unique as pandas does ("E", "E.1"); empty names become "column3".
    static func uniqueNames(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.enumerated().map { j, raw in
            let base = raw.isEmpty ? "column\(j + 1)" : raw
            var name = base
            var k = 1
            while !seen.insert(name).inserted {
                name = "\(base).\(k)"
                k += 1
            }
            return name
        }
    }

    // MARK: Values

    /// The table as ce values: a map of columns when there is a header, else a
    /// list of rows (a plain list when there is one column, as numpy.loadtxt gives).
    public var value: Value {
        guard let header else {
            if !rows.isEmpty && rows.allSatisfy({ $0.count == 1 }) { return .list(ListValue(rows.map { $0[0] })) }
            return .list(ListValue(rows.map { .list(ListValue($0)) }))
        }
        return .record(header.enumerated().map { j, name in (name, .list(ListValue(rows.map { $0[j] }))) })
    }

    /// A table from a map of columns, an object's exported columns, a list of
    /// rows (lists), a list of records (maps) or a list of scalars (one column).
    /// `header` names the columns of rows or scalars.
    public init(value: Value, header: [String]? = nil) throws {
        func list(_ v: Value) -> [Value]? {
            switch v {
            case .list(let l): return l.items
            case .range(let r) where r.count <= CoreBuiltins.maxElements: return r.map { .int($0) }
            default: return nil
            }
        }
        switch value {
        case .object(let o):
            guard let exported = o.exportValue() else { throw RuntimeError("a \(o.typeName) cannot be saved as CSV") }
            try self.init(value: exported, header: header)
            return
        case .map(let m):
            var columns: [[Value]] = []
            for (k, v) in m.pairs {
                guard let column = list(v) else {
                    throw RuntimeError("column '\(k.value)' is a \(v.typeName); a CSV map needs a list per column")
                }
                if let first = columns.first, first.count != column.count {
                    throw RuntimeError("column '\(k.value)' has \(column.count) values but '\(m.keys[0].value)' has \(first.count)")
                }
                columns.append(column)
            }
            let names = header ?? m.keys.map { $0.value.description }
            guard names.count == columns.count else { throw RuntimeError("header has \(names.count) names for \(columns.count) columns") }
            let n = columns.first?.count ?? 0
            self.init(header: names, rows: (0..<n).map { i in columns.map { $0[i] } })
        default:
            guard let items = list(value) else {
                if case .range(let r) = value { throw RuntimeError("a range of \(r.count) values is too long to save") }
                throw RuntimeError("CSV needs a map of columns or a list of rows, got \(value.typeName)")
            }
            if !items.isEmpty, items.allSatisfy({ if case .map = $0 { return true }; return false }) {
                var keys: [MapKey] = []
                var seen = Set<MapKey>()
                for case .map(let m) in items { for k in m.keys where seen.insert(k).inserted { keys.append(k) } }
                let rows = items.map { item -> [Value] in
                    guard case .map(let m) = item else { return [] }
                    return keys.map { m[$0] ?? .null }
                }
                self.init(header: header ?? keys.map { $0.value.description }, rows: rows)
            } else if !items.isEmpty, items.allSatisfy({ list($0) != nil }) {
                let rows = items.compactMap(list)
                let width = header?.count ?? rows[0].count
                for (i, row) in rows.enumerated() where row.count != width {
                    throw RuntimeError("row \(i + 1) has \(row.count) values, expected \(width)\(header == nil ? " as in row 1" : " as in the header")")
                }
                self.init(header: header, rows: rows)
            } else {
                if let header, header.count != 1 { throw RuntimeError("header has \(header.count) names for 1 column") }
                self.init(header: header, rows: items.map { [$0] })
            }
        }
        for (i, row) in rows.enumerated() {
            for (j, cell) in row.enumerated() {
                switch cell {
                case .null, .bool, .int, .double, .string: continue
                default:
                    let column = self.header.map { "'\($0[j])'" } ?? "\(j + 1)"
                    throw RuntimeError("a CSV cell holds a number, string, bool or nil; row \(i + 1), column \(column) is a \(cell.typeName)")
                }
            }
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
            out += row.map { Self.cellText($0, delimiter: delimiter) }.joined(separator: separator) + "\n"
        }
        return out
    }

    /// A cell as CSV text; floats in their shortest round-trip form.
    static func cellText(_ v: Value, delimiter: Character) -> String {
        switch v {
        case .null: return ""
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return d.description
        case .string(let s):
            let readsAsString: Bool
            if case .string = typed(Field(text: s, quoted: false)) { readsAsString = true } else { readsAsString = false }
            return quoted(s, delimiter: delimiter, force: !readsAsString)
        default: return ""
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

