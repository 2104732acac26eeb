// A function written in ce, with the environment it closes over.

/// A user-defined function value. (The interpreter fills in its body.)
public final class Closure {
    public let name: String
    /// The doc comment written above `fn name(...)`, shown by `help name`.
    public let doc: String

    public init(name: String, doc: String) {
        self.name = name
        self.doc = doc
    }
}
