// Text output of numbers: format (significant digits or fixed decimals)
// and table (aligned columns, a TextTable value).

enum FormatBuiltins {
    static var all: [Builtin] { [format, table] }

    /// The text of a value with floats at `digits` significant digits, or
    /// `decimals` fixed decimal places when given; lists and maps recursively,
    /// within the memory limit.
    static func text(_ v: Value, digits: Int, decimals: Int?, quote: Bool) throws -> String {
        var text = ValueText(callee: "format", numbers: .formatted(digits: digits, decimals: decimals))
        try text.write(v, quoteStrings: quote)
        return text.text
    }

    static func digits(_ d: Int, callee: String) throws -> Int {
        guard (1...17).contains(d) else { throw RuntimeError("\(callee): digits must be 1 to 17, got \(d)") }
        return d
    }

    static var format: Builtin {
        Builtin(
            "format", FormatParameters.self, summary: "A number as text with `digits` significant digits (or fixed decimals).",
            doc: """
                Trailing zeros are dropped and an integral float keeps ".0", as values print;
                exponent form below 1e-5 and from 1e16. Lists and maps are formatted element
                by element. With decimals=n every number gets exactly n decimals.
                Example:
                    format(3.14159265)             # 3.14159
                    format(2/3, digits=3)          # 0.667
                    format([1/3, 2.5], digits=2)   # [0.33, 2.5]
                    format(2, decimals=2)          # 2.00
                """,
            category: "format"
        ) { args in
            let decimals = try args.decimals
            if let n = decimals, !(0...30).contains(n) { throw RuntimeError("format: decimals must be 0 to 30, got \(n)") }
            let digits = try digits(try args.digits, callee: "format")
            return .string(try text(try args.x, digits: digits, decimals: decimals, quote: false))
        }
    }

    static var table: Builtin {
        Builtin(
            "table", TableParameters.self, summary: "An aligned text table of columns or rows.",
            doc: """
                Accepts a map of column name → list (in the map's order), an object with
                list fields (e.g. a run), a list of rows (lists) or of records (maps), or
                several lists as columns. header= names the columns; without names a
                table of rows or lists prints no header. Numbers are right-aligned with
                `digits` significant digits, other values left-aligned, nil is blank.
                The result is a table value: it prints aligned, t.name is a column (a
                column named "E (eV)" is t.E: units stay in the header) and save(t, "t.csv")
                writes its columns with their full names.
                Example:
                    table({"T": [1.0, 0.5], "E": [-0.1, -0.25]})
                    #   T      E
                    # ---  -----
                    # 1.0   -0.1
                    # 0.5  -0.25
                    table([[1, "Li"], [2, "Mn"]], header=["n", "species"])
                """,
            category: "format"
        ) { args in
            let header = try args.header
            var (names, columns) = try tableColumns(try args.columns)
            if let header {
                guard header.count == columns.count else {
                    throw RuntimeError("table: header has \(header.count) names for \(columns.count) columns")
                }
                names = header
            }
            let shown = names ?? columns.indices.map { "c\($0 + 1)" }
            return .object(try TextTable(
                columns: Array(Swift.zip(shown, columns)), digits: try digits(try args.digits, callee: "table"), showsHeader: names != nil))
        }
    }

    /// Column names (nil when the input has none) and columns from table's arguments.
    static func tableColumns(_ arguments: [Value]) throws -> ([String]?, [[Value]]) {
        func list(_ v: Value, _ what: String) throws -> [Value] {
            guard let items = try Elementwise.items(of: v, callee: "table") else {
                throw RuntimeError("table: \(what) must be a list, got \(v.typeName)")
            }
            return items
        }
        guard let first = arguments.first else {
            throw RuntimeError("table needs a map of columns, a list of rows, or column lists")
        }
        if arguments.count > 1 {
            return (nil, try arguments.enumerated().map { try list($1, "column \($0 + 1)") })
        }
        switch first {
        case .map(let m):
            return (m.keys.map { $0.value.description }, try m.pairs.map { k, v in try list(v, "column '\(k.value)'") })
        case .object(let o):
            // An object's list fields are its columns; scalar fields (a seed, a total) are left out.
            guard let exported = o.exportValue(), case .map(let m) = exported else {
                throw RuntimeError("table: a \(o.typeName) has no columns to show")
            }
            let columns = m.pairs.filter { Elementwise.isSequence($0.1) }
            guard !columns.isEmpty else { throw RuntimeError("table: a \(o.typeName) has no list fields to show") }
            return try tableColumns([.map(MapValue(columns.map { ($0.0, $0.1) }))])
        default: break
        }
        let items = try list(first, "the argument")
        if !items.isEmpty && items.allSatisfy({ if case .map = $0 { return true } else { return false } }) {
            var names: [MapKey] = []
            var seen = Set<MapKey>()
            for case .map(let m) in items { for k in m.keys where seen.insert(k).inserted { names.append(k) } }
            let columns = names.map { k in items.map { item -> Value in
                guard case .map(let m) = item else { return .null }
                return m[k] ?? .null
            } }
            return (names.map { $0.value.description }, columns)
        }
        guard !items.isEmpty, items.allSatisfy(Elementwise.isSequence) else { return (nil, [items]) }
        let rows = try items.map { try list($0, "a row") }
        let width = rows[0].count
        for (i, row) in rows.enumerated() where row.count != width {
            throw RuntimeError("table: row \(i + 1) has \(row.count) values but row 1 has \(width)")
        }
        return (nil, (0..<width).map { j in rows.map { $0[j] } })
    }

    struct FormatParameters: Parameters {
        var x = Param<Value>("x", "a number, or a list or map holding numbers")
        var digits = Param("digits", default: 6, "significant digits of floats (1 to 17)")
        var decimals = Param<Int?>("decimals", default: nil, "fixed decimal places instead (ints too), 0 to 30")
    }

    struct TableParameters: Parameters {
        var columns = Param.variadic("columns", "a map of name → list, a list of rows, or several column lists")
        var header = Param<[String]?>("header", default: nil, "column names")
        var digits = Param("digits", default: 6, "significant digits of floats (1 to 17)")
    }
}
