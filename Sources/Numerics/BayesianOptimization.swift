// Bayesian optimisation of an expensive or step-like objective over a box:
// seeded random initial points, a Gaussian-process surrogate, and the next
// point the one of greatest expected improvement among seeded random
// candidates (scikit-optimize's gp_minimize with acq_optimizer="sampling").
// Candidates are scored in parallel and the best taken in index order, so the
// result is the same for any number of threads.
import Foundation

/// Maximises f over a box by Bayesian optimisation.
///
///     var bo = BayesianOptimizer(lower: [0, 0], upper: [1, 1], seed: 7)
///     let best = try bo.maximize { x in -pow(x[0] - 0.3, 2) - pow(x[1] - 0.6, 2) }
public struct BayesianOptimizer: Sendable {
    /// The search box.
    public var lower: [Double]
    public var upper: [Double]
    /// Random points evaluated before the surrogate is used.
    public var initialPoints: Int = 10
    /// Evaluations in all (initial ones included).
    public var calls: Int = 60
    /// Random candidates scored by expected improvement per step.
    public var candidates: Int = 2000
    /// Exploration margin of the expected improvement, in units of the objective's spread.
    public var xi: Double = 0.01
    /// Seed of the initial points and candidates.
    public var seed: UInt64
    /// Points outside this predicate (e.g. cutoffs out of order) are never evaluated.
    public var feasible: @Sendable ([Double]) -> Bool = { _ in true }

    public init(lower: [Double], upper: [Double], seed: UInt64) {
        self.lower = lower
        self.upper = upper
        self.seed = seed
    }

    /// One evaluation of the objective.
    public struct Evaluation: Sendable {
        public let point: [Double]
        public let value: Double
    }

    /// The best point found (the first among equal values) and every evaluation in order.
    public func maximize(threads: Int = Threads.count, _ f: ([Double]) throws -> Double) throws -> (best: Evaluation, history: [Evaluation]) {
        let d = lower.count
        guard d > 0, upper.count == d, zip(lower, upper).allSatisfy({ $0.isFinite && $1.isFinite && $0 < $1 }) else {
            throw OptimizationError("Bayesian optimisation needs a box with lower < upper in every dimension")
        }
        guard calls >= 1, initialPoints >= 1, candidates >= 1 else { throw OptimizationError("calls, initial points and candidates must be positive") }
        var rng = RandomStream(seed: seed)
        func scaled(_ u: [Double]) -> [Double] { (0..<d).map { lower[$0] + u[$0] * (upper[$0] - lower[$0]) } }
        func draw(_ r: inout RandomStream) -> [Double]? {
            for _ in 0..<1000 {
                let u = (0..<d).map { _ in r.uniform() }
                if feasible(scaled(u)) { return u }
            }
            return nil
        }
        var units: [[Double]] = [], values: [Double] = [], history: [Evaluation] = []
        func evaluate(_ u: [Double]) throws {
            let x = scaled(u)
            let v = try f(x)
            units.append(u); values.append(v); history.append(Evaluation(point: x, value: v))
        }
        for _ in 0..<min(initialPoints, calls) {
            if Interruption.isRequested { throw OptimizationError("interrupted") }
            guard let u = draw(&rng) else { throw OptimizationError("no feasible point found in the search box") }
            try evaluate(u)
        }
        while units.count < calls {
            if Interruption.isRequested { throw OptimizationError("interrupted") }
            let spread = max((values.max() ?? 0) - (values.min() ?? 0), 1e-12)
            let offset = values.min() ?? 0
            let gp = try GaussianProcess(points: units, values: values.map { ($0 - offset) / spread })
            let bestSoFar = ((values.max() ?? 0) - offset) / spread
            var stream = rng.split(UInt64(units.count))
            var pool: [[Double]] = []
            pool.reserveCapacity(candidates)
            for _ in 0..<candidates { if let u = draw(&stream) { pool.append(u) } }
            guard !pool.isEmpty else { break }
            // Score blocks of candidates in parallel; each block's scores do not depend on the thread count.
            let block = 256
            let scores = parallelMap((pool.count + block - 1) / block, threads: threads) { b in
                gp.predict(Array(pool[(b * block)..<min(pool.count, (b + 1) * block)])).map {
                    expectedImprovement(mean: $0.mean, sd: $0.sd, best: bestSoFar, xi: xi)
                }
            }.flatMap { $0 }
            var pick = 0
            for k in scores.indices where scores[k] > scores[pick] { pick = k }
            try evaluate(pool[pick])
        }
        var best = 0
        for k in values.indices where values[k] > values[best] { best = k }
        return (history[best], history)
    }
}
