// How a builtin declares its parameters, once: a struct of typed `Param`s
// (name, type, default, unit, one line of documentation). Binding, type
// checks, `help`, completion and "did you mean" all read this declaration,
// as swift-argument-parser derives parsing, help and completion from its
// `@Option` declarations.

/// A parameter as the binder, `help` and completion see it, whatever its Swift type.
public struct Parameter {
    public enum Kind: Sendable {
        /// Bound by position or by name.
        case normal
        /// Collects the remaining positional arguments into a list (`*values`).
        case variadic
        /// Collects keyword arguments no other parameter takes into a map (`**options`).
        case keywords
    }

    public let name: String
    public let kind: Kind
    /// The declared type as `help` and type errors name it: "int", "list of numbers", "lattice or nil".
    public let typeName: String
    /// The default when the caller omits it; nil means the argument is required.
    public let defaultValue: Value?
    /// The unit of a quantity ("K", "Å", "eV/prim", "sweeps"), or nil.
    public let unit: String?
    /// One line for `help`.
    public let doc: String
    /// Why a value does not fit the declared type ("got a string"), or nil when it does.
    let check: (Value) -> String?
}

/// A typed parameter of a builtin, declared as a stored property of its
/// `Parameters` struct. The builtin's body reads the bound value through it:
/// `try args.sweeps` is an `Int` because `sweeps` is a `Param<Int>`, and a
/// parameter that is not declared cannot be read.
///
///     struct AnnealParameters: Parameters {
///         var lat = Param<Value>("lat", "a lattice name or a configuration")
///         var sweeps = Param("sweeps", default: 100, unit: "sweeps", "sweeps per temperature step")
///         var seed = Param<Int?>("seed", default: nil, "seed of the run's streams")
///     }
public struct Param<T: ArgumentValue> {
    public let parameter: Parameter

    /// A required parameter.
    public init(_ name: String, unit: String? = nil, _ doc: String) {
        parameter = Param.make(name, .normal, nil, unit, doc)
    }

    /// A parameter with a default.
    public init(_ name: String, default value: T, unit: String? = nil, _ doc: String) {
        parameter = Param.make(name, .normal, value.argumentValue, unit, doc)
    }

    fileprivate init(_ parameter: Parameter) { self.parameter = parameter }

    fileprivate static func make(_ name: String, _ kind: Parameter.Kind, _ value: Value?, _ unit: String?, _ doc: String) -> Parameter {
        Parameter(name: name, kind: kind, typeName: T.typeName, defaultValue: value, unit: unit, doc: doc) { v in
            T.from(v) == nil ? T.mismatch(v) : nil
        }
    }
}

extension Param where T == [Value] {
    /// `*name`: the remaining positional arguments as a list.
    public static func variadic(_ name: String, _ doc: String) -> Param {
        Param(make(name, .variadic, nil, nil, doc))
    }
}

extension Param where T == MapValue {
    /// `**name`: the keyword arguments no other parameter takes, as a map.
    public static func keywords(_ name: String, _ doc: String) -> Param {
        Param(make(name, .keywords, nil, nil, doc))
    }
}

/// The parameters of a builtin: a struct whose stored properties are `Param`s
/// (and groups of them: other `Parameters` structs, flattened in place), in
/// the order they bind by position.
///
///     struct Round: Parameters {
///         var x = Param<Value>("x", "a number or a list of numbers")
///         var digits = Param("digits", default: 0, "decimal places")
///     }
public protocol Parameters {
    init()
}

/// A builtin without parameters.
public struct NoParameters: Parameters {
    public init() {}
}

/// Conformed by `Param` so that the declaration can be read by reflection.
private protocol ParameterDeclaring {
    var parameter: Parameter { get }
}

extension Param: ParameterDeclaring {}

/// The flattened parameters of a `Parameters` struct, and where each is bound.
final class ParameterLayout {
    let parameters: [Parameter]
    /// Position of each parameter by name.
    let index: [String: Int]
    /// Declaration mistakes found (a name twice, a property that is not a parameter); tests check there are none.
    let problems: [String]

    init(_ template: any Parameters) {
        var parameters: [Parameter] = []
        var problems: [String] = []
        func collect(_ group: Any) {
            for child in Mirror(reflecting: group).children {
                if let declared = child.value as? ParameterDeclaring {
                    parameters.append(declared.parameter)
                } else if child.value is Parameters {
                    collect(child.value)
                } else {
                    problems.append("property '\(child.label ?? "?")' is not a Param")
                }
            }
        }
        collect(template)
        var index: [String: Int] = [:]
        for (i, p) in parameters.enumerated() {
            if index[p.name] != nil { problems.append("parameter '\(p.name)' is declared twice") }
            index[p.name] = i
        }
        self.parameters = parameters
        self.index = index
        self.problems = problems
    }
}
