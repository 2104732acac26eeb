// Estimators end to end: least squares rank, ridge, intercepts, weights, charge
// neutrality, group recovery and the fit's JSON form.
import Foundation
import Testing
@testable import Regression

@Suite struct EstimatorTests {
    func gaussianProblem(rows n: Int, groupSizes: [Int], seed: UInt64) -> (Matrix, [Int]) {
        var rng = RandomStream(seed: seed)
        let ids = groupSizes.enumerated().flatMap { g, s in [Int](repeating: g, count: s) }
        var x = Matrix(rows: n, columns: ids.count)
        for k in 0..<x.storage.count { x.storage[k] = rng.normal() }
        return (x, ids)
    }

    @Test func leastSquaresReportsRankAndFitsExactly() throws {
        var (x, ids) = gaussianProblem(rows: 30, groupSizes: [1, 2, 2], seed: 1)
        for i in 0..<30 { x[i, 4] = x[i, 1] - x[i, 2] }   // rank deficient by one
        let truth = [1.0, 0.5, -0.25, 2.0, 0.0]
        let y = x.times(truth).map { $0 + 3 }
        let problem = try RegressionProblem(features: x, energies: y, groups: try FeatureGroups(ids: ids),
                                            intercept: .fitted, unit: "eV/atom")
        let fit = try Estimator(method: .leastSquares).fit(problem)
        #expect(fit.rank == 4)
        #expect(fit.trainRMSE < 1e-12)
        #expect(fit.unit == "eV/atom")
        let again = try fit.predict(x)
        #expect(zip(again, y).allSatisfy { abs($0 - $1) < 1e-10 })
    }

    /// scikit-learn's Ridge: min ||y - XJ||² + alpha ||J||², i.e. Xᵀ(y - XJ) = alpha J.
    @Test func ridgeMatchesNormalEquationsInBothForms() throws {
        for (n, p) in [(40, 6), (8, 20)] {
            let (x, ids) = gaussianProblem(rows: n, groupSizes: [Int](repeating: 1, count: p), seed: UInt64(n))
            let y = (0..<n).map { Double($0 % 5) - 2 }
            let problem = try RegressionProblem(features: x, energies: y, groups: try FeatureGroups(ids: ids),
                                                intercept: .none)
            let fit = try Estimator(method: .ridge, alpha: 0.3).fit(problem)
            let r = zip(y, x.times(fit.eci)).map { $0 - $1 }
            let g = x.transposeTimes(r).enumerated().map { -$1 + 0.3 * fit.eci[$0] }
            #expect(g.allSatisfy { abs($0) < 1e-10 })
        }
    }

    @Test func weightTwoEqualsDuplicatedStructure() throws {
        let (x, ids) = gaussianProblem(rows: 25, groupSizes: [2, 3, 1], seed: 3)
        let y = (0..<25).map { sin(Double($0)) }
        let weighted = try RegressionProblem(features: x, energies: y, groups: try FeatureGroups(ids: ids),
                                             weights: [2] + [Double](repeating: 1, count: 24), intercept: .fitted)
        let duplicated = try RegressionProblem(features: x.selectingRows([0] + Array(0..<25)), energies: [y[0]] + y,
                                               groups: try FeatureGroups(ids: ids), intercept: .fitted)
        for est in [Estimator(method: .leastSquares), Estimator(method: .sparseGroupLasso, alpha: 0.05, mix: 0.5)] {
            let a = try est.fit(weighted), b = try est.fit(duplicated)
            #expect(zip(a.eci, b.eci).allSatisfy { abs($0 - $1) < 1e-8 })
            #expect(abs(a.intercept - b.intercept) < 1e-8)
        }
    }

    @Test func meanInterceptDropsConstantColumnAndCentresEnergies() throws {
        var (x, ids) = gaussianProblem(rows: 20, groupSizes: [1, 2], seed: 4)
        for i in 0..<20 { x[i, 0] = 1 }
        let y = (0..<20).map { -20 + 0.1 * Double($0 % 7) }
        let problem = try RegressionProblem(features: x, energies: y, groups: try FeatureGroups(ids: ids), intercept: .mean)
        #expect(problem.fixedColumns.map(\.column) == [0])
        let fit = try Estimator(method: .lasso, alpha: 0.01).fit(problem)
        #expect(fit.eci[0] == 0)
        #expect(abs(fit.intercept - Statistics.mean(y)) < 1e-12)
    }

