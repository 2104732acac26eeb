// The chains of one sampling run and what they say about the parameters:
// pooled samples, per-parameter columns, summaries, further burn-in and thinning.

/// The recorded chains of a posterior sampling run.
///
///     let post = try sampler.run(start: y1, settings: s)
///     let summary = post.summary(level: 0.95)
///     summary.mean[0]; summary.ess[0]; summary.rhat[0]
public struct Posterior: Sendable {
    public let dimension: Int
    public let chains: [Chain]

    /// Chains of equal dimension; throws if there are none or they disagree.
    public init(chains: [Chain]) throws {
        guard let first = chains.first else { throw InferenceError("a posterior needs at least one chain") }
        guard chains.allSatisfy({ $0.dimension == first.dimension }) else {
            throw InferenceError("all chains of a posterior must have the same number of parameters")
        }
        self.dimension = first.dimension
        self.chains = chains
    }

    /// Kept states over all chains.
    public var count: Int { chains.reduce(0) { $0 + $1.count } }

    /// Whether Ctrl-C stopped any chain early.
    public var interrupted: Bool { chains.contains(where: \.interrupted) }

    /// All kept states, chain after chain, row-major (count x dimension).
    public var samples: [Double] { chains.flatMap(\.samples) }

    /// The cost of every kept state, chain after chain.
    public var costs: [Double] { chains.flatMap(\.costs) }

    /// Parameter `p` over all chains, chain after chain.
    public func column(_ p: Int) -> [Double] { chains.flatMap { $0.column(p) } }

    /// State `i` of the pooled samples.
    public func sample(_ i: Int) -> [Double] {
        Array(samples[i * dimension ..< (i + 1) * dimension])
    }

    /// Stage-s acceptance over all chains: accepted / proposed (s = 1 or 2).
    public func acceptanceRate(stage: Int) -> Double {
        let s = stage - 1
        let proposed = chains.reduce(0) { $0 + (s < $1.proposed.count ? $1.proposed[s] : 0) }
        let accepted = chains.reduce(0) { $0 + (s < $1.accepted.count ? $1.accepted[s] : 0) }
        return proposed > 0 ? Double(accepted) / Double(proposed) : 0
    }

    /// Stages the kernel had (1 for Metropolis-Hastings, 2 for delayed rejection).
    public var stages: Int { chains.map(\.proposed.count).max() ?? 1 }

    /// Moves accepted at any stage per iteration, over all chains.
    public var overallAcceptance: Double {
        let iterations = chains.reduce(0) { $0 + $1.iterations }
        let accepted = chains.reduce(0) { $0 + $1.accepted.reduce(0, +) }
        return iterations > 0 ? Double(accepted) / Double(iterations) : 0
    }

    /// The same chains with the first `burn` kept states of each dropped and
    /// every `thin`-th of the rest kept (acceptance counts are unchanged).
    public func trimmed(burn: Int, thin: Int = 1) throws -> Posterior {
        guard burn >= 0, thin >= 1 else { throw InferenceError("burn must be >= 0 and thin >= 1 (got \(burn), \(thin))") }
        let d = dimension
        return try Posterior(chains: chains.map { c in
            let kept = Array(stride(from: burn, to: c.count, by: thin))
            return Chain(
                dimension: d, samples: kept.flatMap { c.samples[$0 * d ..< ($0 + 1) * d] }, costs: kept.map { c.costs[$0] },
                iterations: c.iterations, proposed: c.proposed, accepted: c.accepted,
                sigma1: c.sigma1, sigma2: c.sigma2, interrupted: c.interrupted)
        })
    }

    /// Means, medians, credible intervals, ESS, R-hat and correlations of every parameter.
    public func summary(level: Double = 0.95) -> PosteriorSummary {
        PosteriorSummary(self, level: level)
    }
}
