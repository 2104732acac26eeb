// Indexing, slicing and field access on values: `xs[-1]`, `xs[1:3]`,
// `m["k"]`, `m.k`, `run.energy`, and assignment to them.

extension Value {
    /// `self[index]`: lists, strings and ranges by (negative) position, maps by key.
    func indexed(by index: Value) throws -> Value {
        switch self {
        case .list(let l):
            return l.items[try Value.position(index, count: l.items.count, of: "list")]
        case .range(let r):
            return .int(r.element(try Value.position(index, count: r.count, of: "range")))
        case .string(let s):
            let chars = Array(s)
            return .string(String(chars[try Value.position(index, count: chars.count, of: "string")]))
        case .map(let m):
            guard let key = MapKey(index) else { throw RuntimeError("a map key must be a string, int, bool or nil, not \(index.typeName)") }
            guard let v = m[key] else { throw RuntimeError("key \(index.formatted(quoteStrings: true)) is not in the map") }
            return v
        case .object(let o):
            guard case .string(let name) = index, let v = o.field(name) else {
                throw RuntimeError("\(o.typeName) has no field \(index.formatted(quoteStrings: true))")
            }
            return v
        default:
            throw RuntimeError("cannot index \(typeName)")
        }
    }

    /// `self[index] = value` for lists (existing positions) and maps (any key).
    func setIndex(_ index: Value, to value: Value) throws {
        switch self {
        case .list(let l):
            l.items[try Value.position(index, count: l.items.count, of: "list")] = value
        case .map(let m):
            guard let key = MapKey(index) else { throw RuntimeError("a map key must be a string, int, bool or nil, not \(index.typeName)") }
            if !ValueBudget.mapCanGrow(m.count), m[key] == nil { try ValueBudget.checkMap(m.count + 1) }
            m[key] = value
        default:
            throw RuntimeError("cannot assign to an element of \(typeName)")
        }
    }

    /// `self[lower:upper]`: a new list (or string); bounds may be negative and are clamped, as in Python.
    func sliced(_ lower: Value?, _ upper: Value?) throws -> Value {
        func bounds(_ count: Int) throws -> Range<Int> {
            func clamp(_ v: Value?, _ fallback: Int) throws -> Int {
                guard let v, !v.isNull else { return fallback }
                guard let i = v.asIndex else { throw RuntimeError("a slice bound must be an int, not \(v.typeName)") }
                let j = i < 0 ? i + count : i
                return min(max(j, 0), count)
            }
            let lo = try clamp(lower, 0), hi = try clamp(upper, count)
            return lo..<max(lo, hi)
        }
        switch self {
        case .list(let l): return .list(ListValue(Array(l.items[try bounds(l.items.count)])))
        case .string(let s):
            let chars = Array(s)
            return .string(String(chars[try bounds(chars.count)]))
        case .range(let r):
            let b = try bounds(r.count)
            if b.isEmpty { return .range(RangeValue(start: r.start, end: r.start, step: r.step)) }
            // The slice's end: the range's own end when it runs to the end (computing
            // element(count) could overflow), else an element inside the range.
            let end = b.upperBound == r.count ? r.end : r.element(b.upperBound)
            return .range(RangeValue(start: r.element(b.lowerBound), end: end, step: r.step))
        default:
            throw RuntimeError("cannot slice \(typeName)")
        }
    }

    /// `self.name`: object fields, map entries with string keys, range bounds.
    func field(_ name: String) throws -> Value {
        switch self {
        case .object(let o):
            if let v = o.field(name) { return v }
            let known = o.fieldNames.isEmpty ? "" : " (fields: \(o.fieldNames.joined(separator: ", ")))"
            throw RuntimeError("\(o.typeName) has no field '\(name)'\(known)")
        case .map(let m):
            if let v = m[name] { return v }
            throw RuntimeError("the map has no key \"\(name)\"")
        case .range(let r):
            switch name {
            case "start": return .int(r.start)
            case "end": return .int(r.end)
            case "step": return .int(r.step)
            default: break
            }
        default: break
        }
        throw RuntimeError("\(typeName) has no field '\(name)'")
    }

    /// `self.name = value`: maps only (engine objects are read-only).
    func setField(_ name: String, to value: Value) throws {
        guard case .map(let m) = self else { throw RuntimeError("cannot set field '\(name)' of \(typeName)") }
        m[name] = value
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// An int, or an integral float, usable as a position.
    var asIndex: Int? {
        switch self {
        case .int(let i): return i
        case .double(let d) where d.rounded() == d && abs(d) < 9.0e15: return Int(d)
        default: return nil
        }
    }

    /// A 0-based position from a possibly negative index, checked against `count`.
    static func position(_ index: Value, count: Int, of what: String) throws -> Int {
        guard let i = index.asIndex else { throw RuntimeError("a \(what) index must be an int, not \(index.typeName)") }
        let j = i < 0 ? i + count : i
        guard j >= 0 && j < count else {
            throw RuntimeError("index \(i) is out of range for a \(what) of length \(count)")
        }
        return j
    }
}
