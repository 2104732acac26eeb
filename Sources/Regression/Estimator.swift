// Fitting one problem with one method: least squares and ridge in closed form
// (LAPACK), the sparse methods by the block coordinate-descent solver.

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

    public init(method: FitMethod, alpha: Double = 0, mix: Double = 0.5, settings: SolverSettings = SolverSettings()) {
        self.method = method; self.alpha = alpha; self.mix = mix; self.settings = settings
    }

    /// Checks alpha and mix for the method.
    public func validate() throws {
        guard alpha.isFinite, alpha >= 0 else { throw RegressionError.invalidInput("alpha must be >= 0, got \(alpha)") }
        guard mix.isFinite, mix >= 0, mix <= 1 else { throw RegressionError.invalidInput("mix must be in [0, 1], got \(mix)") }
        if method.isPenalised && alpha == 0 && method != .ridge {
            throw RegressionError.invalidInput("\(method.rawValue) needs alpha > 0 (use method=\"ols\" for no penalty)")
        }
    }

    /// Fits on `rows` of the problem (all when nil); predictions and RMSE are over those rows.
    public func fit(_ problem: RegressionProblem, rows: [Int]? = nil) throws -> Fit {
        try validate()
        let prepared = try problem.prepare(rows: rows)
        return try fitPath(problem, prepared: prepared, alphas: [alpha], rows: rows)[0]
    }

    /// Fits every alpha (in the order given; warm starts follow decreasing alpha) on prepared rows.
    func fitPath(_ problem: RegressionProblem, prepared: PreparedRows, alphas: [Double], rows: [Int]?) throws -> [Fit] {
        var coefficients: [[Double]] = []
        var reports: [Convergence] = []
        var rank: Int? = nil
        let free = prepared.freeColumns.count
        if let design = prepared.design {
            switch method {
            case .leastSquares:
                let ls: LeastSquaresSolution
                do { ls = try design.features.leastSquares(design.targets) } catch {
                    throw RegressionError.numerical("\(error)")
                }
                rank = ls.rank
                coefficients = alphas.map { _ in ls.solution }
                reports = alphas.map { _ in Convergence() }
            case .ridge:
                for a in alphas {
                    coefficients.append(try ridgeSolution(design, alpha: a))
                    reports.append(Convergence())
                }
            default:
                let solver = SparseGroupSolver(design: design, settings: settings)
                var started = false
                let order = alphas.indices.sorted { alphas[$0] > alphas[$1] }
                var byIndex = [Int: ([Double], Convergence)]()
                for k in order {
                    let pen = method.penalty(alpha: alphas[k], mix: mix)
                    let report = started ? solver.solve(pen) : solver.solvePath(to: pen)
                    started = true
                    byIndex[k] = (solver.coefficients, report)
                }
                for k in alphas.indices {
                    if let (c, r) = byIndex[k] { coefficients.append(c); reports.append(r) }
                }
            }
        } else {
            coefficients = alphas.map { _ in [Double](repeating: 0, count: free) }
            reports = alphas.map { _ in Convergence() }
        }
        let rowList = rows ?? Array(0..<problem.rows)
        let x = problem.features.selectingRows(rowList)
        let y = rowList.map { problem.energies[$0] }
        return alphas.indices.map { k in
            let (j0, eci) = prepared.expand(coefficients[k])
            let predictions = x.times(eci).map { $0 + j0 }
            let residuals = zip(y, predictions).map { $0 - $1 }
            return Fit(method: method, alpha: alphas[k], mix: mix, unit: problem.unit,
                       interceptMode: problem.intercept, intercept: j0, eci: eci, groupIDs: problem.groups.ids,
                       fixedColumns: problem.fixedColumns, rank: rank,
                       trainRMSE: Statistics.rootMeanSquare(residuals), predictions: predictions,
                       residuals: residuals, convergence: reports[k], crossValidation: nil)
        }
    }

    /// Ridge: (XᵀX/n + αI) J = Xᵀy/n, or through the n x n kernel form when p > n.
    private func ridgeSolution(_ design: RegressionDesign, alpha: Double) throws -> [Double] {
        let x = design.features
        let n = Double(design.rows)
        do {
            if x.columns <= x.rows {
                var g = x.gram(scale: 1 / n)
                for j in 0..<g.rows { g[j, j] += alpha }
                return try g.cholesky().solve(x.transposeTimes(design.targets).map { $0 / n })
            }
            // J = Xᵀ (XXᵀ + nαI)⁻¹ y.
            var k = x.transposed().gram()
            for i in 0..<k.rows { k[i, i] += n * alpha }
            return x.transposeTimes(try k.cholesky().solve(design.targets))
        } catch LinearAlgebraError.notPositiveDefinite {
            throw RegressionError.invalidInput("ridge with alpha = \(alpha) is singular here; use alpha > 0")
        } catch {
            throw RegressionError.numerical("\(error)")
        }
    }
}
