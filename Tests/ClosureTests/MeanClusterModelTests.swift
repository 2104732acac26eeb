// Closed models: SA closed form against Runge-Kutta, the conserving form's
// invariant, diagnostics, and fits that recover known parameters.
import Testing
@testable import Closure
import Numerics

@Suite struct MeanClusterModelTests {
    let start = ClusterState(plus: 2.0 / 3, minus: 1.0 / 3, plusPlus: 4.0 / 9, plusMinus: 2.0 / 9, minusMinus: 1.0 / 9)
    let rates = [0.3, 0.2, 0.9, 0.4, 0.1, 0.05, 0.7, 0.6]
    let times = (0...50).map { Double($0) * 0.1 }

    @Test func sparseClosedFormEqualsIntegratedSparseODE() throws {
        let model = try MeanClusterModel(closure: .sparseApproximation, rates: rates, plus: 2.0 / 3)
        let integrated = try model.solve(from: start, times: times,
                                         options: ODEOptions(relativeTolerance: 1e-12, absoluteTolerance: 1e-14))
        let closed = try SparseModel(rates: rates).trajectory(from: start, times: times)
        var worst = 0.0
        for k in times.indices {
            worst = max(worst, abs(integrated.plusPlus[k] - closed.plusPlus[k]),
                        abs(integrated.plusMinus[k] - closed.plusMinus[k]),
                        abs(integrated.minusMinus[k] - closed.minusMinus[k]))
        }
        #expect(worst < 1e-9, "SA closed form vs RK: \(worst)")
    }

    @Test func sparseClosedFormWithZeroDecayIsLinear() {
        let sa = SparseModel(alpha1: 0.2, alpha2: -0.2)
        let p = sa.trajectory(from: start, times: [0, 2])
        #expect(abs(p.plusPlus[1] - (4.0 / 9 + 2 * 0.2 * (2.0 / 9) * 2)) < 1e-15)
        #expect(p.plusMinus[1] == 2.0 / 9)
    }

    @Test(arguments: [ClosureKind.pair, .sparse])
    func conservingFormKeepsCompositionExactly(kind: ClosureKind) throws {
        let closure: TripletClosure = kind == .pair ? .pairApproximation : .sparseApproximation
        let model = try MeanClusterModel(closure: closure, rates: rates, plus: 2.0 / 3, form: .conserving)
        let fine = (0...400).map { Double($0) * 0.0123 }
        let path = try model.solve(from: start, times: fine)
        let d0 = start.plusPlus - start.minusMinus
        var worst = 0.0
        for k in fine.indices { worst = max(worst, abs(path.plusPlus[k] - path.minusMinus[k] - d0)) }
        #expect(worst < 1e-12, "C++ - C-- drift \(worst)")
        #expect(model.diagnostics(from: start, times: fine).conservationError < 1e-12)
    }

    @Test func paperFormKeepsNormalisationButNotComposition() throws {
        let model = try MeanClusterModel(closure: .pairApproximation, rates: rates, plus: 2.0 / 3)
        let d = model.diagnostics(from: start, times: times)
        #expect(d.normalisationError < 1e-12)
        #expect(d.conservationError > 1e-4)   // unequal k's: dC++/dt ≠ dC--/dt
    }

    @Test func pairModelFixedPointIsPhysical() throws {
        // With detailed balance Q from PA at a chosen state, that state is a fixed point of the conserving form.
        let model = try MeanClusterModel(closure: .pairApproximation, rates: [1, 1, 1, 1, 1, 1, 1, 1], plus: 0.5,
                                         form: .conserving)
        let d = model.diagnostics(from: ClusterState(plus: 0.5, minus: 0.5, plusPlus: 0.4, plusMinus: 0.1, minusMinus: 0.4),
                                  times: times)
        // dC+-/dt ∝ C++C+-/C+ + C--C+-/C- - C+-²/C- - C+-²/C+ vanishes at C+- = 0.25 (random mixing) and 0.
        #expect(d.fixedPoints.contains { abs($0.state.plusMinus - 0.25) < 1e-9 && $0.physical && $0.stable })
        #expect(d.hasPhysicalFixedPoint)
        #expect(d.longTimePhysical)
    }

