// An aligned text table: what `table(...)` returns and what engine results
// can use to print their columns. It prints aligned, its fields are its
// columns (named without their units), and `save` writes it as a map of
// columns with their full names (CSV, JSON).

/// Named columns of values that print as an aligned table: numbers
/// right-aligned with `digits` significant digits, other values left-aligned.
///
///     let t = try TextTable(columns: [("T", .doubles([1, 0.5])), ("E", .doubles([-0.1, -0.25]))])
///     print(t.text)
///     //   T      E
///     // ---  -----
///     // 1.0   -0.1
///     // 0.5  -0.25
public final class TextTable: EngineObject {
    /// Column names and their values, in display order; all columns have the same length.
    public let columns: [(name: String, values: [Value])]
    /// Significant digits of floats.
    public let digits: Int
    /// Whether the first two lines are the column names and a rule.
    public let showsHeader: Bool

    /// A table of equally long columns; throws when the lengths differ.
    public init(columns: [(name: String, values: [Value])], digits: Int = 6, showsHeader: Bool = true) throws {
        if let first = columns.first {
            for c in columns where c.values.count != first.values.count {
                throw RuntimeError(
                    "table: column '\(c.name)' has \(c.values.count) values but '\(first.name)' has \(first.values.count)")
            }
        }
        self.columns = columns
        self.digits = digits
        self.showsHeader = showsHeader
    }

    public var rowCount: Int { columns.first?.values.count ?? 0 }

    /// The aligned text, lines joined by newlines, no trailing spaces.
    public var text: String {
        let cells = columns.map { c in c.values.map { Self.cell($0, digits: digits) } }
        let numeric = columns.map { c in c.values.allSatisfy(Self.isNumber) }
        let widths = columns.indices.map { j in
            max(showsHeader ? columns[j].name.count : 0, cells[j].map(\.count).max() ?? 0)
        }
        func line(_ texts: [String], rightAligned: [Bool]) -> String {
            var parts: [String] = []
            for (j, t) in texts.enumerated() {
                let pad = String(repeating: " ", count: widths[j] - t.count)
                parts.append(rightAligned[j] ? pad + t : t + pad)
            }
            var s = parts.joined(separator: "  ")
            while s.hasSuffix(" ") { s.removeLast() }
            return s
        }
        var lines: [String] = []
        if showsHeader {
            lines.append(line(columns.map(\.name), rightAligned: numeric))
            lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        }
        for i in 0..<rowCount {
            lines.append(line(columns.indices.map { cells[$0][i] }, rightAligned: columns.indices.map { Self.isNumber(columns[$0].values[i]) }))
        }
        return lines.joined(separator: "\n")
    }

    static func isNumber(_ v: Value) -> Bool {
        switch v {
        case .int, .double, .null: return true
        default: return false
        }
    }

    static func cell(_ v: Value, digits: Int) -> String {
        if case .null = v { return "" }
        return (try? FormatBuiltins.text(v, digits: digits, decimals: nil, quote: false)) ?? v.typeName
    }

    public var typeName: String { "table" }
    /// The columns' names without a trailing unit: the column "mean (eV/prim)" is the field `mean`.
    public var fieldNames: [String] { columns.map { Self.fieldName($0.name) } }
    public func field(_ name: String) -> Value? {
        let column = columns.first { $0.name == name } ?? columns.first { Self.fieldName($0.name) == name }
        return column.map { .list(ListValue($0.values)) }
    }

    /// "mean (eV/prim)" -> "mean"; a name without a parenthesised unit is its own field name.
    static func fieldName(_ columnName: String) -> String {
        DataTable.column(header: columnName, .null).name
    }
    public var summary: String { text }
    public func exportValue() -> Value? {
        .record(columns.map { ($0.name, .list(ListValue($0.values))) })
    }
    public var dataTable: DataTable? {
        DataTable(columns: columns.map { DataTable.column(header: $0.name, .list(ListValue($0.values))) })
    }
}
