// Gaussian-process regression on the unit cube (Matérn 5/2 kernel, profiled
// signal variance, length scale chosen by marginal likelihood from a fixed
// grid): the surrogate of Bayesian optimisation. Deterministic: no random
// restarts, LAPACK on one thread.
import Foundation

/// A Gaussian process fitted to points in [0, 1]^d.
///
///     let gp = try GaussianProcess(points: [[0.1], [0.5], [0.9]], values: [1, 3, 2])
///     let (mean, sd) = gp.predict([[0.4]])[0]
public struct GaussianProcess: Sendable {
    /// The length scale chosen (unit-cube units).
    public let lengthScale: Double
    /// Noise variance relative to the signal variance.
    public let noiseRatio: Double
    let points: [[Double]]
    let meanValue: Double
    let signalVariance: Double
    let factor: CholeskyFactor
    let alpha: [Double]

    /// Length scales tried, in unit-cube units.
    public static let lengthScales: [Double] = [0.03, 0.05, 0.08, 0.12, 0.2, 0.3, 0.5, 0.8, 1.2]

    /// Fits the process; the length scale maximises the profiled marginal likelihood.
    public init(points: [[Double]], values: [Double], noiseRatio: Double = 1e-4) throws {
        guard !points.isEmpty, points.count == values.count else {
            throw OptimizationError("a Gaussian process needs as many values as points, and at least one")
        }
        let n = points.count
        let mean = values.reduce(0, +) / Double(n)
        let centred = values.map { $0 - mean }
        var best: (logLikelihood: Double, scale: Double, factor: CholeskyFactor, alpha: [Double], variance: Double)?
        for scale in GaussianProcess.lengthScales {
            var k = Matrix(rows: n, columns: n)
            for i in 0..<n {
                for j in 0...i {
                    let v = matern52(points[i], points[j], scale) + (i == j ? noiseRatio + 1e-10 : 0)
                    k[i, j] = v
                    k[j, i] = v
                }
            }
            guard let f = try? k.cholesky() else { continue }
            let alpha = f.solve(centred)
            let quadratic = zip(centred, alpha).reduce(0) { $0 + $1.0 * $1.1 }
            // Profiled signal variance s² = yᵀK⁻¹y / n (a constant function gets a tiny floor).
            let variance = max(quadratic / Double(n), 1e-12)
            let logLikelihood = -0.5 * Double(n) * log(variance) - 0.5 * f.logDeterminant
            if logLikelihood > best?.logLikelihood ?? -.infinity { best = (logLikelihood, scale, f, alpha, variance) }
        }
        guard let best else { throw OptimizationError("the Gaussian process covariance is not positive definite") }
        self.points = points
        meanValue = mean
        lengthScale = best.scale
        self.noiseRatio = noiseRatio
        factor = best.factor
        alpha = best.alpha
        signalVariance = best.variance
    }

    /// Posterior mean and standard deviation of the latent function at each query point.
    public func predict(_ queries: [[Double]]) -> [(mean: Double, sd: Double)] {
        let n = points.count, m = queries.count
        guard m > 0 else { return [] }
        var cross = Matrix(rows: n, columns: m)
        for q in 0..<m { for i in 0..<n { cross[i, q] = matern52(points[i], queries[q], lengthScale) } }
        let solved = factor.solve(cross)
        return (0..<m).map { q in
            var mean = meanValue, reduction = 0.0
            for i in 0..<n {
                mean += cross[i, q] * alpha[i]
                reduction += cross[i, q] * solved[i, q]
            }
            return (mean, (signalVariance * max(1 - reduction, 0)).squareRoot())
        }
    }
}

/// The Matérn 5/2 correlation of two points at length scale ℓ.
@inline(__always) func matern52(_ a: [Double], _ b: [Double], _ scale: Double) -> Double {
    var s = 0.0
    for k in a.indices { let d = a[k] - b[k]; s += d * d }
    let r = 5.0.squareRoot() * s.squareRoot() / scale
    return (1 + r + r * r / 3) * exp(-r)
}

/// Expected improvement over `best` of a normal prediction (maximisation), with exploration margin ξ.
///
///     expectedImprovement(mean: 1.2, sd: 0.3, best: 1.0)   // ≈ 0.25
public func expectedImprovement(mean: Double, sd: Double, best: Double, xi: Double = 0.01) -> Double {
    let gain = mean - best - xi
    guard sd > 1e-12 else { return max(gain, 0) }
    let z = gain / sd
    let cdf = 0.5 * erfc(-z / 2.0.squareRoot())
    let pdf = exp(-0.5 * z * z) / (2 * Double.pi).squareRoot()
    return gain * cdf + sd * pdf
}
