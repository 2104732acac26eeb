// The one binder of calls: positional and keyword arguments to parameters,
// as Python binds them, for builtins (declared, typed parameters) and for
// functions written in ce (names and defaults) alike. Its errors are what
// a user sees for any call that does not fit.

/// The parameters of a callee as the binder sees them.
protocol CallShape {
    var count: Int { get }
    func name(_ i: Int) -> String
    func kind(_ i: Int) -> Parameter.Kind
    /// The default of parameter `i`, or nil when it is required.
    func defaultValue(_ i: Int) -> Value?
    /// Why `value` does not fit parameter `i` ("must be an int, got a string"), or nil when it does.
    func typeError(_ i: Int, _ value: Value) -> String?
}

/// A builtin's declared parameters.
struct BuiltinShape: CallShape {
    let layout: ParameterLayout
    var count: Int { layout.parameters.count }
    func name(_ i: Int) -> String { layout.parameters[i].name }
    func kind(_ i: Int) -> Parameter.Kind { layout.parameters[i].kind }
    func defaultValue(_ i: Int) -> Value? { layout.parameters[i].defaultValue }
    func typeError(_ i: Int, _ value: Value) -> String? {
        let p = layout.parameters[i]
        guard p.kind == .normal, let why = p.check(value) else { return nil }
        // "must be an int, got a string"; "must be one of "a", "b"; got "c"".
        return p.typeName.hasPrefix("one of ") ? "must be \(p.typeName); \(why)" : "must be \(withArticle(p.typeName)), \(why)"
    }
}

/// A ce function's parameters: names and the defaults evaluated when its `fn` ran.
struct ClosureShape: CallShape {
    let closure: Closure
    let code: FunctionCode
    var count: Int { code.parameterCount }
    func name(_ i: Int) -> String { code.parameterNames[i] }
    func kind(_ i: Int) -> Parameter.Kind { .normal }
    func defaultValue(_ i: Int) -> Value? { i < closure.defaults.count ? closure.defaults[i] : nil }
    func typeError(_ i: Int, _ value: Value) -> String? { nil }
}

enum CallBinder {
    /// Binds `positional` then `keywords` to the parameters of `shape` and
    /// hands each parameter's value (given, collected or default) to `store`, once.
    ///
    ///     try CallBinder.bind(shape, callee: "anneal", usage: { signature }, positional: [lat], keywords: []) { i, v in values[i] = v }
    static func bind<S: CallShape>(
        _ shape: S, callee: String, usage: () -> String, positional: [Value], keywords: [(String, Value)],
        store: (Int, Value) -> Void
    ) throws {
        let n = shape.count
        var given = [Value?](repeating: nil, count: n)
        var rest: [Value] = []
        var extra: [(MapKey, Value)] = []
        var p = 0
        for value in positional {
            while p < n && shape.kind(p) == .keywords { p += 1 }
            guard p < n else {
                let most = (0..<n).filter { shape.kind($0) == .normal }.count
                throw RuntimeError("\(callee) takes at most \(most) arguments, got \(positional.count); usage: \(usage())")
            }
            if shape.kind(p) == .variadic { rest.append(value); continue }
            given[p] = value
            p += 1
        }
        var collector: Int?
        for i in 0..<n where shape.kind(i) == .keywords { collector = i }
        for (name, value) in keywords {
            guard let i = (0..<n).first(where: { shape.kind($0) == .normal && shape.name($0) == name }) else {
                guard collector == nil else {
                    extra.append((.string(name), value))
                    continue
                }
                throw RuntimeError(unknownKeyword(name, callee: callee, known: (0..<n).filter { shape.kind($0) == .normal }.map(shape.name)))
            }
            guard given[i] == nil else { throw RuntimeError("\(callee) got two values for '\(name)'") }
            given[i] = value
        }
        for i in 0..<n {
            switch shape.kind(i) {
            case .variadic: store(i, .list(ListValue(rest)))
            case .keywords: store(i, .map(MapValue(extra)))
            case .normal:
                if let value = given[i] {
                    if let why = shape.typeError(i, value) { throw RuntimeError("\(callee): \(shape.name(i)) \(why)") }
                    store(i, value)
                } else if let value = shape.defaultValue(i) {
                    store(i, value)
                } else {
                    throw missingArgument(shape.name(i), callee: callee, usage: usage())
                }
            }
        }
    }

    /// "f needs argument 'x'; usage: f(x, y=1)"; also for the compiler's positional fast path.
    static func missingArgument(_ name: String, callee: String, usage: String) -> RuntimeError {
        RuntimeError("\(callee) needs argument '\(name)'; usage: \(usage)")
    }

    /// "anneal: unknown keyword 'sweep'; did you mean 'sweeps'?", or the list of keywords it takes.
    static func unknownKeyword(_ name: String, callee: String, known: [String]) -> String {
        // One edit for short names (none for one letter, where every name is one edit away), more for long ones.
        let edits = name.count < 2 ? 0 : max(1, name.count / 3)
        let close = known.filter { editDistance($0, name) <= edits || ($0.hasPrefix(name) && name.count >= 2) }
        if !close.isEmpty {
            return "\(callee): unknown keyword '\(name)'; did you mean \(close.prefix(3).map { "'\($0)'" }.joined(separator: " or "))?"
        }
        let list = known.isEmpty ? "it takes no keyword arguments" : "it takes " + known.joined(separator: ", ")
        return "\(callee): unknown keyword '\(name)' (\(list))"
    }
}
