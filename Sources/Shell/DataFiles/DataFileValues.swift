// Conversions between ce values and the Formats target's codec types: JSON
// trees, CSV cells and tables, NumPy arrays. The codecs know nothing of the
// language; this file is where the two meet.
import Formats
import Language
import Numerics

/// The items of a list, or of a range that fits the memory limit when expanded.
private func listItems(_ v: Value) -> [Value]? {
    switch v {
    case .list(let l): return l.items
    case .range(let r) where (try? ValueBudget.checkList(r.count, "")) != nil: return r.map { .int($0) }
    default: return nil
    }
}

// MARK: JSON

extension Value {
    /// The ce value of a JSON document: objects become ordered maps, arrays lists.
    ///
    ///     Value(json: try JSON.parse("[1, 2.5]"))   // [1, 2.5]
    init(json: JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .double(let d): self = .double(d)
        case .string(let s): self = .string(s)
        case .array(let a): self = .list(ListValue(a.map(Value.init(json:))))
        case .object(let o): self = .map(MapValue(fields: o.members.map { ($0.key, Value(json: $0.value)) }))
        }
    }
}

extension JSONValue {
    /// The JSON tree of a ce value; engine results go through their exported columns.
    /// Functions, cyclic lists and over-long ranges are refused.
    init(value: Value, depth: Int = 0) throws {
        guard depth < JSON.maxDepth else {
            throw RuntimeError("the value nests more than \(JSON.maxDepth) levels deep (does a list contain itself?)")
        }
        switch value {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .double(let d): self = .double(d)
        case .string(let s): self = .string(s)
        case .list(let l): self = .array(try l.items.map { try JSONValue(value: $0, depth: depth + 1) })
        case .range(let r):
            try ValueBudget.checkList(r.count, "")
            self = .array(r.map { .int($0) })
        case .map(let m):
            self = .object(JSONObject(try m.pairs.map { k, v in (k.value.description, try JSONValue(value: v, depth: depth + 1)) }))
        case .object(let o):
            guard let exported = o.exportValue() else { throw RuntimeError("a \(o.typeName) cannot be saved as JSON") }
            self = try JSONValue(value: exported, depth: depth)
        case .function(let f): throw RuntimeError("a function (\(f.name)) cannot be saved as JSON")
        }
    }
}

/// ce values to and from JSON text and files.
///
///     try JSONCodec.encode(.record([("T", .doubles([1, 0.5]))]), indent: nil)   // {"T": [1.0, 0.5]}
///     try JSONCodec.decode("[1, 2]")                                            // [1, 2]
public enum JSONCodec {
    /// JSON text for `value` (see `JSON.encode` for the layout).
    public static func encode(_ value: Value, indent: Int? = 2) throws -> String {
        JSON.encode(try JSONValue(value: value), indent: indent)
    }

    /// The value of JSON text; errors give the line and column.
    public static func decode(_ text: String) throws -> Value {
        try decode(Array(text.utf8))
    }

    /// The value of UTF-8 encoded JSON.
    public static func decode(_ bytes: [UInt8]) throws -> Value {
        do { return Value(json: try JSON.parse(bytes)) } catch let e as FormatError { throw RuntimeError(e.description) }
    }

    /// Reads and decodes the file at `path`; errors name the file.
    public static func read(_ path: String) throws -> Value {
        let bytes = try DataFile.bounded(path, shownAs: path, expansion: DataFile.textExpansion)
        return try DataFile.naming(path) { try decode(bytes) }
    }

    /// Encodes `value` and writes it to `path` with a final newline.
    public static func write(_ value: Value, to path: String, indent: Int? = 2) throws {
        try DataFile.write(Array((try encode(value, indent: indent) + "\n").utf8), to: path, shownAs: path)
    }
}

// MARK: CSV

extension Value {
    init(_ cell: CSVCell) {
        switch cell {
        case .empty: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .double(let d): self = .double(d)
        case .string(let s): self = .string(s)
        }
    }
}

extension CSVTable {
    /// Reads the file at `path`; `header` nil means detect it (see `CSVTable.parse`).
    static func read(_ path: String, delimiter: Character = ",", header: Bool? = nil) throws -> CSVTable {
        let bytes = try DataFile.bounded(path, shownAs: path, expansion: DataFile.textExpansion)
        return try DataFile.naming(path) { try parse(bytes, delimiter: delimiter, header: header) }
    }

