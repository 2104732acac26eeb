// The error every Closure entry point throws on bad input or a failed fit.
import Numerics

/// A closure-model failure with a message a scientist can act on.
///
///     throw ClosureError("the series needs at least two times")
public struct ClosureError: UserFacingError, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
