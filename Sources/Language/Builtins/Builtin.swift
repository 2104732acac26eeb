// A builtin: a function written in Swift, callable from the language, with
// its declared parameters and documentation. Every call of one goes through
// `Builtin.call`: bind by the declaration (types checked), run the body,
// and name the builtin in any engine error.
import Numerics
import Synchronization

/// A function implemented in Swift, with its documentation. Register it in
/// `Shell/Commands/CommandRegistry.swift`.
///
///     struct Sqrt: Parameters { var x = Param<Double>("x", "a number") }
///     Builtin("sqrt", Sqrt.self, summary: "Square root.", doc: "sqrt(2)  # 1.414213562", category: "math") { args in
///         .double(try args.x.squareRoot())
///     }
public struct Builtin {
    public let name: String
    /// One line for the `help` listing.
    public let summary: String
    /// The rest of the help text: details, then `Example:` and indented code that runs
    /// as it stands in a fresh session (a test runs every builtin's).
    public let doc: String
    /// The heading `help` lists it under: "math", "collections", "io", "lattice", ...
    public let category: String
    /// The ways to call it; more than one when the first argument's type chooses (`sample`).
    public let forms: [Form]

    /// One way to call a builtin: its parameters and the body that takes them.
    public struct Form {
        let declaration: any AnyDeclaration
        let run: ([Value], CallContext) throws -> Value
        /// The parameters in positional order, read from the declaration when first needed.
        var layout: ParameterLayout { declaration.layout }
        public var parameters: [Parameter] { layout.parameters }
    }

    /// A builtin whose parameters are the `Param`s of `P`; `body` reads them as `try args.name`.
    public init<P: Parameters>(
        _ name: String, _ parameters: P.Type, summary: String, doc: String = "", category: String,
        body: @escaping (Arguments<P>) throws -> Value
    ) {
        let (declaration, erased) = makeDeclaration(P.self)
        self.init(name, summary: summary, doc: doc, category: category, forms: [
            Form(declaration: erased) { values, context in
                let (template, layout) = declaration.parts
                return try body(Arguments(callee: name, context: context, bound: values, declaration: template, bindingLayout: layout))
            },
        ])
    }

    /// A builtin with several forms: a call takes the first whose first parameter accepts its first argument.
    ///
    ///     Builtin("sample", summary: ..., category: "inference", forms: [posterior, fitPosterior, equilibrium])
    public init(_ name: String, summary: String, doc: String = "", category: String, forms: [Builtin]) {
        self.init(name, summary: summary, doc: doc, category: category, forms: forms.flatMap(\.forms))
    }

    private init(_ name: String, summary: String, doc: String, category: String, forms: [Form]) {
        self.name = name
        self.summary = summary
        self.doc = doc
        self.category = category
        self.forms = forms
    }

    /// The code after the doc's `Example:` line, unindented; nil when the doc has none.
    ///
    ///     Builtin(..., doc: "Square root.\nExample:\n    sqrt(2)  # 1.414213562", ...).example   // "sqrt(2)  # 1.414213562"
    public var example: String? {
        guard let marker = doc.range(of: "Example:\n") else { return nil }
        let lines = doc[marker.upperBound...].split(separator: "\n", omittingEmptySubsequences: false)
        let indent = lines.filter { !$0.allSatisfy(\.isWhitespace) }.map { $0.prefix(while: { $0 == " " }).count }.min() ?? 0
        let code = lines.map { String($0.dropFirst(min(indent, $0.prefix(while: { $0 == " " }).count))) }
        return code.joined(separator: "\n").trimmingTrailingNewlines()
    }

    /// Every parameter of every form, each name once, in order (for completion).
    public var parameters: [Parameter] {
        var seen: Set<String> = []
        return forms.flatMap(\.parameters).filter { seen.insert($0.name).inserted }
    }

    /// The call signature of each form as `help` prints it: `anneal(lat, sweeps=100, *rest, **options)`.
    public var signature: String { forms.map(signature).joined(separator: "\n") }

