// The mean-cluster model closed by the sparse approximation (seed 003 §VI B):
// linear, solved in closed form (Eq. 29), parametrised by (α1, α2) only, in the
// paper's form or the composition-conserving form α1 = α2.

/// dC++/dt = 2α1 C+-, dC--/dt = 2α2 C+-, dC+-/dt = -(α1 + α2) C+- (Eq. 28).
///
///     let sa = SparseModel(alpha1: -0.083, alpha2: -0.166)
///     let path = sa.trajectory(from: series.state(0), times: series.times)
public struct SparseModel: Sendable {
    public let alpha1: Double
    public let alpha2: Double

    public init(alpha1: Double, alpha2: Double) {
        self.alpha1 = alpha1
        self.alpha2 = alpha2
    }

    /// α1 = (4k1 + k2 - 4k3 - k4)/5, α2 = (4k5 + k6 - 4k7 - k8)/5 from the eight rates.
    public init(rates k: [Double]) throws {
        guard k.count == 8 else { throw ClosureError("expected 8 rate constants, got \(k.count)") }
        self.init(alpha1: (4 * k[0] + k[1] - 4 * k[2] - k[3]) / 5, alpha2: (4 * k[4] + k[5] - 4 * k[6] - k[7]) / 5)
    }

    /// Whether the model conserves the composition (α1 = α2).
    public var isConserving: Bool { alpha1 == alpha2 }

    /// The closed-form solution (Eq. 29) from `initial` at `times[0]`; linear in t when α1 + α2 = 0.
    public func trajectory(from initial: ClusterState, times: [Double]) -> PairTrajectory {
        let s = alpha1 + alpha2
        let t0 = times.first ?? 0
        var pp: [Double] = [], pm: [Double] = [], mm: [Double] = []
        for t in times {
            let dt = t - t0
            // (1 - e^{-s dt}) / s, exact as s → 0.
            let growth = s == 0 ? dt : -expm1(-s * dt) / s
            pm.append(initial.plusMinus * exp(-s * dt))
            pp.append(initial.plusPlus + 2 * alpha1 * initial.plusMinus * growth)
            mm.append(initial.minusMinus + 2 * alpha2 * initial.plusMinus * growth)
        }
        return PairTrajectory(times: times, plusPlus: pp, plusMinus: pm, minusMinus: mm)
    }

    /// The fixed point C+- = 0 reached when α1 + α2 > 0, or nil when C+- does not decay.
    public func fixedPoint(from initial: ClusterState) -> ClusterState? {
        let s = alpha1 + alpha2
        guard s > 0 else { return nil }
        return ClusterState(plus: initial.plus, minus: initial.minus,
                            plusPlus: initial.plusPlus + 2 * alpha1 / s * initial.plusMinus, plusMinus: 0,
                            minusMinus: initial.minusMinus + 2 * alpha2 / s * initial.plusMinus)
    }

    /// Conservation error along the data times and the fate of the fixed point.
    public func diagnostics(from initial: ClusterState, times: [Double]) -> ModelDiagnostics {
        let path = trajectory(from: initial, times: times)
        let (conservation, normalisation) = conservationErrors(path, plus: initial.plus)
        var notes: [String] = []
        var fixed: [FixedPoint] = []
        if let p = fixedPoint(from: initial) {
            fixed.append(FixedPoint(state: p, physical: isPhysical(p, plus: initial.plus), stationary: true, stable: true))
            if p.plusMinus == 0 && initial.plus > 0 && initial.plus < 1 {
                notes.append("the only fixed point has C+- = 0 (full segregation), never the ordered state")
            }
        } else {
            notes.append("alpha1 + alpha2 <= 0: C+- grows without bound, no fixed point (fits a finite window only)")
        }
        let span = (times.last ?? 0) - (times.first ?? 0)
        let far = trajectory(from: initial, times: [times.first ?? 0, (times.last ?? 0) + 10 * span])
        let longTime = ClusterState(plus: initial.plus, minus: initial.minus, plusPlus: far.plusPlus[1],
                                    plusMinus: far.plusMinus[1], minusMinus: far.minusMinus[1])
        return ModelDiagnostics(conservationError: conservation, normalisationError: normalisation, fixedPoints: fixed,
                                longTimeState: longTime, longTimePhysical: isPhysical(longTime, plus: initial.plus),
                                notes: notes)
    }
}

/// A sparse model fitted to pair data.
public struct SparseFit: Sendable {
    public let model: SparseModel
    public let form: ModelForm
    /// ½∫‖C(t) - C̃(t)‖² dt at the optimum.
    public let misfit: Double
    public let trajectory: PairTrajectory
    public let diagnostics: ModelDiagnostics
}

/// Fits (α1, α2) (paper form) or α1 = α2 (conserving form) to the pair data by seeded multi-start.
///
///     let paper = try fitSparseModel(to: series, form: .paper)
///     let conserving = try fitSparseModel(to: series, form: .conserving)
public func fitSparseModel(to series: ConcentrationSeries, form: ModelForm, starts: Int = 8,
                           seed: UInt64 = 1) throws -> SparseFit {
    let initial = series.state(0)
    let span = series.times[series.count - 1] - series.times[0]
    // Optimise a = α · span (order one) and map back.
    func model(_ a: [Double]) -> SparseModel {
        form == .paper ? SparseModel(alpha1: a[0] / span, alpha2: a[1] / span)
            : SparseModel(alpha1: a[0] / span, alpha2: a[0] / span)
    }
    let dims = form == .paper ? 2 : 1
    let cost = SparseCost(series: series)
    let objective: ([Double]) -> Double = { a in
        let m = model(a)
        return cost([m.alpha1, m.alpha2])
    }
    let bound = 50.0
    let result: MultiStartResult
    do {
        result = try minimizeMultiStart(objective, lower: Array(repeating: -bound, count: dims),
                                        upper: Array(repeating: bound, count: dims), starts: starts, seed: seed,
                                        box: StartBox(lower: Array(repeating: -5, count: dims),
                                                      upper: Array(repeating: 5, count: dims)),
                                        initialPoints: [Array(repeating: 0, count: dims)])
    } catch let error as OptimizationError {
        throw ClosureError("sparse-model fit failed: \(error)")
    }
    let best = model(result.best.x)
    let path = best.trajectory(from: initial, times: series.times)
    return SparseFit(model: best, form: form, misfit: path.misfit(series), trajectory: path,
                     diagnostics: best.diagnostics(from: initial, times: series.times))
}

/// Reading the sparse structure off optimal exponents (seed 003 §VI B): each type's exponents
/// rounded to integers, and whether that already is the sparse closure or had to be adjusted.
public struct SparseDerivation: Sendable {
    /// Rounded OA exponents, by type.
    public let rounded: [TripletExponents]
    /// Types whose rounded exponents differ from the sparse closure (the paper adjusts four at x = 1/2).
    public let adjusted: [TripletType]
    /// The sparse closure (always Table III's structure, so the model stays linear).
    public let closure: TripletClosure

    public init(optimal: TripletClosure) {
        let rounded = optimal.exponents.map { e in
            TripletExponents(gamma: e.gamma.map { $0.rounded() }, xi: e.xi.map { $0.rounded() })
        }
        self.rounded = rounded
        self.adjusted = TripletType.allCases.filter { rounded[$0.rawValue] != TripletClosure.sparseExponents($0) }
        self.closure = TripletClosure.sparseApproximation
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
