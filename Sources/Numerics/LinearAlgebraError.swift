// Errors raised by the dense linear algebra, with messages a scientist can act on.

/// A failure of a matrix operation: bad shapes or a LAPACK routine that did not succeed.
///
///     do { _ = try a.cholesky() } catch LinearAlgebraError.notPositiveDefinite(let k) { print(k) }
public enum LinearAlgebraError: UserFacingError, Equatable, CustomStringConvertible {
    /// Operand shapes do not fit together.
    case dimensionMismatch(String)
    /// Cholesky failed: the leading minor of this order (1-based) is not positive.
    case notPositiveDefinite(Int)
    /// An iterative LAPACK routine (SVD, eigenvalues) did not converge.
    case noConvergence(String)
    /// A LAPACK routine reported an invalid argument (a bug, not bad data).
    case lapack(String, Int)

    public var description: String {
        switch self {
        case .dimensionMismatch(let what): return "matrix dimensions do not match: \(what)"
        case .notPositiveDefinite(let k):
            return "matrix is not positive definite (leading minor \(k) is not positive)"
        case .noConvergence(let routine): return "\(routine) did not converge"
        case .lapack(let routine, let info): return "LAPACK \(routine) failed with info = \(info)"
        }
    }
}
