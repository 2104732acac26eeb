// Averages with statistical errors from the integrated autocorrelation time
// (Sokal's automatic window), and their combination over independent chains.

/// A mean with its standard error and the integrated autocorrelation time it used.
///
///     let e = Estimate(series: energies)   // e.mean ± e.error, e.tau in samples
public struct Estimate: Sendable, Equatable {
    /// The mean.
    public let mean: Double
    /// Its standard error, sqrt(2 τ var / n).
    public let error: Double
    /// Integrated autocorrelation time τ_int = ½ + Σ_t ρ(t) (½ for independent samples).
    public let tau: Double

    /// Creates an estimate from its parts.
    public init(mean: Double, error: Double, tau: Double) {
        self.mean = mean
        self.error = error
        self.tau = tau
    }

    /// The estimate of a correlated series' mean (window W: the first with W >= 5 τ(W)).
    public init(series x: [Double]) {
        let n = x.count
        guard n > 0 else { self.init(mean: .nan, error: .nan, tau: .nan); return }
        let mean = x.reduce(0, +) / Double(n)
        var c0 = 0.0
        for v in x { c0 += (v - mean) * (v - mean) }
        c0 /= Double(n)
        guard n > 1, c0 > 0 else { self.init(mean: mean, error: 0, tau: 0.5); return }
        var tau = 0.5
        var t = 1
        while t < n {
            var c = 0.0
            for k in 0..<(n - t) { c += (x[k] - mean) * (x[k + t] - mean) }
            tau += c / Double(n) / c0
            if Double(t) >= 5 * tau { break }
            t += 1
        }
        tau = max(tau, 0.5)
        self.init(mean: mean, error: (2 * tau * c0 / Double(n)).squareRoot(), tau: tau)
    }

    /// Combines estimates from independent chains of equal length: mean of means, errors in quadrature / C.
    public init(combining parts: [Estimate]) {
        let c = Double(parts.count)
        guard c > 0 else { self.init(mean: .nan, error: .nan, tau: .nan); return }
        self.init(mean: parts.reduce(0) { $0 + $1.mean } / c,
                  error: parts.reduce(0) { $0 + $1.error * $1.error }.squareRoot() / c,
                  tau: parts.reduce(0) { $0 + $1.tau } / c)
    }
}
