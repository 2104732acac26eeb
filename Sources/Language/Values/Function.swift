// Function values: builtins written in Swift and closures written in ce.

/// A callable value.
public final class Function {
    public enum Implementation {
        case builtin(Builtin)
        case closure(Closure)
    }

    public let implementation: Implementation
    /// The closure when this is a ce function: read on every call, without
    /// copying the enum.
    let closure: Closure?
    /// The same closure, unretained (`implementation` holds it): the compiler's call
    /// path reads it without a retain and release per call while it holds this function.
    let unretainedClosure: Unmanaged<Closure>?

    public init(_ builtin: Builtin) {
        implementation = .builtin(builtin)
        closure = nil
        unretainedClosure = nil
    }

    public init(_ closure: Closure) {
        implementation = .closure(closure)
        self.closure = closure
        unretainedClosure = Unmanaged.passUnretained(closure)
    }

    /// The function's name (`<fn>` for anonymous closures).
    public var name: String {
        switch implementation {
        case .builtin(let b): return b.name
        case .closure(let c): return c.name
        }
    }
}
