// The Swift types a builtin's parameters can have, and how a language value
// converts to each: the binder checks every argument with `from` before the
// builtin runs, and `help` prints `typeName`.

/// A type a parameter of a builtin can declare: how a language value becomes
/// one (nil when it does not fit) and its name in `help` and type errors.
///
///     struct Parameters: Language.Parameters { var n = Param("n", default: 10, "how many") }  // an Int
public protocol ArgumentValue {
    /// What `help` and errors call the type: "int", "number", "list of numbers", "lattice".
    static var typeName: String { get }
    /// The value as this type, or nil when it is not one.
    static func from(_ value: Value) -> Self?
    /// The value as the language writes it (for defaults in `help`).
    var argumentValue: Value { get }
    /// Why `value` is not of this type, after "NAME must be TYPE, ": "got a string".
    static func mismatch(_ value: Value) -> String
}

extension ArgumentValue {
    public static func mismatch(_ value: Value) -> String { "got \(withArticle(value.typeName))" }
}

extension Int: ArgumentValue {
    public static var typeName: String { "int" }
    /// Ints, and floats with an integral value (`2.0`).
    public static func from(_ value: Value) -> Int? {
        switch value {
        case .int(let i): return i
        case .double(let d) where d.rounded() == d && Swift.abs(d) < 9.0e15: return Int(d)
        default: return nil
        }
    }
    public var argumentValue: Value { .int(self) }
}

extension Double: ArgumentValue {
    public static var typeName: String { "number" }
    public static func from(_ value: Value) -> Double? {
        switch value {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }
    public var argumentValue: Value { .double(self) }
}

extension Bool: ArgumentValue {
    public static var typeName: String { "bool" }
    public static func from(_ value: Value) -> Bool? {
        if case .bool(let b) = value { return b }
        return nil
    }
    public var argumentValue: Value { .bool(self) }
}

extension String: ArgumentValue {
    public static var typeName: String { "string" }
    public static func from(_ value: Value) -> String? {
        if case .string(let s) = value { return s }
        return nil
    }
    public var argumentValue: Value { .string(self) }
}

/// A number that stays an int when it is one (`sum` of ints is an int).
public enum Number: ArgumentValue {
    case int(Int)
    case double(Double)

    public static var typeName: String { "number" }
    public static func from(_ value: Value) -> Number? {
        switch value {
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        default: return nil
        }
    }
    public var argumentValue: Value {
        switch self {
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        }
    }
    /// The number as a Double.
    public var double: Double {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        }
    }
}

/// A number, or a list or range of numbers (nested lists too), for builtins that work element-wise.
/// Only the outer level is checked when binding; `Elementwise` checks the elements.
public struct Numeric: ArgumentValue {
    public let value: Value
    public static var typeName: String { "number or list of numbers" }
    public static func from(_ value: Value) -> Numeric? {
        switch value {
        case .int, .double, .list, .range: return Numeric(value: value)
        default: return nil
        }
    }
    public var argumentValue: Value { value }
}

/// Any value at all; the builtin looks at it itself.
extension Value: ArgumentValue {
    public static var typeName: String { "any" }
    public static func from(_ value: Value) -> Value? { value }
    public var argumentValue: Value { self }
}

/// A map, shared by reference (the builtin sees the caller's map).
extension MapValue: ArgumentValue {
    public static var typeName: String { "map" }
    public static func from(_ value: Value) -> Self? {
        if case .map(let m) = value { return m as? Self }
        return nil
    }
    public var argumentValue: Value { .map(self) }
}

/// A list, shared by reference (`append` changes the caller's list); a range is not one.
extension ListValue: ArgumentValue {
    public static var typeName: String { "list" }
    public static func from(_ value: Value) -> Self? {
        if case .list(let l) = value { return l as? Self }
        return nil
    }
    public var argumentValue: Value { .list(self) }
    public static func mismatch(_ value: Value) -> String {
        guard case .range = value else { return "got \(withArticle(value.typeName))" }
        return "got a range, which cannot change; build a list, e.g. xs = [] then append in a loop"
    }
}

/// The elements of a list or a range, each of type `Element`.
extension Array: ArgumentValue where Element: ArgumentValue {
    public static var typeName: String {
        switch Element.typeName {
        case "any": return "list"
        case "number": return "list of numbers"
        case let name where !name.contains(" "): return "list of \(name)s"
        case let name: return "list of (\(name))"
        }
    }

