// Random-walk samplers of a posterior pi(x) ∝ exp(-J(x)) on a uniform prior
// box: plain Metropolis-Hastings, two-stage delayed rejection (the source
// paper's Algorithm 1) and delayed rejection with scales adapted during burn-in.

/// Samples exp(-cost) on a uniform prior with uniform random-walk proposals.
///
/// Each step proposes y1 = x + U[-sigma1, sigma1] per coordinate (or along the
/// columns of `SamplerSettings.proposalBasis`) and accepts
/// it with alpha1 = min(1, exp(J(x) - J(y1))). With delayed rejection a
/// rejected y1 is followed by y2 = x + U[-sigma2, sigma2], accepted with
/// Tierney-Mira's alpha2 (`DelayedRejection.secondStage`). Points outside the
/// prior, and non-finite costs, have zero density: they are rejected without
/// evaluating the cost. A rejected step repeats x, as a Markov chain must
/// (Algorithm 1 as printed in the paper only counts accepted states; that
/// would bias the posterior toward low-acceptance regions).
///
///     let sampler = PosteriorSampler(prior: .unbounded(dimension: 2)) { x in
///         0.5 * (x[0] * x[0] + x[1] * x[1])
///     }
///     var s = SamplerSettings(); s.samples = 10_000; s.sigma1 = [2, 2]; s.sigma2 = [0.5, 0.5]
///     let posterior = try sampler.run(start: [0, 0], settings: s)
public struct PosteriorSampler {
    public let prior: UniformPrior
    /// The cost J(x); the likelihood is proportional to exp(-J).
    public let cost: ([Double]) -> Double

    public init(prior: UniformPrior, cost: @escaping ([Double]) -> Double) {
        self.prior = prior
        self.cost = cost
    }

    /// Runs `settings.chains` chains, in parallel on `threads` threads, all from `start`.
    public func run(
        start: [Double], settings: SamplerSettings, threads: Int = Threads.count,
        isCancelled: () -> Bool = { Interruption.isRequested }
    ) throws -> Posterior {
        try run(starts: [start], settings: settings, threads: threads, isCancelled: isCancelled)
    }

    /// Runs the chains from `starts` (one start for all chains, or one per chain).
    /// Chain k uses `RandomStream(seed: settings.seed, stream: k)`, so the
    /// result is the same for any number of threads. Chains poll `isCancelled`
    /// (Ctrl-C by default) every 64 iterations and stop with what they have.
    public func run(
        starts: [[Double]], settings: SamplerSettings, threads: Int = Threads.count,
        isCancelled: () -> Bool = { Interruption.isRequested }
    ) throws -> Posterior {
        guard starts.count == 1 || starts.count == settings.chains else {
            throw InferenceError("give one start for all chains or one per chain (\(settings.chains) chains, \(starts.count) starts)")
        }
        for start in starts { try checkStart(start, settings: settings) }
        let chains = distributedMap(settings.chains, threads: threads) { k in
            runChain(start: starts.count == 1 ? starts[0] : starts[k], index: k, settings: settings, isCancelled: isCancelled)
        }
        return try Posterior(chains: chains)
    }

    private func checkStart(_ start: [Double], settings: SamplerSettings) throws {
        guard start.count == prior.dimension else {
            throw InferenceError("the start has \(start.count) parameters but the prior has \(prior.dimension)")
        }
        try settings.validate(dimension: start.count)
        guard prior.contains(start) else {
            throw InferenceError("the start \(start) lies outside the prior box")
        }
        let j = cost(start)
        guard j.isFinite else {
            throw InferenceError("the cost at the start \(start) is \(j); start where the cost is finite")
        }
    }

    /// Evaluates J at `x`, or +inf outside the prior or where J is not finite.
    @inline(__always)
    private func energy(_ x: [Double]) -> Double {
        guard prior.contains(x) else { return .infinity }
        let j = cost(x)
        return j.isNaN ? .infinity : j
    }

