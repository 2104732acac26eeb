// An optimality certificate computed from scratch, independent of any solver state.

/// The KKT residual of coefficients for 1/(2n)||y - XJ||² + Ω(J): the largest distance,
/// over groups, of -∇(smooth part) to the subdifferential of the nonsmooth part.
///
///     let check = KKTCheck(design: design, eci: fit, penalty: pen)
///     assert(check.residual < 1e-6)
public struct KKTCheck: Sendable {
    /// Largest group residual (0 at an exact optimum).
    public let residual: Double
    /// The residual of each group.
    public let groupResiduals: [Double]

    public init(design: RegressionDesign, eci: [Double], penalty: Penalty) {
        self.init(design: design, eci: eci, penalty: penalty, gradient: design.lossGradient(eci: eci).gradient)
    }

    /// The residual from the loss gradient at `eci`, already computed.
    init(design: RegressionDesign, eci: [Double], penalty: Penalty, gradient lossGradient: [Double]) {
        let gradient = penalty.smoothGradient(lossGradient, at: eci)
        let groups = design.groups
        let weights = groups.weights
        groupResiduals = groups.columns.enumerated().map { g, cols in
            if penalty.group == 0 {
                // Without a group term the conditions are per column.
                return cols.reduce(0.0) { worst, j in
                    max(worst, penalty.stationarityResidual(eci: eci, gradient: gradient, columns: [j], weight: 1))
                }
            }
            return penalty.stationarityResidual(eci: eci, gradient: gradient, columns: cols, weight: weights[g])
        }
        residual = groupResiduals.max() ?? 0
    }
}
