// The Bayesian cluster expansion against closed forms: the least-squares and
// ridge posteriors are Gaussian, the lasso cost is the fit's objective times n/σ².
import Testing
import Inference
import Regression

/// A 40 x 4 problem with correlated features and noise 0.1 around known ECIs plus J_0 = 0.3.
private func smallProblem(weights: [Double]? = nil) throws -> RegressionProblem {
    var rng = RandomStream(seed: 42)
    let n = 40, p = 4
    var rows: [[Double]] = [], energies: [Double] = []
    for _ in 0..<n {
        let z = rng.normal()
        let x = (0..<p).map { k in 0.6 * z + rng.normal() + Double(k) * 0.1 }
        rows.append(x)
        energies.append(0.3 + 0.5 * x[0] - 0.2 * x[1] + 0.05 * x[2] + 0 * x[3] + 0.1 * rng.normal())
    }
    return try RegressionProblem(features: try Matrix(rowMajor: rows), energies: energies, weights: weights)
}

/// Centred X and y of the problem (unweighted), computed here independently of the engine.
private func centred(_ problem: RegressionProblem) -> (x: Matrix, y: [Double]) {
    let n = problem.rows, p = problem.columns
    var x = problem.features
    for j in 0..<p {
        let m = (0..<n).reduce(0) { $0 + x[$1, j] } / Double(n)
        for i in 0..<n { x[i, j] -= m }
    }
    let ym = problem.energies.reduce(0, +) / Double(n)
    return (x, problem.energies.map { $0 - ym })
}

/// Samples the posterior with its own scales: 10^5 DR-MH iterations after 2000 of burn-in.
private func sample(_ post: ECIPosterior, chains: Int = 1, threads: Int = 1, n: Int = 100_000) throws -> Posterior {
    var s = SamplerSettings()
    s.samples = n
    s.burnIn = 2000
    s.chains = chains
    s.seed = 5
    s.sigma1 = post.scales.first
    s.sigma2 = post.scales.second
    return try PosteriorSampler(prior: .unbounded(dimension: post.start.count), cost: post.cost)
        .run(start: post.start, settings: s, threads: threads)
}

/// Means and covariances of the samples against N(mean, covariance), in MCSEs.
private func gaussianChecks(_ posterior: Posterior, mean: [Double], covariance: Matrix) -> [(String, MonteCarloCheck)] {
    let d = mean.count
    let deviations = (0..<d).map { k in posterior.column(k).map { $0 - mean[k] } }
    var checks = (0..<d).map { k in ("mean \(k)", MonteCarloCheck(posterior.column(k), truth: mean[k])) }
    for a in 0..<d {
        for b in a..<d {
            checks.append(("cov \(a)\(b)", MonteCarloCheck(zip(deviations[a], deviations[b]).map { $0 * $1 },
                                                           truth: covariance[a, b])))
        }
    }
    return checks
}

/// The closed-form Gaussian posterior of least squares (alpha 0) or ridge in scikit-learn's scaling
/// (||y - Xw||² + alpha·||w||², so alpha adds to the Gram diagonal as it is).
private func closedForm(_ problem: RegressionProblem, alpha: Double, variance: Double) throws -> (mean: [Double], covariance: Matrix) {
    let (x, y) = centred(problem)
    var g = x.gram()
    for k in 0..<g.rows { g[k, k] += alpha }
    let factor = try g.cholesky()
    let inverse = factor.solve(Matrix.identity(g.rows))
    var covariance = inverse
    for i in 0..<covariance.rows { for j in 0..<covariance.columns { covariance[i, j] *= variance } }
    return (factor.solve(x.transposeTimes(y)), covariance)
}

