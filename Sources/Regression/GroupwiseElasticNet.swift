// Seed 000's own fitting procedure (its Methods section and reference code),
// next to the exact Eq. 6 minimiser: the point terms by a cross-validated lasso,
// then one pass over the other groups, each fitted by an elastic net on what the
// groups before it left. science.md §5 lists how this differs from Eq. 6.
#if canImport(Glibc)
import Glibc
#endif

/// The paper's sequential procedure on one training set.
///
/// 1. J_0 and the point columns: a lasso whose alpha is chosen as scikit-learn's `LassoCV`
///    chooses it (100 alphas from alpha_max down to 1e-3·alpha_max, 5 contiguous folds, the
///    lowest mean test MSE), refitted on the whole training set.
/// 2. The residual r = y - J_0 - X_P J_P; then for each other group B in ascending group id,
///    once: z = X_Bᵀr/n, S = sign(z)·(|z| - alpha·mix) (no max(0, ·): the reference code's
///    test); if ||S||_2 < alpha·(1 - mix)·sqrt(p_B) the group is zero, else J_B minimises the
///    elastic net 1/(2n)||r - X_B J_B||² + alpha·mix·||J_B||_1 + alpha·(1 - mix)/2·||J_B||²
///    (scikit-learn's ElasticNet, l1_ratio = mix, no intercept), and r -= X_B J_B.
///
/// Each elastic net is solved to the solver's tolerance (the reference code stops at
/// scikit-learn's default tol = 1e-4 with random coordinate order, so its ECIs vary run to run).
struct GroupwiseElasticNet {
    let estimator: Estimator
    let alpha: Double

    /// Folds of the point-term LassoCV and its alpha grid (scikit-learn's defaults).
    static let lassoFolds = 5, lassoAlphas = 100, lassoRange = 1e-3

    func fit(_ set: TrainingSet) throws -> (intercept: Double, eci: [Double], report: Convergence) {
        let problem = set.problem
        let fixed = Set(problem.fixedColumns.map(\.column))
        let points = estimator.pointColumns.filter { !fixed.contains($0) && $0 >= 0 && $0 < problem.columns }.sorted()
        var report = Convergence()
        var eci = [Double](repeating: 0, count: problem.columns)
        var intercept = set.energyMean
        var residual = set.rows.map { problem.energies[$0] }
        if points.isEmpty {
            if problem.intercept == .fitted {
                let w = set.rows.map { problem.weights?[$0] ?? 1 }
                intercept = Statistics.mean(residual, weights: w)
            }
        } else {
            let stage = try problem.restricted(toColumns: points)
            let (j0, pointECI, pointReport) = try Self.lassoCV(stage, rows: set.rows, settings: estimator.settings)
            report.absorb(pointReport)
            intercept = j0
            for (k, j) in points.enumerated() { eci[j] = pointECI[k] }
        }
        for (i, row) in set.rows.enumerated() {
            var s = intercept
            for j in points where eci[j] != 0 { s += problem.features[row, j] * eci[j] }
            residual[i] -= s
        }
        if let root = set.rootWeights { for i in residual.indices { residual[i] *= root[i] } }
        // The other estimated columns, group by group in ascending group id.
        let pointSet = Set(points)
        var byGroup: [Int: [Int]] = [:]
        for j in problem.estimatedColumns where !pointSet.contains(j) { byGroup[problem.groups.ids[j], default: []].append(j) }
        let n = set.rows.count, a1 = alpha * estimator.mix, ridge = alpha * (1 - estimator.mix)
        for id in byGroup.keys.sorted() {
            if Interruption.isRequested { throw RegressionError.invalidInput("interrupted") }
            let cols = byGroup[id] ?? []
            var x = Matrix(rows: n, columns: cols.count)
            for (k, j) in cols.enumerated() {
                for (i, row) in set.rows.enumerated() { x[i, k] = problem.features[row, j] * (set.rootWeights?[i] ?? 1) }
            }
            let z = x.transposeTimes(residual).map { $0 / Double(n) }
            let thresholded = z.map { ($0 < 0 ? -1.0 : 1.0) * (abs($0) - a1) }
            let norm = thresholded.reduce(0) { $0 + $1 * $1 }.squareRoot()
            if norm < ridge * Double(cols.count).squareRoot() { continue }
            let design = try RegressionDesign(features: x, targets: residual, groups: .singletons(cols.count))
            let solver = SparseGroupSolver(design: design, settings: estimator.settings)
            report.absorb(solver.solvePath(to: Penalty(l1: a1, group: 0, ridge: ridge)))
            let coefficients = solver.coefficients
            let fitted = x.times(coefficients)
            for i in 0..<n { residual[i] -= fitted[i] }
            for (k, j) in cols.enumerated() { eci[j] = coefficients[k] }
        }
        return (intercept, eci, report)
    }

    /// scikit-learn's LassoCV on `rows` of a problem (its intercept mode, no free columns): the
    /// alpha with the lowest mean test MSE over contiguous folds, refitted on every row.
    static func lassoCV(_ problem: RegressionProblem, rows: [Int], settings: SolverSettings) throws
        -> (intercept: Double, eci: [Double], report: Convergence)
    {
        var lasso = Estimator(method: .lasso, alpha: 1, settings: settings)
        let all = try lasso.prepare(problem, rows: rows)
        guard let design = all.design else {
            let (j0, eci) = all.expand([])
            return (j0, eci, Convergence())
        }
        let top = design.zeroSolutionScale(Penalty(l1: 1, group: 0, ridge: 0))
        guard top > 0 else {
            let (j0, eci) = all.expand([Double](repeating: 0, count: design.columns))
            return (j0, eci, Convergence())
        }
        let alphas = ModelSelection.logSpaced(from: log10(top), to: log10(top * lassoRange), count: lassoAlphas)
        let n = rows.count, k = min(lassoFolds, n)
        guard k >= 2 else { throw RegressionError.invalidInput("the point-term LassoCV needs at least 2 structures") }
        var mse = [Double](repeating: 0, count: alphas.count)
        var report = Convergence()
        var start = 0
        for f in 0..<k {
            let size = n / k + (f < n % k ? 1 : 0)
            let test = Array(rows[start..<(start + size)])
            let train = Array(rows[..<start]) + Array(rows[(start + size)...])
            start += size
            let fits = try lasso.fitPath(try lasso.prepare(problem, rows: train), alphas: alphas)
            for (a, fit) in fits.enumerated() {
                report.absorb(fit.convergence)
                var sse = 0.0
                for row in test {
                    var e = fit.intercept
                    for j in fit.eci.indices where fit.eci[j] != 0 { e += problem.features[row, j] * fit.eci[j] }
                    sse += (problem.energies[row] - e) * (problem.energies[row] - e)
                }
                mse[a] += sse / Double(test.count) / Double(k)
            }
        }
        let best = mse.indices.min { mse[$0] < mse[$1] || (mse[$0] == mse[$1] && $0 < $1) } ?? 0
        lasso.alpha = alphas[best]
        let refit = try lasso.fitPath(all, alphas: [alphas[best]])[0]
        report.absorb(refit.convergence)
        return (refit.intercept, refit.eci, report)
    }
}
