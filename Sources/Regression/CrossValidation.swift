// Splitting structures into training and test sets (k-fold, repeated random
// splits, leave-one-out) with seeded streams, and scoring estimators on them.

/// One training/test partition of the structures.
public struct Split: Sendable, Equatable, Codable {
    public var train: [Int]
    public var test: [Int]
}

/// How structures are split for cross-validation.
///
///     let scheme = CrossValidationScheme.randomSplits(count: 50, testFraction: 0.2)  // the paper's
///     let splits = try scheme.splits(rows: 428, seed: 1)
public enum CrossValidationScheme: Sendable, Equatable, Codable, CustomStringConvertible {
    /// k folds of a seeded shuffle; each fold is the test set once.
    case kFold(Int)
    /// `count` independent shuffles; the first `testFraction` of each is the test set.
    case randomSplits(count: Int, testFraction: Double)
    /// Each structure is the test set once.
    case leaveOneOut

    public var description: String {
        switch self {
        case .kFold(let k): return "\(k)-fold"
        case .randomSplits(let c, let f): return "\(c) random splits, test fraction \(f)"
        case .leaveOneOut: return "leave-one-out"
        }
    }

    /// Checks what does not depend on the data: k >= 2, a count >= 1, a test fraction in (0, 1).
    public func validate() throws {
        switch self {
        case .kFold(let k):
            guard k >= 2 else { throw RegressionError.invalidInput("k-fold needs k >= 2, got k = \(k)") }
        case .randomSplits(let count, let fraction):
            guard count >= 1 else { throw RegressionError.invalidInput("random splits need a count >= 1, got \(count)") }
            guard fraction > 0 && fraction < 1 else {
                throw RegressionError.invalidInput("the test fraction must be in (0, 1), got \(fraction)")
            }
        case .leaveOneOut:
            break
        }
    }

    /// The splits of `rows` structures; split s draws from `RandomStream(seed: seed, stream: s)`.
    public func splits(rows n: Int, seed: UInt64) throws -> [Split] {
        try validate()
        switch self {
        case .kFold(let k):
            guard k >= 2 && k <= n else {
                throw RegressionError.invalidInput("k-fold needs 2 <= k <= \(n) structures, got k = \(k)")
            }
            var order = Array(0..<n)
            var rng = RandomStream(seed: seed, stream: 0)
            rng.shuffle(&order)
            return (0..<k).map { f in
                let lo = f * n / k, hi = (f + 1) * n / k
                let test = Array(order[lo..<hi]).sorted()
                let train = (Array(order[0..<lo]) + Array(order[hi..<n])).sorted()
                return Split(train: train, test: test)
            }
        case .randomSplits(let count, let fraction):
            let testSize = Int((fraction * Double(n)).rounded())
            guard testSize >= 1 && testSize < n else {
                throw RegressionError.invalidInput("test fraction \(fraction) of \(n) structures leaves no test or no training set")
            }
            return (0..<count).map { s in
                var order = Array(0..<n)
                var rng = RandomStream(seed: seed, stream: UInt64(s))
                rng.shuffle(&order)
                return Split(train: Array(order[testSize...]).sorted(), test: Array(order[..<testSize]).sorted())
            }
        case .leaveOneOut:
            guard n >= 2 else { throw RegressionError.invalidInput("leave-one-out needs at least 2 structures") }
            return (0..<n).map { i in Split(train: (0..<n).filter { $0 != i }, test: [i]) }
        }
    }

    /// Whether scores pool squared errors over splits (leave-one-out) rather than average split RMSEs.
    var poolsErrors: Bool { if case .leaveOneOut = self { return true } else { return false } }
}

/// A cross-validation score in the energies' unit.
public struct CrossValidationScore: Sendable, Equatable, Codable {
    public var scheme: String
    public var seed: UInt64
    /// Mean test RMSE over splits (pooled RMSE for leave-one-out).
    public var rmse: Double
    /// Standard error of that mean (0 for leave-one-out).
    public var standardError: Double
    /// Mean training RMSE over splits.
    public var trainRMSE: Double
    /// Test RMSE of each split.
    public var splitRMSE: [Double]
    /// Mean number of nonzero ECIs over splits.
    public var meanNonzero: Double
}

