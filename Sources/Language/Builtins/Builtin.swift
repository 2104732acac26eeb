// How commands and builtins are declared: a name, documented parameters with
// defaults, and a body that receives the bound arguments. `help` and the
// command form `name arg k=v` both read this one declaration.

/// A documented parameter of a builtin.
public struct Parameter {
    public enum Kind {
        /// Bound by position or by name.
        case normal
        /// Collects the remaining positional arguments into a list (`*values`).
        case variadic
        /// Collects keyword arguments no other parameter takes into a map (`**options`).
        case keywords
    }

    public let name: String
    /// The default when the caller omits it; nil means the argument is required.
    public let defaultValue: Value?
    public let kind: Kind
    /// One line for `help`.
    public let doc: String

    /// A parameter bound by position or name; required unless it has a default.
    public init(_ name: String, default defaultValue: Value? = nil, _ doc: String = "") {
        self.name = name
        self.defaultValue = defaultValue
        self.kind = .normal
        self.doc = doc
    }

    private init(name: String, kind: Kind, doc: String) {
        self.name = name
        self.defaultValue = nil
        self.kind = kind
        self.doc = doc
    }

    /// `*name`: the remaining positional arguments as a list.
    public static func variadic(_ name: String, _ doc: String = "") -> Parameter {
        Parameter(name: name, kind: .variadic, doc: doc)
    }

    /// `**name`: the unclaimed keyword arguments as a map.
    public static func keywords(_ name: String, _ doc: String = "") -> Parameter {
        Parameter(name: name, kind: .keywords, doc: doc)
    }
}

/// A function implemented in Swift, callable from the language, with its
/// documentation. Register it in `Shell/Commands/CommandRegistry.swift`.
///
///     Builtin("sqrt", [Parameter("x")], summary: "Square root.",
///             doc: "sqrt(2)  # 1.414213562", category: "math") { args in
///         .double(try args.double("x").squareRoot())
///     }
public struct Builtin {
    public let name: String
    public let parameters: [Parameter]
    /// One line for the `help` listing.
    public let summary: String
    /// The rest of the help text: details and at least one example.
    public let doc: String
    /// The heading `help` lists it under: "math", "collections", "io", "lattice", ...
    public let category: String
    public let body: (Arguments) throws -> Value

    public init(
        _ name: String, _ parameters: [Parameter], summary: String, doc: String = "", category: String,
        body: @escaping (Arguments) throws -> Value
    ) {
        self.name = name
        self.parameters = parameters
        self.summary = summary
        self.doc = doc
        self.category = category
        self.body = body
    }

    /// The call signature as `help` prints it: `anneal(lattice, sweeps=100, *rest, **options)`.
    public var signature: String {
        let params = parameters.map { p -> String in
            switch p.kind {
            case .variadic: return "*" + p.name
            case .keywords: return "**" + p.name
            case .normal:
                guard let d = p.defaultValue else { return p.name }
                return "\(p.name)=\(d.literal)"
            }
        }
        return "\(name)(\(params.joined(separator: ", ")))"
    }
}

/// The arguments of one call, bound to the builtin's parameters by position
/// and name, with typed accessors that explain what was wrong.
///
///     let sweeps = try args.int("sweeps")       // "anneal: sweeps must be an int, got string"
///     let temps = try args.doubles("schedule")  // any numeric list or range
public struct Arguments {
    /// The callee's name, for messages.
    public let callee: String
    public let parameters: [Parameter]
    /// One value per parameter: variadic as a list, keywords as a map.
    public let values: [Value]
    public let context: CallContext

    /// Binds positional and keyword arguments to `builtin`'s parameters, as Python does.
    public static func bind(
        _ builtin: Builtin, positional: [Value], keywords: [(String, Value)], context: CallContext
    ) throws -> Arguments {
        let params = builtin.parameters
        var bound = [Value?](repeating: nil, count: params.count)
        var rest: [Value] = []
        var extra: [(MapKey, Value)] = []
        var p = 0
        for value in positional {
            while p < params.count && params[p].kind == .keywords { p += 1 }
            guard p < params.count else {
                throw RuntimeError("\(builtin.name) takes at most \(params.count) arguments, got \(positional.count)")
            }
            if params[p].kind == .variadic { rest.append(value); continue }
            bound[p] = value
            p += 1
        }
        let keywordParam = params.firstIndex { $0.kind == .keywords }
        for (name, value) in keywords {
            if let i = params.firstIndex(where: { $0.name == name && $0.kind == .normal }) {
                if bound[i] != nil {
                    throw RuntimeError("\(builtin.name) got two values for '\(name)'")
                }
                bound[i] = value
            } else if keywordParam != nil {
                extra.append((.string(name), value))
            } else {
                let known = params.filter { $0.kind == .normal }.map(\.name)
                let hint = known.isEmpty ? "it takes no keyword arguments" : "it takes " + known.joined(separator: ", ")
                throw RuntimeError("\(builtin.name) has no argument '\(name)' (\(hint))")
            }
        }
        var values: [Value] = []
        values.reserveCapacity(params.count)
        for (i, param) in params.enumerated() {
            switch param.kind {
            case .variadic: values.append(.list(ListValue(rest)))
            case .keywords: values.append(.map(MapValue(extra)))
            case .normal:
                if let v = bound[i] { values.append(v) } else if let d = param.defaultValue { values.append(d) } else {
                    throw RuntimeError("\(builtin.name) needs argument '\(param.name)'; usage: \(builtin.signature)")
                }
            }
        }
        return Arguments(callee: builtin.name, parameters: params, values: values, context: context)
    }

