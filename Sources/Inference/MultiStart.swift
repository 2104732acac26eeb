// The sampler's starting point: the best of several local minimisations of
// the cost from random initial guesses (the paper's Y1). The local optimiser
// is injected, so the shared bounded optimiser of Numerics plugs in here.

/// A local minimiser: from a cost and an initial guess inside the prior box,
/// returns a (hopefully better) point inside the box.
public typealias LocalMinimizer = (_ cost: ([Double]) -> Double, _ guess: [Double], _ prior: UniformPrior) throws -> [Double]

/// Multi-start minimisation of a cost on a prior box.
///
/// Start 0 is `guess` itself; start k > 0 draws each coordinate uniformly in
/// the box where both bounds are finite, else in guess_i +- max(|guess_i|, 1)
/// clipped to the box, from `RandomStream(seed:, stream: k)`.
///
///     let best = try MultiStart.minimize(cost, guess: k0, prior: .positiveOrthant(dimension: 8),
///                                        starts: 8, seed: 1, minimizer: boundedMinimizer)
///     best.point; best.cost
public enum MultiStart {
    /// One local minimisation: where it started, where it ended, the cost there.
    public struct Trial: Sendable {
        public let start: [Double]
        public let point: [Double]
        public let cost: Double
    }

    /// The result: the best trial's point and cost, and every trial in start order.
    public struct Result: Sendable {
        public let point: [Double]
        public let cost: Double
        public let trials: [Trial]
    }

    /// The initial guess of start `k` (see the type's documentation).
    public static func initialGuess(_ k: Int, guess: [Double], prior: UniformPrior, seed: UInt64) -> [Double] {
        if k == 0 { return guess }
        var rng = RandomStream(seed: seed, stream: UInt64(k))
        return guess.indices.map { i in
            let lo = prior.lower[i], hi = prior.upper[i]
            if lo.isFinite && hi.isFinite { return rng.uniform(lo, hi) }
            let spread = max(abs(guess[i]), 1)
            return min(max(rng.uniform(guess[i] - spread, guess[i] + spread), lo), hi)
        }
    }

    /// Runs `starts` local minimisations (in parallel on `threads` threads) and keeps the best.
    /// Trials whose result leaves the box or has a non-finite cost are kept
    /// in `trials` but never chosen; throws if none is usable.
    public static func minimize(
        _ cost: @escaping ([Double]) -> Double, guess: [Double], prior: UniformPrior, starts: Int, seed: UInt64,
        threads: Int = Threads.count, minimizer: @escaping LocalMinimizer
    ) throws -> Result {
        guard guess.count == prior.dimension else {
            throw InferenceError("the guess has \(guess.count) parameters but the prior has \(prior.dimension)")
        }
        guard starts >= 1 else { throw InferenceError("give at least one start (got \(starts))") }
        let outcomes: [Swift.Result<Trial, Error>] = parallelMap(starts, threads: threads) { k in
            Swift.Result {
                let start = initialGuess(k, guess: guess, prior: prior, seed: seed)
                let point = try minimizer(cost, start, prior)
                let value = prior.contains(point) && point.count == guess.count ? cost(point) : .infinity
                return Trial(start: start, point: point, cost: value.isNaN ? .infinity : value)
            }
        }
        let trials = try outcomes.map { try $0.get() }
        var best: Trial?
        for trial in trials where trial.cost.isFinite && trial.cost < (best?.cost ?? .infinity) { best = trial }
        guard let best else { throw InferenceError("no start of the multi-start minimisation reached a finite cost") }
        return Result(point: best.point, cost: best.cost, trials: trials)
    }
}
