// How a fit ended: the optimality certificate reported with every fit.

/// The convergence report of a fit: its objective, the duality gap that bounds how far the
/// objective can be above the optimum, and whether that gap reached the tolerance.
///
///     if !fit.convergence.converged { print("relative gap", fit.convergence.relativeGap) }
public struct Convergence: Sendable, Equatable, Codable {
    /// Block coordinate-descent sweeps over the working set.
    public var sweeps: Int = 0
    /// Active-set Newton steps (the solver's exact finish on ill-conditioned data).
    public var newtonSteps: Int = 0
    /// Full-gradient optimality checks (each may grow the working set).
    public var checks: Int = 0
    /// Columns whose Gram products were computed (working-set size).
    public var workingColumns: Int = 0
    /// Largest distance of -∇(smooth part) to the penalty's subdifferential over all groups (0 at the optimum).
    public var kktResidual: Double = 0
    /// Primal minus dual objective: an upper bound on objective - optimum (0 at the optimum).
    public var dualityGap: Double = 0
    /// The duality gap relative to the objective; the fit stops when it reaches the tolerance.
    public var relativeGap: Double = 0
    /// The objective 1/(2n)||y - XJ||² + Ω(J) at the solution (weights normalised to mean 1).
    public var objective: Double = 0
    /// Whether the relative duality gap reached the tolerance.
    public var converged: Bool = true
    /// Why a fit did not converge (empty when it did).
    public var reason: String = ""

    public init() {}

    /// Folds another solve into this report (a fit made of several solves, e.g. the paper's procedure).
    mutating func absorb(_ other: Convergence) {
        sweeps += other.sweeps
        newtonSteps += other.newtonSteps
        checks += other.checks
        workingColumns = max(workingColumns, other.workingColumns)
        kktResidual = max(kktResidual, other.kktResidual)
        relativeGap = max(relativeGap, other.relativeGap)
        dualityGap = max(dualityGap, other.dualityGap)
        if !other.converged && converged { converged = false; reason = other.reason }
    }
}
