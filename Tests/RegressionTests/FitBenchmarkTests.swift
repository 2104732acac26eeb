// Timing of one SGL fit and the paper's whole search on yang2022 stand-ins;
// runs only with CE_BENCH=1 (bench/fit.sh builds it in release and prints bench lines).
import Foundation
import Testing
@testable import Regression

@Suite(.serialized) struct FitBenchmarkTests {
    static let enabled = ProcessInfo.processInfo.environment["CE_BENCH"] == "1"

    func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// CPU seconds of this thread (or the whole process): honest timings on a loaded machine.
    func cpuSeconds(process: Bool = false, _ body: () throws -> Void) rethrows -> Double {
        func now() -> Double {
            var t = timespec()
            clock_gettime(process ? CLOCK_PROCESS_CPUTIME_ID : CLOCK_THREAD_CPUTIME_ID, &t)
            return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
        }
        let start = now()
        try body()
        return now() - start
    }

    @Test(.enabled(if: enabled)) func singleSGLFit() throws {
        let ids = try TestSupport.yangGroupIDs()
        let data = try StandInData(groupIDs: ids, rows: 342, seed: 1)
        let mean = Statistics.mean(data.energies)
        let y = data.energies.map { $0 - mean }
        var best = Double.infinity, bestCPU = Double.infinity
        var last = Convergence()
        var nonzero = 0, alphaMax = 0.0
        for _ in 0..<5 {
            var cpu = 0.0
            let t = try seconds { cpu = try cpuSeconds {
                let design = try RegressionDesign(features: data.features, targets: y, groups: data.groups)
                let solver = SparseGroupSolver(design: design)
                last = solver.solvePath(to: FitMethod.sparseGroupLasso.penalty(alpha: 0.056, mix: 0.5, weightTotal: 1))
                nonzero = solver.coefficients.filter { $0 != 0 }.count
                alphaMax = design.zeroSolutionScale(FitMethod.sparseGroupLasso.penalty(alpha: 1, mix: 0.5, weightTotal: 1))
            } }
            best = min(best, t); bestCPU = min(bestCPU, cpu)
        }
        let design = try RegressionDesign(features: data.features, targets: y, groups: data.groups)
        let tDesign = seconds { _ = try? RegressionDesign(features: data.features, targets: y, groups: data.groups) }
        let tGrad = seconds { for _ in 0..<10 { _ = design.lossGradient(eci: data.trueECI) } } / 10
        print("design \(tDesign) s, gradient \(tGrad) s")
        if let dir = ProcessInfo.processInfo.environment["CE_BENCH_DUMP"] {
            // The same centred problem for the Python peer (bench/fit_peer.py).
            let url = URL(fileURLWithPath: dir)
            try data.features.storage.withUnsafeBufferPointer { Data(buffer: $0) }.write(to: url.appendingPathComponent("x.f64"))
            try y.withUnsafeBufferPointer { Data(buffer: $0) }.write(to: url.appendingPathComponent("y.f64"))
            try ids.map { Int64($0) }.withUnsafeBufferPointer { Data(buffer: $0) }.write(to: url.appendingPathComponent("groups.i64"))
            try "\(data.features.rows) \(data.features.columns)".write(to: url.appendingPathComponent("shape.txt"),
                                                                       atomically: true, encoding: .utf8)
        }
        print("fit.sgl: \(String(format: "%.4g", best)) s")
        print("# fit.sgl cpu \(String(format: "%.4g", bestCPU)) s (best of 5, thread CPU time), sweeps \(last.sweeps) checks \(last.checks) working \(last.workingColumns) kkt \(last.kktResidual) objective \(String(format: "%.12g", last.objective)) nonzero \(nonzero) alphaMax \(alphaMax)")
    }

    @Test(.enabled(if: enabled)) func paperGridSearch() throws {
        let ids = try TestSupport.yangGroupIDs()
        let data = try StandInData(groupIDs: ids, rows: 428, seed: 2)
        let problem = try RegressionProblem(features: data.features, energies: data.energies,
                                            groups: data.groups, unit: "eV/prim")
        let alphas = ModelSelection.logSpaced(from: -1.5, to: -0.5, count: 25)
        let splits = Int(ProcessInfo.processInfo.environment["CE_BENCH_SPLITS"] ?? "50") ?? 50
        var grid: GridSearchResult?
        var cpu = 0.0
        let t = try seconds { cpu = try cpuSeconds(process: true) {
            grid = try ModelSelection.search(problem, methods: [.sparseGroupLasso], alphas: alphas,
                                             mixes: [0, 0.25, 0.5, 0.75, 1],
                                             scheme: .randomSplits(count: splits, testFraction: 0.2), seed: 1, threads: 2)
        } }
        guard let g = grid else { return }
        let paper = g.points.first { abs($0.alpha - 0.0562) < 0.001 && $0.mix == 0.5 }
        print("fit.sgl_grid: \(String(format: "%.4g", t)) s")
        print("# fit.sgl_grid process cpu/2 \(String(format: "%.4g", cpu / 2)) s, \(splits) splits x 125 fits, best alpha \(g.best.alpha) mix \(g.best.mix) cv \(g.best.score.rmse) nonzero \(g.best.score.meanNonzero); 1se alpha \(g.oneStandardError.alpha) mix \(g.oneStandardError.mix); at 0.056/0.5 cv \(paper?.score.rmse ?? .nan) train \(paper?.score.trainRMSE ?? .nan) nonzero \(paper?.score.meanNonzero ?? .nan)")
    }
}