/// Test and training error of one fit on one split.
struct SplitOutcome: Sendable {
    var testSquaredError: Double
    var testCount: Int
    var trainRMSE: Double
    var nonzero: Int
    var testRMSE: Double { testCount > 0 ? (testSquaredError / Double(testCount)).squareRoot() : 0 }
}

extension Estimator {
    /// Scores this estimator by cross-validation, splits in parallel (same numbers for any thread count).
    ///
    ///     let score = try est.crossValidate(problem, scheme: .kFold(10), seed: 1)
    public func crossValidate(_ problem: RegressionProblem, scheme: CrossValidationScheme, seed: UInt64,
                              threads: Int = Threads.count) throws -> CrossValidationScore {
        try validate()
        let outcomes = try evaluate(problem, alphas: [alpha], mixes: [mix], scheme: scheme, seed: seed, threads: threads)
        return Self.score(outcomes.map { $0[0][0] }, scheme: scheme, seed: seed)
    }

    /// Fits the whole problem and attaches its cross-validation score.
    public func fit(_ problem: RegressionProblem, scoredBy scheme: CrossValidationScheme, seed: UInt64,
                    threads: Int = Threads.count) throws -> Fit {
        var f = try fit(problem)
        f.crossValidation = try crossValidate(problem, scheme: scheme, seed: seed, threads: threads)
        return f
    }

    /// outcomes[split][mix][alpha]: every split fits a warm-started alpha path for each mix.
    func evaluate(_ problem: RegressionProblem, alphas: [Double], mixes: [Double], scheme: CrossValidationScheme,
                  seed: UInt64, threads: Int) throws -> [[[SplitOutcome]]] {
        let splits = try scheme.splits(rows: problem.rows, seed: seed)
        let results: [Result<[[SplitOutcome]], Error>] = parallelMap(splits.count, threads: threads) { s in
            Result { try evaluate(problem, split: splits[s], alphas: alphas, mixes: mixes) }
        }
        return try results.map { try $0.get() }
    }

    private func evaluate(_ problem: RegressionProblem, split: Split, alphas: [Double], mixes: [Double]) throws
        -> [[SplitOutcome]]
    {
        if Interruption.isRequested { throw RegressionError.invalidInput("interrupted") }
        let prepared = try problem.prepare(rows: split.train)
        let xTest = problem.features.selectingRows(split.test)
        return try mixes.map { m in
            var est = self
            est.mix = m
            let fits = try est.fitPath(problem, prepared: prepared, alphas: alphas, rows: split.train)
            return fits.map { f in
                let predicted = xTest.times(f.eci)
                var sse = 0.0
                for (k, i) in split.test.enumerated() {
                    let d = problem.energies[i] - predicted[k] - f.intercept
                    sse += d * d
                }
                return SplitOutcome(testSquaredError: sse, testCount: split.test.count, trainRMSE: f.trainRMSE,
                                    nonzero: f.nonzero)
            }
        }
    }

    static func score(_ outcomes: [SplitOutcome], scheme: CrossValidationScheme, seed: UInt64) -> CrossValidationScore {
        let split = outcomes.map(\.testRMSE)
        let rmse: Double, se: Double
        if scheme.poolsErrors {
            let sse = outcomes.reduce(0) { $0 + $1.testSquaredError }
            let count = outcomes.reduce(0) { $0 + $1.testCount }
            rmse = (sse / Double(max(count, 1))).squareRoot(); se = 0
        } else {
            rmse = Statistics.mean(split); se = Statistics.standardError(split)
        }
        return CrossValidationScore(scheme: scheme.description, seed: seed, rmse: rmse, standardError: se,
                                    trainRMSE: Statistics.mean(outcomes.map(\.trainRMSE)), splitRMSE: split,
                                    meanNonzero: Statistics.mean(outcomes.map { Double($0.nonzero) }))
    }
}