@Test func leastSquaresPosteriorIsTheClosedFormGaussian() throws {
    let problem = try smallProblem()
    let fit = try Estimator(method: .leastSquares).fit(problem)
    let post = try ECIPosterior(problem: problem, fit: fit)
    // σ² = RSS/(n - p - 1): four ECIs and J_0.
    let rss = fit.residuals.reduce(0) { $0 + $1 * $1 }
    #expect(post.effectiveParameters == 5)
    #expect(abs(post.noiseVariance - rss / 35) < 1e-12 * post.noiseVariance)
    let truth = try closedForm(problem, alpha: 0, variance: post.noiseVariance)
    for k in 0..<4 { #expect(abs(post.start[k] - truth.mean[k]) < 1e-9) }
    let chains = try sample(post)
    var worst = 0.0
    for (name, check) in gaussianChecks(chains, mean: truth.mean, covariance: truth.covariance) {
        worst = max(worst, check.standardErrors)
        #expect(check.standardErrors < 3, "\(name): \(check.estimate) vs \(check.truth), mcse \(check.mcse)")
    }
    print("least squares: worst |error|/MCSE over 4 means and 10 covariances = \(worst), acceptance",
          chains.acceptanceRate(stage: 1), chains.acceptanceRate(stage: 2))
}

@Test func ridgePosteriorIsTheClosedFormGaussian() throws {
    let problem = try smallProblem()
    let alpha = 0.05
    let fit = try Estimator(method: .ridge, alpha: alpha).fit(problem)
    let post = try ECIPosterior(problem: problem, fit: fit)
    let truth = try closedForm(problem, alpha: alpha, variance: post.noiseVariance)
    for k in 0..<4 { #expect(abs(post.start[k] - truth.mean[k]) < 1e-9, "the mode is the ridge fit") }
    // p_eff = tr((XᵀX + αI)⁻¹XᵀX) + 1 lies strictly between 1 and 5.
    #expect(post.effectiveParameters > 1 && post.effectiveParameters < 5)
    let chains = try sample(post)
    var worst = 0.0
    for (name, check) in gaussianChecks(chains, mean: truth.mean, covariance: truth.covariance) {
        worst = max(worst, check.standardErrors)
        #expect(check.standardErrors < 3, "\(name): \(check.estimate) vs \(check.truth), mcse \(check.mcse)")
    }
    print("ridge: worst |error|/MCSE = \(worst)")
}

@Test func weightedRidgeCostIsTheWeightedGaussianLogPosterior() throws {
    var rng = RandomStream(seed: 9)
    let weights = (0..<40).map { _ in 0.5 + rng.uniform() }
    let problem = try smallProblem(weights: weights)
    let alpha = 0.02
    let fit = try Estimator(method: .ridge, alpha: alpha).fit(problem)
    let post = try ECIPosterior(problem: problem, fit: fit, noiseVariance: 0.01)
    // Weights normalised to mean 1; J_0 = weighted mean of y - x·w, so it is profiled exactly. Ridge's alpha
    // multiplies the raw weights' loss Σ s_i r_i² (scikit-learn's sample_weight), so per normalised weight it is alpha·n/Σs.
    let n = 40.0, total = weights.reduce(0, +)
    let w = weights.map { $0 * n / total }
    func cost(_ eci: [Double]) -> Double {
        let e = (0..<40).map { i in problem.energies[i] - (0..<4).reduce(0) { $0 + problem.features[i, $1] * eci[$1] } }
        let j0 = zip(w, e).reduce(0) { $0 + $1.0 * $1.1 } / n
        let rss = (0..<40).reduce(0) { $0 + w[$1] * (e[$1] - j0) * (e[$1] - j0) }
        return (0.5 * rss + n / total * 0.5 * alpha * eci.reduce(0) { $0 + $1 * $1 }) / 0.01
    }
    for _ in 0..<20 {
        let point = post.start.map { $0 + 0.1 * rng.normal() }
        #expect(abs(post.cost(point) - cost(point)) < 1e-9 * cost(point))
    }
    // The mode is the weighted fit: the cost rises in every direction.
    for k in 0..<4 {
        for h in [-1e-4, 1e-4] {
            var moved = post.start
            moved[k] += h
            #expect(post.cost(moved) > post.cost(post.start))
        }
    }
}

@Test func lassoCostIsTheObjectiveTimesNOverSigmaSquaredWithItsModeAtTheFit() throws {
    let problem = try smallProblem()
    let alpha = 0.03
    let fit = try Estimator(method: .lasso, alpha: alpha).fit(problem)
    #expect(fit.eci.contains(0), "alpha 0.03 zeroes the ECI whose truth is 0: \(fit.eci)")
    let post = try ECIPosterior(problem: problem, fit: fit, sampleAll: true)
    #expect(post.start == fit.eci)
    let (x, y) = centred(problem)
    func objective(_ w: [Double]) -> Double {
        let r = zip(y, x.times(w)).map { $0 - $1 }
        return r.reduce(0) { $0 + $1 * $1 } / 80 + alpha * w.reduce(0) { $0 + abs($1) }
    }
    let scale = 40 / post.noiseVariance
    // The additive constant of J is zero: J = (n/σ²) F exactly.
    #expect(abs(post.cost(fit.eci) - scale * objective(fit.eci)) < 1e-9 * post.cost(fit.eci))
    var rng = RandomStream(seed: 3)
    var lowest = Double.infinity
    for _ in 0..<200 {
        let a = fit.eci.map { $0 + 0.05 * rng.normal() }, b = fit.eci.map { $0 + 0.05 * rng.normal() }
        let difference = post.cost(a) - post.cost(b), expected = scale * (objective(a) - objective(b))
        #expect(abs(difference - expected) < 1e-8 * max(1, abs(expected)))
        lowest = min(lowest, post.cost(a) - post.cost(fit.eci))
        // Small moves too, including along the zero ECI where the Laplace prior has its kink.
        let small = fit.eci.map { $0 + 1e-5 * rng.normal() }
        #expect(post.cost(small) >= post.cost(fit.eci) - 1e-12)
    }
    #expect(lowest > 0, "J is lowest at the fitted ECIs")
    // By default only the nonzero ECIs are sampled.
    let support = try ECIPosterior(problem: problem, fit: fit)
    #expect(support.columns == fit.eci.indices.filter { fit.eci[$0] != 0 })
    #expect(abs(support.cost(support.start) - post.cost(fit.eci)) < 1e-9 * post.cost(fit.eci))
}

@Test func sparseGroupLassoCostIsEquationSixTimesNOverSigmaSquared() throws {
    let problem = try RegressionProblem(features: try smallProblem().features, energies: try smallProblem().energies,
                                        groups: try FeatureGroups(ids: [0, 0, 1, 1]))
    let alpha = 0.01, mix = 0.5
    let fit = try Estimator(method: .sparseGroupLasso, alpha: alpha, mix: mix).fit(problem)
    let post = try ECIPosterior(problem: problem, fit: fit, sampleAll: true)
    let (x, y) = centred(problem)
    func objective(_ w: [Double]) -> Double {
        let r = zip(y, x.times(w)).map { $0 - $1 }
        let groupNorms = [(w[0] * w[0] + w[1] * w[1]).squareRoot(), (w[2] * w[2] + w[3] * w[3]).squareRoot()]
        return r.reduce(0) { $0 + $1 * $1 } / 80 + alpha * mix * w.reduce(0) { $0 + abs($1) }
            + alpha * (1 - mix) * 2.0.squareRoot() * groupNorms.reduce(0, +)
    }
    let scale = 40 / post.noiseVariance
    var rng = RandomStream(seed: 4)
    for _ in 0..<50 {
        let a = fit.eci.map { $0 + 0.05 * rng.normal() }
        #expect(abs(post.cost(a) - scale * objective(a)) < 1e-9 * post.cost(a))
        #expect(post.cost(a) > post.cost(fit.eci), "the mode is the fit")
    }
}

@Test func moreECIsThanStructuresUseTheDesignAndStayProper() throws {
    // 20 structures, 30 columns, all sampled: the cost goes through X̃d (dgemv), the Laplace prior keeps it proper.
    var rng = RandomStream(seed: 8)
    let rows = (0..<20).map { _ in (0..<30).map { _ in rng.normal() } }
    let energies = rows.map { 0.4 * $0[0] - 0.3 * $0[1] + 0.05 * rng.normal() }
    let problem = try RegressionProblem(features: try Matrix(rowMajor: rows), energies: energies)
    let alpha = 0.02
    let fit = try Estimator(method: .lasso, alpha: alpha).fit(problem)
    let post = try ECIPosterior(problem: problem, fit: fit, sampleAll: true)
    #expect(post.start.count == 30)
    #expect(post.scales.first.allSatisfy { $0 > 0 && $0.isFinite } && post.scales.second.allSatisfy { $0 > 0 && $0.isFinite })
    let (x, y) = centred(problem)
    func objective(_ w: [Double]) -> Double {
        let r = zip(y, x.times(w)).map { $0 - $1 }
        return r.reduce(0) { $0 + $1 * $1 } / 40 + alpha * w.reduce(0) { $0 + abs($1) }
    }
    let scale = 20 / post.noiseVariance
    for _ in 0..<20 {
        let a = fit.eci.map { $0 + 0.05 * rng.normal() }
        #expect(abs(post.cost(a) - scale * objective(a)) < 1e-9 * post.cost(a))
        #expect(post.cost(a) > post.cost(fit.eci))
    }
}

@Test func eciChainsReplayForAnyThreadCount() throws {
    let problem = try smallProblem()
    let post = try ECIPosterior(problem: problem, fit: try Estimator(method: .lasso, alpha: 0.01).fit(problem))
    let one = try sample(post, chains: 4, threads: 1, n: 2000)
    let two = try sample(post, chains: 4, threads: 2, n: 2000)
    let again = try sample(post, chains: 4, threads: 2, n: 2000)
    #expect(one.samples == two.samples && one.costs == two.costs)
    #expect(two.samples == again.samples)
    #expect(one.chains[0].samples != one.chains[1].samples, "chains use different streams")
}

@Test func predictorMovesJZeroWithTheECIs() throws {
    let problem = try smallProblem()
    let fit = try Estimator(method: .leastSquares).fit(problem)
    let post = try ECIPosterior(problem: problem, fit: fit)
    let energies = try post.predictor(features: problem.features)
    let atMode = energies(post.start)
    for i in 0..<40 { #expect(abs(atMode[i] - fit.predictions[i]) < 1e-12) }
    // Any w: J_0(w) = mean(y - Xw), so the mean prediction over the training rows is mean(y).
    let moved = energies(post.start.map { $0 + 0.3 })
    #expect(abs(moved.reduce(0, +) - problem.energies.reduce(0, +)) < 1e-9)
}

@Test func unusableFitsGiveClearErrors() throws {
    let problem = try smallProblem()
    let fit = try Estimator(method: .leastSquares).fit(problem)
    #expect(throws: RegressionError.self) { try ECIPosterior(problem: problem, fit: fit, noiseVariance: -1) }
    // Two equal columns: the flat prior leaves their difference free, an improper posterior.
    let rows = (0..<10).map { i in [Double(i), Double(i), Double(i * i % 7)] }
    let twin = try RegressionProblem(features: try Matrix(rowMajor: rows), energies: rows.map { $0[0] + 0.1 * $0[2] + 0.01 * $0[0] * $0[0] })
    #expect(throws: RegressionError.self) {
        try ECIPosterior(problem: twin, fit: try Estimator(method: .leastSquares).fit(twin))
    }
    let tiny = try RegressionProblem(features: try Matrix(rowMajor: [[1, 2], [2, 1], [3, 5]]), energies: [1, 2, 4])
    #expect(throws: RegressionError.self) {
        try ECIPosterior(problem: tiny, fit: try Estimator(method: .leastSquares).fit(tiny))
    }
}
