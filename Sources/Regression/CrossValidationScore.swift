// Scoring estimators by cross-validation: every split's fits in parallel over row
// views of one matrix, per-fold errors, out-of-fold predictions per structure, both
// common RMSE definitions, and a count of the fold fits that did not converge.

/// What one fit gave on one split.
public struct FoldResult: Sendable, Codable, Equatable {
    /// RMSE over the split's test structures.
    public var testRMSE: Double
    /// RMSE over its training structures.
    public var trainRMSE: Double
    /// Test structures.
    public var testCount: Int
    public var nonzero: Int
    public var converged: Bool
}

/// A cross-validation score in the energies' unit.
public struct CrossValidationScore: Sendable, Equatable, Codable {
    public var scheme: String
    public var seed: UInt64
    /// The headline CV RMSE: `meanFoldRMSE`, or `rootMeanFoldMSE` for leave-one-out.
    public var rmse: Double
    /// Which definition `rmse` is.
    public var definition: String
    /// The mean of the fold RMSEs (scikit-learn's `cross_val_score(...).mean()`).
    public var meanFoldRMSE: Double
    /// The square root of the mean fold MSE (casm-learn's and LOOCV's).
    public var rootMeanFoldMSE: Double
    /// Standard error of the headline over folds.
    public var standardError: Double
    /// Mean training RMSE over splits.
    public var trainRMSE: Double
    /// Test RMSE of each split.
    public var splitRMSE: [Double]
    /// Every split's result, in split order.
    public var folds: [FoldResult]
    /// Mean number of nonzero ECIs over splits.
    public var meanNonzero: Double
    /// Fold fits that did not converge.
    public var unconverged: Int
    /// Each structure's mean out-of-fold prediction (nil when no split tested it).
    public var outOfFold: [Double?]
    /// How many splits tested each structure.
    public var outOfFoldCount: [Int]
}

/// One fit on one split: its predictions of the split's test rows, in their order, and its summary.
struct SplitOutcome: Sendable {
    var predictions: [Double]
    var result: FoldResult
}

/// Split outcomes travel between the ranks of an MPI job bit for bit; the test rows they predict
/// are not sent, since every rank holds the splits.
extension SplitOutcome: RankPortable {
    func write(to out: inout RankBytes) {
        out.append(predictions)
        result.write(to: &out)
    }

    init(from input: inout RankBytes.Reader) throws {
        predictions = try input.doubles()
        result = try FoldResult(from: &input)
        guard predictions.count == result.testCount else {
            throw RankTransferError("a split from another rank has \(predictions.count) predictions for \(result.testCount) test structures")
        }
    }
}

extension FoldResult: RankPortable {
    public func write(to out: inout RankBytes) {
        out.append(testRMSE); out.append(trainRMSE); out.append(testCount); out.append(nonzero); out.append(converged)
    }

    public init(from input: inout RankBytes.Reader) throws {
        self.init(testRMSE: try input.double(), trainRMSE: try input.double(), testCount: try input.int(),
                  nonzero: try input.int(), converged: try input.bool())
    }
}

extension Estimator {
    /// Scores this estimator by cross-validation, splits in parallel (same numbers for any thread count).
    ///
    ///     let score = try est.crossValidate(problem, scheme: .kFold(10, repeats: 1), seed: 1)
    public func crossValidate(_ problem: RegressionProblem, scheme: CrossValidationScheme, seed: UInt64,
                              threads: Int = Threads.count) throws -> CrossValidationScore {
        try validate()
        let splits = try scheme.splits(rows: problem.rows, seed: seed)
        let outcomes = try Self.evaluate(problem, [self], alphas: [alpha], splits: splits, threads: threads)
        return Self.score(outcomes.map { $0[0][0] }, splits: splits, problem: problem, scheme: scheme, seed: seed)
    }

    /// Fits the whole problem and attaches its cross-validation score; the whole fit runs as one
    /// more task beside the splits.
    public func fit(_ problem: RegressionProblem, scoredBy scheme: CrossValidationScheme, seed: UInt64,
                    threads: Int = Threads.count) throws -> Fit {
        try validate()
        let splits = try scheme.splits(rows: problem.rows, seed: seed)
        // Problems of the data itself (collinear free columns) are reported for the data, not for a split.
        _ = try prepare(problem, rows: nil)
        var whole: Result<Fit, Error> = .failure(RegressionError.invalidInput("not fitted"))
        let outcomes = try Self.evaluate(problem, [self], alphas: [alpha], splits: splits, threads: threads) {
            whole = Result { try fit(problem) }
        }
        var f = try whole.get()
        f.crossValidation = Self.score(outcomes.map { $0[0][0] }, splits: splits, problem: problem, scheme: scheme, seed: seed)
        return f
    }

