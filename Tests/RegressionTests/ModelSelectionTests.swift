// Splits, cross-validation, grid search, curves and rank analysis.
import Foundation
import Testing
@testable import Regression

@Suite struct ModelSelectionTests {
    func problem(rows n: Int = 60, seed: UInt64 = 1) throws -> RegressionProblem {
        var rng = RandomStream(seed: seed)
        let ids = (0..<12).flatMap { [Int](repeating: $0, count: 1 + $0 % 3) }
        var x = Matrix(rows: n, columns: ids.count)
        for k in 0..<x.storage.count { x.storage[k] = rng.normal() }
        var truth = [Double](repeating: 0, count: ids.count)
        truth[0] = 1; truth[3] = -0.5; truth[4] = 0.7
        let y = x.times(truth).map { $0 + 0.05 * rng.normal() }
        return try RegressionProblem(features: x, energies: y, groups: try FeatureGroups(ids: ids), intercept: .fitted)
    }

    @Test func splitsPartitionTheStructures() throws {
        let folds = try CrossValidationScheme.kFold(4).splits(rows: 10, seed: 3)
        #expect(folds.flatMap(\.test).sorted() == Array(0..<10))
        for s in folds { #expect(Set(s.train).isDisjoint(with: s.test) && s.train.count + s.test.count == 10) }
        let random = try CrossValidationScheme.randomSplits(count: 50, testFraction: 0.2).splits(rows: 428, seed: 1)
        #expect(random.count == 50 && random.allSatisfy { $0.test.count == 86 && $0.train.count == 342 })
        #expect(random[0] != random[1])
        #expect(try CrossValidationScheme.leaveOneOut.splits(rows: 4, seed: 0)[2] == Split(train: [0, 1, 3], test: [2]))
    }

    @Test func crossValidationIsIdenticalForAnyThreadCount() throws {
        let p = try problem()
        let est = Estimator(method: .sparseGroupLasso, alpha: 0.02, mix: 0.5)
        let scheme = CrossValidationScheme.randomSplits(count: 8, testFraction: 0.2)
        let one = try est.crossValidate(p, scheme: scheme, seed: 5, threads: 1)
        let two = try est.crossValidate(p, scheme: scheme, seed: 5, threads: 2)
        let three = try est.crossValidate(p, scheme: scheme, seed: 5, threads: 3)
        #expect(one.splitRMSE.map(\.bitPattern) == two.splitRMSE.map(\.bitPattern))
        #expect(one.splitRMSE.map(\.bitPattern) == three.splitRMSE.map(\.bitPattern))
        #expect(one.rmse < 0.1)
        let loo = try Estimator(method: .leastSquares).crossValidate(p, scheme: .leaveOneOut, seed: 0)
        #expect(loo.splitRMSE.count == 60 && loo.rmse < 0.1)
    }

    @Test func gridSearchPicksBestAndOneStandardError() throws {
        let p = try problem()
        let alphas = ModelSelection.logSpaced(from: -3, to: 0, count: 7)
        #expect(abs(alphas[0] - 1e-3) < 1e-15 && abs(alphas[6] - 1) < 1e-12)
        let grid = try ModelSelection.search(p, methods: [.sparseGroupLasso], alphas: alphas, mixes: [0, 0.5, 1],
                                             scheme: .kFold(5), seed: 2, threads: 2)
        #expect(grid.points.count == 21)
        #expect(grid.points.allSatisfy { grid.best.score.rmse <= $0.score.rmse })
        #expect(grid.oneStandardError.alpha >= grid.best.alpha)
        #expect(grid.oneStandardError.score.rmse <= grid.best.score.rmse + grid.best.score.standardError)
        // The grid's path fits agree with single fits scored on the same splits.
        let single = try Estimator(method: .sparseGroupLasso, alpha: alphas[2], mix: 0.5)
            .crossValidate(p, scheme: .kFold(5), seed: 2)
        let point = grid.points.first { $0.alpha == alphas[2] && $0.mix == 0.5 }!
        #expect(abs(point.score.rmse - single.rmse) < 1e-6 * single.rmse)
    }

    @Test func learningAndCapacityCurves() throws {
        let p = try problem(rows: 80)
        let est = Estimator(method: .leastSquares)
        let learning = try est.learningCurve(p, sizes: [25, 40, 60], repeats: 4, seed: 1, threads: 2)
        #expect(learning.map(\.trainingSize) == [25, 40, 60])
        #expect(learning[0].testRMSE > learning[2].testRMSE)
        let capacity = try est.capacityCurve(p, alwaysIncluded: [11], steps: [1, 2, 4], scheme: .kFold(4), seed: 1)
        #expect(capacity.map(\.orbits) == [1, 2, 4])
        #expect(capacity[0].columns == 1 + 3 && capacity[2].columns == 1 + 2 + 3 + 1 + 3)
        #expect(capacity[2].score.rmse < capacity[0].score.rmse)
    }

    @Test func groupRanksFindDeficientGroups() throws {
        var rng = RandomStream(seed: 4)
        var x = Matrix(rows: 10, columns: 4)
        for k in 0..<40 { x.storage[k] = rng.normal() }
        for i in 0..<10 { x[i, 3] = 2 * x[i, 2] }
        let p = try RegressionProblem(features: x, energies: (0..<10).map(Double.init),
                                      groups: try FeatureGroups(ids: [0, 0, 1, 1]), intercept: .none)
        let ranks = try p.groupRanks()
        #expect(ranks.map(\.rank) == [2, 1] && ranks.map(\.isDeficient) == [false, true])
    }
}
