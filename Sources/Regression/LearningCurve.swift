// RMSE against the number of training structures (science.md §1): does more
// data still help?

/// One point of a learning curve.
public struct LearningCurvePoint: Sendable, Codable, Equatable {
    /// Training structures used.
    public var trainingSize: Int
    /// Mean training RMSE over repeats.
    public var trainRMSE: Double
    /// Mean test RMSE over repeats, and its standard error.
    public var testRMSE: Double
    public var testStandardError: Double
    /// Fits (over the repeats) that did not converge.
    public var unconverged: Int
}

extension Estimator {
    /// For each size, `repeats` seeded shuffles hold out `testFraction` as the test set and
    /// train on the first `size` of the rest. Runs in parallel; identical for any thread count.
    ///
    ///     let curve = try est.learningCurve(problem, sizes: [50, 100, 200, 300], repeats: 10, seed: 1)
    public func learningCurve(_ problem: RegressionProblem, sizes: [Int], repeats: Int = 10, testFraction: Double = 0.2,
                              seed: UInt64, threads: Int = Threads.count) throws -> [LearningCurvePoint] {
        try validate()
        let n = problem.rows
        let testSize = Int((testFraction * Double(n)).rounded())
        guard testFraction > 0, testFraction < 1, testSize >= 1 else {
            throw RegressionError.invalidInput("the test fraction must leave at least one test structure")
        }
        guard repeats >= 1 else { throw RegressionError.invalidInput("repeats must be >= 1") }
        for m in sizes where m < 2 || m > n - testSize {
            throw RegressionError.invalidInput("training size \(m) must be in 2...\(n - testSize) (the rest are test structures)")
        }
        let tasks = sizes.count * repeats
        let outcomes: [Result<FoldResult, Error>] = distributedMap(tasks, threads: threads) { t in
            Result {
                let size = sizes[t / repeats]
                var order = Array(0..<n)
                var rng = RandomStream(seed: seed, stream: UInt64(t % repeats))
                rng.shuffle(&order)
                let train = Array(order[testSize..<(testSize + size)]).sorted(), test = Array(order[..<testSize]).sorted()
                let set = try prepare(problem, rows: train)
                let f = try fitPath(set, alphas: [alpha])[0]
                let predicted = set.predict(f.intercept, f.eci, rows: test)
                var sse = 0.0
                for (k, i) in test.enumerated() { let d = problem.energies[i] - predicted[k]; sse += d * d }
                return FoldResult(testRMSE: (sse / Double(test.count)).squareRoot(), trainRMSE: f.trainRMSE,
                                  testCount: test.count, nonzero: f.nonzero, converged: f.convergence.converged)
            }
        }
        let all = try outcomes.map { try $0.get() }
        return sizes.enumerated().map { s, size in
            let chunk = Array(all[(s * repeats)..<((s + 1) * repeats)])
            let test = chunk.map(\.testRMSE)
            return LearningCurvePoint(trainingSize: size, trainRMSE: Statistics.mean(chunk.map(\.trainRMSE)),
                                      testRMSE: Statistics.mean(test), testStandardError: Statistics.standardError(test),
                                      unconverged: chunk.filter { !$0.converged }.count)
        }
    }
}
