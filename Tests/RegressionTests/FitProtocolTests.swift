// Free (unpenalised) columns, the two-stage protocol, the convergence report, the
// group-independence of a lasso, duplicate rows, and the errors bad input gets.
import Foundation
import Testing
@testable import Regression

@Suite struct FitProtocolTests {
    /// n x p Gaussian features with a constant first column, energies from a sparse truth plus noise.
    func problem(rows n: Int = 40, columns p: Int = 12, seed: UInt64 = 1, ids: [Int]? = nil) throws -> RegressionProblem {
        var rng = RandomStream(seed: seed)
        var x = Matrix(rows: n, columns: p)
        for i in 0..<n {
            x[i, 0] = 1
            for j in 1..<p { x[i, j] = rng.normal() }
        }
        var truth = [Double](repeating: 0, count: p)
        truth[1] = 2; truth[2] = -1; truth[5] = 0.5
        let y = x.times(truth).map { $0 + 0.1 * rng.normal() }
        let groups = try FeatureGroups(ids: ids ?? (0..<p).map { $0 / 3 })
        return try RegressionProblem(features: x, energies: y, groups: groups)
    }

    @Test func groupsDoNotChangeAMethodWithoutAGroupTerm() throws {
        let grouped = try problem()
        let plain = try RegressionProblem(features: grouped.features, energies: grouped.energies)
        for est in [Estimator(method: .lasso, alpha: 0.05), Estimator(method: .elasticNet, alpha: 0.05, mix: 0.3),
                    Estimator(method: .ridge, alpha: 2), Estimator(method: .leastSquares)] {
            let a = try est.fit(grouped), b = try est.fit(plain)
            #expect(a.eci.map(\.bitPattern) == b.eci.map(\.bitPattern), "\(est.method) depends on groups=")
            #expect(a.intercept.bitPattern == b.intercept.bitPattern)
        }
        // A group penalty does read them.
        let sgl = Estimator(method: .sparseGroupLasso, alpha: 0.05, mix: 0.5)
        #expect(try sgl.fit(grouped).eci != (try sgl.fit(plain).eci))
    }

