import Testing
import Foundation
import Inference
import Closure
@Test(.enabled(if: ProcessInfo.processInfo.environment["CE_SCRATCH"] != nil)) func scratchTiming() throws {
    let plus = 1.0 / 3
    let times = (0...50).map { Double($0) / 50 }
    let start = ClusterState(plus: plus, minus: 1 - plus, plusPlus: plus * plus, plusMinus: plus * (1 - plus), minusMinus: (1 - plus) * (1 - plus))
    for rates in [[1.0, 1, 2, 2, 1, 1, 2, 2], [5.0, 3, 10, 2, 4, 1, 9, 2]] {
        let model = try MeanClusterModel(closure: .pairApproximation, rates: rates, plus: plus)
        let clock = ContinuousClock()
        var steps = 0
        let t = try clock.measure {
            for _ in 0..<1000 {
                let m = try MeanClusterModel(closure: .pairApproximation, rates: rates, plus: plus)
                _ = try m.solve(from: start, times: times, options: ODEOptions(relativeTolerance: 1e-7, absoluteTolerance: 1e-10, maxSteps: 20_000))
            }
        }
        let t2 = try clock.measure { for _ in 0..<100_000 { _ = model.derivatives(start) } }
        let sol = try DormandPrince(options: ODEOptions(relativeTolerance: 1e-7, absoluteTolerance: 1e-10)).solve({ _, y, d in
            let r = model.derivatives(ClusterState(plus: plus, minus: 1 - plus, plusPlus: y[0], plusMinus: y[2], minusMinus: y[1]))
            d[0] = r.plusPlus; d[1] = r.minusMinus; d[2] = r.plusMinus }, from: 0, to: 1, initial: [start.plusPlus, start.minusMinus, start.plusMinus])
        steps = sol.acceptedSteps
        print("rates", rates, "solve x1000", t, "derivs x1e5", t2, "steps", steps, sol.rejectedSteps, sol.evaluations)
    }
}
