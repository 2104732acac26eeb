// The text of `help`: the index of everything grouped by category, or one
// entry (a builtin's signature, summary, doc and parameters; a ce
// function's signature and doc comment; an object's fields and methods).

/// Builds help texts from the registered builtins and the session's globals.
///
///     Help(interpreter: interp).text(for: "sqrt")
struct Help {
    let interpreter: Interpreter

    /// The index when `name` is nil, else the entry for `name`.
    func text(for name: String?) -> String {
        guard let name else { return index() }
        if name == "methods" { return methods() }
        if let constant = constant(name) { return "\(name) = \(constant.value): \(constant.doc)" }
        if let value = interpreter.global(name) { return text(for: value, named: name) }
        if TokenKind.keywords[name] != nil {
            return "'\(name)' is a keyword of the language; see grammar.md for its syntax"
        }
        let candidates = interpreter.globalNames.filter { $0.hasPrefix(name) || editDistance($0, name) <= 2 }
        let hint = candidates.isEmpty ? "" : " (did you mean \(candidates.prefix(3).joined(separator: ", "))?)"
        return "no help for '\(name)'\(hint); type help for the list of commands"
    }

    /// The entry for a value: functions, objects, or the value's type.
    func text(for value: Value, named name: String) -> String {
        switch value {
        case .function(let f):
            switch f.implementation {
            case .builtin(let b): return builtin(b)
            case .closure(let c): return c.doc.isEmpty ? c.signature : c.signature + "\n" + indent(c.doc)
            }
        case .object(let o):
            var lines = ["\(name) is \(withArticle(o.typeName)): \(o.summary)"]
            if !o.fieldNames.isEmpty { lines.append("fields: " + o.fieldNames.joined(separator: ", ")) }
            if !o.methodNames.isEmpty { lines.append("methods: " + o.methodNames.joined(separator: ", ")) }
            return lines.joined(separator: "\n")
        default:
            let methods = value.methodNames
            let tail = methods.isEmpty ? "" : "\nmethods: " + methods.joined(separator: ", ") + " (help methods)"
            return "\(name) is \(withArticle(value.typeName))" + tail
        }
    }

    /// The constant `name` names, while the session has not reassigned it.
    private func constant(_ name: String) -> Constant? {
        guard let c = CoreBuiltins.constants.first(where: { $0.name == name }),
              case .double(let now)? = interpreter.global(name), case .double(let original) = c.value,
              now.bitPattern == original.bitPattern else { return nil }
        return c
    }

    private func builtin(_ b: Builtin) -> String {
        var lines = b.forms.map(b.signature) + ["  " + b.summary]
        if !b.doc.isEmpty { lines.append(""); lines.append(indent(b.doc)) }
        for form in b.forms where !form.parameters.isEmpty {
            lines.append("")
            if b.forms.count > 1, let first = form.parameters.first {
                lines.append("  parameters when \(first.name) is \(withArticle(first.typeName)):")
            } else {
                lines.append("  parameters:")
            }
            lines += parameterLines(form.parameters)
        }
        return lines.joined(separator: "\n")
    }

    /// One aligned line per parameter: name, type (and unit), what it is.
    private func parameterLines(_ parameters: [Parameter]) -> [String] {
        let names = parameters.map(displayName)
        let types = parameters.map { p in p.unit.map { "\(p.typeName) (\($0))" } ?? p.typeName }
        let nameWidth = names.map(\.count).max() ?? 0
        // A long type (a union, a list of choices) does not widen every line.
        let typeWidth = min(types.map(\.count).max() ?? 0, 24)
        return parameters.indices.map { i in
            let name = names[i].padding(to: nameWidth), type = types[i].padding(to: typeWidth)
            return "    \(name)  \(type)  \(parameters[i].doc)"
        }
    }

    private func displayName(_ p: Parameter) -> String {
        switch p.kind {
        case .normal: return p.name
        case .variadic: return "*" + p.name
        case .keywords: return "**" + p.name
        }
    }

    private func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "  " + $0 }
            .joined(separator: "\n")
    }

    /// Every builtin by category (in registration order), then the ce
    /// functions (prelude and user) defined in the session.
    private func index() -> String {
        var categories: [String] = []
        var byCategory: [String: [(String, String)]] = [:]
        for b in interpreter.builtins {
            // A builtin the user has since replaced is not listed under its category.
            guard case .function(let f)? = interpreter.global(b.name), case .builtin = f.implementation else { continue }
            if byCategory[b.category] == nil { categories.append(b.category) }
            byCategory[b.category, default: []].append((b.name, b.summary))
        }
        var functions: [(String, String)] = []
        for name in interpreter.globalNames {
            guard case .function(let f)? = interpreter.global(name), case .closure(let c) = f.implementation else { continue }
            let firstLine = c.doc.split(separator: "\n").first.map(String.init) ?? ""
            functions.append((name, firstLine))
        }
        var sections = categories.map { ($0, byCategory[$0] ?? []) }
        let constants = CoreBuiltins.constants.filter { constant($0.name) != nil }.map { ($0.name, $0.doc) }
        if !constants.isEmpty { sections.append(("constants", constants)) }
        if !functions.isEmpty { sections.append(("functions", functions)) }
        let width = sections.flatMap { $0.1.map(\.0.count) }.max() ?? 0
        var lines: [String] = []
        for (title, entries) in sections {
            if !lines.isEmpty { lines.append("") }
            lines.append(title + ":")
            for (name, summary) in entries {
                lines.append("  " + name + String(repeating: " ", count: width - name.count) + "  " + summary)
            }
        }
        lines.append("")
        lines.append("help NAME or ?NAME for one entry; help methods for the methods of strings, lists and maps.")
        return lines.joined(separator: "\n")
    }

    private func methods() -> String {
        var lines: [String] = []
        for (type, methods) in Value.methodDocs {
            if !lines.isEmpty { lines.append("") }
            lines.append(type + " methods:")
            let width = methods.map(\.0.count).max() ?? 0
            for (signature, doc) in methods {
                lines.append("  ." + signature + String(repeating: " ", count: width - signature.count) + "  " + doc)
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// "an int", "a float", "an object": a type name with its indefinite article.
public func withArticle(_ typeName: String) -> String {
    guard let first = typeName.first else { return typeName }
    return ("aeiou".contains(first) ? "an " : "a ") + typeName
}

extension String {
    /// The string with spaces added up to `width` characters.
    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
