// The samplers against targets with known moments: a correlated Gaussian, a
// banana (twisted Gaussian), and a flat box (the prior boundary).
import Testing
import Inference

/// Correlated Gaussian: mean (1, -2), sds (1, 2), correlation 0.8.
private let gaussianMean = [1.0, -2.0]
private let gaussianCovariance = [[1.0, 1.6], [1.6, 4.0]]
private func gaussianCost(_ x: [Double]) -> Double {
    let a = x[0] - 1, b = x[1] + 2
    // Inverse of [[1, 1.6], [1.6, 4]] is [[4, -1.6], [-1.6, 1]] / 1.44.
    return 0.5 * (4 * a * a - 3.2 * a * b + b * b) / 1.44
}

/// Banana: x ~ N(0, 1), y | x ~ N(x^2 - 1, 1); E = (0, 0), Var y = 1 + 2 = 3, Cov = E[x^3] = 0.
private func bananaCost(_ x: [Double]) -> Double {
    let r = x[1] - (x[0] * x[0] - 1)
    return 0.5 * (x[0] * x[0] + r * r)
}

private func settings(_ method: SamplingMethod, n: Int, sigma1: [Double], sigma2: [Double], burn: Int = 1000) -> SamplerSettings {
    var s = SamplerSettings()
    s.method = method
    s.samples = n
    s.burnIn = burn
    s.sigma1 = sigma1
    s.sigma2 = sigma2
    s.seed = 11
    return s
}

@Test func correlatedGaussianMomentsWithinThreeStandardErrors() throws {
    let sampler = PosteriorSampler(prior: .unbounded(dimension: 2), cost: gaussianCost)
    let post = try sampler.run(start: [0, 0], settings: settings(.delayedRejection, n: 100_000, sigma1: [3, 6], sigma2: [0.6, 1.2]))
    #expect(post.count == 100_000)
    for (name, check) in momentChecks(post, mean: gaussianMean, covariance: gaussianCovariance) {
        #expect(check.standardErrors < 3, "\(name): \(check.estimate) vs \(check.truth), mcse \(check.mcse)")
    }
    // Both stages do work: the wide first stage is often rejected, the narrow second often accepted.
    #expect(post.acceptanceRate(stage: 1) > 0.05 && post.acceptanceRate(stage: 1) < 0.5)
    #expect(post.acceptanceRate(stage: 2) > post.acceptanceRate(stage: 1))
}

@Test func bananaMomentsWithinThreeStandardErrors() throws {
    let sampler = PosteriorSampler(prior: .unbounded(dimension: 2), cost: bananaCost)
    let post = try sampler.run(start: [0, -1], settings: settings(.delayedRejection, n: 100_000, sigma1: [2.5, 4], sigma2: [0.4, 0.6]))
    for (name, check) in momentChecks(post, mean: [0, 0], covariance: [[1, 0], [0, 3]]) {
        #expect(check.standardErrors < 3, "\(name): \(check.estimate) vs \(check.truth), mcse \(check.mcse)")
    }
}

@Test func plainMetropolisAndAdaptiveScalesSampleTheGaussian() throws {
    let sampler = PosteriorSampler(prior: .unbounded(dimension: 2), cost: gaussianCost)
    let mh = try sampler.run(start: [0, 0], settings: settings(.metropolis, n: 100_000, sigma1: [2, 4], sigma2: [1, 1]))
    #expect(mh.stages == 1)
    for (name, check) in momentChecks(mh, mean: gaussianMean, covariance: gaussianCovariance) {
        #expect(check.standardErrors < 3, "mh \(name): \(check.estimate) vs \(check.truth), mcse \(check.mcse)")
    }
    // Start from scales 100x too small; adaptation during burn-in must repair them.
    let adaptive = try sampler.run(start: [0, 0], settings: settings(.adaptive, n: 100_000, sigma1: [0.02, 0.02], sigma2: [0.002, 0.002], burn: 5000))
    let scales = adaptive.chains[0].sigma1
    #expect(scales[0] > 0.5 && scales[1] > 1, "adapted scales \(scales)")
    #expect(abs(scales[1] / scales[0] - 2) < 0.5, "scales follow the sds 1 and 2: \(scales)")
    for (name, check) in momentChecks(adaptive, mean: gaussianMean, covariance: gaussianCovariance) {
        #expect(check.standardErrors < 3, "adaptive \(name): \(check.estimate) vs \(check.truth), mcse \(check.mcse)")
    }
}

