// Errors the fitting engine reports to the user.
import Numerics

/// A fitting problem that cannot be solved as asked, with a message a scientist can act on.
///
///     throw RegressionError.invalidInput("energies has 10 values but the feature matrix has 12 rows")
public enum RegressionError: UserFacingError, Equatable, CustomStringConvertible {
    /// Inputs of the wrong shape or value.
    case invalidInput(String)
    /// A linear-algebra step failed (message from LAPACK's wrapper).
    case numerical(String)

    public var description: String {
        switch self {
        case .invalidInput(let m): return m
        case .numerical(let m): return "numerical failure: \(m)"
        }
    }
}
