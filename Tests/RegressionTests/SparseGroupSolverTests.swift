// The SGL/lasso solver: KKT optimality, duality gaps, and agreement with independent peers.
import Foundation
import Testing
@testable import Regression

@Suite struct SparseGroupSolverTests {
    /// A random problem with the yang2022 layout (no constant column: this tests the raw objective).
    func yangProblem(rows: Int, seed: UInt64) throws -> (RegressionDesign, [Int]) {
        let ids = try TestSupport.yangGroupIDs()
        let data = try StandInData(groupIDs: ids, rows: rows, seed: seed)
        // Drop the constant column's role: centre y so that no intercept is needed.
        let mean = Statistics.mean(data.energies)
        let y = data.energies.map { $0 - mean }
        return (try RegressionDesign(features: data.features, targets: y, groups: data.groups), ids)
    }

    @Test func kktAndGapAtSGLSolutionsAlongAPath() throws {
        let (design, _) = try yangProblem(rows: 200, seed: 3)
        let solver = SparseGroupSolver(design: design)
        for alpha in [0.3, 0.1, 0.056] {
            let pen = FitMethod.sparseGroupLasso.penalty(alpha: alpha, mix: 0.5, weightTotal: 1)
            let report = solver.solve(pen)
            #expect(report.converged)
            let check = KKTCheck(design: design, eci: solver.coefficients, penalty: pen)
            #expect(check.residual <= 1e-6)
            #expect(report.dualityGap <= 1e-6 * report.objective)
        }
    }

    @Test func agreesWithNumpyProximalGradientSGL() throws {
        let (design, ids) = try yangProblem(rows: 400, seed: 5)
        let pen = FitMethod.sparseGroupLasso.penalty(alpha: 0.056, mix: 0.5, weightTotal: 1)
        let solver = SparseGroupSolver(design: design)
        let report = solver.solve(pen)
        let peer = try TestSupport.peerSolve(design.materialised(), design.targets, ids, alpha: 0.056, mix: 0.5)
        let ours = report.objective
        print("SGL objective ours \(ours) peer \(peer.objective) (\(peer.solver)) rel \(abs(ours - peer.objective) / peer.objective)")
        #expect(abs(ours - peer.objective) <= 1e-6 * abs(peer.objective))
        #expect(ours <= peer.objective * (1 + 1e-9))
    }

    @Test func agreesWithScikitLearnLasso() throws {
        let (design, ids) = try yangProblem(rows: 400, seed: 6)
        let pen = FitMethod.lasso.penalty(alpha: 0.02, mix: 1, weightTotal: 1)
        let solver = SparseGroupSolver(design: design)
        let report = solver.solve(pen)
        let peer = try TestSupport.peerSolve(design.materialised(), design.targets, ids, alpha: 0.02, mix: 1)
        print("lasso objective ours \(report.objective) peer \(peer.objective) (\(peer.solver))")
        #expect(peer.solver == "sklearn-lasso")
        #expect(abs(report.objective - peer.objective) <= 1e-6 * abs(peer.objective))
    }
}
