// The misfit of the sparse approximation's two-parameter model (seed 003 SA),
// shared by its fit (the minimum) and posterior sampling (likelihood ∝ exp(-J)).

/// J(α1, α2) = ½∫‖C(t,α) - C̃(t)‖² dt in the paper's form of the SA model.
/// A value type with no mutable state: safe to call from several threads at once.
///
///     let cost = SparseCost(series: series)
///     let j = cost([-0.083, -0.166])
public struct SparseCost: Sendable {
    public let series: ConcentrationSeries

    public init(series: ConcentrationSeries) {
        self.series = series
    }

    /// J at (α1, α2); +∞ for a wrong parameter count or a non-finite misfit.
    public func callAsFunction(_ alpha: [Double]) -> Double {
        guard alpha.count == 2 else { return .infinity }
        let j = SparseModel(alpha1: alpha[0], alpha2: alpha[1]).trajectory(from: series.state(0), times: series.times)
            .misfit(series)
        return j.isFinite ? j : .infinity
    }
}
