// The penalty's dual norm, the KKT checker and closed-form solutions.
import Foundation
import Testing
@testable import Regression

@Suite struct PenaltyTests {
    /// Smallest s with ||S(v, s a1)||_2 <= s a2w, by bisection.
    func bisectDualNorm(_ v: [Double], _ a1: Double, _ a2w: Double) -> Double {
        var lo = 0.0, hi = v.map(abs).max()! / a1
        for _ in 0..<200 {
            let s = (lo + hi) / 2
            let n = v.reduce(0.0) { $0 + pow(max(abs($1) - s * a1, 0), 2) }.squareRoot()
            if n > s * a2w { lo = s } else { hi = s }
        }
        return hi
    }

    @Test func dualNormMatchesBisection() {
        var rng = RandomStream(seed: 11)
        for trial in 0..<50 {
            let m = 1 + trial % 9
            let v = (0..<m).map { _ in rng.normal() }
            let pen = Penalty(l1: rng.uniform(0.1, 1), group: rng.uniform(0.1, 1), ridge: 0)
            let w = Double(m).squareRoot()
            let exact = pen.dualNorm(v, weight: w)
            #expect(abs(exact - bisectDualNorm(v, pen.l1, pen.group * w)) < 1e-10 * max(1, exact))
        }
        #expect(Penalty(l1: 2, group: 0, ridge: 0).dualNorm([1, -3], weight: 1) == 1.5)
        #expect(Penalty(l1: 0, group: 1, ridge: 0).dualNorm([3, 4], weight: 5) == 1)
    }

    /// With orthonormal columns (XᵀX/n = I) the lasso solution is the soft threshold of Xᵀy/n.
    @Test func kktCheckerAcceptsClosedFormAndRejectsPerturbation() throws {
        let n = 4
        var x = Matrix(rows: n, columns: 2)
        x[0, 0] = 2; x[1, 1] = 2       // columns e0·2, e1·2: XᵀX/n = I
        let y = [1.0, -0.3, 0.7, 0]
        let design = try RegressionDesign(features: x, targets: y, groups: .singletons(2))
        let pen = FitMethod.lasso.penalty(alpha: 0.2, mix: 1, weightTotal: 1)
        // c = Xᵀy/n = (0.5, -0.15): J = S(c, 0.2) = (0.3, 0).
        let exact = [0.3, 0.0]
        #expect(KKTCheck(design: design, eci: exact, penalty: pen).residual < 1e-15)
        #expect(KKTCheck(design: design, eci: [0.31, 0], penalty: pen).residual > 1e-3)
        #expect(KKTCheck(design: design, eci: [0.3, 0.01], penalty: pen).residual > 1e-3)
        let solver = SparseGroupSolver(design: design)
        _ = solver.solve(pen)
        #expect(abs(solver.coefficients[0] - 0.3) < 1e-12 && solver.coefficients[1] == 0)
    }

    /// One group, orthonormal: the SGL solution is the group shrink of the soft threshold.
    @Test func sparseGroupClosedForm() throws {
        var x = Matrix(rows: 3, columns: 3)
        for j in 0..<3 { x[j, j] = 3.0.squareRoot() }   // XᵀX/n = I
        let y = [2.0, -1.0, 0.1].map { $0 * 3.0.squareRoot() }   // c = (2, -1, 0.1)
        let design = try RegressionDesign(features: x, targets: y, groups: try FeatureGroups(ids: [0, 0, 0]))
        let pen = FitMethod.sparseGroupLasso.penalty(alpha: 0.4, mix: 0.5, weightTotal: 1)   // l1 0.2, group 0.2·sqrt3
        let u = [1.8, -0.8, 0.0]
        let norm = (1.8 * 1.8 + 0.8 * 0.8).squareRoot()
        let shrink = 1 - 0.2 * 3.0.squareRoot() / norm
        let solver = SparseGroupSolver(design: design)
        let report = solver.solve(pen)
        for j in 0..<3 { #expect(abs(solver.coefficients[j] - shrink * u[j]) < 1e-10) }
        #expect(report.converged && report.dualityGap < 1e-12)
    }
}
