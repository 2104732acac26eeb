// The paper's use case on a twin experiment: pair data integrated from the PA
// model with known rates, the posterior of the 8 rates by delayed rejection
// (every cost evaluation integrates the closed ODEs). A short chain runs in
// the test suite; the 10^5-sample run through the language is the
// `posterior.pa` bench figure (bench/posterior.pa.ce).
import Testing
import Inference
import Closure

/// Rates, composition and time grid of the twin experiment.
private let trueRates = [1.0, 1, 2, 2, 1, 1, 2, 2]
private let plus = 1.0 / 3
private let times = (0...50).map { Double($0) / 50 }
/// The likelihood is exp(-J / noise): J (Eq. 17) of noise-free data is tiny, so
/// exp(-J) alone would be the flat prior (the ill-posedness the paper reports).
private let noise = 1e-5

/// The Eq. 17 cost of the PA model with rates `k` against the twin data (misfit only, a = 0).
private struct TwinExperiment {
    let series: ConcentrationSeries
    let initial: ClusterState
    let options = ODEOptions(relativeTolerance: 1e-7, absoluteTolerance: 1e-10, maxSteps: 20_000)

    init() throws {
        // A random alloy at t = 0: C++ = C+^2, C+- = C+ C-, C-- = C-^2.
        let start = ClusterState(plus: plus, minus: 1 - plus, plusPlus: plus * plus, plusMinus: plus * (1 - plus),
                                 minusMinus: (1 - plus) * (1 - plus))
        let model = try MeanClusterModel(closure: .pairApproximation, rates: trueRates, plus: plus)
        let path = try model.solve(from: start, times: times)
        let zeros = [[Double]](repeating: [Double](repeating: 0, count: times.count), count: TripletType.allCases.count)
        series = try ConcentrationSeries(times: times, plus: [Double](repeating: plus, count: times.count),
                                         plusPlus: path.plusPlus, plusMinus: path.plusMinus, minusMinus: path.minusMinus,
                                         triplets: zeros)
        initial = start
    }

    func cost(_ k: [Double]) -> Double {
        guard let model = try? MeanClusterModel(closure: .pairApproximation, rates: k, plus: plus),
              let path = try? model.solve(from: initial, times: times, options: options) else { return .infinity }
        return path.misfit(series) / noise
    }
}

private func samplePosterior(samples: Int) throws -> Posterior {
    let twin = try TwinExperiment()
    var s = SamplerSettings()
    s.samples = samples
    s.seed = 2022
    let sampler = PosteriorSampler(prior: .positiveOrthant(dimension: 8), cost: twin.cost)
    return try sampler.run(start: trueRates, settings: s, threads: 1)
}

@Test func pairApproximationRatePosteriorIsConsistent() throws {
    let post = try samplePosterior(samples: 200)
    #expect(post.count == 200)
    #expect(post.samples.allSatisfy { $0 >= 0 })
    #expect(post.acceptanceRate(stage: 1) > 0.05 && post.acceptanceRate(stage: 2) > 0)
    let twin = try TwinExperiment()
    #expect(twin.cost(trueRates) < 1, "the truth fits its own data up to the ODE tolerance")
    for i in stride(from: 0, to: post.count, by: 50) { #expect(post.costs[i] == twin.cost(post.sample(i))) }
}
