// The error the Inference engine throws on bad input, with a message a
// scientist can act on.
@_exported import Numerics

/// A problem with the inputs of a sampler, summary or band.
///
///     throw InferenceError("start has 3 parameters but the prior has 2")
public struct InferenceError: UserFacingError, CustomStringConvertible, Equatable {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
