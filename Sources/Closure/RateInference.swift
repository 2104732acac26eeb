// The inverse problem for the rate constants (seed 003 Eq. 17-18): fit k1...k8 >= 0
// of a closed model to the pair data, with the equilibrium-constant penalty,
// by seeded multi-start bounded optimisation.

/// Settings of `fitRates`.
///
///     var o = RateFitOptions(); o.penalty = 0.1; o.starts = 16
public struct RateFitOptions: Sendable {
    /// The weight a of ‖Q(K) - Q̃‖² in Eq. 17.
    public var penalty: Double
    public var starts: Int
    public var seed: UInt64
    /// Upper end of the start box, in rates per data span (rates themselves are only bounded below by 0).
    public var startScale: Double
    public var form: ModelForm
    /// Iterations of each local search.
    public var maxIterations: Int

    public init(penalty: Double = 1, starts: Int = 8, seed: UInt64 = 1, startScale: Double = 5,
                form: ModelForm = .paper, maxIterations: Int = 150) {
        self.penalty = penalty
        self.starts = starts
        self.seed = seed
        self.startScale = startScale
        self.form = form
        self.maxIterations = maxIterations
    }
}

/// The rate constants found for one closure and the fit they give.
public struct RateFit: Sendable {
    public let model: MeanClusterModel
    /// J(K) (Eq. 17) at the best rates, and its two terms.
    public let objective: Double
    public let misfit: Double
    public let penaltyTerm: Double
    /// Q̃ from the closure at the last data state (components that are not finite are left out of the penalty).
    public let targetConstants: [Double]
    /// J of every start's local minimum, in start order: their spread shows how ill-posed the problem is.
    public let startObjectives: [Double]
    public let trajectory: PairTrajectory
    public let diagnostics: ModelDiagnostics
    /// The cost J(K) that was minimised, for sampling the posterior around the fit.
    public let cost: RateCost
}

/// Minimises J(K) = ½∫‖C(t,K) - C̃(t)‖² dt + a‖Q(K) - Q̃‖² over K >= 0 (Eq. 17).
///
///     let fit = try fitRates(closure: .pairApproximation, to: series, options: RateFitOptions(seed: 3))
///     fit.model.rates
public func fitRates(closure: TripletClosure, to series: ConcentrationSeries,
                     options: RateFitOptions = RateFitOptions()) throws -> RateFit {
    guard options.starts >= 1 else { throw ClosureError("rate fitting needs at least one start") }
    let cost = try RateCost(closure: closure, series: series, penalty: options.penalty, form: options.form)
    let initial = series.state(0)
    let span = series.times[series.count - 1] - series.times[0]
    // Variables are rates × span, so the search box does not depend on the time unit.
    let objective: ([Double]) -> Double = { x in cost(x.map { $0 / span }) }
    var optimizer = OptimizationOptions()
    optimizer.maxIterations = options.maxIterations
    optimizer.functionTolerance = 1e-10
    let result: MultiStartResult
    do {
        result = try minimizeMultiStart(objective, lower: Array(repeating: 0, count: 8),
                                        upper: Array(repeating: .infinity, count: 8), starts: options.starts,
                                        seed: options.seed,
                                        box: StartBox(lower: Array(repeating: 0, count: 8),
                                                      upper: Array(repeating: options.startScale, count: 8)),
                                        options: optimizer)
    } catch let error as OptimizationError {
        throw ClosureError("rate fit failed: \(error)")
    }
    guard result.best.value.isFinite, let (misfit, penalty) = cost.terms(result.best.x.map { $0 / span }) else {
        throw ClosureError("no start gave a model that integrates over the data window; try a smaller startScale")
    }
    let model = try MeanClusterModel(closure: closure, rates: result.best.x.map { max(0, $0) / span }, plus: initial.plus,
                                     form: options.form)
    let path = try model.solve(from: initial, times: series.times)
    return RateFit(model: model, objective: misfit + penalty, misfit: misfit, penaltyTerm: penalty,
                   targetConstants: cost.targetConstants, startObjectives: result.runs.map(\.value), trajectory: path,
                   diagnostics: model.diagnostics(from: initial, times: series.times), cost: cost)
}
