// The closed mean-cluster model of the triangular lattice (seed 003 Eq. 8):
// the pair rate equations derived by the window method with every triplet
// replaced by its closure, in the paper's form or a composition-conserving form.

/// How the closed pair equations are integrated.
public enum ModelForm: String, Sendable, CaseIterable {
    /// Eq. 8a-c: C++, C--, C+- evolve separately (keeps C++ + C-- + 2C+- = 1, not the composition).
    case paper
    /// Only C+- evolves (Eq. 8c); C++ = C+ - C+- and C-- = C- - C+- hold by construction.
    case conserving
}

/// Pair concentrations along a model solution or a fit.
public struct PairTrajectory: Sendable {
    public let times: [Double]
    public let plusPlus: [Double]
    public let plusMinus: [Double]
    public let minusMinus: [Double]

    public init(times: [Double], plusPlus: [Double], plusMinus: [Double], minusMinus: [Double]) {
        self.times = times
        self.plusPlus = plusPlus
        self.plusMinus = plusMinus
        self.minusMinus = minusMinus
    }

    /// ½∫‖C(t) - C̃(t)‖² dt over (C++, C--, C+-), trapezoid over the series' times (Eq. 17, first term).
    public func misfit(_ series: ConcentrationSeries) -> Double {
        let j = series.halfSquaredError(plusPlus, series.plusPlus) + series.halfSquaredError(minusMinus, series.minusMinus)
            + series.halfSquaredError(plusMinus, series.plusMinus)
        return j.isNaN ? .infinity : j
    }
}

/// The triangular pair equations closed by a `TripletClosure`, with rates k1...k8 (seed 003 Fig. 5-6).
///
///     let model = try MeanClusterModel(closure: .pairApproximation, rates: [1, 1, 2, 2, 1, 1, 2, 2], plus: 2.0 / 3)
///     let path = try model.solve(from: series.state(0), times: series.times)
///
/// The closures are in the paper's global normalisation, as in Eq. 8; the rate
/// constants absorb the shape weights relative to the per-shape Eq. 5.
public struct MeanClusterModel: Sendable {
    public let closure: TripletClosure
    public let rates: [Double]
    public let plus: Double
    public let form: ModelForm
    // Eq. 5 from the window method, flattened: for each pair row, (coefficient, rate index, triplet type).
    let rows: [[(Double, Int, TripletType)]]
    let terms: [ClosedTerm]

    /// The pair equations of the triangular lattice with each reaction's triplet type, from `deriveRateEquations`.
    static let triangularRows: [[(Double, Int, TripletType)]] = {
        let derived = deriveRateEquations(for: .triangular)
        let shapeOf = ["lin": TripletShape.linear, "ang": .angled]
        return derived.terms.map { row in
            row.compactMap { term -> (Double, Int, TripletType)? in
                guard let shape = shapeOf[term.reaction.shape.name],
                      let type = TripletType(shape: shape, pattern: term.reaction.pattern) else { return nil }
                return (term.coefficient.doubleValue, term.reaction.index - 1, type)
            }
        }
    }()

    public init(closure: TripletClosure, rates: [Double], plus: Double, form: ModelForm = .paper) throws {
        guard rates.count == 8 else { throw ClosureError("the triangular model has 8 rate constants, got \(rates.count)") }
        guard rates.allSatisfy({ $0.isFinite && $0 >= 0 }) else { throw ClosureError("rate constants must be finite and >= 0") }
        guard plus > 0 && plus < 1 else { throw ClosureError("C+ must lie strictly between 0 and 1 (got \(plus))") }
        self.closure = closure
        self.rates = rates
        self.plus = plus
        self.form = form
        self.rows = MeanClusterModel.triangularRows
        // Flatten every term's power law once: the right-hand side then needs only five logs and an exp per term.
        var terms: [ClosedTerm] = []
        for kind in 0..<3 {
            for (c, r, type) in rows[kind] where rates[r] != 0 {
                let e = closure.exponents[type.rawValue]
                var pair = [0.0, 0.0, 0.0], single = [0.0, 0.0]
                for (a, p) in type.pairs.enumerated() { pair[p.rawValue] += e.gamma[a] }
                for (b, q) in type.singles.enumerated() { single[q.rawValue] += e.xi[b] }
                let logSingles = single[0] * log(plus) + single[1] * log(1 - plus)
                terms.append(ClosedTerm(row: kind, factor: c * rates[r] * type.shape.weight, gamma: pair,
                                        logSingles: logSingles))
            }
        }
        self.terms = terms
    }

