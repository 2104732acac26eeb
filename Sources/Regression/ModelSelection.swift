// Model selection: methods x alphas (log spaced) x mixes, every point scored on
// the same splits, the best point, the one-standard-error choice refitted on all
// structures, and the CV curve it came from.

/// The scores of a methods x alphas x mixes grid, with the one-standard-error choice.
///
///     let grid = try ModelSelection.search(problem, methods: [.sparseGroupLasso],
///                                          alphas: ModelSelection.logSpaced(from: -1.5, to: -0.5, count: 25),
///                                          mixes: [0, 0.25, 0.5, 0.75, 1],
///                                          scheme: .randomSplits(count: 50, testFraction: 0.2), seed: 1)
///     print(grid.best, grid.oneStandardError, grid.choice.nonzero)
public struct GridSearchResult: Sendable, Codable, Equatable {
    public struct Point: Sendable, Codable, Equatable {
        public var method: FitMethod
        public var alpha: Double
        public var mix: Double
        public var score: CrossValidationScore
    }
    public var methods: [FitMethod]
    public var unit: String
    public var alphas: [Double]
    public var mixes: [Double]
    /// Every grid point: method-major, then mix, then alpha in the given order (a method
    /// without a mix gets one series, at mix 1).
    public var points: [Point]
    /// The lowest CV RMSE.
    public var best: Point
    /// The sparsest point (fewest mean nonzero ECIs, then the larger alpha) whose CV RMSE is
    /// within one standard error of the best.
    public var oneStandardError: Point
    /// The one-standard-error point refitted on every structure.
    public var choice: Fit
    /// Fold fits (over every point) that did not converge.
    public var unconverged: Int

    /// The points of one curve (a method at one mix), in alpha order.
    public func curve(method: FitMethod, mix: Double) -> [Point] {
        points.filter { $0.method == method && $0.mix == mix }
    }

    /// The (method, mix) of every curve, in grid order.
    public var curves: [(method: FitMethod, mix: Double)] {
        var seen: [(FitMethod, Double)] = []
        for p in points where !seen.contains(where: { $0.0 == p.method && $0.1 == p.mix }) { seen.append((p.method, p.mix)) }
        return seen.map { (method: $0.0, mix: $0.1) }
    }
}

/// Grid search and its helpers.
public enum ModelSelection {
    /// `count` points 10^from ... 10^to, evenly spaced in the exponent (NumPy's logspace).
    public static func logSpaced(from: Double, to: Double, count: Int) -> [Double] {
        guard count > 1 else { return count == 1 ? [pow10(from)] : [] }
        return (0..<count).map { pow10(from + (to - from) * Double($0) / Double(count - 1)) }
    }

    static func pow10(_ e: Double) -> Double { Foundation_exp(e * 2.302585092994046) }

    /// Scores every (method, alpha, mix) on the same splits, the splits in parallel (each runs
    /// warm-started alpha paths), and refits the one-standard-error choice on all structures.
    /// `template` carries the solver settings and the point columns of the paper's procedure.
    public static func search(_ problem: RegressionProblem, methods: [FitMethod], alphas: [Double], mixes: [Double],
                              scheme: CrossValidationScheme, seed: UInt64, template: Estimator = Estimator(method: .lasso),
                              threads: Int = Threads.count) throws -> GridSearchResult {
        guard !methods.isEmpty, !alphas.isEmpty, !mixes.isEmpty else {
            throw RegressionError.invalidInput("the grid needs methods, alphas and mixes")
        }
        var estimators: [Estimator] = []
        for method in methods {
            for m in (method.usesMix ? mixes : [1]) {
                var est = template
                est.method = method; est.mix = m; est.alpha = alphas.max() ?? 1
                for a in alphas { est.alpha = a; try est.validate() }
                estimators.append(est)
            }
        }
        let splits = try scheme.splits(rows: problem.rows, seed: seed)
        let outcomes = try Estimator.evaluate(problem, estimators, alphas: alphas, splits: splits, threads: threads)
        var points: [GridSearchResult.Point] = []
        for (e, est) in estimators.enumerated() {
            for (ai, a) in alphas.enumerated() {
                let score = Estimator.score(outcomes.map { $0[e][ai] }, splits: splits, problem: problem, scheme: scheme, seed: seed)
                points.append(.init(method: est.method, alpha: a, mix: est.mix, score: score))
            }
        }
        let best = points.min { $0.score.rmse < $1.score.rmse } ?? points[0]
        let threshold = best.score.rmse + best.score.standardError
        let simplest = points.filter { $0.score.rmse <= threshold }.min {
            ($0.score.meanNonzero, -$0.alpha) < ($1.score.meanNonzero, -$1.alpha)
        } ?? best
        var chosen = template
        chosen.method = simplest.method; chosen.alpha = simplest.alpha; chosen.mix = simplest.mix
        var choice = try chosen.fit(problem)
        choice.crossValidation = simplest.score
        return GridSearchResult(methods: methods, unit: problem.unit, alphas: alphas, mixes: mixes, points: points,
                                best: best, oneStandardError: simplest, choice: choice,
                                unconverged: points.reduce(0) { $0 + $1.score.unconverged })
    }
}

#if canImport(Glibc)
import Glibc
@usableFromInline func Foundation_exp(_ x: Double) -> Double { Glibc.exp(x) }
#else
import Darwin
@usableFromInline func Foundation_exp(_ x: Double) -> Double { Darwin.exp(x) }
#endif
