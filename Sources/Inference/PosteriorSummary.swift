// Per-parameter summary of a posterior: mean, sd, median, equal-tailed
// credible interval, effective sample size, Monte Carlo standard error,
// split R-hat, and the correlation matrix.

/// What a posterior says about each parameter.
///
///     let s = posterior.summary(level: 0.9)
///     print(s.mean[0], s.lower[0], s.upper[0], s.ess[0], s.rhat[0])
public struct PosteriorSummary: Sendable {
    /// The credible level of `lower`/`upper` (0.95 gives the 2.5 % and 97.5 % quantiles).
    public let level: Double
    public let mean: [Double]
    public let sd: [Double]
    public let median: [Double]
    public let lower: [Double]
    public let upper: [Double]
    /// Effective sample size, summed over chains (Geyer's initial monotone sequence).
    public let ess: [Double]
    /// Monte Carlo standard error of the mean: sd / sqrt(ess).
    public let mcse: [Double]
    /// Split R-hat over the chains.
    public let rhat: [Double]
    /// Correlation matrix of the pooled samples, row-major (dimension x dimension).
    public let correlation: [Double]

    public init(_ posterior: Posterior, level: Double) {
        self.level = level
        let d = posterior.dimension
        var mean = [Double](), sd = [Double](), median = [Double](), lower = [Double](), upper = [Double]()
        var ess = [Double](), rhat = [Double]()
        var columns: [[Double]] = []
        for p in 0..<d {
            let perChain = posterior.chains.map { $0.column(p) }
            let pooled = perChain.flatMap { $0 }
            mean.append(Statistics.mean(pooled))
            sd.append(Statistics.variance(pooled).squareRoot())
            median.append(Statistics.quantile(pooled, 0.5))
            lower.append(Statistics.quantile(pooled, (1 - level) / 2))
            upper.append(Statistics.quantile(pooled, (1 + level) / 2))
            ess.append(effectiveSampleSize(chains: perChain))
            rhat.append(splitRHat(perChain))
            columns.append(pooled)
        }
        self.mean = mean
        self.sd = sd
        self.median = median
        self.lower = lower
        self.upper = upper
        self.ess = ess
        self.mcse = zip(sd, ess).map { $0 / $1.squareRoot() }
        self.rhat = rhat
        self.correlation = correlationMatrix(columns)
    }
}
