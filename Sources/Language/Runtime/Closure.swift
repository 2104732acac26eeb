// A function written in ce, with the environment it closes over.

/// A user-defined function value: its compiled code, the frame of the
/// function it was defined in, and its default argument values.
public final class Closure {
    public let name: String
    /// The doc comment written above `fn name(...)`, shown by `help name`.
    public let doc: String
    let code: FunctionCode?
    /// Variable only so a finished call can break the cycle with its own frame (`Frame.finishCall`).
    /// Unchecked: every call reads it, and a dynamic exclusivity check there costs more than the call's arithmetic.
    @exclusivity(unchecked) var captured: Frame?
    /// One entry per parameter: its default, or nil when required. Variable only so `deinit` can empty it.
    private(set) var defaults: [Value?]
    // Copies of the code's fields every call reads, to skip loading `code`.
    /// Not optional: a call reads it in place, with no copy (and no retain) of an optional closure.
    let body: Eval
    let slotCount: Int
    let parameterCount: Int
    let pool: FramePool?
    /// Whether the body makes closures, which its frame may then hold.
    let definesFunctions: Bool
    /// Whether it was made with a frame to capture: calls of the others leave their frames' parent nil unread.
    let capturesFrame: Bool

    public init(name: String, doc: String) {
        self.name = name
        self.doc = doc
        code = nil
        captured = nil
        defaults = []
        body = { _ in throw RuntimeError("\(name) has no body") }
        slotCount = 0
        parameterCount = 0
        pool = nil
        definesFunctions = false
        capturesFrame = false
    }

    init(code: FunctionCode, captured: Frame?, defaults: [Value?]) {
        name = code.name
        doc = code.doc
        self.code = code
        self.captured = captured
        self.defaults = defaults
        body = code.body
        slotCount = code.slotCount
        parameterCount = code.parameterCount
        pool = code.pool
        definesFunctions = code.definesFunctions
        capturesFrame = captured != nil
    }

    /// Frees the defaults through `DeepRelease`: a chain of functions, each the default of the next, a
    /// million long dies without recursion. (The captured frame does the same for its slots.)
    deinit { DeepRelease.release(&defaults) }

    /// The parameter names, in order.
    public var parameterNames: [String] { code?.parameterNames ?? [] }

    /// The call signature as `help` shows it: `anneal_slowly(lat, steps=10)`.
    public var signature: String {
        let names = parameterNames
        let params = names.indices.map { i -> String in
            guard i < defaults.count, let d = defaults[i] else { return names[i] }
            return "\(names[i])=\(d.literal)"
        }
        return "\(name)(\(params.joined(separator: ", ")))"
    }
}

/// What the Compiler makes of a `fn`: shared by every closure created from it.
final class FunctionCode {
    let name: String
    let doc: String
    let parameterNames: [String]
    /// Frame size: parameters first, then the other locals.
    let slotCount: Int
    /// Runs a call in its frame (parameters bound) and gives its result.
    let body: Eval
    let location: SourceLocation
    let parameterCount: Int
    /// Whether the body contains a `fn`.
    let definesFunctions: Bool
    /// Frames of finished calls, for the next calls.
    let pool = FramePool()

    init(name: String, doc: String, parameterNames: [String], slotCount: Int, body: @escaping Eval, location: SourceLocation,
         definesFunctions: Bool) {
        self.name = name
        self.definesFunctions = definesFunctions
        self.doc = doc
        self.parameterNames = parameterNames
        self.slotCount = slotCount
        self.body = body
        self.location = location
        parameterCount = parameterNames.count
    }

    deinit { pool.destroy() }
}

/// Compiled code: an expression evaluated in a frame.
typealias Eval = (Frame) throws -> Value
/// Compiled code: a condition tested in a frame.
typealias Test = (Frame) throws -> Bool
/// Compiled code: a statement executed in a frame, telling how control leaves it.
typealias Exec = (Frame) throws -> Flow

/// How a statement finished.
enum Flow {
    case normal, breakLoop, continueLoop, returned
}
