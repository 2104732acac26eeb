// A JSON document as a Swift value: the tree the one JSON parser of the
// project produces and the writer consumes. Objects keep their members in
// file order (as Python's json module does), integers stay integers.

/// A parsed JSON value.
///
///     let doc = try JSON.parse(#"{"lattice": {"matrix": [[4, 0, 0], [0, 4, 0], [0, 0, 4]]}, "charge": 0}"#)
///     doc["lattice"]?["matrix"]?[1]?[1]?.number   // 4.0
///     doc["charge"]?.int                          // 0
///     doc["sites"]                                // nil: no such member
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    /// A number written without fraction or exponent that fits in an Int.
    case int(Int)
    /// Any other number, and Python's NaN, Infinity and -Infinity.
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The member `key` of an object; nil for a missing member or a value that is not an object.
    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    /// The element at `index` of an array; nil when out of range or not an array.
    public subscript(index: Int) -> JSONValue? {
        if case .array(let a) = self, a.indices.contains(index) { return a[index] }
        return nil
    }

    /// The value of an int or a double, as a Double.
    public var number: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }

    /// The value of an int, or of a double that holds a whole number an Int can hold.
    public var int: Int? {
        switch self {
        case .int(let i): return i
        case .double(let d): return Int(exactly: d)
        default: return nil
        }
    }

    public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var bool: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    public var array: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    public var object: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// An array of numbers as Doubles; nil when not an array or an element is not a number.
    ///
    ///     try JSON.parse("[1, 2.5]").numbers   // [1.0, 2.5]
    public var numbers: [Double]? {
        guard case .array(let a) = self else { return nil }
        var out: [Double] = []
        out.reserveCapacity(a.count)
        for x in a {
            guard let d = x.number else { return nil }
            out.append(d)
        }
        return out
    }

    /// The JSON name of the value's kind, for error messages: "object", "array", "string", "number", "boolean", "null".
    public var kind: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .int, .double: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}

/// A JSON object: members in the order they were written or added, found by key in constant time.
/// A key added twice keeps its first place and its last value, as Python's `json.loads` does.
///
///     var o = JSONObject()
///     o["b"] = .int(1); o["a"] = .int(2); o["b"] = .int(3)
///     o.keys                // ["b", "a"]
///     o["b"]                // .int(3)
public struct JSONObject: Equatable, Sendable {
    public private(set) var keys: [String] = []
    public private(set) var values: [JSONValue] = []
    private var position: [String: Int] = [:]

    public init() {}

    /// An object with `members` in order (a repeated key keeps its first place, last value).
    public init(_ members: [(String, JSONValue)]) {
        for (k, v) in members { self[k] = v }
    }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    /// The members as (key, value) pairs in order.
    public var members: [(key: String, value: JSONValue)] { Array(zip(keys, values)).map { (key: $0.0, value: $0.1) } }

    /// The value of member `key`; setting a new key appends it, setting nil removes it.
    public subscript(key: String) -> JSONValue? {
        get { position[key].map { values[$0] } }
        set {
            if let i = position[key] {
                if let newValue {
                    values[i] = newValue
                } else {
                    keys.remove(at: i)
                    values.remove(at: i)
                    position[key] = nil
                    for j in i..<keys.count { position[keys[j]] = j }
                }
            } else if let newValue {
                position[key] = keys.count
                keys.append(key)
                values.append(newValue)
            }
        }
    }

    public static func == (a: JSONObject, b: JSONObject) -> Bool { a.keys == b.keys && a.values == b.values }
}
