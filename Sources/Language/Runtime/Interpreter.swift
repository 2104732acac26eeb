// The session's interpreter: parses, resolves and runs source in one global
// scope that persists across calls (REPL entries, transcript blocks).
import Numerics

/// One top-level statement of a script, for transcripts.
public struct StatementSpan: Equatable {
    /// The statement's source text, exactly as written (comments inside it kept).
    public var text: String
    /// First and last line (1-based) the statement occupies in the file.
    public var startLine: Int
    public var endLine: Int

    public init(text: String, startLine: Int, endLine: Int) {
        self.text = text
        self.startLine = startLine
        self.endLine = endLine
    }
}

/// Runs ce source in a persistent session. The interpreter's own builtins
/// (`print`, `help`, `exit`, `type`, `show`, `fields`, `assert`; see
/// `InterpreterBuiltins`) are registered first, then `builtins`, then the
/// constants (`pi`, `inf`, `nan`); a name registered twice is refused.
///
///     let interp = try Interpreter(builtins: CommandRegistry.all, print: { print($0) })
///     try interp.run("x = 1\nprint(x + 1)", file: "<stdin>", echo: false)
public final class Interpreter: FunctionCaller {
    public let context: CallContext
    let globals = Globals()
    /// Registered builtins in registration order (for `help`), by name.
    private(set) var builtins: [Builtin] = []
    /// The frame top-level code runs in (all its variables are globals).
    let topFrame = Frame.make(count: 0, parent: nil)
    /// Canonical paths of files already loaded by `use`.
    private var usedFiles: Set<String> = []
    /// The latest source of each file name, for caret lines.
    private var sources: [String: SourceText] = [:]
    /// The source line of the last error given a location by compiled code.
    private var errorLine: (SourceLocation, String)?
    /// State every call touches, behind a pointer so that updating it costs
    /// no exclusivity check.
    let hot = UnsafeMutablePointer<HotState>.allocate(capacity: 1)
    /// Functions that global assignments replaced while calls read from globals were running:
    /// freed when the last of those calls ends, since one of them may be running the function.
    private var retired: [Value] = []
    /// What `context.caller` (a weak reference) points to. Weak references
    /// give an object a side table that slows every retain, so they point to
    /// this small proxy instead of the interpreter.
    private var callerProxy: CallerProxy?

    public init(builtins: [Builtin], print: @escaping (String) -> Void) throws {
        hot.initialize(to: HotState(stackLimit: 0, ticks: 0, budget: Int.max, unretainedCalls: 0, hasRetired: false))
        context = CallContext(print: print)
        let proxy = CallerProxy(self)
        callerProxy = proxy
        context.caller = proxy
        for b in InterpreterBuiltins.all + builtins { try register(b) }
        for c in CoreBuiltins.constants { globals[c.name] = c.value }
    }

    deinit {
        hot.deinitialize(count: 1)
        hot.deallocate()
    }

    /// Bounds the work of later runs: after about `polls` × 1024 loop
    /// iterations and calls a run stops as if interrupted (for fuzzing).
    func limitSteps(polls: Int) {
        hot.pointee.budget = polls
    }

    /// Adds a builtin as a global; a second builtin of the same name is refused
    /// (one would silently hide the other).
    public func register(_ builtin: Builtin) throws {
        guard !builtins.contains(where: { $0.name == builtin.name }) else {
            throw RuntimeError("a builtin named '\(builtin.name)' is already registered")
        }
        builtins.append(builtin)
        globals[builtin.name] = .function(Function(builtin))
    }

    /// Parses and runs `source`; with `echo`, prints the value of each
    /// top-level expression statement that is not nil (REPL, `-e`, transcripts).
    /// Throws a `Diagnostic` (syntax, runtime or interrupted) or an
    /// `ExitRequest`; globals defined before the failure stay defined.
    public func run(_ source: String, file: String, echo: Bool) throws {
        let text = SourceText(file: file, text: source)
        sources[file] = text
        let program = try parse(text)
        refreshStackLimit()
        do {
            let compiler = Compiler(interpreter: self, source: text)
            let code = try program.map { try compiler.topLevel($0.statement, echo: echo) }
            for exec in code { _ = try exec(topFrame) }
        } catch {
            throw diagnostic(for: error)
        }
    }