    /// Free columns carry no penalty: at the optimum the residual is orthogonal to them (and to
    /// the constant), while a penalised column's correlation with it stays within alpha.
    @Test func freeColumnsAreFittedWithoutPenalty() throws {
        var p = try problem()
        try p.leaveUnpenalised([3, 7])
        let alpha = 0.3
        let fit = try Estimator(method: .lasso, alpha: alpha).fit(p)
        #expect(fit.convergence.converged && fit.freeColumns == [3, 7])
        #expect(fit.eci[3] != 0 && fit.eci[7] != 0)
        let n = Double(p.rows)
        for j in 0..<p.columns {
            var c = 0.0
            for i in 0..<p.rows { c += p.features[i, j] * fit.residuals[i] }
            c /= n
            if j == 0 || j == 3 || j == 7 {
                #expect(abs(c) < 1e-10, "column \(j) is free, yet correlates with the residual: \(c)")
            } else {
                #expect(abs(c) <= alpha * (1 + 1e-7))
                if fit.eci[j] != 0 { #expect(abs(abs(c) - alpha) < 1e-7 * alpha) }
            }
        }
    }

    /// The stepwise protocol: least squares of y on [1, X_F], then the penalised columns,
    /// uncentred and without intercept, on that residual.
    @Test func stepwiseProtocolFitsFreeColumnsFirst() throws {
        var p = try problem()
        try p.leaveUnpenalised([1, 2])
        p.protocol = .stepwise
        let fit = try Estimator(method: .lasso, alpha: 0.02).fit(p)
        let first = try Matrix(rows: p.rows, columns: 3, columnMajor:
            [Double](repeating: 1, count: p.rows) + p.features.column(1) + p.features.column(2)).leastSquares(p.energies)
        #expect(abs(fit.intercept - first.solution[0]) < 1e-10)
        #expect(abs(fit.eci[1] - first.solution[1]) < 1e-10 && abs(fit.eci[2] - first.solution[2]) < 1e-10)
        let rest = Array(3..<p.columns)
        let residual = zip(p.energies, p.features.times([0] + first.solution[1...] + [Double](repeating: 0, count: rest.count)))
            .map { $0 - $1 - first.solution[0] }
        let second = try RegressionProblem(features: p.features.selectingColumns(rest), energies: residual, intercept: .none)
        let stage = try Estimator(method: .lasso, alpha: 0.02).fit(second)
        for (k, j) in rest.enumerated() { #expect(abs(fit.eci[j] - stage.eci[k]) < 1e-9) }
    }

    @Test func collinearFreeColumnsAreAnErrorNamingThem() throws {
        var p = try problem()
        var x = p.features
        for i in 0..<p.rows { x[i, 4] = 2 - 2 * x[i, 2] }   // charge neutrality ties column 4 to 2 and J_0
        var q = try RegressionProblem(features: x, energies: p.energies, groups: p.groups,
                                      columnNames: (0..<p.columns).map { "c\($0)" })
        try q.leaveUnpenalised([2, 4])
        do {
            _ = try Estimator(method: .lasso, alpha: 0.1).fit(q)
            Issue.record("collinear free columns were accepted")
        } catch let e as RegressionError {
            let m = e.description
            #expect(m.contains("column 4 (c4)") && m.contains("column 2 (c2)") && m.contains("the constant"), "\(m)")
        }
        try p.leaveUnpenalised([2])
        #expect(try Estimator(method: .lasso, alpha: 0.1).fit(p).convergence.converged)
    }

    @Test func nonFiniteInputNamesTheRows() throws {
        let p = try problem()
        var y = p.energies
        y[3] = .nan; y[17] = .infinity
        #expect { try RegressionProblem(features: p.features, energies: y) } throws: { error in
            "\(error)".contains("rows 3, 17")
        }
        var x = p.features
        x[8, 5] = -.infinity
        #expect { try RegressionProblem(features: x, energies: p.energies) } throws: { error in
            "\(error)".contains("row 8") && "\(error)".contains("column 5")
        }
        #expect { try RegressionProblem(features: p.features, energies: p.energies,
                                        weights: [Double](repeating: 1, count: 39) + [.nan]) } throws: { error in
            "\(error)".contains("row 39")
        }
    }

    @Test func givenFoldsAreChecked() throws {
        let n = 6
        func message(_ body: () throws -> Any) -> String {
            do { _ = try body(); return "" } catch { return "\(error)" }
        }
        #expect(message { try CrossValidationScheme.folds([Split(train: [0, 1, 2, 3], test: [3, 4, 5])], rows: n) }
            .contains("row 3 in both"))
        #expect(message { try CrossValidationScheme.folds([Split(train: [0, 1, 2], test: [4, 5])], rows: n) }
            .contains("misses row 3"))
        #expect(message { try CrossValidationScheme.folds([Split(train: [0, 1, 2, 3, 4], test: [5, 6])], rows: n) }
            .contains("names row 6"))
        #expect(message { try CrossValidationScheme.folds(testSets: [[0, 1, 2], [2, 3, 4, 5]], rows: n) }
            .contains("overlap: row 2"))
        #expect(message { try CrossValidationScheme.folds(testSets: [[0, 1], [2, 3]], rows: n) }
            .contains("rows 4, 5 are in no test fold"))
        #expect(message { try CrossValidationScheme.folds(labels: [0, 0, 1, 1, -2, 1], rows: n) }.contains("row 4"))
        let labelled = try CrossValidationScheme.folds(labels: [0, 0, 1, 1, -1, 1], rows: n).splits(rows: n, seed: 0)
        #expect(labelled == [Split(train: [2, 3, 4, 5], test: [0, 1]), Split(train: [0, 1, 4], test: [2, 3, 5])])
    }

    @Test func repeatedKFoldKeepsEveryFoldAndOutOfFoldPredictions() throws {
        let p = try problem(rows: 30)
        let score = try Estimator(method: .ridge, alpha: 1).crossValidate(p, scheme: .kFold(5, repeats: 3), seed: 4)
        #expect(score.folds.count == 15 && score.outOfFoldCount.allSatisfy { $0 == 3 })
        #expect(score.unconverged == 0)
        let rmse = score.folds.map(\.testRMSE)
        #expect(abs(score.meanFoldRMSE - rmse.reduce(0, +) / 15) < 1e-14)
        #expect(abs(score.rootMeanFoldMSE - (rmse.map { $0 * $0 }.reduce(0, +) / 15).squareRoot()) < 1e-14)
        #expect(score.rmse == score.meanFoldRMSE && score.rootMeanFoldMSE >= score.meanFoldRMSE)
        // One repeat's out-of-fold predictions are the held-out fits' predictions.
        let one = try Estimator(method: .ridge, alpha: 1).crossValidate(p, scheme: .kFold(5), seed: 4)
        let splits = try CrossValidationScheme.kFold(5).splits(rows: 30, seed: 4)
        let fit = try Estimator(method: .ridge, alpha: 1).fit(p, rows: splits[2].train)
        let predicted = try fit.predict(p.features.selectingRows(splits[2].test))
        for (k, i) in splits[2].test.enumerated() { #expect(abs((one.outOfFold[i] ?? .nan) - predicted[k]) < 1e-12) }
        let loo = try Estimator(method: .leastSquares).crossValidate(p, scheme: .leaveOneOut, seed: 0)
        #expect(loo.rmse == loo.rootMeanFoldMSE && loo.definition.contains("root"))
    }

    @Test func anUnconvergedFitSaysSo() throws {
        let p = try problem(rows: 60, columns: 30)
        var est = Estimator(method: .lasso, alpha: 1e-4)
        est.settings.maxIterations = 2
        let fit = try est.fit(p)
        #expect(!fit.convergence.converged && fit.convergence.relativeGap > est.settings.tolerance)
        #expect(fit.convergence.reason.contains("max_iter"))
        let score = try est.crossValidate(p, scheme: .kFold(4), seed: 1)
        #expect(score.unconverged == 4)
        est.settings.maxIterations = 20_000
        let good = try est.fit(p)
        #expect(good.convergence.converged && good.convergence.relativeGap <= 1e-8)
    }

    @Test func uniqueRowsKeepTheLowestEnergy() throws {
        var x = Matrix(rows: 5, columns: 3)
        let rows: [[Double]] = [[1, 0.5, 9], [1, 0.25, 3], [1, 0.5 + 1e-14, 4], [1, 0.25, 2], [1, 0.7, 9]]
        for i in 0..<5 { for j in 0..<3 { x[i, j] = rows[i][j] } }
        let u = try UniqueRows(features: x, energies: [-1, -2, -3, -2, 0], columns: [0, 1])   // column 2: Ewald
        #expect(u.kept == [1, 2, 4])
        #expect(u.dropped.map(\.row) == [0, 3] && u.dropped.map(\.keptRow) == [2, 1])
    }
}