    /// (dC++/dt, dC+-/dt, dC--/dt) at `state` (concentrations clipped at 0 inside the closures).
    public func derivatives(_ state: ClusterState) -> (plusPlus: Double, plusMinus: Double, minusMinus: Double) {
        let s = ClusterState(plus: plus, minus: 1 - plus, plusPlus: max(0, state.plusPlus),
                             plusMinus: max(0, state.plusMinus), minusMinus: max(0, state.minusMinus))
        let logs = (log(s.plusPlus), log(s.plusMinus), log(s.minusMinus))
        var d = (0.0, 0.0, 0.0)
        for t in terms {
            // Same power law as TripletClosure.value (0^0 = 1), with the constant singles folded in.
            var logG = -t.logSingles
            if t.gamma.0 != 0 { logG += t.gamma.0 * logs.0 }
            if t.gamma.1 != 0 { logG += t.gamma.1 * logs.1 }
            if t.gamma.2 != 0 { logG += t.gamma.2 * logs.2 }
            let v = t.factor * exp(logG)
            switch t.row {
            case 0: d.0 += v
            case 1: d.1 += v
            default: d.2 += v
            }
        }
        return (d.0, d.1, d.2)
    }

    /// The state on the composition-conserving line with C+- = `c`.
    public func conservingState(plusMinus c: Double) -> ClusterState {
        ClusterState(plus: plus, minus: 1 - plus, plusPlus: plus - c, plusMinus: c, minusMinus: 1 - plus - c)
    }

    /// Integrates from `initial` at `times[0]` and samples the dense solution at `times`.
    public func solve(from initial: ClusterState, times: [Double],
                      options: ODEOptions = ODEOptions(relativeTolerance: 1e-9, absoluteTolerance: 1e-12)) throws -> PairTrajectory {
        guard let t0 = times.first, let t1 = times.last else { throw ClosureError("no times to solve at") }
        let solver = DormandPrince(options: options)
        do {
            switch form {
            case .paper:
                let sol = try solver.solve({ _, y, dydt in
                    let d = self.derivatives(ClusterState(plus: self.plus, minus: 1 - self.plus, plusPlus: y[0],
                                                          plusMinus: y[2], minusMinus: y[1]))
                    dydt[0] = d.plusPlus; dydt[1] = d.minusMinus; dydt[2] = d.plusMinus
                }, from: t0, to: t1, initial: [initial.plusPlus, initial.minusMinus, initial.plusMinus])
                let ys = sol.values(at: times)
                return PairTrajectory(times: times, plusPlus: ys.map { $0[0] }, plusMinus: ys.map { $0[2] },
                                      minusMinus: ys.map { $0[1] })
            case .conserving:
                let sol = try solver.solve({ _, y, dydt in
                    dydt[0] = self.derivatives(self.conservingState(plusMinus: y[0])).plusMinus
                }, from: t0, to: t1, initial: [initial.plusMinus])
                let c = sol.values(at: times).map { $0[0] }
                return PairTrajectory(times: times, plusPlus: c.map { plus - $0 }, plusMinus: c,
                                      minusMinus: c.map { 1 - plus - $0 })
            }
        } catch let error as ODEError {
            throw ClosureError("the \(closure.kind.abbreviation) model could not be integrated: \(error)")
        }
    }

    /// The equilibrium constants Q = (k1/k3, k2/k4, k5/k7, k6/k8) (Eq. 7).
    public var equilibriumConstants: [Double] {
        [rates[0] / rates[2], rates[1] / rates[3], rates[4] / rates[6], rates[5] / rates[7]]
    }

    /// Q̃ predicted by the closure at `state` (Eq. 7 with g in place of the triplets).
    public func closureEquilibriumConstants(_ state: ClusterState) -> [Double] {
        let pairs: [(TripletType, TripletType)] = [(.angledPPM, .angledPMP), (.linearPPM, .linearPMP),
                                                   (.angledMMP, .angledMPM), (.linearMMP, .linearMPM)]
        return pairs.map { closure.value($0.0, state) / closure.value($0.1, state) }
    }

    /// Conservation error, fixed points and long-time behaviour of this model started from `initial`.
    public func diagnostics(from initial: ClusterState, times: [Double]) -> ModelDiagnostics {
        var notes: [String] = []
        var path: PairTrajectory?
        do { path = try solve(from: initial, times: times) } catch { notes.append("\(error)") }
        let (conservation, normalisation) = path.map { conservationErrors($0, plus: plus) } ?? (.infinity, .infinity)
        // Fixed points on the composition-conserving line: roots of dC+-/dt for C+- in [0, min(C+, C-)].
        let cMax = min(plus, 1 - plus)
        let f: (Double) -> Double = { self.derivatives(self.conservingState(plusMinus: $0)).plusMinus }
        var fixed: [FixedPoint] = []
        for c in findRoots(f, in: 0, cMax) {
            let state = conservingState(plusMinus: c)
            let d = derivatives(state)
            let scale = max(1e-12, rates.reduce(0, +))
            // The paper's form needs dC++/dt = 0 too, which the conserving line does not guarantee.
            let stationary = form == .conserving || abs(d.plusPlus) <= 1e-8 * scale
            let h = 1e-7 * max(cMax, 1e-12)
            let slope = (f(min(cMax, c + h)) - f(max(0, c - h))) / (min(cMax, c + h) - max(0, c - h))
            fixed.append(FixedPoint(state: state, physical: isPhysical(state, plus: plus), stationary: stationary,
                                    stable: slope < 0))
        }
        if fixed.isEmpty { notes.append("no fixed point with the fixed composition") }
        // Long-time state: integrate ten data spans past the end.
        var longTime: ClusterState?
        if let t0 = times.first, let t1 = times.last {
            do {
                let far = try solve(from: initial, times: [t0, t1 + 10 * (t1 - t0)])
                longTime = ClusterState(plus: plus, minus: 1 - plus, plusPlus: far.plusPlus[1], plusMinus: far.plusMinus[1],
                                        minusMinus: far.minusMinus[1])
            } catch {
                notes.append("long-time integration failed: \(error)")
            }
        }
        return ModelDiagnostics(conservationError: conservation, normalisationError: normalisation, fixedPoints: fixed,
                                longTimeState: longTime, longTimePhysical: longTime.map { isPhysical($0, plus: plus) } ?? false,
                                notes: notes)
    }
}