    /// The top-level statements of `source`, for recording transcripts: each
    /// with the `#` comment lines directly above it and a trailing comment on
    /// its last line. Throws the syntax `Diagnostic` if it does not parse.
    public func topLevelStatements(_ source: String, file: String) throws -> [StatementSpan] {
        let text = SourceText(file: file, text: source)
        let program = try parse(text)
        let bytes = Array(source.utf8)
        // Byte offset where each line starts.
        var lineStarts = [0]
        for (i, b) in bytes.enumerated() where b == 10 { lineStarts.append(i + 1) }
        func lineText(_ n: Int) -> String { text.line(n) ?? "" }
        var spans: [StatementSpan] = []
        var previousEndLine = 0
        for statement in program {
            var startLine = statement.first.line
            var start = statement.first.start
            let firstOnLine = statement.first.line > previousEndLine
                && bytes[lineStarts[startLine - 1]..<start].allSatisfy { $0 == 32 || $0 == 9 }
            if firstOnLine {
                start = lineStarts[startLine - 1]
                while startLine - 1 > previousEndLine,
                    lineText(startLine - 1).trimmingPrefix(while: { $0 == " " || $0 == "\t" }).hasPrefix("#")
                {
                    startLine -= 1
                    start = lineStarts[startLine - 1]
                }
            }
            var end = statement.last.end
            let endLine = statement.last.endLine
            let lineEnd = endLine < lineStarts.count ? lineStarts[endLine] - 1 : bytes.count
            if end <= lineEnd {
                let rest = String(decoding: bytes[end..<lineEnd], as: UTF8.self)
                let trimmed = rest.trimmingPrefix(while: { $0 == " " || $0 == "\t" })
                if trimmed.isEmpty || trimmed.hasPrefix("#") { end = lineEnd }
            }
            var spanText = String(decoding: bytes[start..<end], as: UTF8.self)
            if spanText.hasSuffix("\r") { spanText.removeLast() }
            spans.append(StatementSpan(text: spanText, startLine: startLine, endLine: endLine))
            previousEndLine = endLine
        }
        return spans
    }

    /// Names visible at top level (variables, functions, builtins; keywords excluded), sorted.
    public var globalNames: [String] {
        globals.names.filter { globals[$0] != nil }.sorted()
    }

    /// The value of a global, for field completion.
    public func global(_ name: String) -> Value? { globals[name] }

    /// The help text for `name` (a builtin, prelude or user function), or the index when nil.
    public func help(_ name: String?) -> String {
        Help(interpreter: self).text(for: name)
    }

    /// Calls a function value from a builtin (`map`, `filter`, ...).
    public func call(_ function: Value, _ arguments: [Value], keywords: [(String, Value)]) throws -> Value {
        if hot.pointee.stackLimit == 0 { refreshStackLimit() }
        return try callValue(function, arguments, keywords, named: function.typeName, at: nil, in: nil)
    }

    // MARK: - Internals used by compiled code

    private func parse(_ text: SourceText) throws -> [ParsedStatement] {
        var parser = Parser(source: text.text)
        do {
            return try parser.parseProgram()
        } catch let e as SyntaxError {
            throw Diagnostic(
                e.isDepthLimit ? .runtime : .syntax, e.message,
                at: SourceLocation(file: text.file, line: e.loc.line, column: e.loc.column),
                sourceLine: text.line(e.loc.line))
        }
    }

    /// Measures the current thread's stack, so deep recursion fails cleanly on any thread.
    private func refreshStackLimit() {
        hot.pointee.stackLimit = StackGuard.limit()
    }

