// RMSE against the number of orbits in the model (science.md §1): orbits are
// added in order, the always-kept groups (Ewald) stay in throughout.

/// One point of a capacity curve.
public struct CapacityCurvePoint: Sendable, Codable, Equatable {
    /// Orbits (groups) included, not counting the always-kept ones.
    public var orbits: Int
    /// Feature columns in the model.
    public var columns: Int
    public var trainRMSE: Double
    public var score: CrossValidationScore
    /// Whether the fit on all structures converged.
    public var converged: Bool
}

extension Estimator {
    /// Scores models with the first k groups (in group order, for k = 1...), always keeping
    /// the groups labelled `alwaysIncluded` (e.g. the Ewald term).
    ///
    ///     let curve = try est.capacityCurve(problem, alwaysIncluded: [345], scheme: .kFold(5), seed: 1)
    public func capacityCurve(_ problem: RegressionProblem, alwaysIncluded: [Int] = [], steps: [Int]? = nil,
                              scheme: CrossValidationScheme, seed: UInt64,
                              threads: Int = Threads.count) throws -> [CapacityCurvePoint] {
        let groups = problem.groups
        for label in alwaysIncluded where !groups.labels.contains(label) {
            throw RegressionError.invalidInput("there is no group \(label) to keep")
        }
        let ordered = groups.labels.indices.filter { !alwaysIncluded.contains(groups.labels[$0]) }
        let kept = groups.labels.indices.filter { alwaysIncluded.contains(groups.labels[$0]) }
        let counts = steps ?? Array(1...max(1, ordered.count))
        for k in counts where k < 1 || k > ordered.count {
            throw RegressionError.invalidInput("orbit count \(k) must be in 1...\(ordered.count)")
        }
        return try counts.map { k in
            let chosen = (Array(ordered.prefix(k)) + kept).flatMap { groups.columns[$0] }.sorted()
            let sub = try problem.restricted(toColumns: chosen)
            let f = try fit(sub)
            let score = try crossValidate(sub, scheme: scheme, seed: seed, threads: threads)
            return CapacityCurvePoint(orbits: k, columns: chosen.count, trainRMSE: f.trainRMSE, score: score,
                                      converged: f.convergence.converged)
        }
    }
}
