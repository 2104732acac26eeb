// How running one piece of source ended: the single place that turns the
// interpreter's thrown errors into what the shell shows and exits with.
import Language

/// The result of running a script, a REPL entry or a transcript block.
public enum RunOutcome {
    case completed
    /// A syntax, runtime or interrupt diagnostic; the session goes on.
    case failed(Diagnostic)
    /// The program called `exit(code)`.
    case exited(Int32)

    /// Runs `body` and classifies how it ended.
    ///
    ///     let outcome = RunOutcome.of { try interpreter.run(code, file: "x.ce", echo: false) }
    public static func of(_ body: () throws -> Void) -> RunOutcome {
        do {
            try body()
            return .completed
        } catch let diagnostic as Diagnostic {
            return .failed(diagnostic)
        } catch let request as ExitRequest {
            return .exited(request.code)
        } catch is Interrupted {
            return .failed(Diagnostic(.interrupted, "stopped by Ctrl-C"))
        } catch let error as RuntimeError {
            return .failed(Diagnostic(error.kind, error.message, at: error.location, trace: error.trace))
        } catch {
            return .failed(Diagnostic(.runtime, "\(error)"))
        }
    }

    /// The process exit code: 0, the diagnostic's code, or the requested one.
    public var exitCode: Int32 {
        switch self {
        case .completed: return 0
        case .failed(let diagnostic): return diagnostic.exitCode
        case .exited(let code): return code
        }
    }
}
