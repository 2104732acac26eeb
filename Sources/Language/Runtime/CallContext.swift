// What a builtin may use of the running session: the output sink, the
// session's seeded random stream, a way to call language functions, progress
// reporting and the directory relative paths start from.
import Numerics

/// Calls a function value of the language; the interpreter implements it.
public protocol FunctionCaller: AnyObject {
    func call(_ function: Value, _ arguments: [Value], keywords: [(String, Value)]) throws -> Value
}

/// Receives progress of long commands; the shell draws a bar on a terminal.
public protocol ProgressReporter: AnyObject {
    /// A command starts `total` units of work (sweeps, fits, samples).
    func begin(_ label: String, total: Int)
    /// `done` of `total` units are finished.
    func update(_ done: Int)
    func end()
}

/// The session state a builtin sees.
///
///     args.context.print("fitted \(n) ECIs")
///     var rng = args.context.random.split()
public final class CallContext {
    /// Where `print` and command output go (a line without its newline).
    public var print: (String) -> Void
    /// The session's random stream; `seed(n)` resets it. Commands that take
    /// `seed=` make their own streams from it instead of using it directly.
    public var random: RandomStream
    /// Relative paths in `load`, `save`, `use` and engine commands start here.
    public var baseDirectory: String
    /// Long commands report progress here when set.
    public var progress: ProgressReporter?
    /// Called with the path of each figure a command writes, so transcripts can link it.
    public var figureWritten: ((String) -> Void)?
    /// Receives each value a top-level expression shows (`echo`) instead of `print`, when set: the
    /// Jupyter kernel sends the last one as the cell's result.
    public var echo: ((Value) -> Void)?
    /// Calls back into the interpreter (for `map`, `filter`, `sample(fn ...)`).
    public weak var caller: FunctionCaller?

    public init(print: @escaping (String) -> Void, seed: UInt64 = 0, baseDirectory: String = ".") {
        self.print = print
        self.random = RandomStream(seed: seed)
        self.baseDirectory = baseDirectory
    }

    /// Calls a function value with positional and keyword arguments.
    public func call(_ function: Value, _ arguments: [Value], keywords: [(String, Value)] = []) throws -> Value {
        guard let caller else { throw RuntimeError("no interpreter to call \(function.typeName)") }
        return try caller.call(function, arguments, keywords: keywords)
    }

    /// `path` resolved against `baseDirectory` unless absolute.
    public func resolve(_ path: String) -> String {
        if path.hasPrefix("/") || baseDirectory == "." || baseDirectory.isEmpty { return path }
        return baseDirectory + "/" + path
    }

    /// Throws the interrupt error if Ctrl-C was pressed; long loops call it between units of work.
    public func checkInterrupt() throws {
        if Interruption.isRequested { throw Interrupted() }
    }
}

/// Thrown when the user pressed Ctrl-C; the interpreter turns it into an
/// `.interrupted` diagnostic and the session goes on.
public struct Interrupted: Error {
    public init() {}
}