    /// `error` with `location` (unless it has one), remembering the source line to show.
    func locate(_ error: RuntimeError, at location: SourceLocation?, in source: SourceText?) -> RuntimeError {
        guard error.location == nil, let location else { return error }
        var e = error
        e.location = location
        if let line = source?.line(location.line) { errorLine = (location, line) }
        return e
    }

    /// The message for reading a name no statement has defined.
    func undefinedMessage(_ name: String) -> String {
        let spellings = ["True": "true", "False": "false", "None": "nil", "null": "nil", "elif": "else if"]
        if let word = spellings[name] { return "'\(name)' is not defined (ce writes '\(word)')" }
        let candidates = globalNames.filter { editDistance($0, name) <= max(1, name.count / 3) }
        let hint = candidates.isEmpty ? "" : " (did you mean \(candidates.prefix(3).map { "'\($0)'" }.joined(separator: ", "))?)"
        return "'\(name)' is not defined\(hint)"
    }

    /// What the user sees for an error that ended a statement.
    private func diagnostic(for error: Error) -> Error {
        switch error {
        case let d as Diagnostic: return d
        case let e as ExitRequest: return e
        case is Interrupted: return Diagnostic(.interrupted, "stopped by Ctrl-C")
        case let e as RuntimeError:
            var line: String?
            if let loc = e.location {
                if let (at, text) = errorLine, at == loc { line = text } else { line = sources[loc.file]?.line(loc.line) }
            }
            errorLine = nil
            return Diagnostic(e.kind, e.message, at: e.location, sourceLine: line, trace: e.trace)
        default:
            return Diagnostic(.runtime, String(describing: error))
        }
    }

    func tooDeep() -> RuntimeError {
        RuntimeError("too deep: function calls nested too deeply (a recursion that never ends?)")
    }

    /// Calls any value with positional and keyword arguments: the one call
    /// path of builtins and ce functions alike (the compiler's positional
    /// fast path shares `enter`).
    func callValue(
        _ callee: Value, _ positional: [Value], _ keywords: [(String, Value)], named name: String,
        at site: SourceLocation?, in source: SourceText?
    ) throws -> Value {
        guard case .function(let fn) = callee else {
            let what = name == "this value" ? "this value" : "'\(name)'"
            throw locate(RuntimeError("\(what) is \(withArticle(callee.typeName)), not a function"), at: site, in: source)
        }
        switch fn.implementation {
        case .builtin(let b):
            do {
                return try b.call(positional, keywords, context: context)
            } catch let e as RuntimeError {
                // An error that already has a place came out of a function the builtin called back.
                guard e.location != nil else { throw locate(e, at: site, in: source) }
                throw traced(e, leaving: b.name, calledFrom: site)
            }
        case .closure(let c):
            guard let code = c.code, let pool = c.pool else {
                throw locate(RuntimeError("\(c.name) has no body"), at: site, in: source)
            }
            let frame = pool.take(slots: c.slotCount)
            if c.capturesFrame { frame.parent = c.captured }
            do {
                try CallBinder.bind(ClosureShape(closure: c, code: code), callee: c.name, usage: { c.signature },
                                    positional: positional, keywords: keywords) { i, v in frame.slots[i] = v }
            } catch let e as RuntimeError {
                throw locate(e, at: site, in: source)
            }
            return try enter(c, pool, consume frame, at: site, in: source)
        }
    }

    /// Runs closure `c` in `frame`, whose parameters are bound: the stack
    /// check, the body, the call added to an error's trace, the frame back to its pool.
    @inline(__always)
    func enter(
        _ c: Closure, _ pool: FramePool, _ frame: consuming Frame, at site: SourceLocation?, in source: SourceText?
    ) throws -> Value {
        if StackGuard.address() < hot.pointee.stackLimit { throw tooDeep(at: site, in: source) }
        let result: Value
        do { result = try runBody(c.body, frame, hot) } catch let e as RuntimeError {
            throw traced(e, leaving: c.name, calledFrom: site)
        }
        if c.definesFunctions {
            var held = consume frame
            Frame.finishCall(&held)
            pool.recycle(consume held)
        } else {
            pool.recycle(consume frame)
        }
        return result
    }

