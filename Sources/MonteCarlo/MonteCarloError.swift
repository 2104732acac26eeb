// The error every MonteCarlo entry point throws on bad input.
import Numerics

/// A user-facing error from the Monte Carlo engine, with a plain message.
///
///     throw MonteCarloError("composition needs at least one site")
public struct MonteCarloError: UserFacingError, CustomStringConvertible, Sendable, Equatable {
    /// What went wrong, in words a scientist understands.
    public let message: String

    /// Creates an error with the given message.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
