// What the REPL and transcripts need from an interpreter, so their mechanics
// can be tested with a small fake as well as run with the real `Interpreter`.
import Language
import Numerics

/// Runs source in a persistent session; `Interpreter` is the real one.
public protocol Evaluator: AnyObject {
    /// Runs `source`, echoing expression values when `echo`; throws a `Diagnostic`
    /// (or the language's exit request) on failure.
    func run(_ source: String, file: String, echo: Bool) throws
    /// Resets the session's random stream (transcript headers record the seed).
    func reseed(_ seed: UInt64)
}

extension Interpreter: Evaluator {
    public func reseed(_ seed: UInt64) {
        context.random = RandomStream(seed: seed)
    }
}
