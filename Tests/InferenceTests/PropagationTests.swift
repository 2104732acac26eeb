// Predictive bands and input errors.
import Testing
import Inference

private func gaussianPosterior() throws -> Posterior {
    var s = SamplerSettings()
    s.samples = 20_000
    s.chains = 2
    s.seed = 9
    s.sigma1 = [2, 2]
    s.sigma2 = [0.4, 0.4]
    return try PosteriorSampler(prior: .unbounded(dimension: 2)) { x in 0.5 * (x[0] * x[0] + x[1] * x[1]) }
        .run(start: [0, 0], settings: s)
}

@Test func bandOfALinearModelIsTheParameterQuantiles() throws {
    let post = try gaussianPosterior()
    let grid = [0.0, 1, 2]
    // y(t) = a + b t: at t = 0 the band is the quantiles of a.
    let band = try post.predictiveBand(level: 0.9, threads: 1) { k in grid.map { k[0] + k[1] * $0 } }
    let s = post.summary(level: 0.9)
    #expect(band.draws == post.count)
    #expect(band.lower[0] == s.lower[0] && band.upper[0] == s.upper[0] && band.median[0] == s.median[0])
    // a + 2b ~ N(0, 5): the band widens like sqrt(1 + t^2).
    #expect(band.upper[2] - band.lower[2] > 2 * (band.upper[0] - band.lower[0]))
    let parallel = try post.predictiveBand(level: 0.9, threads: 2) { k in grid.map { k[0] + k[1] * $0 } }
    #expect(parallel.lower.map(\.bitPattern) == band.lower.map(\.bitPattern))
    let thinned = try post.predictiveBand(every: 10) { k in [k[0]] }
    #expect(thinned.draws == post.count / 10)
}

@Test func bandRejectsRaggedOutputs() throws {
    let post = try gaussianPosterior()
    #expect(throws: InferenceError.self) { try post.predictiveBand { k in k[0] > 0 ? [1] : [1, 2] } }
}

@Test func badInputsGiveClearErrors() throws {
    let sampler = PosteriorSampler(prior: .positiveOrthant(dimension: 2)) { x in x[0] + x[1] }
    var s = SamplerSettings()
    #expect(throws: InferenceError("the start [-1.0, 1.0] lies outside the prior box")) {
        try sampler.run(start: [-1, 1], settings: s)
    }
    #expect(throws: InferenceError.self) { try sampler.run(start: [1, 1, 1], settings: s) }
    s.method = .adaptive
    #expect(throws: InferenceError("adaptive scales adapt during burn-in only: give a burn-in > 0")) {
        try sampler.run(start: [1, 1], settings: s)
    }
    s.method = .delayedRejection
    s.sigma1 = [1, -1]
    #expect(throws: InferenceError.self) { try sampler.run(start: [1, 1], settings: s) }
    s.sigma1 = nil
    let infinite = PosteriorSampler(prior: .positiveOrthant(dimension: 1)) { _ in .infinity }
    #expect(throws: InferenceError.self) { try infinite.run(start: [1], settings: s) }
    #expect(throws: InferenceError.self) { try UniformPrior(lower: [1], upper: [0]) }
    #expect(SamplerSettings.defaultScales(start: [2, 0, -4], fraction: 0.1) == [0.2, 0.4, 0.4])
}

@Test func cancelledChainsStopWithWhatTheyHave() throws {
    var s = SamplerSettings()
    s.samples = 1000
    s.chains = 2
    var calls = 0
    let post = try PosteriorSampler(prior: .unbounded(dimension: 1)) { x in x[0] * x[0] }
        .run(start: [0], settings: s, threads: 1, isCancelled: { calls += 1; return calls > 3 })
    #expect(post.interrupted)
    #expect(post.chains[0].count == 192 && post.chains[1].count == 0)  // polled at 0, 64, 128, 192
}
