// The knobs of a posterior sampling run: kernel, chain length, burn-in,
// thinning, number of chains, seed and proposal scales.

/// How the sampler proposes and accepts moves.
public enum SamplingMethod: String, Sendable, CaseIterable {
    /// Plain random-walk Metropolis-Hastings with uniform proposals of scale sigma1.
    case metropolis = "mh"
    /// Two-stage delayed rejection (the paper's Algorithm 1): scale sigma1, then sigma2.
    case delayedRejection = "dr-mh"
    /// Delayed rejection whose scales adapt to the chain during burn-in, then freeze.
    case adaptive = "adaptive"
}

/// Settings of `PosteriorSampler`; every field has a default.
///
///     var s = SamplerSettings()
///     s.samples = 100_000; s.burnIn = 1_000; s.chains = 4; s.seed = 3
public struct SamplerSettings: Sendable {
    public var method: SamplingMethod = .delayedRejection
    /// Iterations per chain after burn-in (every `thin`-th is kept).
    public var samples: Int = 10_000
    /// Iterations per chain discarded before recording (and the only ones that adapt).
    public var burnIn: Int = 0
    /// Keep every `thin`-th post-burn-in state.
    public var thin: Int = 1
    /// Independent chains, run in parallel; chain k uses `RandomStream(seed:, stream: k)`.
    public var chains: Int = 1
    public var seed: UInt64 = 0
    /// First-stage half-widths per parameter; nil means 0.1 x |start| (see `defaultScales`).
    public var sigma1: [Double]? = nil
    /// Second-stage half-widths per parameter; nil means 0.01 x |start|.
    public var sigma2: [Double]? = nil
    /// Burn-in iterations between two adaptations of the scales (method `.adaptive`).
    public var adaptInterval: Int = 100
    /// A lower-triangular d x d matrix L (row-major) whose columns are the proposal
    /// directions: y = x + L u with u_i uniform in [-sigma_i, sigma_i]. With L the
    /// Cholesky factor of the posterior covariance, a strongly correlated posterior is
    /// sampled as if it were round. nil: the coordinate axes (the paper's proposal).
    public var proposalBasis: [Double]? = nil

    public init() {}

    /// The paper's scales: `fraction` x |start_i|; a zero component takes the
    /// largest |start_j| (or 1 if the start is all zeros) as its reference.
    ///
    ///     SamplerSettings.defaultScales(start: [2, 0, -4], fraction: 0.1)  // [0.2, 0.4, 0.4]
    public static func defaultScales(start: [Double], fraction: Double) -> [Double] {
        let largest = start.map { abs($0) }.max() ?? 0
        let fallback = largest > 0 ? largest : 1
        return start.map { fraction * (abs($0) > 0 ? abs($0) : fallback) }
    }

    /// Checks the settings against a parameter count; throws a readable error.
    func validate(dimension: Int) throws {
        if samples < 1 { throw InferenceError("the number of samples must be at least 1 (got \(samples))") }
        if burnIn < 0 { throw InferenceError("burn-in must not be negative (got \(burnIn))") }
        if thin < 1 { throw InferenceError("thin must be at least 1 (got \(thin))") }
        if chains < 1 { throw InferenceError("the number of chains must be at least 1 (got \(chains))") }
        // Each chain keeps its states (and their costs) beside a few hundred bytes of its own.
        let kept = MemoryBudget.product(samples, MemoryBudget.product(dimension + 2, 8))
        try MemoryBudget.check(count: chains, bytesEach: MemoryBudget.sum(kept, 256),
                               for: chains == 1 ? "a chain of \(samples) samples" : "\(chains) chains of \(samples) samples")
        if adaptInterval < 1 { throw InferenceError("the adaptation interval must be at least 1 (got \(adaptInterval))") }
        if method == .adaptive && burnIn == 0 {
            throw InferenceError("adaptive scales adapt during burn-in only: give a burn-in > 0")
        }
        if let basis = proposalBasis {
            guard basis.count == dimension * dimension, basis.allSatisfy(\.isFinite) else {
                throw InferenceError("the proposal basis must be a finite \(dimension) x \(dimension) matrix")
            }
            guard (0..<dimension).allSatisfy({ basis[$0 * dimension + $0] != 0 }),
                  (0..<dimension).allSatisfy({ i in (i + 1 ..< dimension).allSatisfy { basis[i * dimension + $0] == 0 } }) else {
                throw InferenceError("the proposal basis must be lower triangular with a nonzero diagonal")
            }
            if method == .adaptive {
                throw InferenceError("adaptive scales adapt along the coordinate axes: use no proposal basis with them")
            }
        }
        for (name, scales) in [("sigma1", sigma1), ("sigma2", sigma2)] {
            guard let scales else { continue }
            if scales.count != dimension {
                throw InferenceError("\(name) has \(scales.count) entries but there are \(dimension) parameters")
            }
            if let bad = scales.firstIndex(where: { !($0 > 0 && $0.isFinite) }) {
                throw InferenceError("\(name)[\(bad + 1)] must be a positive finite number (got \(scales[bad]))")
            }
        }
    }
}
