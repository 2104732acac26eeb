// One ce session: an interpreter with every registered command, the prelude
// loaded, output routed through `SessionOutput`, progress bars on a terminal.
import Language
import Numerics

/// An interpreter ready for a script, a REPL or a transcript.
///
///     let session = try Session()
///     let outcome = session.execute("print(1 + 1)", file: "<-e>", echo: true)
public final class Session {
    public let interpreter: Interpreter
    public let output: SessionOutput

    /// Creates the interpreter, loads `stdlib/prelude.ce` (found by `StdlibLocator`)
    /// and defines `args` as an empty list (scripts replace it). Throws when the
    /// registry names a builtin twice.
    public init(loadPrelude: Bool = true) throws {
        let output = SessionOutput()
        self.output = output
        interpreter = try Interpreter(builtins: CommandRegistry.all, print: { output.line($0) })
        interpreter.context.figureWritten = { output.figure($0) }
        if Terminal.isTerminal(2) { interpreter.context.progress = TerminalProgressBar() }
        if loadPrelude { self.loadPrelude() }
        setScriptArguments([])
    }

    /// A new session, or nil after printing why it cannot start (a builtin registered twice).
    static func started() -> Session? {
        do { return try Session() } catch {
            Terminal.err("ce: internal error: \(error)\n")
            return nil
        }
    }

    /// Runs `source` after clearing any earlier Ctrl-C request.
    public func execute(_ source: String, file: String, echo: Bool) -> RunOutcome {
        Interruption.clear()
        return RunOutcome.of { try interpreter.run(source, file: file, echo: echo) }
    }

    /// Defines the global `args`: the script's command-line arguments as a list of strings.
    public func setScriptArguments(_ arguments: [String]) {
        // `\$` keeps a `${` in an argument from being read as interpolation.
        let items = arguments.map { Value.quote($0).split(separator: "$", omittingEmptySubsequences: false).joined(separator: "\\$") }
        _ = execute("args = [" + items.joined(separator: ", ") + "]", file: "<args>", echo: false)
    }

    private func loadPrelude() {
        guard let folder = StdlibLocator.directory else {
            Terminal.err("ce: warning: stdlib/prelude.ce not found; set CE_STDLIB to the stdlib folder\n")
            return
        }
        let path = folder + "/prelude.ce"
        guard let source = try? FileSystem.read(path) else {
            Terminal.err("ce: warning: cannot read \(path)\n")
            return
        }
        // A fixed name, so errors inside prelude functions read the same on every machine.
        if case .failed(let diagnostic) = execute(source, file: "stdlib/prelude.ce", echo: false) {
            Terminal.err(diagnostic.rendered + "\n")
        }
    }
}
