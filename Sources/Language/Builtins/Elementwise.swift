// Element-wise application of scalar functions to numbers, (nested) lists
// and ranges, as numpy users expect `sqrt([1, 4])` to work.

enum Elementwise {
    /// Nesting deeper than this is refused (a list that contains itself would recurse forever).
    static let maxDepth = 200

    /// Applies `int` or `double` to a number, or to every number inside a list or range.
    ///
    ///     try Elementwise.apply(.list(...), callee: "sqrt", int: { .double(Double($0).squareRoot()) },
    ///                           double: { .double($0.squareRoot()) })
    static func apply(
        _ value: Value, callee: String, depth: Int = 0,
        int: (Int) throws -> Value, double: (Double) throws -> Value
    ) throws -> Value {
        switch value {
        case .int(let i): return try int(i)
        case .double(let d): return try double(d)
        case .range(let r):
            try checkSize(r.count, callee: callee)
            return .list(ListValue(try r.map { try int($0) }))
        case .list(let l):
            guard depth < maxDepth else { throw tooDeep(callee) }
            return .list(ListValue(try l.items.map {
                try apply($0, callee: callee, depth: depth + 1, int: int, double: double)
            }))
        default:
            throw RuntimeError("\(callee) needs a number or a list of numbers, got \(value.typeName)")
        }
    }

    /// Applies a Double function everywhere, turning ints into floats first.
    static func apply(_ value: Value, callee: String, _ f: (Double) -> Double) throws -> Value {
        try apply(value, callee: callee, int: { .double(f(Double($0))) }, double: { .double(f($0)) })
    }

    /// The elements of a list or range, or nil for other values.
    static func items(of v: Value, callee: String) throws -> [Value]? {
        switch v {
        case .list(let l): return l.items
        case .range(let r):
            try checkSize(r.count, callee: callee)
            return r.map { .int($0) }
        default: return nil
        }
    }

    /// Whether `v` is a list or a range.
    static func isSequence(_ v: Value) -> Bool {
        switch v {
        case .list, .range: return true
        default: return false
        }
    }

    /// Refuses to build a list that would not fit the memory limit.
    static func checkSize(_ count: Int, callee: String) throws {
        try ValueBudget.checkList(count, callee)
    }

    static func tooDeep(_ callee: String) -> RuntimeError {
        RuntimeError("\(callee): the value nests more than \(maxDepth) levels deep (does a list contain itself?)")
    }
}
