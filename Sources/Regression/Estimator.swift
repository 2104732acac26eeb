// Fitting one training set with one method: least squares and ridge in closed
// form (LAPACK), the sparse methods by the block coordinate-descent solver along
// a warm-started alpha path, the paper's procedure by its own sequence of fits.

/// A fitting method with its hyper-parameters.
///
///     let est = Estimator(method: .sparseGroupLasso, alpha: 0.056, mix: 0.5)
///     let fit = try est.fit(problem)
public struct Estimator: Sendable, Codable, Equatable {
    public var method: FitMethod
    /// Penalty strength (ignored by least squares).
    public var alpha: Double
    /// Mixing parameter λ: l1 share for SGL (1 lasso, 0 group lasso) and the elastic net.
    public var mix: Double
    public var settings: SolverSettings
    /// The point-function columns, which the paper's procedure fits first (by LassoCV).
    public var pointColumns: [Int] = []

    public init(method: FitMethod, alpha: Double = 0, mix: Double = 0.5, settings: SolverSettings = SolverSettings()) {
        self.method = method; self.alpha = alpha; self.mix = mix; self.settings = settings
    }

    /// Checks alpha, mix and the solver settings for the method.
    public func validate() throws {
        guard alpha.isFinite, alpha >= 0 else { throw RegressionError.invalidInput("alpha must be >= 0, got \(alpha)") }
        guard mix.isFinite, mix >= 0, mix <= 1 else { throw RegressionError.invalidInput("mix must be in [0, 1], got \(mix)") }
        if method.isPenalised && alpha == 0 && method != .ridge {
            throw RegressionError.invalidInput("\(method.rawValue) needs alpha > 0 (use method=\"ols\" for no penalty)")
        }
        guard settings.tolerance > 0, settings.tolerance < 1 else {
            throw RegressionError.invalidInput("tol must be in (0, 1), got \(settings.tolerance)")
        }
        guard settings.maxIterations >= 1 else {
            throw RegressionError.invalidInput("max_iter must be >= 1, got \(settings.maxIterations)")
        }
    }

    /// Fits on `rows` of the problem (all when nil); predictions and RMSE are over those rows.
    public func fit(_ problem: RegressionProblem, rows: [Int]? = nil) throws -> Fit {
        try validate()
        return try fitPath(prepare(problem, rows: rows), alphas: [alpha])[0]
    }

    /// The training rows prepared the way this method reads them.
    func prepare(_ problem: RegressionProblem, rows: [Int]?) throws -> TrainingSet {
        if method == .groupwiseElasticNet && !problem.unpenalisedColumns.isEmpty {
            throw RegressionError.invalidInput(
                "the groupwise-enet procedure fits its point terms by LassoCV and takes no free= columns")
        }
        return try problem.prepare(rows: rows, grouped: method.usesGroups)
    }

    /// Fits every alpha (in the order given; warm starts follow decreasing alpha) on a training set.
    func fitPath(_ set: TrainingSet, alphas: [Double]) throws -> [Fit] {
        var results: [(intercept: Double, eci: [Double], report: Convergence, rank: Int?)] = []
        if method == .groupwiseElasticNet {
            for a in alphas {
                let f = try GroupwiseElasticNet(estimator: self, alpha: a).fit(set)
                results.append((f.intercept, f.eci, f.report, nil))
            }
        } else if let design = set.design {
            let penalties = alphas.map { method.penalty(alpha: $0, mix: mix, weightTotal: set.weightTotal) }
            var coefficients: [[Double]] = []
            var reports: [Convergence] = []
            var rank: Int? = nil
            switch method {
            case .leastSquares:
                let ls: LeastSquaresSolution
                do { ls = try design.materialised().leastSquares(design.targets) } catch {
                    throw RegressionError.numerical("\(error)")
                }
                rank = ls.rank + set.problem.unpenalisedColumns.count
                let report = design.certificate(eci: ls.solution, penalty: penalties[0], direct: true)
                coefficients = alphas.map { _ in ls.solution }
                reports = alphas.map { _ in report }
            case .ridge:
                let x = design.materialised()
                for p in penalties {
                    let j = try Self.ridgeSolution(x, design.targets, ridge: p.ridge, alpha: alpha)
                    coefficients.append(j)
                    reports.append(design.certificate(eci: j, penalty: p, direct: true))
                }
            default:
                let solver = SparseGroupSolver(design: design, settings: settings)
                var started = false
                let order = alphas.indices.sorted { alphas[$0] > alphas[$1] }
                var byIndex = [Int: ([Double], Convergence)]()
                for k in order {
                    let report = started ? solver.solve(penalties[k]) : solver.solvePath(to: penalties[k])
                    started = true
                    byIndex[k] = (solver.coefficients, report)
                }
                for k in alphas.indices {
                    if let (c, r) = byIndex[k] { coefficients.append(c); reports.append(r) }
                }
            }
            for k in alphas.indices {
                let (j0, eci) = set.expand(coefficients[k])
                results.append((j0, eci, reports[k], rank))
            }
        } else {
            // Every estimated column is free: least squares on them is the whole fit.
            let (j0, eci) = set.expand([])
            results = alphas.map { _ in (j0, eci, Convergence(), set.problem.unpenalisedColumns.count) }
        }
        let problem = set.problem
        let y = set.rows.map { problem.energies[$0] }
        return alphas.indices.map { k in
            let r = results[k]
            let predictions = set.predict(r.intercept, r.eci, rows: set.rows)
            let residuals = zip(y, predictions).map { $0 - $1 }
            return Fit(method: method, alpha: alphas[k], mix: mix,
                       penalty: method.penalty(alpha: alphas[k], mix: mix, weightTotal: set.weightTotal),
                       unit: problem.unit, interceptMode: problem.intercept, protocol: problem.protocol,
                       intercept: r.intercept, eci: r.eci, groupIDs: problem.groups.ids,
                       fixedColumns: problem.fixedColumns, freeColumns: problem.unpenalisedColumns, rank: r.rank,
                       trainRMSE: Statistics.rootMeanSquare(residuals), predictions: predictions,
                       residuals: residuals, convergence: r.report, crossValidation: nil)
        }
    }

    /// Ridge: (XᵀX/n + ρI) J = Xᵀy/n, or through the n x n kernel form J = Xᵀ(XXᵀ + nρI)⁻¹y when p > n.
    static func ridgeSolution(_ x: Matrix, _ y: [Double], ridge: Double, alpha: Double) throws -> [Double] {
        let n = Double(x.rows)
        do {
            if x.columns <= x.rows {
                var g = x.gram(scale: 1 / n)
                for j in 0..<g.rows { g[j, j] += ridge }
                return try g.cholesky().solve(x.transposeTimes(y).map { $0 / n })
            }
            var k = x.transposed().gram()
            for i in 0..<k.rows { k[i, i] += n * ridge }
            return x.transposeTimes(try k.cholesky().solve(y))
        } catch LinearAlgebraError.notPositiveDefinite {
            throw RegressionError.invalidInput("ridge with alpha = \(alpha) is singular here; use alpha > 0")
        } catch {
            throw RegressionError.numerical("\(error)")
        }
    }
}
