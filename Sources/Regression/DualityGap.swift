// Optimality certificates: the duality gap of any coefficients (an upper bound
// on how far their objective is above the optimum) and the KKT residual, for the
// iterative solver and for the closed-form and sequential methods alike.

extension Penalty {
    /// The gradient of the smooth part (loss plus ridge) from the loss gradient `g` at `j`.
    func smoothGradient(_ g: [Double], at j: [Double]) -> [Double] {
        if ridge == 0 { return g }
        var out = g
        for k in 0..<out.count { out[k] += ridge * j[k] }
        return out
    }
}

extension RegressionDesign {
    /// The duality gap and the objective at `eci`.
    ///
    /// With the ridge term folded into an augmented least-squares loss (rows sqrt(nρ)·I), the
    /// dual point θ = r̂/(n s), s = max(1, Ω*(∇)), gives
    /// gap = ||r̂||²/(2n)·(1 - 1/s)² + Ω(J) + Jᵀ∇/s with ∇ the gradient of the smooth part and
    /// ||r̂||² = ||r||² + nρ||J||²: a sum of terms that vanish at the optimum, with no
    /// difference of two large numbers (the form P - D loses digits when the fit is close).
    func dualityGap(gradient: [Double], residual: [Double], eci: [Double], penalty: Penalty)
        -> (gap: Double, objective: Double)
    {
        let n = Double(rows)
        let rss = residual.reduce(0) { $0 + $1 * $1 }
        let smooth = penalty.smoothGradient(gradient, at: eci)
        var dual = 0.0
        if penalty.l1 > 0 || penalty.group > 0 {
            for (g, cols) in groups.columns.enumerated() {
                var top = 0.0, norm2 = 0.0
                for j in cols { top = max(top, abs(smooth[j])); norm2 += smooth[j] * smooth[j] }
                if penalty.group == 0 { dual = max(dual, top / penalty.l1); continue }
                // The group's dual norm is at most min(|v|∞/l1, ||v||/(group·w)): skip the exact
                // (sorting) computation for the groups that cannot raise the maximum.
                let bound = min(penalty.l1 > 0 ? top / penalty.l1 : .infinity,
                                norm2.squareRoot() / (penalty.group * groups.weights[g]))
                if bound <= max(dual, 1) { continue }
                dual = max(dual, penalty.dualNorm(cols.map { smooth[$0] }, weight: groups.weights[g]))
            }
        }
        let s = max(1, dual)
        let nonsmooth = Penalty(l1: penalty.l1, group: penalty.group, ridge: 0).value(eci, groups: groups)
        var jNorm2 = 0.0, jDotGradient = 0.0
        for j in eci.indices where eci[j] != 0 { jNorm2 += eci[j] * eci[j]; jDotGradient += eci[j] * smooth[j] }
        let augmented = rss + n * penalty.ridge * jNorm2
        let shrink = 1 - 1 / s
        let gap = augmented / (2 * n) * shrink * shrink + nonsmooth + jDotGradient / s
        let objective = rss / (2 * n) + nonsmooth + 0.5 * penalty.ridge * jNorm2
        return (max(gap, 0), objective)
    }

    /// The gap relative to the objective (floored far below any real objective, for exact interpolation).
    func relativeGap(_ gap: Double, objective: Double) -> Double {
        gap / max(objective, 1e-15 * targetPower + Double.leastNormalMagnitude)
    }

    /// The certificate of `eci` (design columns) for `penalty`: objective, gap, KKT residual. A
    /// direct solution (LAPACK least squares or Cholesky) is converged by construction, its gap
    /// only rounding; otherwise `converged` when the relative gap is within `tolerance`.
    func certificate(eci: [Double], penalty: Penalty, tolerance: Double = 0, direct: Bool = false) -> Convergence {
        let (gradient, residual) = lossGradient(eci: eci)
        let (gap, objective) = dualityGap(gradient: gradient, residual: residual, eci: eci, penalty: penalty)
        var report = Convergence()
        report.objective = objective
        report.dualityGap = gap
        report.relativeGap = relativeGap(gap, objective: objective)
        report.kktResidual = KKTCheck(design: self, eci: eci, penalty: penalty, gradient: gradient).residual
        report.converged = direct || report.relativeGap <= tolerance
        if !report.converged { report.reason = "relative duality gap \(report.relativeGap)" }
        return report
    }
}