    func signature(_ form: Form) -> String {
        let params = form.parameters.map { p -> String in
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

    /// Mistakes in the declaration: a parameter name twice, a property that is not a parameter,
    /// a name that `Arguments` itself uses (`try args.context` must be the context).
    public var declarationProblems: [String] {
        let reserved: Set = ["callee", "context", "bound", "declaration", "bindingLayout", "argument"]
        return forms.flatMap(\.layout.problems)
            + parameters.filter { reserved.contains($0.name) }.map { "parameter '\($0.name)' shadows a member of Arguments" }
    }

    /// Binds the arguments by the declaration (checking their types), runs the
    /// body, and reports an engine's error as this builtin's: `kfold: k must be 2 or more`.
    ///
    ///     try builtin.call([.int(3)], [("seed", .int(1))], context: context)
    public func call(_ positional: [Value], _ keywords: [(String, Value)] = [], context: CallContext) throws -> Value {
        let form = try self.form(for: positional, keywords)
        let layout = form.layout
        var values = [Value](repeating: .null, count: layout.parameters.count)
        try CallBinder.bind(BuiltinShape(layout: layout), callee: name, usage: { self.signature(form) },
                            positional: positional, keywords: keywords) { i, v in values[i] = v }
        do {
            return try form.run(values, context)
        } catch let error as UserFacingError {
            throw RuntimeError("\(name): \(error.description)")
        }
    }

    /// The form whose first parameter takes the first argument (given by position or by its name).
    private func form(for positional: [Value], _ keywords: [(String, Value)]) throws -> Form {
        guard forms.count > 1 else { return forms[0] }
        for form in forms {
            guard let first = form.parameters.first else { continue }
            let argument = positional.first ?? keywords.first { $0.0 == first.name }?.1
            if let argument, first.check(argument) == nil { return form }
        }
        let accepted = forms.compactMap { $0.parameters.first?.typeName }.joined(separator: ", ")
        let given = positional.first.map { "got \(withArticle($0.typeName))" } ?? "got none"
        throw RuntimeError("\(name): the first argument must be one of: \(accepted); \(given)")
    }
}

/// A builtin's `Parameters`, read by reflection the first time a call, `help` or
/// completion needs them: reflecting every builtin at start-up would cost more than
/// the rest of it.
protocol AnyDeclaration: AnyObject {
    var layout: ParameterLayout { get }
}

final class Declaration<P: Parameters>: AnyDeclaration {
    /// The template instance and its layout; builtins are shared by sessions on several threads.
    private let cache = Mutex<(P, ParameterLayout)?>(nil)

    var parts: (P, ParameterLayout) {
        cache.withLock { cached in
            if let cached { return cached }
            let template = P()
            let made = (template, ParameterLayout(template))
            cached = made
            return made
        }
    }

    var layout: ParameterLayout { parts.1 }
}

/// A new declaration of `P`'s parameters, and the same as `any AnyDeclaration`.
///
/// Never specialised, so `P`'s conformance to `Parameters` comes in as an argument: a
/// specialised copy names `Declaration<Sqrt>` by its mangled name, and the runtime then
/// checks `Sqrt: Parameters` by scanning every conformance record of the binary, about
/// 0.28 M instructions per builtin (10 M, a third of `ce -e 1`, for the core builtins).
///
///     let (declaration, erased) = makeDeclaration(Sqrt.self)
@_semantics("optimize.sil.specialize.generic.never") @inline(never)
private func makeDeclaration<P: Parameters>(_: P.Type) -> (Declaration<P>, any AnyDeclaration) {
    let declaration = Declaration<P>()
    return (declaration, declaration)
}

/// The arguments of one call of a builtin, bound to its declared parameters
/// `P` and checked against their types. Read a parameter as a property of
/// its declared type: `try args.sweeps` (an Int), `try args.seed` (an Int?);
/// a group of parameters as `args.system` (the arguments of that group).
///
///     let sweeps = try args.sweeps
///     args.context.print("annealing for \(sweeps) sweeps")
@dynamicMemberLookup
public struct Arguments<P: Parameters> {
    /// The builtin's name, for messages.
    public let callee: String
    public let context: CallContext
    // Names no parameter takes (a parameter named like a member would read the member instead).
    let bound: [Value]
    let declaration: P
    let bindingLayout: ParameterLayout

    /// The bound value of a declared parameter, as its declared type.
    public subscript<T>(dynamicMember path: KeyPath<P, Param<T>>) -> T {
        get throws {
            let name = declaration[keyPath: path].parameter.name
            // Both failures are impossible: the binder filled every parameter of `P` and checked its type.
            guard let i = bindingLayout.index[name] else { throw RuntimeError("internal: \(callee) has no parameter '\(name)'") }
            guard let value = T.from(bound[i]) else {
                throw RuntimeError("internal: \(callee): \(name) was bound to \(withArticle(bound[i].typeName))")
            }
            return value
        }
    }

    /// The arguments of a group of parameters declared inside `P`.
    public subscript<G: Parameters>(dynamicMember path: KeyPath<P, G>) -> Arguments<G> {
        Arguments<G>(callee: callee, context: context, bound: bound, declaration: declaration[keyPath: path],
                     bindingLayout: bindingLayout)
    }

    /// The value bound to a parameter as the language holds it (to pass on, or to name in a message).
    public func argument<T>(_ path: KeyPath<P, Param<T>>) -> Value {
        bindingLayout.index[declaration[keyPath: path].parameter.name].map { bound[$0] } ?? .null
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

extension String {
    /// The string without newlines at its end.
    func trimmingTrailingNewlines() -> String {
        var s = self
        while s.last == "\n" { s.removeLast() }
        return s
    }
}
