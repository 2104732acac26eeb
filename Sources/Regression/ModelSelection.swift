// Hyper-parameter search: a grid of alpha (log spaced) x mix scored by
// cross-validation, the best point and the one-standard-error choice.

/// The scores of an alpha x mix grid.
///
///     let grid = try ModelSelection.search(problem, method: .sparseGroupLasso,
///                                          alphas: ModelSelection.logSpaced(from: -1.5, to: -0.5, count: 25),
///                                          mixes: [0, 0.25, 0.5, 0.75, 1],
///                                          scheme: .randomSplits(count: 50, testFraction: 0.2), seed: 1)
///     print(grid.best, grid.oneStandardError)
public struct GridSearchResult: Sendable, Codable, Equatable {
    public struct Point: Sendable, Codable, Equatable {
        public var alpha: Double
        public var mix: Double
        public var score: CrossValidationScore
    }
    public var method: FitMethod
    public var unit: String
    public var alphas: [Double]
    public var mixes: [Double]
    /// Every grid point, mix-major then alpha in the given order.
    public var points: [Point]
    /// The lowest mean CV RMSE.
    public var best: Point
    /// The largest alpha (then fewest nonzeros) whose CV RMSE is within one standard error of the best.
    public var oneStandardError: Point
}

/// Grid search and its helpers.
public enum ModelSelection {
    /// `count` points 10^from ... 10^to, evenly spaced in the exponent (NumPy's logspace).
    public static func logSpaced(from: Double, to: Double, count: Int) -> [Double] {
        guard count > 1 else { return count == 1 ? [pow10(from)] : [] }
        return (0..<count).map { pow10(from + (to - from) * Double($0) / Double(count - 1)) }
    }

    static func pow10(_ e: Double) -> Double { Foundation_exp(e * 2.302585092994046) }

    /// Scores every (alpha, mix) on the same splits; each split runs warm-started paths in parallel with the others.
    public static func search(_ problem: RegressionProblem, method: FitMethod, alphas: [Double], mixes: [Double],
                              scheme: CrossValidationScheme, seed: UInt64, settings: SolverSettings = SolverSettings(),
                              threads: Int = Threads.count) throws -> GridSearchResult {
        guard !alphas.isEmpty, !mixes.isEmpty else { throw RegressionError.invalidInput("the grid needs alphas and mixes") }
        for m in mixes { try Estimator(method: method, alpha: alphas.max() ?? 1, mix: m).validate() }
        for a in alphas { try Estimator(method: method, alpha: a, mix: mixes[0]).validate() }
        let est = Estimator(method: method, alpha: alphas[0], mix: mixes[0], settings: settings)
        let outcomes = try est.evaluate(problem, alphas: alphas, mixes: mixes, scheme: scheme, seed: seed, threads: threads)
        var points: [GridSearchResult.Point] = []
        for (mi, m) in mixes.enumerated() {
            for (ai, a) in alphas.enumerated() {
                let score = Estimator.score(outcomes.map { $0[mi][ai] }, scheme: scheme, seed: seed)
                points.append(.init(alpha: a, mix: m, score: score))
            }
        }
        let best = points.min { $0.score.rmse < $1.score.rmse } ?? points[0]
        let threshold = best.score.rmse + best.score.standardError
        let simplest = points.filter { $0.score.rmse <= threshold }.max {
            ($0.alpha, -$0.score.meanNonzero) < ($1.alpha, -$1.score.meanNonzero)
        } ?? best
        return GridSearchResult(method: method, unit: problem.unit, alphas: alphas, mixes: mixes, points: points,
                                best: best, oneStandardError: simplest)
    }
}

#if canImport(Glibc)
import Glibc
@usableFromInline func Foundation_exp(_ x: Double) -> Double { Glibc.exp(x) }
#else
import Darwin
@usableFromInline func Foundation_exp(_ x: Double) -> Double { Darwin.exp(x) }
#endif