    /// Keeps the function in `cell`, which a global assignment replaces while calls read from globals run.
    @inline(never)
    func retire(_ cell: UnsafeMutablePointer<Value?>) {
        if let old = cell.pointee { retired.append(old) }
        hot.pointee.hasRetired = true
    }

    /// Frees the functions `retire` kept; called when the last call read from a global ends.
    @inline(never)
    func releaseRetired() {
        hot.pointee.hasRetired = false
        retired.removeAll()
    }

    /// The "too deep" error at a call, out of line: the call path only compares two addresses.
    @inline(never)
    func tooDeep(at site: SourceLocation?, in source: SourceText?) -> RuntimeError {
        locate(tooDeep(), at: site, in: source)
    }

    /// Fills the parameters after the first `given` with their defaults: the
    /// compiler's positional fast path, which skips `CallBinder`'s matching of
    /// names (its errors are the binder's). Out of line: calls that give every argument skip it.
    @inline(never)
    func fillDefaults(_ c: Closure, _ frame: Frame, from given: Int, at site: SourceLocation?, in source: SourceText?) throws {
        for i in given..<c.parameterCount {
            guard let d = c.defaults[i] else {
                throw locate(CallBinder.missingArgument(c.parameterNames[i], callee: c.name, usage: c.signature), at: site, in: source)
            }
            frame.slots[i] = d
        }
    }

    /// `error` with the call it unwound through added to its trace.
    func traced(_ error: RuntimeError, leaving function: String, calledFrom site: SourceLocation?) -> RuntimeError {
        guard let site, error.location != nil else { return error }
        var e = error
        e.trace.record(function, calledFrom: site)
        return e
    }

    /// `object.name(args)`: an engine object's method, a function stored in a
    /// map, or a built-in string/list/map method.
    func callMethod(
        _ object: Value, _ name: String, _ positional: [Value], _ keywords: [(String, Value)],
        at site: SourceLocation, in source: SourceText
    ) throws -> Value {
        do {
            switch object {
            case .object(let o):
                if o.methodNames.contains(name) {
                    return try o.callMethod(name, positional, keywords: keywords, context: context)
                }
                if let v = o.field(name), case .function = v {
                    return try callValue(v, positional, keywords, named: name, at: site, in: source)
                }
                let known = o.methodNames.isEmpty ? "it has none" : "it has " + o.methodNames.joined(separator: ", ")
                throw RuntimeError("\(o.typeName) has no method '\(name)' (\(known))")
            case .map(let m):
                if let v = m[name], case .function = v {
                    return try callValue(v, positional, keywords, named: name, at: site, in: source)
                }
            default: break
            }
            if let result = try object.callBuiltinMethod(name, positional) {
                if !keywords.isEmpty { throw RuntimeError("\(object.typeName).\(name) takes no keyword arguments") }
                return result
            }
            let known = object.methodNames
            let hint = known.isEmpty ? "" : " (it has \(known.joined(separator: ", ")))"
            throw RuntimeError("\(object.typeName) has no method '\(name)'\(hint)")
        } catch let e as RuntimeError {
            throw locate(e, at: site, in: source)
        } catch let e as UserFacingError {
            throw locate(RuntimeError("\(object.typeName).\(name): \(e.description)"), at: site, in: source)
        }
    }