    /// The value bound to parameter `name` (`.null` if there is no such parameter).
    public subscript(_ name: String) -> Value {
        guard let i = parameters.firstIndex(where: { $0.name == name }) else { return .null }
        return values[i]
    }

    /// Whether `name` is nil (omitted with a nil default, or passed as nil).
    public func isNull(_ name: String) -> Bool {
        if case .null = self[name] { return true }
        return false
    }

    private func mismatch(_ name: String, _ expected: String) -> RuntimeError {
        RuntimeError("\(callee): \(name) must be \(expected), got \(self[name].typeName)")
    }

    /// An integer argument; integral floats are accepted.
    public func int(_ name: String) throws -> Int {
        switch self[name] {
        case .int(let i): return i
        case .double(let d) where d.rounded() == d && abs(d) < 9.0e15: return Int(d)
        default: throw mismatch(name, "an int")
        }
    }

    /// A numeric argument as a Double.
    public func double(_ name: String) throws -> Double {
        switch self[name] {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: throw mismatch(name, "a number")
        }
    }

    public func bool(_ name: String) throws -> Bool {
        guard case .bool(let b) = self[name] else { throw mismatch(name, "true or false") }
        return b
    }

    public func string(_ name: String) throws -> String {
        guard case .string(let s) = self[name] else { throw mismatch(name, "a string") }
        return s
    }

    /// A list argument's elements (a range counts as a list).
    public func list(_ name: String) throws -> [Value] {
        switch self[name] {
        case .list(let l): return l.items
        case .range(let r): return r.map { .int($0) }
        default: throw mismatch(name, "a list")
        }
    }

    /// A list of numbers (or a range) as Doubles.
    public func doubles(_ name: String) throws -> [Double] {
        let items = try list(name)
        var out: [Double] = []
        out.reserveCapacity(items.count)
        for item in items {
            switch item {
            case .int(let i): out.append(Double(i))
            case .double(let d): out.append(d)
            default: throw RuntimeError("\(callee): \(name) must be a list of numbers, found \(item.typeName)")
            }
        }
        return out
    }

    /// A list of integers (or a range).
    public func ints(_ name: String) throws -> [Int] {
        try list(name).map { item in
            switch item {
            case .int(let i): return i
            case .double(let d) where d.rounded() == d && abs(d) < 9.0e15: return Int(d)
            default: throw RuntimeError("\(callee): \(name) must be a list of integers, found \(item.typeName)")
            }
        }
    }

    /// A string argument naming one case of `T`, e.g. `try args.choice("form", as: ModelForm.self)`;
    /// any other string is an error that lists the accepted names.
    public func choice<T: RawRepresentable & CaseIterable>(_ name: String, as type: T.Type) throws -> T
    where T.RawValue == String {
        let given = try string(name)
        if let value = T(rawValue: given) { return value }
        let names = T.allCases.map { "\"\($0.rawValue)\"" }
        let accepted = names.count > 1 ? names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "") : names.joined()
        throw RuntimeError("\(callee): \(name) must be \(accepted), got \"\(given)\"")
    }

    public func map(_ name: String) throws -> MapValue {
        guard case .map(let m) = self[name] else { throw mismatch(name, "a map") }
        return m
    }

    /// An engine object of a given Swift type, e.g. `try args.object("lattice", as: LatticeObject.self)`.
    public func object<T: EngineObject>(_ name: String, as type: T.Type, typeName: String) throws -> T {
        guard case .object(let o) = self[name], let t = o as? T else { throw mismatch(name, "a \(typeName)") }
        return t
    }
}

extension Value {
    /// The value written as source code, as in `help` signatures: `100`, `"sinusoid"`, `nil`.
    public var literal: String {
        switch self {
        case .string(let s): return "\"" + s + "\""
        case .null: return "nil"
        default: return String(describing: self)
        }
    }
}