    /// One chain; `index` selects its random stream. Stops early when `isCancelled()`.
    func runChain(start: [Double], index: Int, settings: SamplerSettings, isCancelled: () -> Bool) -> Chain {
        let d = start.count
        var rng = RandomStream(seed: settings.seed, stream: UInt64(index))
        var sigma1 = settings.sigma1 ?? SamplerSettings.defaultScales(start: start, fraction: 0.1)
        var sigma2 = settings.sigma2 ?? SamplerSettings.defaultScales(start: start, fraction: 0.01)
        let delayed = settings.method != .metropolis
        let adapting = settings.method == .adaptive
        var adaptation = ScaleAdaptation(dimension: d, sigma1: sigma1, sigma2: sigma2, interval: settings.adaptInterval)

        let keep = (settings.samples + settings.thin - 1) / settings.thin
        var samples = [Double](); samples.reserveCapacity(keep * d)
        var costs = [Double](); costs.reserveCapacity(keep)
        var proposed = [0, 0], accepted = [0, 0]
        var x = start, y1 = start, y2 = start
        // The steps in proposal coordinates (u of y = x + L u), kept for the reachability test.
        var u1 = [Double](repeating: 0, count: d), u2 = u1
        let basis = settings.proposalBasis
        var jx = cost(start)
        let total = settings.burnIn + settings.samples
        var iteration = 0
        var interrupted = false

        while iteration < total {
            if iteration & 63 == 0 && isCancelled() { interrupted = true; break }
            let sampling = iteration >= settings.burnIn
            if let basis {
                for i in 0..<d { u1[i] = sigma1[i] * (2 * rng.uniform() - 1) }
                PosteriorSampler.step(from: x, along: basis, by: u1, to: &y1)
            } else {
                for i in 0..<d { y1[i] = x[i] + sigma1[i] * (2 * rng.uniform() - 1) }
            }
            let jy1 = energy(y1)
            let forward = DelayedRejection.logRatio(logTargetFrom: -jx, logTargetTo: -jy1)
            if sampling { proposed[0] += 1 }
            if rng.uniform() < DelayedRejection.acceptance(forward) {
                for i in 0..<d { x[i] = y1[i] }
                jx = jy1
                if sampling { accepted[0] += 1 }
            } else if delayed {
                var reachable = true
                // q1(y2, y1) > 0 iff y1 lies in the first-stage box around y2 (L⁻¹(y1 - y2) = u1 - u2).
                if let basis {
                    for i in 0..<d { u2[i] = sigma2[i] * (2 * rng.uniform() - 1) }
                    PosteriorSampler.step(from: x, along: basis, by: u2, to: &y2)
                    for i in 0..<d where abs(u1[i] - u2[i]) > sigma1[i] { reachable = false; break }
                } else {
                    for i in 0..<d { y2[i] = x[i] + sigma2[i] * (2 * rng.uniform() - 1) }
                    for i in 0..<d where abs(y1[i] - y2[i]) > sigma1[i] { reachable = false; break }
                }
                if sampling { proposed[1] += 1 }
                let jy2 = reachable ? energy(y2) : .infinity
                let alpha2 = DelayedRejection.secondStage(
                    logTargetX: -jx, logTargetY2: -jy2, forwardLogRatio: forward,
                    reverseLogRatio: DelayedRejection.logRatio(logTargetFrom: -jy2, logTargetTo: -jy1),
                    logQ1Y2Y1: reachable ? 0 : -.infinity)
                if rng.uniform() < alpha2 {
                    for i in 0..<d { x[i] = y2[i] }
                    jx = jy2
                    if sampling { accepted[1] += 1 }
                }
            }
            if sampling {
                if (iteration - settings.burnIn) % settings.thin == 0 {
                    samples.append(contentsOf: x)
                    costs.append(jx)
                }
            } else if adapting {
                adaptation.observe(x, sigma1: &sigma1, sigma2: &sigma2)
            }
            iteration += 1
        }
        return Chain(
            dimension: d, samples: samples, costs: costs, iterations: max(0, iteration - settings.burnIn),
            proposed: delayed ? proposed : [proposed[0]], accepted: delayed ? accepted : [accepted[0]],
            sigma1: sigma1, sigma2: sigma2, interrupted: interrupted)
    }

    /// y = x + L u for a row-major lower-triangular L.
    @inline(__always)
    private static func step(from x: [Double], along basis: [Double], by u: [Double], to y: inout [Double]) {
        let d = x.count
        for i in 0..<d {
            var s = x[i]
            for j in 0...i { s += basis[i * d + j] * u[j] }
            y[i] = s
        }
    }
}
