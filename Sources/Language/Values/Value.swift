// The values a ce program computes with.

/// A value of the language: numbers, strings, booleans, nil, lists, ordered
/// maps, ranges, functions and engine objects (lattice, run, fit, ...).
///
/// Lists and maps are references, as in Python: `ys = xs; append(ys, 1)`
/// changes `xs` too.
///
///     let v: Value = .list(ListValue([.int(1), .double(2.5)]))
public enum Value {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case list(ListValue)
    case map(MapValue)
    case range(RangeValue)
    case function(Function)
    case object(any EngineObject)
}

/// A mutable list shared by reference.
public final class ListValue {
    public var items: [Value]
    public init(_ items: [Value] = []) { self.items = items }

    /// Frees what it holds through `DeepRelease`, so a list nested a million
    /// deep (`x = [x]` in a loop) cannot overflow the stack when it dies.
    deinit { DeepRelease.release(&items) }
}

/// A map whose keys keep their insertion order (printing and iteration are
/// deterministic). Keys are strings, integers, booleans or nil.
public final class MapValue {
    public private(set) var keys: [MapKey] = []
    public private(set) var values: [Value] = []
    private var index: [MapKey: Int] = [:]

    public init() {}

    /// Frees its values through `DeepRelease` (a map nested a million deep dies without recursion).
    deinit { DeepRelease.release(&values) }

    /// Creates a map from ordered key-value pairs; later duplicates win.
    public init(_ pairs: [(MapKey, Value)]) {
        for (k, v) in pairs { self[k] = v }
    }

    /// Creates a map with string keys, in the given order.
    public convenience init(fields: [(String, Value)]) {
        self.init(fields.map { (MapKey.string($0.0), $0.1) })
    }

    public var count: Int { keys.count }

    public subscript(key: MapKey) -> Value? {
        get { index[key].map { values[$0] } }
        set {
            if let v = newValue {
                if let i = index[key] { values[i] = v } else {
                    index[key] = keys.count
                    keys.append(key)
                    values.append(v)
                }
            } else if let i = index.removeValue(forKey: key) {
                keys.remove(at: i)
                values.remove(at: i)
                for j in i..<keys.count { index[keys[j]] = j }
            }
        }
    }

    public subscript(field: String) -> Value? {
        get { self[.string(field)] }
        set { self[.string(field)] = newValue }
    }

    /// Key-value pairs in insertion order.
    public var pairs: Zip2Sequence<[MapKey], [Value]> { zip(keys, values) }
}

/// A key of a map.
public enum MapKey: Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)

    /// The key as a value.
    public var value: Value {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .string(let s): return .string(s)
        }
    }

    /// The key for a value, or nil when the value cannot be a key.
    /// Integral doubles are keys equal to the integer, so `m[1.0]` is `m[1]`.
    public init?(_ value: Value) {
        switch value {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .string(let s): self = .string(s)
        case .double(let d):
            guard d.rounded() == d, let i = Int(exactly: d) else { return nil }
            self = .int(i)
        default: return nil
        }
    }
}

/// A half-open integer range `start..<end` stepping by `step` (never 0).
public struct RangeValue: Equatable, Sequence {
    public let start: Int
    public let end: Int
    public let step: Int

    public init(start: Int, end: Int, step: Int = 1) {
        self.start = start
        self.end = end
        self.step = step == 0 ? 1 : step
    }

    /// The number of elements.
    public var count: Int {
        // Unsigned arithmetic: the span of two Ints can exceed Int.max.
        if step > 0 {
            guard end > start else { return 0 }
            let span = UInt(bitPattern: end &- start)
            return Int(clamping: (span - 1) / UInt(step) + 1)
        }
        guard start > end else { return 0 }
        let span = UInt(bitPattern: start &- end)
        return Int(clamping: (span - 1) / step.magnitude + 1)
    }

    /// The i-th element (0-based, unchecked).
    public func element(_ i: Int) -> Int { start + i * step }

    public func makeIterator() -> AnyIterator<Int> {
        var i = 0
        let n = count
        return AnyIterator {
            guard i < n else { return nil }
            defer { i += 1 }
            return element(i)
        }
    }
}

extension Value {
    /// The name of the value's type as users see it: "int", "list", "lattice", ...
    public var typeName: String {
        switch self {
        case .null: return "nil"
        case .bool: return "bool"
        case .int: return "int"
        case .double: return "float"
        case .string: return "string"
        case .list: return "list"
        case .map: return "map"
        case .range: return "range"
        case .function: return "function"
        case .object(let o): return o.typeName
        }
    }

    /// Truthiness: nil and false are false, everything else is true.
    public var isTruthy: Bool {
        switch self {
        case .null: return false
        case .bool(let b): return b
        default: return true
        }
    }

    /// A list value from doubles.
    public static func doubles(_ xs: [Double]) -> Value { .list(ListValue(xs.map { .double($0) })) }

    /// A list value from integers.
    public static func ints(_ xs: [Int]) -> Value { .list(ListValue(xs.map { .int($0) })) }

    /// A list value from strings.
    public static func strings(_ xs: [String]) -> Value { .list(ListValue(xs.map { .string($0) })) }

    /// A list value from values.
    public static func list(_ xs: [Value]) -> Value { .list(ListValue(xs)) }

    /// A map value with string keys in the given order.
    public static func record(_ fields: [(String, Value)]) -> Value { .map(MapValue(fields: fields)) }
}