@Test func flatBoxPriorIsSampledUniformly() throws {
    // J = 0 on [0, 1] x [2, 5]: the posterior is the prior; proposals leaving the box are rejected.
    let prior = try UniformPrior(lower: [0, 2], upper: [1, 5])
    let post = try PosteriorSampler(prior: prior) { _ in 0 }
        .run(start: [0.5, 3], settings: settings(.delayedRejection, n: 100_000, sigma1: [0.8, 2], sigma2: [0.1, 0.3]))
    for (name, check) in momentChecks(post, mean: [0.5, 3.5], covariance: [[1.0 / 12, 0], [0, 0.75]]) {
        #expect(check.standardErrors < 3, "\(name): \(check.estimate) vs \(check.truth), mcse \(check.mcse)")
    }
    #expect(post.samples.allSatisfy { $0 >= 0 && $0 <= 5 })
}

@Test func positiveOrthantExponentialPosterior() throws {
    // J = x on x >= 0: Exponential(1), mean 1, variance 1.
    let post = try PosteriorSampler(prior: .positiveOrthant(dimension: 1)) { $0[0] }
        .run(start: [1], settings: settings(.delayedRejection, n: 100_000, sigma1: [3], sigma2: [0.3]))
    let x = post.column(0)
    #expect(x.allSatisfy { $0 >= 0 })
    #expect(MonteCarloCheck(x, truth: 1).standardErrors < 3)
    #expect(MonteCarloCheck(x.map { ($0 - 1) * ($0 - 1) }, truth: 1).standardErrors < 3)
}

/// A ridge-like Gaussian: mean (0.5, 1), sds (1, 3), correlation 0.995 (ECIs of collinear clusters look like this).
private let ridgeCovariance = [[1.0, 2.985], [2.985, 9.0]]
private func ridgeCost(_ x: [Double]) -> Double {
    let a = x[0] - 0.5, b = x[1] - 1
    let det = 9.0 - 2.985 * 2.985
    return 0.5 * (9 * a * a - 2 * 2.985 * a * b + b * b) / det
}

@Test func aProposalBasisSamplesACorrelatedGaussianAsIfRound() throws {
    let sampler = PosteriorSampler(prior: .unbounded(dimension: 2), cost: ridgeCost)
    // L with L Lᵀ = the covariance: proposals along its columns see unit variance in every direction.
    let l11 = 1.0, l21 = 2.985, l22 = (9.0 - 2.985 * 2.985).squareRoot()
    var whitened = settings(.delayedRejection, n: 100_000, sigma1: [2, 2], sigma2: [0.5, 0.5])
    whitened.proposalBasis = [l11, 0, l21, l22]
    let round = try sampler.run(start: [0, 0], settings: whitened)
    for (name, check) in momentChecks(round, mean: [0.5, 1], covariance: ridgeCovariance) {
        #expect(check.standardErrors < 3, "\(name): \(check.estimate) vs \(check.truth), mcse \(check.mcse)")
    }
    // Along the axes the same target mixes far more slowly (the sds bound the useful scales).
    let axes = try sampler.run(start: [0, 0], settings: settings(.delayedRejection, n: 100_000, sigma1: [0.3, 0.9], sigma2: [0.1, 0.3]))
    let essRound = effectiveSampleSize(round.column(1)), essAxes = effectiveSampleSize(axes.column(1))
    #expect(essRound > 10 * essAxes, "ESS \(essRound) with the basis, \(essAxes) along the axes")
    // A basis that is not lower triangular, or with adaptive scales, is refused.
    var bad = whitened
    bad.proposalBasis = [1, 1, 0, 1]
    #expect(throws: InferenceError.self) { _ = try sampler.run(start: [0, 0], settings: bad) }
    bad.proposalBasis = [l11, 0, l21, l22]
    bad.method = .adaptive
    #expect(throws: InferenceError.self) { _ = try sampler.run(start: [0, 0], settings: bad) }
}
