// Arithmetic, comparison and equality on values: the general (slow) paths
// behind the compiled fast paths for two ints or two floats. Ints that
// overflow 64 bits become floats; element-wise arithmetic on numeric lists.
import Foundation

/// The operators of the language on arbitrary values.
///
///     try Operators.binary(.add, .int(1), .double(2.5))   // 3.5
///     try Operators.binary(.multiply, .ints([1, 2]), .int(3))   // [3, 6]
enum Operators {
    /// `a op b` for any operands; throws RuntimeError (without location) on a type mismatch.
    static func binary(_ op: BinaryOp, _ a: Value, _ b: Value) throws -> Value {
        switch op {
        case .equal: return .bool(equal(a, b))
        case .notEqual: return .bool(!equal(a, b))
        case .less, .lessEqual, .greater, .greaterEqual: return .bool(try compare(op, a, b))
        case .memberOf: return .bool(try contains(b, a))
        case .notMemberOf: return .bool(!(try contains(b, a)))
        default: return try arithmetic(op, a, b)
        }
    }

    /// `+ - * / % ^` on numbers, strings (`+` only) and element-wise on lists.
    static func arithmetic(_ op: BinaryOp, _ a: Value, _ b: Value, depth: Int = 0) throws -> Value {
        switch (a, b) {
        case (.int(let x), .int(let y)): return try ints(op, x, y)
        case (.int(let x), .double(let y)): return doubles(op, Double(x), y)
        case (.double(let x), .int(let y)): return doubles(op, x, Double(y))
        case (.double(let x), .double(let y)): return doubles(op, x, y)
        case (.string(let x), .string(let y)) where op == .add:
            try ValueBudget.checkString(bytes: x.utf8.count + y.utf8.count)
            return .string(x + y)
        case (.list, _), (.range, _), (_, .list), (_, .range):
            return try elementwise(op, a, b, depth: depth + 1)
        default:
            if op == .add, case .string = a {
                throw RuntimeError("cannot add string and \(b.typeName); write \"...${x}\" to put a value in a string")
            }
            throw RuntimeError("cannot apply '\(op.rawValue)' to \(a.typeName) and \(b.typeName)")
        }
    }

    /// Int arithmetic; results that overflow become floats, `/` always gives a float.
    static func ints(_ op: BinaryOp, _ x: Int, _ y: Int) throws -> Value {
        switch op {
        case .add:
            let (r, o) = x.addingReportingOverflow(y)
            return o ? .double(Double(x) + Double(y)) : .int(r)
        case .subtract:
            let (r, o) = x.subtractingReportingOverflow(y)
            return o ? .double(Double(x) - Double(y)) : .int(r)
        case .multiply:
            let (r, o) = x.multipliedReportingOverflow(by: y)
            return o ? .double(Double(x) * Double(y)) : .int(r)
        case .divide:
            guard y != 0 else { throw RuntimeError("division by zero") }
            return .double(Double(x) / Double(y))
        case .remainder:
            guard y != 0 else { throw RuntimeError("modulo by zero") }
            let (r, o) = x.remainderReportingOverflow(dividingBy: y)
            if o { return .int(0) }
            // Floored, as in Python: the result has the divisor's sign.
            return .int(r != 0 && (r < 0) != (y < 0) ? r + y : r)
        case .power:
            if y < 0 { return .double(pow(Double(x), Double(y))) }
            var result = 1, base = x, e = y
            while e > 0 {
                if e & 1 == 1 {
                    let (r, o) = result.multipliedReportingOverflow(by: base)
                    if o { return .double(pow(Double(x), Double(y))) }
                    result = r
                }
                e >>= 1
                if e > 0 {
                    let (b2, o) = base.multipliedReportingOverflow(by: base)
                    if o { return .double(pow(Double(x), Double(y))) }
                    base = b2
                }
            }
            return .int(result)
        default:
            return .bool(false)
        }
    }

    /// Float arithmetic (IEEE: 1.0 / 0 is inf).
    static func doubles(_ op: BinaryOp, _ x: Double, _ y: Double) -> Value {
        switch op {
        case .add: return .double(x + y)
        case .subtract: return .double(x - y)
        case .multiply: return .double(x * y)
        case .divide: return .double(x / y)
        case .remainder:
            let r = fmod(x, y)
            return .double(r != 0 && (r < 0) != (y < 0) ? r + y : r)
        case .power: return .double(pow(x, y))
        default: return .bool(false)
        }
    }

