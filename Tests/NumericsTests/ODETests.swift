// Tests of the Dormand-Prince integrator against closed-form solutions.
import Foundation
import Testing
@testable import Numerics

@Suite struct ODETests {
    let tight = DormandPrince(options: ODEOptions(relativeTolerance: 1e-12, absoluteTolerance: 1e-14))

    @Test func exponentialDecayMatchesClosedForm() throws {
        let sol = try tight.solve({ _, y, d in d[0] = -0.7 * y[0] }, from: 0, to: 5, initial: [2])
        #expect(abs(sol.final[0] - 2 * exp(-3.5)) < 1e-12)
        #expect(sol.times.first == 0 && sol.times.last == 5)
    }

    @Test func denseOutputBetweenSteps() throws {
        // Harmonic oscillator: y = (sin t, cos t).
        let sol = try tight.solve({ _, y, d in d[0] = y[1]; d[1] = -y[0] }, from: 0, to: 10, initial: [0, 1])
        var worst = 0.0
        for k in 0...997 {
            let t = Double(k) * 0.01003
            let y = sol.value(at: t)
            worst = max(worst, abs(y[0] - sin(t)), abs(y[1] - cos(t)))
        }
        #expect(worst < 1e-9)
        #expect(sol.acceptedSteps > 5)
    }

    @Test func denseOutputIsFourthOrderAtLooseTolerance() throws {
        // With few large steps the interpolant still tracks the solution far better than linear interpolation.
        let solver = DormandPrince(options: ODEOptions(relativeTolerance: 1e-5, absoluteTolerance: 1e-8))
        let sol = try solver.solve({ t, y, d in d[0] = cos(t) * y[0] }, from: 0, to: 6, initial: [1])
        var worst = 0.0
        for k in 0...600 {
            let t = Double(k) * 0.01
            worst = max(worst, abs(sol.value(at: t)[0] - exp(sin(t))))
        }
        #expect(worst < 1e-4)
    }

    @Test func integratesBackwardInTime() throws {
        let sol = try tight.solve({ t, _, d in d[0] = 3 * t * t }, from: 2, to: -1, initial: [8])
        #expect(abs(sol.final[0] - -1) < 1e-12)
        #expect(abs(sol.value(at: 0.5)[0] - 0.125) < 1e-12)
    }

    @Test func blowUpIsReportedNotReturned() {
        // y' = y², y(0) = 1 blows up at t = 1.
        #expect(throws: ODEError.self) {
            _ = try DormandPrince().solve({ _, y, d in d[0] = y[0] * y[0] }, from: 0, to: 2, initial: [1])
        }
    }

    @Test func badInputIsAnError() {
        #expect(throws: ODEError.self) { _ = try DormandPrince().solve({ _, _, _ in }, from: 0, to: 1, initial: []) }
        #expect(throws: ODEError.self) {
            _ = try DormandPrince().solve({ _, _, _ in }, from: 0, to: .infinity, initial: [1])
        }
    }
}
