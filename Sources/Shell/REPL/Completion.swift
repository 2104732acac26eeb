// What Tab offers at the prompt: keywords, builtins and variables, the
// keyword arguments of the call the cursor is in (from its declared
// parameters), fields after `name.`, and file names inside an open string.
import Language
#if canImport(Glibc)
import Glibc
#endif

/// Completion candidates for the word before the cursor.
///
///     let c = Completion(globalNames: ["energy", "exp"], lookup: { _ in nil })
///     c.candidates(word: "e", before: "")   // ["else", "energy", "exp"]
public struct Completion {
    /// The language's keywords, offered with the global names.
    public static let keywords = [
        "and", "break", "continue", "else", "false", "fn", "for", "if", "in", "nil", "not", "or", "return",
        "true", "use", "while",
    ]

    public var globalNames: [String]
    public var lookup: (String) -> Value?

    public init(globalNames: [String], lookup: @escaping (String) -> Value?) {
        self.globalNames = globalNames
        self.lookup = lookup
    }

    /// The session's names and values.
    public init(interpreter: Interpreter) {
        self.init(globalNames: interpreter.globalNames, lookup: { interpreter.global($0) })
    }

    /// Full replacements for `word`, sorted. `before` is the line before the word;
    /// an odd number of unescaped `"` in it means the word is inside a string.
    public func candidates(word: String, before: String) -> [String] {
        if Completion.insideString(before) { return Completion.files(matching: word) }
        if let dot = word.lastIndex(of: ".") {
            let path = word[..<dot].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            let partial = String(word[word.index(after: dot)...])
            return fields(of: path).filter { $0.hasPrefix(partial) }.map { word[...dot] + $0 }.sorted()
        }
        let names = Array(Set(Completion.keywords + globalNames)).filter { $0.hasPrefix(word) }.sorted()
        return keywordArguments(before: before).filter { $0.hasPrefix(word) } + names
    }

    /// `name=` for each parameter of the function whose arguments the cursor is in:
    /// `anneal(lat, sw` and `anneal lat sw` both offer `sweeps=`.
    func keywordArguments(before: String) -> [String] {
        guard let callee = Completion.enclosingCall(before), case .function(let f)? = lookup(callee) else { return [] }
        let names: [String]
        switch f.implementation {
        case .builtin(let b): names = b.parameters.filter { $0.kind == .normal }.map(\.name)
        case .closure(let c): names = c.parameterNames
        }
        return names.map { $0 + "=" }
    }

    /// The name of the call whose arguments end `text`: the name before the innermost
    /// unclosed "(", or the first word of a statement in command form (`anneal lat `).
    static func enclosingCall(_ text: String) -> String? {
        let chars = Array(text)
        var depth = 0
        var i = chars.count - 1
        var statementStart = 0
        while i >= 0 {
            let c = chars[i]
            if c == ")" || c == "]" || c == "}" { depth += 1 }
            if c == "(" || c == "[" || c == "{" {
                if depth == 0 {
                    guard c == "(" else { return nil }
                    var end = i
                    while end > 0, chars[end - 1] == " " { end -= 1 }
                    var start = end
                    while start > 0, chars[start - 1].isLetter || chars[start - 1].isNumber || chars[start - 1] == "_" { start -= 1 }
                    return start < end ? String(chars[start..<end]) : nil
                }
                depth -= 1
            }
            if depth == 0 && (c == "\n" || c == ";") {
                statementStart = i + 1
                break
            }
            i -= 1
        }
        // Command form: a name, a space, then arguments.
        let statement = chars[statementStart...].drop { $0 == " " || $0 == "\t" }
        guard let space = statement.firstIndex(of: " ") else { return nil }
        let name = statement[statement.startIndex..<space]
        guard let first = name.first, first.isLetter || first == "_",
              name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }),
              !Completion.keywords.contains(String(name)) else { return nil }
        return String(name)
    }

    /// Field, method or key names of the value at `path` (`["run", "stats"]` is `run.stats`).
    func fields(of path: [String]) -> [String] {
        guard let first = path.first, var value = lookup(first) else { return [] }
        for name in path.dropFirst() {
            guard let next = Completion.member(value, name) else { return [] }
            value = next
        }
        switch value {
        case .object(let object): return object.fieldNames + object.methodNames
        case .map(let map):
            return map.keys.compactMap { if case .string(let s) = $0 { return s } else { return nil } }
        default: return []
        }
    }

    static func member(_ value: Value, _ name: String) -> Value? {
        switch value {
        case .object(let object): return object.field(name)
        case .map(let map): return map[name]
        default: return nil
        }
    }

    static func insideString(_ text: String) -> Bool {
        var inside = false
        var escaped = false
        for ch in text {
            if escaped { escaped = false; continue }
            if ch == "\\" && inside { escaped = true; continue }
            if ch == "\"" { inside.toggle() }
        }
        return inside
    }

    /// Paths starting with `prefix`; folders end in "/". Hidden files only when asked for.
    static func files(matching prefix: String) -> [String] {
        let slash = prefix.lastIndex(of: "/")
        let folderPart = slash.map { String(prefix[...$0]) } ?? ""
        let namePart = slash.map { String(prefix[prefix.index(after: $0)...]) } ?? prefix
        guard let dir = opendir(folderPart.isEmpty ? "." : folderPart) else { return [] }
        defer { closedir(dir) }
        var found: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                raw.bindMemory(to: CChar.self).baseAddress.map { String(cString: $0) } ?? ""
            }
            if name == "." || name == ".." { continue }
            if name.hasPrefix(".") && !namePart.hasPrefix(".") { continue }
            guard name.hasPrefix(namePart) else { continue }
            let path = folderPart + name
            found.append(FileSystem.isDirectory(path) ? path + "/" : path)
        }
        return found.sorted()
    }
}
