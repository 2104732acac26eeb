// How a penalised fit ended: the optimality certificate reported with every fit.

/// The convergence report of an iterative fit.
///
///     if !fit.convergence.converged { print("KKT residual", fit.convergence.kktResidual) }
public struct Convergence: Sendable, Equatable, Codable {
    /// Block coordinate-descent sweeps over the working set.
    public var sweeps: Int = 0
    /// Full-gradient optimality checks (each may grow the working set).
    public var checks: Int = 0
    /// Columns whose Gram products were computed (working-set size).
    public var workingColumns: Int = 0
    /// Largest distance of -∇loss to the penalty's subdifferential over all groups (0 at the optimum).
    public var kktResidual: Double = 0
    /// Primal minus dual objective (nil for ridge terms, where no gap is computed).
    public var dualityGap: Double?
    /// The objective 1/(2n)||y - XJ||² + Ω(J) at the solution.
    public var objective: Double = 0
    /// Whether the KKT residual reached the tolerance.
    public var converged: Bool = true

    public init() {}
}