    /// List op list (equal lengths), list op scalar, scalar op list.
    static func elementwise(_ op: BinaryOp, _ a: Value, _ b: Value, depth: Int) throws -> Value {
        guard depth <= nestingLimit else { throw RuntimeError("element-wise '\(op.rawValue)': lists nested too deeply") }
        let left = try sequenceItems(a), right = try sequenceItems(b)
        switch (left, right) {
        case (let xs?, let ys?):
            guard xs.count == ys.count else {
                throw RuntimeError("element-wise '\(op.rawValue)' needs lists of equal length, got \(xs.count) and \(ys.count)")
            }
            var out: [Value] = []
            out.reserveCapacity(xs.count)
            for i in 0..<xs.count { out.append(try arithmetic(op, xs[i], ys[i], depth: depth)) }
            return .list(ListValue(out))
        case (let xs?, nil):
            return .list(ListValue(try xs.map { try arithmetic(op, $0, b, depth: depth) }))
        case (nil, let ys?):
            return .list(ListValue(try ys.map { try arithmetic(op, a, $0, depth: depth) }))
        default:
            throw RuntimeError("cannot apply '\(op.rawValue)' to \(a.typeName) and \(b.typeName)")
        }
    }

    /// The elements of a list or range, else nil.
    static func sequenceItems(_ v: Value) throws -> [Value]? {
        switch v {
        case .list(let l): return l.items
        case .range(let r):
            try ValueBudget.checkList(r.count, "")
            return r.map { .int($0) }
        default: return nil
        }
    }

    /// How deeply element-wise operations and equality follow nested lists
    /// (a list may contain itself).
    static let nestingLimit = 100

    /// Negation (`-x`), element-wise on lists.
    static func negate(_ v: Value, depth: Int = 0) throws -> Value {
        switch v {
        case .int(let i):
            let (r, o) = Int(0).subtractingReportingOverflow(i)
            return o ? .double(-Double(i)) : .int(r)
        case .double(let d): return .double(-d)
        case .list(let l):
            guard depth <= nestingLimit else { throw RuntimeError("negation: lists nested too deeply") }
            return .list(ListValue(try l.items.map { try negate($0, depth: depth + 1) }))
        default: throw RuntimeError("cannot negate \(v.typeName)")
        }
    }

    /// Structural equality: numbers by value (1 == 1.0), lists and maps by
    /// contents, functions and objects by identity.
    static func equal(_ a: Value, _ b: Value, depth: Int = 0) -> Bool {
        if depth > nestingLimit { return false }
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.int(let x), .double(let y)): return Double(x) == y
        case (.double(let x), .int(let y)): return x == Double(y)
        case (.double(let x), .double(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.range(let x), .range(let y)): return x == y
        case (.list(let x), .list(let y)):
            if x === y { return true }
            guard x.items.count == y.items.count else { return false }
            for i in 0..<x.items.count where !equal(x.items[i], y.items[i], depth: depth + 1) { return false }
            return true
        case (.map(let x), .map(let y)):
            if x === y { return true }
            guard x.count == y.count else { return false }
            for (k, v) in x.pairs {
                guard let w = y[k], equal(v, w, depth: depth + 1) else { return false }
            }
            return true
        case (.function(let x), .function(let y)): return x === y
        case (.object(let x), .object(let y)): return x === y
        default: return false
        }
    }

    /// `item in container`: an equal item of a list, a key of a map, a
    /// substring of a string, a number of a range.
    static func contains(_ container: Value, _ item: Value) throws -> Bool {
        switch container {
        case .list(let l): return l.items.contains { equal($0, item) }
        case .map(let m): return MapKey(item).map { m[$0] != nil } ?? false
        case .string(let s):
            guard case .string(let sub) = item else {
                throw RuntimeError("'in' a string needs a string on the left, not \(item.typeName)")
            }
            return sub.isEmpty || s.contains(sub)
        case .range(let r):
            guard let i = item.asIndex, case .int = item else {
                if case .double(let d) = item, let i = item.asIndex, Double(i) == d { return try contains(container, .int(i)) }
                return false
            }
            let offset = i.subtractingReportingOverflow(r.start)
            guard !offset.overflow, offset.partialValue % r.step == 0 else { return false }
            let k = offset.partialValue / r.step
            return k >= 0 && k < r.count
        case .object(let o):
            guard case .string(let name) = item else { return false }
            return o.field(name) != nil
        default:
            throw RuntimeError("cannot look for a value in \(withArticle(container.typeName)) with 'in'")
        }
    }

    /// `a < b` and friends on two numbers or two strings (NaN compares false).
    static func compare(_ op: BinaryOp, _ a: Value, _ b: Value) throws -> Bool {
        switch (a, b) {
        case (.int(let x), .int(let y)): return holds(op, x, y)
        case (.int(let x), .double(let y)): return holds(op, Double(x), y)
        case (.double(let x), .int(let y)): return holds(op, x, Double(y))
        case (.double(let x), .double(let y)): return holds(op, x, y)
        case (.string(let x), .string(let y)): return holds(op, x, y)
        default:
            throw RuntimeError("cannot compare \(a.typeName) and \(b.typeName) with '\(op.rawValue)'")
        }
    }

    @inline(__always)
    static func holds<T: Comparable>(_ op: BinaryOp, _ x: T, _ y: T) -> Bool {
        switch op {
        case .less: return x < y
        case .lessEqual: return x <= y
        case .greater: return x > y
        case .greaterEqual: return x >= y
        case .equal: return x == y
        case .notEqual: return x != y
        default: return false
        }
    }
}
