// A named number every session starts with (pi, inf, nan): a global the
// interpreter defines before anything runs, listed by `help` with its meaning.

/// A global value defined at the start of every session, with one line for `help`.
///
///     Constant("pi", .double(Double.pi), "the ratio of a circle's circumference to its diameter")
public struct Constant {
    public let name: String
    public let value: Value
    public let doc: String

    public init(_ name: String, _ value: Value, _ doc: String) {
        self.name = name
        self.value = value
        self.doc = doc
    }
}
