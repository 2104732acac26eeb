// Calibration of the optimal approximation (seed 003, problem 16): per triplet
// type, the exponents minimising J_i under Σγ - Σξ = 1, 0 <= γ <= δ, β1 <= ξ <= β2.

/// The bounds of problem 16: 0 <= γ <= δ and β1 <= ξ <= β2.
///
///     Regularization.hard                                   // β1 = 0, β2 = δ = 2
///     try Regularization(delta: 4, beta1: -1, beta2: 3)     // custom
public struct Regularization: Sendable, Equatable {
    public let delta: Double
    public let beta1: Double
    public let beta2: Double
    /// "soft", "hard" or "custom".
    public let name: String

    public init(delta: Double, beta1: Double, beta2: Double, name: String = "custom") throws {
        guard delta > 0, delta.isFinite else { throw ClosureError("delta must be positive and finite (got \(delta))") }
        guard !beta1.isNaN, !beta2.isNaN, beta1 <= beta2, beta1 < .infinity, beta2 > -.infinity else {
            throw ClosureError("need beta1 <= beta2 (got \(beta1), \(beta2))")
        }
        self.delta = delta
        self.beta1 = beta1
        self.beta2 = beta2
        self.name = name
    }

    private init(preset delta: Double, _ beta1: Double, _ beta2: Double, _ name: String) {
        self.delta = delta
        self.beta1 = beta1
        self.beta2 = beta2
        self.name = name
    }

    /// β1 = -∞, β2 = ∞, δ = 6.
    public static let soft = Regularization(preset: 6, -.infinity, .infinity, "soft")
    /// β1 = 0, β2 = δ = 2.
    public static let hard = Regularization(preset: 2, 0, 2, "hard")
}

/// The result of calibrating the optimal approximation on one series.
public struct OptimalClosureFit: Sendable {
    /// The calibrated closure (kind `.optimal`).
    public let closure: TripletClosure
    public let regularization: Regularization
    public let convention: TripletConvention
    /// J_i of the optimal closure and of the pair approximation on the calibration data, by type.
    public let errors: [Double]
    public let pairErrors: [Double]
    /// Whether each type's local searches stopped on a convergence test.
    public let converged: [Bool]
    /// |Σγ - Σξ - 1| at the solution, worst over types.
    public let constraintViolation: Double
}

/// Fits the optimal approximation to `series`, type by type (in parallel, seeded multi-start).
///
///     let fit = try calibrateOptimalClosure(on: series, regularization: .hard, seed: 1)
///     fit.closure.exponents[TripletType.linearPPP.rawValue].gamma   // ≈ [1.0] at x = 1/2
public func calibrateOptimalClosure(on series: ConcentrationSeries, regularization: Regularization,
                                    convention: TripletConvention = .global, starts: Int = 8,
                                    seed: UInt64 = 1) throws -> OptimalClosureFit {
    guard starts >= 2 else { throw ClosureError("calibration needs at least two starts (the sparse and pair exponents) (got \(starts))") }
    let types = TripletType.allCases
    let weights = trapezoidWeights(series.times)
    let fits: [Result<OptimizationResult, Error>] = parallelMap(types.count) { index in
        let type = types[index]
        let problem = ExponentProblem(type: type, series: series, weights: weights, convention: convention)
        let nG = type.pairs.count, nX = type.singles.count
        let lower = Array(repeating: 0.0, count: nG) + Array(repeating: regularization.beta1, count: nX)
        let upper = Array(repeating: regularization.delta, count: nG) + Array(repeating: regularization.beta2, count: nX)
        let boxLower = lower.map { max($0, -2) }
        let boxUpper = upper.map { min($0, 4) }
        let equality = LinearEquality(coefficients: Array(repeating: 1.0, count: nG) + Array(repeating: -1.0, count: nX),
                                      value: 1)
        // Fixed starts: the sparse structure and the pair approximation (projected when infeasible),
        // so OA is never worse than either within its feasible set; then seeded random points.
        let sparse = TripletClosure.sparseExponents(type)
        let pair = TripletClosure.pairApproximation.exponents[index]
        var options = OptimizationOptions()
        options.maxIterations = 300
        return Result {
            try minimizeMultiStart(problem.value, gradient: problem.gradient, lower: lower, upper: upper,
                                   equality: equality, starts: starts, seed: seed &+ UInt64(index) &* 0x9E37,
                                   box: StartBox(lower: boxLower, upper: boxUpper),
                                   initialPoints: [sparse.gamma + sparse.xi, pair.gamma + pair.xi],
                                   options: options).best
        }
    }
    var exponents: [TripletExponents] = []
    var converged: [Bool] = []
    var violation = 0.0
    for (index, fit) in fits.enumerated() {
        let r = try fit.get()
        let nG = types[index].pairs.count
        let e = TripletExponents(gamma: Array(r.x[..<nG]), xi: Array(r.x[nG...]))
        violation = max(violation, abs(e.degree - 1))
        exponents.append(e)
        converged.append(r.converged)
    }
    let closure = try TripletClosure(kind: .optimal, exponents: exponents)
    return OptimalClosureFit(closure: closure, regularization: regularization, convention: convention,
                             errors: closure.errors(on: series, convention: convention),
                             pairErrors: TripletClosure.pairApproximation.errors(on: series, convention: convention),
                             converged: converged, constraintViolation: violation)
}

