// Test helper: compare a chain average with its true value in units of the
// Monte Carlo standard error estimated from the effective sample size.
import Inference

/// The estimate of E[f] from a series of f values, its MCSE and the distance to `truth` in MCSEs.
struct MonteCarloCheck {
    let estimate: Double
    let mcse: Double
    let truth: Double

    init(_ series: [Double], truth: Double) {
        estimate = Statistics.mean(series)
        mcse = (Statistics.variance(series) / effectiveSampleSize(series)).squareRoot()
        self.truth = truth
    }

    /// |estimate - truth| / mcse.
    var standardErrors: Double { abs(estimate - truth) / mcse }
}

/// Checks of the first two moments of a 2D posterior against the truth.
func momentChecks(_ posterior: Posterior, mean: [Double], covariance: [[Double]]) -> [String: MonteCarloCheck] {
    let x = posterior.column(0), y = posterior.column(1)
    let dx = x.map { $0 - mean[0] }, dy = y.map { $0 - mean[1] }
    return [
        "mean x": MonteCarloCheck(x, truth: mean[0]),
        "mean y": MonteCarloCheck(y, truth: mean[1]),
        "var x": MonteCarloCheck(dx.map { $0 * $0 }, truth: covariance[0][0]),
        "var y": MonteCarloCheck(dy.map { $0 * $0 }, truth: covariance[1][1]),
        "cov xy": MonteCarloCheck(zip(dx, dy).map { $0 * $1 }, truth: covariance[0][1]),
    ]
}
