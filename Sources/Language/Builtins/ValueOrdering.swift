// How `sort`, `min` and `max` compare values: numbers with numbers (ints
// exactly, nan after every number as numpy sorts), strings by code point as
// Python does, booleans with booleans, lists lexicographically.

enum ValueOrdering {
    /// -1, 0 or 1 as `a` sorts before, with or after `b`; mixed kinds are an error.
    ///
    ///     try ValueOrdering.compare(.int(1), .double(1.5), callee: "sort")   // -1
    static func compare(_ a: Value, _ b: Value, callee: String, depth: Int = 0) throws -> Int {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x < y ? -1 : (x > y ? 1 : 0)
        case (.int, .double), (.double, .int), (.double, .double):
            return compareDoubles(number(a), number(b))
        case (.string(let x), .string(let y)):
            if x == y { return 0 }
            return x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars) ? -1 : 1
        case (.bool(let x), .bool(let y)): return x == y ? 0 : (x ? 1 : -1)
        case (.range, _), (.list, _):
            guard let xs = try Elementwise.items(of: a, callee: callee), let ys = try Elementwise.items(of: b, callee: callee) else { break }
            guard depth < Elementwise.maxDepth else { throw Elementwise.tooDeep(callee) }
            for (x, y) in zip(xs, ys) {
                let c = try compare(x, y, callee: callee, depth: depth + 1)
                if c != 0 { return c }
            }
            return xs.count < ys.count ? -1 : (xs.count > ys.count ? 1 : 0)
        default: break
        }
        throw RuntimeError("\(callee) cannot compare \(a.typeName) with \(b.typeName)")
    }

    private static func number(_ v: Value) -> Double {
        switch v {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return .nan
        }
    }

    private static func compareDoubles(_ x: Double, _ y: Double) -> Int {
        if x.isNaN || y.isNaN { return x.isNaN == y.isNaN ? 0 : (x.isNaN ? 1 : -1) }
        return x < y ? -1 : (x > y ? 1 : 0)
    }
}
