// The session's interpreter: parses, resolves and runs source in one global
// scope that persists across calls (REPL entries, transcript blocks).
// PLACEHOLDER FACADE: signatures fixed for the shell; the language helper replaces the bodies.

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

/// Runs ce source in a persistent session.
///
///     let interp = Interpreter(builtins: CommandRegistry.all, print: { print($0) })
///     try interp.run("x = 1\nprint(x + 1)", file: "<stdin>", echo: false)
public final class Interpreter {
    public let context: CallContext

    public init(builtins: [Builtin], print: @escaping (String) -> Void) {
        context = CallContext(print: print)
    }

    /// Parses and runs `source`; with `echo`, prints the value of each
    /// top-level expression statement that is not nil (REPL, `-e`, transcripts).
    /// Throws a `Diagnostic` (syntax, runtime or interrupted); globals defined
    /// before the failure stay defined.
    public func run(_ source: String, file: String, echo: Bool) throws {
        throw Diagnostic(.runtime, "interpreter not built yet")
    }

    /// Whether `source` stops inside an unfinished construct (open bracket,
    /// block or string), so the REPL should read a continuation line.
    public func needsMoreInput(_ source: String) -> Bool { false }

    /// The top-level statements of `source`, for recording transcripts. Throws
    /// the syntax `Diagnostic` if it does not parse.
    public func topLevelStatements(_ source: String, file: String) throws -> [StatementSpan] { [] }

    /// Names visible at top level (variables, functions, builtins, keywords excluded), sorted.
    public var globalNames: [String] { [] }

    /// The value of a global, for field completion.
    public func global(_ name: String) -> Value? { nil }

    /// The help text for `name` (a builtin, prelude or user function), or the index when nil.
    public func help(_ name: String?) -> String { "" }
}