    @Test func chargeNeutralityRedundancyIsDetectedAndFixed() throws {
        // Point columns 1...4 with x4 = 1 - x1 - x2 - x3 (a neutrality-like constraint): one is redundant.
        var (x, ids) = gaussianProblem(rows: 30, groupSizes: [1, 2, 2, 3], seed: 5)
        for i in 0..<30 { x[i, 0] = 1; x[i, 4] = 1 - x[i, 1] - x[i, 2] - x[i, 3] }
        var problem = try RegressionProblem(features: x, energies: (0..<30).map { Double($0) },
                                            groups: try FeatureGroups(ids: ids))
        let fixed = try problem.fixChargeNeutralityRedundancy(pointGroups: [1, 2])
        #expect(fixed == [4])
        #expect(problem.fixedColumns.map(\.column) == [0, 4])
        let fit = try Estimator(method: .leastSquares).fit(problem)
        #expect(fit.eci[4] == 0 && fit.rank == 6)
        // No constraint, nothing fixed.
        var free = try RegressionProblem(features: gaussianProblem(rows: 30, groupSizes: [1, 2, 2, 3], seed: 6).0,
                                         energies: (0..<30).map { Double($0) }, groups: try FeatureGroups(ids: ids))
        #expect(try free.fixChargeNeutralityRedundancy(pointGroups: [1, 2]).isEmpty)
        #expect(throws: RegressionError.self) { try free.fixChargeNeutralityRedundancy(pointGroups: [9]) }
    }

    @Test func sparseGroupLassoRecoversTrueGroups() throws {
        let sizes = (0..<40).map { 1 + $0 % 6 }
        let (x, ids) = gaussianProblem(rows: 200, groupSizes: sizes, seed: 7)
        var truth = [Double](repeating: 0, count: ids.count)
        let trueGroups = [3, 11, 20, 33]
        var rng = RandomStream(seed: 8)
        for (j, g) in ids.enumerated() where trueGroups.contains(g) { truth[j] = rng.uniform(0.5, 1.5) * (j % 2 == 0 ? 1 : -1) }
        let y = x.times(truth).map { $0 + 0.1 * rng.normal() }
        let problem = try RegressionProblem(features: x, energies: y, groups: try FeatureGroups(ids: ids), intercept: .fitted)
        let fit = try Estimator(method: .sparseGroupLasso, alpha: 0.1, mix: 0.5).fit(problem)
        let found = Set(ids.indices.filter { fit.eci[$0] != 0 }.map { ids[$0] })
        #expect(found == Set(trueGroups))
        #expect(fit.convergence.converged)
        let design = try problem.prepare().design!
        #expect(KKTCheck(design: design, eci: fit.eci, penalty: FitMethod.sparseGroupLasso.penalty(alpha: 0.1, mix: 0.5, weightTotal: 1)).residual < 1e-6)
    }

    @Test func fitRoundTripsThroughJSON() throws {
        let (x, ids) = gaussianProblem(rows: 15, groupSizes: [2, 2], seed: 9)
        let problem = try RegressionProblem(features: x, energies: (0..<15).map { Double($0) },
                                            groups: try FeatureGroups(ids: ids))
        let fit = try Estimator(method: .groupLasso, alpha: 0.1).fit(problem, scoredBy: .kFold(3), seed: 2)
        let data = try JSONEncoder().encode(fit)
        let back = try JSONDecoder().decode(Fit.self, from: data)
        #expect(back == fit)
        #expect(back.crossValidation?.splitRMSE.count == 3)
    }

    @Test func badInputGetsClearErrors() throws {
        let (x, ids) = gaussianProblem(rows: 5, groupSizes: [2], seed: 10)
        #expect(throws: RegressionError.self) { try RegressionProblem(features: x, energies: [1, 2]) }
        #expect(throws: RegressionError.self) {
            try RegressionProblem(features: x, energies: [1, 2, 3, 4, 5], groups: try FeatureGroups(ids: [0]))
        }
        #expect(throws: RegressionError.self) {
            try RegressionProblem(features: x, energies: [1, 2, 3, 4, .nan], groups: try FeatureGroups(ids: ids))
        }
        let problem = try RegressionProblem(features: x, energies: [1, 2, 3, 4, 5], groups: try FeatureGroups(ids: ids))
        #expect(throws: RegressionError.self) { try Estimator(method: .lasso, alpha: -1).fit(problem) }
        #expect(throws: RegressionError.self) { try Estimator(method: .sparseGroupLasso, alpha: 1, mix: 2).fit(problem) }
        #expect(throws: RegressionError.self) { try FitMethod(name: "magic") }
        #expect(throws: RegressionError.self) { try CrossValidationScheme.kFold(9).splits(rows: 5, seed: 1) }
    }
}