    /// `use "path"`: runs a file once, relative to the file that uses it.
    func use(_ path: String, from site: SourceLocation, in source: SourceText) throws {
        let resolved: String
        if path.hasPrefix("/") {
            resolved = path
        } else if site.file.contains("/"), !site.file.hasPrefix("<") {
            resolved = String(site.file[..<(site.file.lastIndex(of: "/") ?? site.file.startIndex)]) + "/" + path
        } else {
            resolved = context.resolve(path)
        }
        let canonical = canonicalPath(resolved)
        if usedFiles.contains(canonical) { return }
        let contents: String
        do { contents = try readSourceFile(resolved) } catch let e as RuntimeError { throw locate(e, at: site, in: source) }
        usedFiles.insert(canonical)
        let text = SourceText(file: resolved, text: contents)
        sources[resolved] = text
        let program = try parse(text)
        let compiler = Compiler(interpreter: self, source: text)
        let code = try program.map { try compiler.topLevel($0.statement, echo: false) }
        for exec in code { _ = try exec(topFrame) }
    }
}

/// Runs a function body after the stack check: polls Ctrl-C every 1024 calls.
@inline(__always)
func runBody(_ body: Eval, _ frame: Frame, _ hot: UnsafeMutablePointer<HotState>) throws -> Value {
    hot.pointee.ticks &+= 1
    if hot.pointee.ticks & 1023 == 0 { try poll(hot) }
    return try body(frame)
}

/// The object `CallContext.caller` refers to: forwards to the interpreter.
final class CallerProxy: FunctionCaller {
    unowned(unsafe) let interpreter: Interpreter

    init(_ interpreter: Interpreter) { self.interpreter = interpreter }

    func call(_ function: Value, _ arguments: [Value], keywords: [(String, Value)]) throws -> Value {
        try interpreter.call(function, arguments, keywords: keywords)
    }
}

/// What every call reads or updates: the stack limit, the interrupt poll counter and the count of
/// calls running a function read unretained from a global.
struct HotState {
    var stackLimit: UInt
    var ticks: Int
    /// Polls left before a run stops as if interrupted (tests bound fuzzed programs with it).
    var budget: Int
    /// Calls whose function is held only by the global it was read from (see `GlobalStore`).
    var unretainedCalls: Int
    /// Whether `Interpreter.retired` holds values.
    var hasRetired: Bool
}

/// Where compiled code assigns one global. A call of a global function holds no reference to it (a retain
/// and release per call cost more than the rest of the call), so a function replaced while such calls run
/// (top-level code runs inside a call only when a builtin calls `Interpreter.run`) is kept until they end.
struct GlobalStore {
    let cell: UnsafeMutablePointer<Value?>
    let hot: UnsafeMutablePointer<HotState>
    /// Unmanaged: calling a method through an unowned(unsafe) reference retains it per call.
    let interpreter: Unmanaged<Interpreter>

    init(cell: UnsafeMutablePointer<Value?>, interpreter: Interpreter) {
        self.cell = cell
        hot = interpreter.hot
        self.interpreter = Unmanaged.passUnretained(interpreter)
    }

    @inline(__always)
    func store(_ value: Value) {
        if hot.pointee.unretainedCalls > 0, case .function? = cell.pointee {
            interpreter._withUnsafeGuaranteedRef { $0.retire(cell) }
        }
        cell.pointee = value
    }
}

/// Called every 1024 loop iterations or calls: stops on Ctrl-C or an exhausted budget.
@inline(never)
func poll(_ hot: UnsafeMutablePointer<HotState>) throws {
    if Interruption.isRequested { throw Interrupted() }
    hot.pointee.budget -= 1
    if hot.pointee.budget <= 0 { throw Interrupted() }
}

/// Levenshtein distance, for "did you mean" hints.
func editDistance(_ a: String, _ b: String) -> Int {
    let x = Array(a), y = Array(b)
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var previous = Array(0...y.count)
    for i in 1...x.count {
        var current = [i] + [Int](repeating: 0, count: y.count)
        for j in 1...y.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[y.count]
}

extension CallContext {
    /// The interpreter running this session (`caller` is a proxy for it).
    ///
    ///     let text = args.context.interpreter?.help("anneal")
    public var interpreter: Interpreter? { (caller as? CallerProxy)?.interpreter }
}