    /// Writes the table to `path`.
    func write(to path: String, delimiter: Character = ",") throws {
        try DataFile.write(Array(encoded(delimiter: delimiter).utf8), to: path, shownAs: path)
    }

    /// The table as ce values: a map of columns when there is a header, else a
    /// list of rows (a plain list when there is one column, as numpy.loadtxt gives).
    var value: Value {
        guard let header else {
            if !rows.isEmpty && rows.allSatisfy({ $0.count == 1 }) { return .list(ListValue(rows.map { Value($0[0]) })) }
            return .list(ListValue(rows.map { .list(ListValue($0.map(Value.init))) }))
        }
        return .record(header.indices.map { j in (header[j], .list(ListValue(rows.map { Value($0[j]) }))) })
    }

    /// A table from a map of columns, an object's exported columns, a list of
    /// rows (lists), a list of records (maps) or a list of scalars (one column).
    /// `header` names the columns of rows or scalars.
    init(value: Value, header: [String]? = nil) throws {
        var names: [String]?
        var rows: [[Value]]
        switch value {
        case .object(let o):
            // A result's own table, units in the headers; else its exported columns.
            let columns = o.dataTable.map { Value.record($0.columns.map { ($0.header, $0.values) }) }
            guard let table = columns ?? o.exportValue() else { throw RuntimeError("a \(o.typeName) cannot be saved as CSV") }
            try self.init(value: table, header: header)
            return
        case .map(let m):
            var columns: [[Value]] = []
            for (k, v) in m.pairs {
                guard let column = listItems(v) else {
                    throw RuntimeError("column '\(k.value)' is a \(v.typeName); a CSV map needs a list per column")
                }
                if let first = columns.first, first.count != column.count {
                    throw RuntimeError("column '\(k.value)' has \(column.count) values but '\(m.keys[0].value)' has \(first.count)")
                }
                columns.append(column)
            }
            names = header ?? m.keys.map { $0.value.description }
            guard names?.count == columns.count else { throw RuntimeError("header has \(names?.count ?? 0) names for \(columns.count) columns") }
            let n = columns.first?.count ?? 0
            rows = (0..<n).map { i in columns.map { $0[i] } }
        default:
            guard let items = listItems(value) else {
                if case .range(let r) = value { throw RuntimeError("a range of \(r.count) values is too long to save") }
                throw RuntimeError("CSV needs a map of columns or a list of rows, got \(value.typeName)")
            }
            if !items.isEmpty, items.allSatisfy({ if case .map = $0 { return true }; return false }) {
                var keys: [MapKey] = []
                var seen = Set<MapKey>()
                for case .map(let m) in items { for k in m.keys where seen.insert(k).inserted { keys.append(k) } }
                rows = items.map { item -> [Value] in
                    guard case .map(let m) = item else { return [] }
                    return keys.map { m[$0] ?? .null }
                }
                names = header ?? keys.map { $0.value.description }
            } else if !items.isEmpty, items.allSatisfy({ listItems($0) != nil }) {
                rows = items.compactMap(listItems)
                let width = header?.count ?? rows[0].count
                for (i, row) in rows.enumerated() where row.count != width {
                    throw RuntimeError("row \(i + 1) has \(row.count) values, expected \(width)\(header == nil ? " as in row 1" : " as in the header")")
                }
                names = header
            } else {
                if let header, header.count != 1 { throw RuntimeError("header has \(header.count) names for 1 column") }
                rows = items.map { [$0] }
                names = header
            }
        }
        let cells = try rows.enumerated().map { i, row in
            try row.enumerated().map { j, v -> CSVCell in
                switch v {
                case .null: return .empty
                case .bool(let b): return .bool(b)
                case .int(let n): return .int(n)
                case .double(let d): return .double(d)
                case .string(let s): return .string(s)
                default:
                    let column = names.map { "'\($0[j])'" } ?? "\(j + 1)"
                    throw RuntimeError("a CSV cell holds a number, string, bool or nil; row \(i + 1), column \(column) is a \(v.typeName)")
                }
            }
        }
        self.init(header: names, rows: cells)
    }
}

// MARK: NumPy

extension NpyArray {
    /// Nesting deeper than this is refused (a list may contain itself).
    static let maxDimensions = 32

