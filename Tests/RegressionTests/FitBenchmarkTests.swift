// Timing of one SGL fit and the paper's whole search on yang2022 stand-ins;
// runs only with CE_BENCH=1 (bench/fit.sh builds it in release and prints bench lines).
import Foundation
import Testing
@testable import Regression

@Suite struct FitBenchmarkTests {
    static let enabled = ProcessInfo.processInfo.environment["CE_BENCH"] == "1"

    func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    @Test(.enabled(if: enabled)) func singleSGLFit() throws {
        guard let ids = TestSupport.yangGroupIDs() else { return }
        let data = try StandInData(groupIDs: ids, rows: 342, seed: 1)
        let mean = Statistics.mean(data.energies)
        let y = data.energies.map { $0 - mean }
        var best = Double.infinity
        var last = Convergence()
        var nonzero = 0, alphaMax = 0.0
        for _ in 0..<5 {
            let t = try seconds {
                let design = try RegressionDesign(features: data.features, targets: y, groups: data.groups)
                let solver = SparseGroupSolver(design: design)
                last = solver.solvePath(to: FitMethod.sparseGroupLasso.penalty(alpha: 0.056, mix: 0.5))
                nonzero = solver.coefficients.filter { $0 != 0 }.count
                alphaMax = design.zeroSolutionScale(FitMethod.sparseGroupLasso.penalty(alpha: 1, mix: 0.5))
            }
            best = min(best, t)
        }
        let design = try RegressionDesign(features: data.features, targets: y, groups: data.groups)
        let tDesign = seconds { _ = try? RegressionDesign(features: data.features, targets: y, groups: data.groups) }
        let tGrad = seconds { for _ in 0..<10 { _ = design.lossGradient(eci: data.trueECI) } } / 10
        print("design \(tDesign) s, gradient \(tGrad) s")
        print("fit.sgl: \(String(format: "%.4g", best)) s ; sweeps \(last.sweeps) checks \(last.checks) working \(last.workingColumns) kkt \(last.kktResidual) nonzero \(nonzero) alphaMax \(alphaMax)")
    }
}
