// Propagation of a posterior through a model: pointwise quantile bands of a
// model output (e.g. C+-(t) on a time grid) over the posterior samples.

/// Pointwise posterior predictive statistics of a vector-valued model output.
///
///     let band = try posterior.predictiveBand(every: 10) { k in model.pairs(rates: k, times: grid) }
///     band.lower[5], band.median[5], band.upper[5]
public struct PredictiveBand: Sendable {
    public let level: Double
    /// Posterior samples the model was evaluated on.
    public let draws: Int
    public let mean: [Double]
    public let median: [Double]
    public let lower: [Double]
    public let upper: [Double]
}

extension Posterior {
    /// Evaluates `model` on every `every`-th pooled sample (in parallel over
    /// samples on `threads` threads, results in sample order) and returns the
    /// pointwise mean, median and equal-tailed `level` band. Throws if the
    /// model throws or returns outputs of different lengths.
    public func predictiveBand(
        every: Int = 1, level: Double = 0.95, threads: Int = Threads.count,
        _ model: ([Double]) throws -> [Double]
    ) throws -> PredictiveBand {
        guard every >= 1 else { throw InferenceError("every must be at least 1 (got \(every))") }
        guard level > 0 && level < 1 else { throw InferenceError("the band level must lie in (0, 1) (got \(level))") }
        let pooled = samples
        let d = dimension
        let picks = Array(stride(from: 0, to: count, by: every))
        guard !picks.isEmpty else { throw InferenceError("the posterior has no samples to propagate") }
        let outputs: [Result<[Double], Error>] = parallelMap(picks.count, threads: threads) { j in
            let i = picks[j]
            return Result { try model(Array(pooled[i * d ..< (i + 1) * d])) }
        }
        let values = try outputs.map { try $0.get() }
        let width = values[0].count
        guard values.allSatisfy({ $0.count == width }) else {
            throw InferenceError("the model returned outputs of different lengths over the samples")
        }
        var mean = [Double](), median = [Double](), lower = [Double](), upper = [Double]()
        for g in 0..<width {
            let column = values.map { $0[g] }
            mean.append(Statistics.mean(column))
            median.append(Statistics.quantile(column, 0.5))
            lower.append(Statistics.quantile(column, (1 - level) / 2))
            upper.append(Statistics.quantile(column, (1 + level) / 2))
        }
        return PredictiveBand(level: level, draws: picks.count, mean: mean, median: median, lower: lower, upper: upper)
    }
}
