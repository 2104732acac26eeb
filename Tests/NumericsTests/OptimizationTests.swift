// Tests of the bounded / linearly constrained minimiser: known minima, KKT conditions, determinism.
import Foundation
import Testing
@testable import Numerics

@Suite struct OptimizationTests {
    let rosenbrock: ([Double]) -> Double = { x in
        100 * (x[1] - x[0] * x[0]) * (x[1] - x[0] * x[0]) + (1 - x[0]) * (1 - x[0])
    }

    @Test func unconstrainedRosenbrock() throws {
        let r = try minimize(rosenbrock, x0: [-1.2, 1], lower: [-.infinity, -.infinity], upper: [.infinity, .infinity])
        #expect(abs(r.x[0] - 1) < 1e-5 && abs(r.x[1] - 1) < 1e-5)
        #expect(r.converged)
    }

    @Test func boundedRosenbrockSitsOnTheBound() throws {
        // With x0 <= 0.5 the minimum is (0.5, 0.25).
        let r = try minimize(rosenbrock, x0: [-1.2, 1], lower: [-2, -2], upper: [0.5, 2])
        #expect(abs(r.x[0] - 0.5) < 1e-9 && abs(r.x[1] - 0.25) < 1e-6)
    }

    @Test func equalityAndBoundsSatisfyKKT() throws {
        // min Σ (x_i - c_i)² s.t. x1 + x2 - x3 = 1, 0 <= x <= 2: projection of c onto the set.
        let c = [3.0, -1.0, 0.5]
        let f: ([Double]) -> Double = { x in (0..<3).reduce(0) { $0 + (x[$1] - c[$1]) * (x[$1] - c[$1]) } }
        let eq = LinearEquality(coefficients: [1, 1, -1], value: 1)
        let r = try minimize(f, x0: [0, 0, 0], lower: [0, 0, 0], upper: [2, 2, 2], equality: eq)
        #expect(abs(r.x[0] + r.x[1] - r.x[2] - 1) < 1e-12)
        // Exact answer: x = clamp(c - τa) with τ = 0.5 → (2, 0, 1): KKT with multiplier 1.
        #expect(abs(r.x[0] - 2) < 1e-7 && abs(r.x[1]) < 1e-7 && abs(r.x[2] - 1) < 1e-7)
        #expect(r.projectedGradient < 1e-6)
    }

    @Test func projectionIsExactOntoBoxAndHyperplane() throws {
        let set = try FeasibleSet(lower: [0, 0, -.infinity], upper: [2, 2, .infinity],
                                  equality: LinearEquality(coefficients: [1, 1, -1], value: 1))
        let p = try set.project([5, 5, 0])
        #expect(abs(p[0] + p[1] - p[2] - 1) < 1e-14)
        // Reference: τ with clamp: x1 = x2 = min(2, 5 - τ), x3 = τ → 4 - τ = 1 → τ = 3.
        #expect(abs(p[0] - 2) < 1e-14 && abs(p[2] - 3) < 1e-14)
    }

    @Test func infeasibleEqualityIsAnError() {
        #expect(throws: OptimizationError.self) {
            _ = try minimize({ $0[0] }, x0: [0, 0], lower: [0, 0], upper: [1, 1],
                             equality: LinearEquality(coefficients: [1, 1], value: 5))
        }
        #expect(throws: OptimizationError.self) { _ = try minimize({ $0[0] }, x0: [0], lower: [1], upper: [0]) }
    }

    @Test func multiStartFindsTheGlobalMinimumDeterministically() throws {
        // sin(3x) + 0.1x² has local minima; the global one is near x = -0.5.
        let f: ([Double]) -> Double = { x in sin(3 * x[0]) + 0.1 * x[0] * x[0] }
        let a = try minimizeMultiStart(f, lower: [-5], upper: [5], starts: 12, seed: 9)
        let b = try minimizeMultiStart(f, lower: [-5], upper: [5], starts: 12, seed: 9)
        let grid = stride(from: -5.0, through: 5.0, by: 1e-4).map { f([$0]) }.min() ?? 0
        #expect(abs(a.best.value - grid) < 1e-7)
        #expect(a.best.x == b.best.x && a.bestStart == b.bestStart)
    }

    @Test func multiStartSameAnswerOnAnyThreadCount() throws {
        let f: ([Double]) -> Double = { x in sin(3 * x[0]) * cos(2 * x[1]) + 0.05 * (x[0] * x[0] + x[1] * x[1]) }
        let one = try Threads.with(1) { try minimizeMultiStart(f, lower: [-4, -4], upper: [4, 4], starts: 6, seed: 3) }
        let two = try Threads.with(2) { try minimizeMultiStart(f, lower: [-4, -4], upper: [4, 4], starts: 6, seed: 3) }
        #expect(one.runs.map(\.x) == two.runs.map(\.x))
    }

    @Test func initialPointsAreTheFirstStartsAndAnalyticGradientsAreUsed() throws {
        // A quadratic bowl with an analytic gradient; the given start is already optimal.
        let f: ([Double]) -> Double = { x in (x[0] - 1) * (x[0] - 1) + 2 * (x[1] + 0.5) * (x[1] + 0.5) }
        let g: ([Double]) -> [Double] = { x in [2 * (x[0] - 1), 4 * (x[1] + 0.5)] }
        let r = try minimizeMultiStart(f, gradient: g, lower: [-3, -3], upper: [3, 3], starts: 3, seed: 1,
                                       initialPoints: [[1, -0.5]])
        #expect(r.runs.count == 3)
        #expect(r.runs[0].x == [1, -0.5] && r.runs[0].value == 0)
        #expect(r.runs.allSatisfy { abs($0.x[0] - 1) < 1e-6 && abs($0.x[1] + 0.5) < 1e-6 })
    }
}