/// Trapezoid weights: Σ w_k f_k = ∫ f dt over the times.
func trapezoidWeights(_ t: [Double]) -> [Double] {
    var w = [Double](repeating: 0, count: t.count)
    for k in 1..<t.count {
        let h = 0.5 * (t[k] - t[k - 1])
        w[k - 1] += h
        w[k] += h
    }
    return w
}

/// J_i as a function of one type's exponent vector [γ..., ξ...], with its analytic gradient.
struct ExponentProblem {
    let type: TripletType
    let weights: [Double]
    let data: [Double]
    // log C of each pair / single at each time, [factor][time]; -inf where C = 0.
    let logPairs: [[Double]]
    let logSingles: [[Double]]

    init(type: TripletType, series: ConcentrationSeries, weights: [Double], convention: TripletConvention) {
        self.type = type
        self.weights = weights
        data = (0..<series.count).map { series.triplet(type, $0, convention: convention) }
        logPairs = type.pairs.map { p in (0..<series.count).map { log(series.state($0).pair(p)) } }
        logSingles = type.singles.map { s in (0..<series.count).map { log(series.state($0).single(s)) } }
    }

    /// g at time k for the exponent vector v = [γ..., ξ...].
    func g(_ v: [Double], _ k: Int) -> Double {
        let nG = logPairs.count
        return TripletClosure.powerLaw(weight: type.shape.weight, gamma: Array(v[..<nG]), xi: Array(v[nG...]),
                                       logPairs: logPairs.map { $0[k] }, logSingles: logSingles.map { $0[k] })
    }

    func value(_ v: [Double]) -> Double {
        var s = 0.0
        for k in 0..<data.count {
            let d = g(v, k) - data[k]
            s += weights[k] * d * d
        }
        return s.isNaN ? .infinity : 0.5 * s
    }

    /// dJ/dv; a factor whose concentration is 0 contributes no slope (its limit from inside).
    func gradient(_ v: [Double]) -> [Double] {
        var grad = [Double](repeating: 0, count: v.count)
        let nG = logPairs.count
        for k in 0..<data.count {
            let gk = g(v, k)
            let r = weights[k] * (gk - data[k]) * gk
            if r == 0 { continue }
            for a in 0..<nG where logPairs[a][k].isFinite { grad[a] += r * logPairs[a][k] }
            for b in 0..<logSingles.count where logSingles[b][k].isFinite { grad[nG + b] -= r * logSingles[b][k] }
        }
        return grad.map { $0.isFinite ? $0 : 0 }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