/// One term of a closed pair equation: factor · C++^γ0 C+-^γ1 C--^γ2 / (singles), for one row.
struct ClosedTerm: Sendable {
    let row: Int
    let factor: Double
    let gamma: (Double, Double, Double)
    let logSingles: Double

    init(row: Int, factor: Double, gamma: [Double], logSingles: Double) {
        self.row = row
        self.factor = factor
        self.gamma = (gamma[0], gamma[1], gamma[2])
        self.logSingles = logSingles
    }
}

/// A stationary state of a closed model.
public struct FixedPoint: Sendable {
    public let state: ClusterState
    /// Concentrations in [0, 1], C++ + C-- + 2C+- = 1 and the composition conserved (1e-9).
    public let physical: Bool
    /// Whether every equation of the model (not only dC+-/dt) vanishes there.
    public let stationary: Bool
    /// Whether nearby states on the conserving line return to it.
    public let stable: Bool
}

/// What every fitted model reports about itself (science.md, "Known inconsistencies").
public struct ModelDiagnostics: Sendable {
    /// max over the data times of |C++ + C+- - C+| and |C-- + C+- - C-| along the model solution.
    public let conservationError: Double
    /// max |C++ + C-- + 2C+- - 1| along the model solution.
    public let normalisationError: Double
    public let fixedPoints: [FixedPoint]
    /// The state ten data spans after the end, and whether it is physical.
    public let longTimeState: ClusterState?
    public let longTimePhysical: Bool
    public let notes: [String]

    /// Whether some fixed point is physical, stationary and stable.
    public var hasPhysicalFixedPoint: Bool { fixedPoints.contains { $0.physical && $0.stationary && $0.stable } }
}

/// (composition-conservation error, normalisation error) of a trajectory.
func conservationErrors(_ p: PairTrajectory, plus: Double) -> (Double, Double) {
    var conservation = 0.0, normalisation = 0.0
    for k in 0..<p.times.count {
        conservation = max(conservation, abs(p.plusPlus[k] + p.plusMinus[k] - plus),
                           abs(p.minusMinus[k] + p.plusMinus[k] - (1 - plus)))
        normalisation = max(normalisation, abs(p.plusPlus[k] + p.minusMinus[k] + 2 * p.plusMinus[k] - 1))
    }
    return (conservation, normalisation)
}

/// Concentrations in [0, 1], normalised and conserving the composition, to 1e-9.
func isPhysical(_ s: ClusterState, plus: Double) -> Bool {
    let tol = 1e-9
    let inRange = [s.plusPlus, s.plusMinus, s.minusMinus].allSatisfy { $0 >= -tol && $0 <= 1 + tol && $0.isFinite }
    return inRange && abs(s.plusPlus + s.minusMinus + 2 * s.plusMinus - 1) <= tol
        && abs(s.plusPlus + s.plusMinus - plus) <= tol
}

/// Roots of a continuous function on [a, b]: sign changes on a 400-point grid refined by bisection.
func findRoots(_ f: (Double) -> Double, in a: Double, _ b: Double) -> [Double] {
    guard b > a else { return [] }
    let n = 400
    var roots: [Double] = []
    var x0 = a, f0 = f(a)
    if f0 == 0 { roots.append(a) }
    for step in 1...n {
        let x1 = a + (b - a) * Double(step) / Double(n)
        let f1 = f(x1)
        if f1 == 0 {
            roots.append(x1)
        } else if f0 != 0 && f0.sign != f1.sign && f0.isFinite && f1.isFinite {
            var lo = x0, hi = x1, flo = f0
            for _ in 0..<100 {
                let mid = 0.5 * (lo + hi)
                let fm = f(mid)
                if fm == 0 || hi - lo < 1e-15 { lo = mid; hi = mid; break }
                if fm.sign == flo.sign { lo = mid; flo = fm } else { hi = mid }
            }
            roots.append(0.5 * (lo + hi))
        }
        x0 = x1; f0 = f1
    }
    return roots
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