    /// The array for a number, a list of numbers, or equally long nested lists.
    /// Ints stay int64 unless a float is present; all booleans give a bool array.
    init(value: Value) throws {
        var shape: [Int] = []
        var probe = value
        while let xs = listItems(probe) {
            guard shape.count < NpyArray.maxDimensions else {
                throw RuntimeError("lists nest more than \(NpyArray.maxDimensions) deep (does a list contain itself?)")
            }
            shape.append(xs.count)
            guard let first = xs.first else { break }
            probe = first
        }
        // No capacity reserved: a ragged list's first path can promise more than it holds.
        var leaves: [Value] = []
        var index: [Int] = []
        func flatten(_ v: Value, _ dim: Int) throws {
            let xs = listItems(v)
            if dim == shape.count {
                guard xs == nil else { throw ragged("is a list where the first is a number") }
                leaves.append(v)
                return
            }
            guard let xs else { throw ragged("is a \(v.typeName) where the first is a list of \(shape[dim])") }
            guard xs.count == shape[dim] else { throw ragged("has \(xs.count) values, the first has \(shape[dim])") }
            for (i, x) in xs.enumerated() {
                index.append(i)
                try flatten(x, dim + 1)
                index.removeLast()
            }
        }
        func ragged(_ what: String) -> RuntimeError {
            let place = index.isEmpty ? "the value" : "element " + index.map { "[\($0)]" }.joined()
            return RuntimeError("the array is ragged: \(place) \(what)")
        }
        try flatten(value, 0)
        var sawDouble = false, sawInt = false
        for (i, leaf) in leaves.enumerated() {
            switch leaf {
            case .double: sawDouble = true
            case .int: sawInt = true
            case .bool: break
            default:
                throw RuntimeError(".npy holds numbers only; found \(leaf.typeName) \(leaf.literal) at element \(i) (C order)")
            }
        }
        let elements: Elements
        if sawDouble || leaves.isEmpty {
            elements = .float64(leaves.map { leaf in
                switch leaf {
                case .int(let i): return Double(i)
                case .double(let d): return d
                case .bool(let b): return b ? 1 : 0
                default: return .nan
                }
            })
        } else if sawInt {
            elements = .int64(leaves.map { leaf in
                switch leaf {
                case .int(let i): return i
                case .bool(let b): return b ? 1 : 0
                default: return 0
                }
            })
        } else {
            elements = .bool(leaves.map { $0.isTruthy })
        }
        try self.init(shape: shape, elements: elements)
    }

    /// The same array with "float64" or "int64" elements, the dtype given as a ce string.
    func converted(to dtype: Value) throws -> NpyArray {
        guard case .string(let name) = dtype else { throw RuntimeError("dtype must be \"float64\" or \"int64\", got \(dtype.literal)") }
        return try converted(to: name)
    }

    /// The bytes the array takes as ce values (each element a value, each row a list), for the memory check before `value`.
    static func valueBytes(shape: [Int]) -> Int {
        var lists = 0, outer = 1
        for n in shape {
            lists = lists.addingReportingOverflow(outer).partialValue
            outer = MemoryBudget.product(outer, n)
        }
        let listBytes = MemoryBudget.product(lists, 64)
        let (total, overflow) = MemoryBudget.product(outer, MemoryLayout<Value>.stride).addingReportingOverflow(listBytes)
        return overflow ? .max : total
    }

    /// The array as ce values: a scalar, a list, or nested lists (a matrix is a list of rows).
    var value: Value {
        func element(_ i: Int) -> Value {
            switch elements {
            case .float64(let xs): return .double(xs[i])
            case .int64(let xs): return .int(xs[i])
            case .bool(let xs): return .bool(xs[i])
            }
        }
        // Wrapping arithmetic: strides overflow only in arrays with a zero dimension, where no element is reached.
        var strides = [Int](repeating: 1, count: shape.count)
        for d in shape.indices.reversed().dropFirst() { strides[d] = strides[d + 1] &* shape[d + 1] }
        func build(_ dim: Int, _ offset: Int) -> Value {
            if dim == shape.count { return element(offset) }
            return .list(ListValue((0..<shape[dim]).map { build(dim + 1, offset &+ $0 &* strides[dim]) }))
        }
        return build(0, 0)
    }

    /// Reads the array stored at `path`, refused before decoding when it would not fit the memory limit.
    static func read(_ path: String) throws -> NpyArray {
        let bytes = try DataFile.bounded(path, shownAs: path)
        return try DataFile.naming(path) { try NpyFile.decode(bytes) }
    }

    /// Writes the array to `path` as numpy.save does.
    func write(to path: String) throws {
        try DataFile.write(NpyFile.encode(self), to: path, shownAs: path)
    }
}