    public static func from(_ value: Value) -> [Element]? {
        switch value {
        case .list(let l):
            var out: [Element] = []
            out.reserveCapacity(l.items.count)
            for item in l.items {
                guard let e = Element.from(item) else { return nil }
                out.append(e)
            }
            return out
        case .range(let r):
            guard Element.from(.int(0)) != nil, ValueBudget.listFits(r.count) else { return nil }
            return r.compactMap { Element.from(.int($0)) }
        default:
            return nil
        }
    }

    public var argumentValue: Value { .list(ListValue(map(\.argumentValue))) }

    public static func mismatch(_ value: Value) -> String {
        if case .range(let r) = value, !ValueBudget.listFits(r.count) {
            return "got a range of \(r.count) elements: \(ValueBudget.listTooLarge(r.count))"
        }
        guard case .list(let l) = value, let i = l.items.firstIndex(where: { Element.from($0) == nil }) else {
            return "got \(withArticle(value.typeName))"
        }
        return "found \(withArticle(l.items[i].typeName)) at [\(i)]"
    }
}

/// A value of type `Wrapped`, or nil.
extension Optional: ArgumentValue where Wrapped: ArgumentValue {
    public static var typeName: String { Wrapped.typeName + " or nil" }
    public static func from(_ value: Value) -> Wrapped?? {
        if case .null = value { return .some(nil) }
        return Wrapped.from(value).map { .some($0) }
    }
    public var argumentValue: Value { self?.argumentValue ?? .null }
}

/// A function value (a builtin or a ce function), to be called through `CallContext.call`.
///
///     let key = try args.key        // Callable?
///     try args.context.call(key.value, [x])
public struct Callable: ArgumentValue {
    public let value: Value
    public static var typeName: String { "function" }
    public static func from(_ value: Value) -> Callable? {
        if case .function = value { return Callable(value: value) }
        return nil
    }
    public var argumentValue: Value { value }
}

/// A value of one of two types, the first that fits: `Either<String, ConfigurationObject>`.
///
///     switch try args.lat { case .first(let name): ...; case .second(let configuration): ... }
public enum Either<First: ArgumentValue, Second: ArgumentValue>: ArgumentValue {
    case first(First)
    case second(Second)

    public static var typeName: String { First.typeName + " or " + Second.typeName }
    public static func from(_ value: Value) -> Either? {
        if let a = First.from(value) { return .first(a) }
        return Second.from(value).map { .second($0) }
    }
    public var argumentValue: Value {
        switch self {
        case .first(let a): return a.argumentValue
        case .second(let b): return b.argumentValue
        }
    }
}

/// A string naming one case of an enum: `FitMethod`, `SiteBasis.Kind`.
/// `help` lists the cases and any other string is a type error that lists them.
///
///     enum Spacing: String, CaseIterable, ChoiceArgument { case geometric, linear }
public protocol ChoiceArgument: ArgumentValue, RawRepresentable, CaseIterable where RawValue == String {}

extension ChoiceArgument {
    public static var typeName: String { "one of " + allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ") }
    public static func mismatch(_ value: Value) -> String {
        guard case .string(let s) = value else { return "got \(withArticle(value.typeName))" }
        return "got \"\(s)\""
    }
    public static func from(_ value: Value) -> Self? {
        guard case .string(let s) = value else { return nil }
        return Self(rawValue: s)
    }
    public var argumentValue: Value { .string(rawValue) }
}

/// Any engine object (a lattice, a run, a fit, ...).
public struct AnyObjectArgument: ArgumentValue {
    public let object: any EngineObject
    public static var typeName: String { "object" }
    public static func from(_ value: Value) -> AnyObjectArgument? {
        if case .object(let o) = value { return AnyObjectArgument(object: o) }
        return nil
    }
    public var argumentValue: Value { .object(object) }
}

/// An engine object class as a parameter type: `Param<LatticeObject>("lat", "a lattice")`.
///
///     extension LatticeObject: ObjectArgument { public static let typeName = "lattice" }
public protocol ObjectArgument: EngineObject, ArgumentValue {}

extension ObjectArgument {
    /// The instance's type name is the type's.
    public var typeName: String { Self.typeName }
    public static func from(_ value: Value) -> Self? {
        if case .object(let o) = value { return o as? Self }
        return nil
    }
    public var argumentValue: Value { .object(self) }
}