    @Test func sparseDiagnosticsSurfaceThePapersInconsistency() {
        // The paper's fit α2 = 2α1 breaks composition conservation; α1 = α2 keeps it.
        let paper = SparseModel(alpha1: -0.083, alpha2: -0.166).diagnostics(from: start, times: times)
        #expect(paper.conservationError > 1e-3)
        #expect(paper.fixedPoints.isEmpty)   // α1 + α2 < 0: C+- grows, no fixed point
        let conserving = SparseModel(alpha1: 0.1, alpha2: 0.1).diagnostics(from: start, times: times)
        #expect(conserving.conservationError < 1e-15)
    }

    @Test func sparseFitRecoversItsOwnParameters() throws {
        let truth = SparseModel(alpha1: -0.3, alpha2: -0.55)
        let unit = (0...40).map { Double($0) / 40 }
        let series = try syntheticSeries(truth.trajectory(from: start, times: unit))
        let fit = try fitSparseModel(to: series, form: .paper)
        #expect(abs(fit.model.alpha1 - -0.3) < 1e-5 && abs(fit.model.alpha2 - -0.55) < 1e-5)
        #expect(fit.misfit < 1e-12)
        let conserving = try fitSparseModel(to: series, form: .conserving)
        #expect(conserving.model.isConserving && conserving.misfit > fit.misfit)
        // The shared cost is the fit's objective, and the fit is its minimum.
        let cost = SparseCost(series: series)
        #expect(cost([fit.model.alpha1, fit.model.alpha2]) == fit.misfit)
        #expect(cost([fit.model.alpha1 + 0.01, fit.model.alpha2]) > fit.misfit)
        #expect(cost([1]) == .infinity)
        #expect(conserving.diagnostics.conservationError < 1e-12)
    }

    @Test func rateFitRecoversAPairModel() throws {
        let truth = try MeanClusterModel(closure: .pairApproximation, rates: [0.5, 0.2, 1.0, 0.3, 0.4, 0.1, 0.9, 0.2],
                                         plus: 2.0 / 3)
        let coarse = (0...20).map { Double($0) * 0.25 }
        let series = try syntheticSeries(try truth.solve(from: start, times: coarse))
        let fit = try fitRates(closure: .pairApproximation, to: series,
                               options: RateFitOptions(penalty: 0, starts: 2, seed: 3, maxIterations: 40))
        // The data come from a PA model, so J(K) can reach (near) zero; K itself is not identifiable.
        #expect(fit.objective < 1e-6, "J(K) = \(fit.objective)")
        #expect(fit.startObjectives.count == 2)
        #expect(fit.model.rates.allSatisfy { $0 >= 0 })
        // The public cost J(K) is the one the fit minimised, and it is the same from any thread.
        #expect(fit.cost(fit.model.rates) == fit.objective)
        #expect(fit.cost.terms(fit.model.rates).map { $0.misfit + $0.penalty } == fit.objective)
        let shifted = (0..<4).map { i in fit.model.rates.map { $0 * (1 + 0.05 * Double(i)) } }
        let serial = shifted.map { fit.cost($0) }
        #expect(parallelMap(shifted.count, threads: 2) { fit.cost(shifted[$0]) } == serial)
        #expect(fit.cost([1, 2]) == .infinity)
    }

    @Test func badModelInputIsAnError() {
        #expect(throws: ClosureError.self) { _ = try MeanClusterModel(closure: .pairApproximation, rates: [1], plus: 0.5) }
        #expect(throws: ClosureError.self) {
            _ = try MeanClusterModel(closure: .pairApproximation, rates: Array(repeating: -1, count: 8), plus: 0.5)
        }
        #expect(throws: ClosureError.self) {
            _ = try MeanClusterModel(closure: .pairApproximation, rates: Array(repeating: 1, count: 8), plus: 1)
        }
    }

    /// A series with the given pairs and placeholder triplets (the fits here use pairs only).
    func syntheticSeries(_ p: PairTrajectory) throws -> ConcentrationSeries {
        let states = p.times.indices.map {
            ClusterState(plus: 2.0 / 3, minus: 1.0 / 3, plusPlus: p.plusPlus[$0], plusMinus: p.plusMinus[$0],
                         minusMinus: p.minusMinus[$0])
        }
        let triplets = TripletType.allCases.map { _ in states.map { _ in 0.1 } }
        return try ConcentrationSeries(times: p.times, plus: states.map(\.plus), plusPlus: p.plusPlus,
                                       plusMinus: p.plusMinus, minusMinus: p.minusMinus, triplets: triplets)
    }
}