    /// outcomes[split][estimator][alpha]: every split fits a warm-started alpha path per estimator,
    /// the splits in parallel (tasks in split order; `extra`, if given, as one more task).
    static func evaluate(_ problem: RegressionProblem, _ estimators: [Estimator], alphas: [Double], splits: [Split],
                         threads: Int, extra: (() -> Void)? = nil) throws -> [[[SplitOutcome]]] {
        let results: [Result<[[SplitOutcome]], Error>] = distributedMap(splits.count, threads: threads, alongside: extra) { t in
            Result {
                do { return try evaluate(problem, split: splits[t], estimators, alphas: alphas) } catch let e as RegressionError {
                    if case .invalidInput(let m) = e, m == "interrupted" { throw e }
                    throw RegressionError.invalidInput("cross-validation split \(t): \(e.description)")
                }
            }
        }
        return try results.enumerated().map { t, result in
            let outcomes = try result.get()
            // Shape check: what another rank sent must be one outcome per estimator and alpha, each
            // predicting this split's test rows.
            guard outcomes.count == estimators.count, outcomes.allSatisfy({ $0.count == alphas.count }),
                  outcomes.allSatisfy({ $0.allSatisfy { $0.predictions.count == splits[t].test.count } }) else {
                throw RankTransferError("cross-validation split \(t) came back from another rank in another shape than \(estimators.count) estimators x \(alphas.count) alphas x \(splits[t].test.count) test rows")
            }
            return outcomes
        }
    }

    private static func evaluate(_ problem: RegressionProblem, split: Split, _ estimators: [Estimator],
                                 alphas: [Double]) throws -> [[SplitOutcome]] {
        if Interruption.isRequested { throw RegressionError.invalidInput("interrupted") }
        // One training set per group layout, shared by the estimators that read it the same way.
        var sets: [Bool: TrainingSet] = [:]
        return try estimators.map { est in
            let key = est.method.usesGroups
            let set: TrainingSet
            if let s = sets[key], est.method != .groupwiseElasticNet { set = s } else {
                set = try est.prepare(problem, rows: split.train)
                sets[key] = set
            }
            return try est.fitPath(set, alphas: alphas).map { f in
                let predicted = set.predict(f.intercept, f.eci, rows: split.test)
                var sse = 0.0
                for (k, i) in split.test.enumerated() { let d = problem.energies[i] - predicted[k]; sse += d * d }
                let result = FoldResult(testRMSE: (sse / Double(split.test.count)).squareRoot(), trainRMSE: f.trainRMSE,
                                        testCount: split.test.count, nonzero: f.nonzero, converged: f.convergence.converged)
                return SplitOutcome(predictions: predicted, result: result)
            }
        }
    }

    /// The score of `outcomes`, one per split of `splits` in order.
    static func score(_ outcomes: [SplitOutcome], splits: [Split], problem: RegressionProblem, scheme: CrossValidationScheme,
                      seed: UInt64) -> CrossValidationScore {
        let folds = outcomes.map(\.result)
        let rmse = folds.map(\.testRMSE)
        let mse = rmse.map { $0 * $0 }
        let meanRMSE = Statistics.mean(rmse)
        let rootMSE = Statistics.mean(mse).squareRoot()
        let headline: Double, se: Double, definition: String
        if scheme.headlineIsRootMeanMSE {
            headline = rootMSE; definition = "root of the mean fold MSE"
            // Delta method: se(sqrt(m)) = se(m) / (2 sqrt(m)).
            se = rootMSE > 0 ? Statistics.standardError(mse) / (2 * rootMSE) : 0
        } else {
            headline = meanRMSE; definition = "mean of the fold RMSEs"
            se = Statistics.standardError(rmse)
        }
        var sum = [Double](repeating: 0, count: problem.rows), count = [Int](repeating: 0, count: problem.rows)
        for (o, split) in zip(outcomes, splits) {
            for (k, i) in split.test.enumerated() { sum[i] += o.predictions[k]; count[i] += 1 }
        }
        return CrossValidationScore(
            scheme: scheme.description, seed: seed, rmse: headline, definition: definition, meanFoldRMSE: meanRMSE,
            rootMeanFoldMSE: rootMSE, standardError: se, trainRMSE: Statistics.mean(folds.map(\.trainRMSE)),
            splitRMSE: rmse, folds: folds, meanNonzero: Statistics.mean(folds.map { Double($0.nonzero) }),
            unconverged: folds.filter { !$0.converged }.count,
            outOfFold: sum.indices.map { count[$0] > 0 ? sum[$0] / Double(count[$0]) : nil }, outOfFoldCount: count)
    }
}
