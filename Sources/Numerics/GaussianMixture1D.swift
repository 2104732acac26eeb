// A one-dimensional Gaussian mixture fitted by expectation-maximisation from
// deterministic starts (means at evenly spaced quantiles): components sorted by
// mean, and the boundaries where neighbouring components are equally likely.
import Foundation

/// A K-component Gaussian mixture on the real line.
///
///     let gm = try GaussianMixture1D(fitting: moments, components: 3)
///     gm.means          // ascending
///     gm.boundaries     // K - 1 decision boundaries
public struct GaussianMixture1D: Sendable {
    public let weights: [Double]
    public let means: [Double]
    public let standardDeviations: [Double]
    /// EM iterations run, and whether the log-likelihood settled (change below 1e-10 per point).
    public let iterations: Int
    public let converged: Bool

    /// Fits `components` Gaussians to `values` by EM (at most `maxIterations`).
    public init(fitting values: [Double], components k: Int, maxIterations: Int = 1000) throws {
        let n = values.count
        guard k >= 1, n >= k, values.allSatisfy(\.isFinite) else {
            throw OptimizationError("a \(k)-component mixture needs at least \(k) finite values, got \(n)")
        }
        let sorted = values.sorted()
        let total = Statistics.variance(values, ddof: 0)
        let floor = max(total * 1e-8, 1e-12)
        var w = [Double](repeating: 1 / Double(k), count: k)
        var mu = (0..<k).map { Statistics.quantile(sorted, (Double($0) + 0.5) / Double(k)) }
        var sd = [Double](repeating: max((total / Double(k * k)).squareRoot(), floor.squareRoot()), count: k)
        var previous = -Double.infinity
        var iterations = 0, converged = false
        var r = [Double](repeating: 0, count: n * k)
        while iterations < maxIterations {
            iterations += 1
            if Interruption.isRequested { throw OptimizationError("interrupted") }
            var logLikelihood = 0.0
            for i in 0..<n {
                var logs = (0..<k).map { c in log(w[c]) + logNormal(values[i], mu[c], sd[c]) }
                let top = logs.max() ?? 0
                let sum = logs.reduce(0) { $0 + exp($1 - top) }
                logLikelihood += top + log(sum)
                for c in 0..<k { logs[c] = exp(logs[c] - top) / sum; r[i * k + c] = logs[c] }
            }
            for c in 0..<k {
                var nk = 0.0, m = 0.0
                for i in 0..<n { nk += r[i * k + c]; m += r[i * k + c] * values[i] }
                guard nk > 1e-12 else { continue }
                m /= nk
                var v = 0.0
                for i in 0..<n { let d = values[i] - m; v += r[i * k + c] * d * d }
                w[c] = nk / Double(n)
                mu[c] = m
                sd[c] = max(v / nk, floor).squareRoot()
            }
            if abs(logLikelihood - previous) < 1e-10 * Double(n) { converged = true; break }
            previous = logLikelihood
        }
        let order = (0..<k).sorted { mu[$0] < mu[$1] }
        weights = order.map { w[$0] }
        means = order.map { mu[$0] }
        standardDeviations = order.map { sd[$0] }
        self.iterations = iterations
        self.converged = converged
    }

    /// The component (by ascending mean) most likely to have produced x.
    public func component(_ x: Double) -> Int {
        var best = 0, bestLog = -Double.infinity
        for c in means.indices {
            let l = log(weights[c]) + logNormal(x, means[c], standardDeviations[c])
            if l > bestLog { bestLog = l; best = c }
        }
        return best
    }

    /// Between each pair of neighbouring means, the point where the assignment changes (bisection).
    public var boundaries: [Double] {
        (0..<(means.count - 1)).map { c in
            var lo = means[c], hi = means[c + 1]
            guard component(lo) != component(hi) else { return 0.5 * (lo + hi) }
            for _ in 0..<200 {
                let mid = 0.5 * (lo + hi)
                if component(mid) <= c { lo = mid } else { hi = mid }
            }
            return 0.5 * (lo + hi)
        }
    }
}

@inline(__always) private func logNormal(_ x: Double, _ mean: Double, _ sd: Double) -> Double {
    let z = (x - mean) / sd
    return -0.5 * z * z - log(sd) - 0.5 * log(2 * Double.pi)
}
