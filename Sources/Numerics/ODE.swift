// Adaptive Dormand-Prince 5(4) integration of ordinary differential equations
// with a continuous (dense) extension, for mean-cluster models and any small
// system whose solution is needed at arbitrary times.

/// A failure of an ODE integration, with a message a scientist can act on.
public struct ODEError: UserFacingError, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Tolerances and limits of an adaptive integration.
///
///     let options = ODEOptions(relativeTolerance: 1e-10, absoluteTolerance: 1e-12)
public struct ODEOptions: Sendable {
    /// Relative error allowed per step.
    public var relativeTolerance: Double
    /// Absolute error allowed per step.
    public var absoluteTolerance: Double
    /// First trial step; `nil` picks one from the right-hand side (Hairer's heuristic).
    public var initialStep: Double?
    /// Largest step allowed; `nil` means the whole interval.
    public var maxStep: Double?
    /// Accepted plus rejected steps before giving up.
    public var maxSteps: Int

    public init(relativeTolerance: Double = 1e-8, absoluteTolerance: Double = 1e-10,
                initialStep: Double? = nil, maxStep: Double? = nil, maxSteps: Int = 100_000) {
        self.relativeTolerance = relativeTolerance
        self.absoluteTolerance = absoluteTolerance
        self.initialStep = initialStep
        self.maxStep = maxStep
        self.maxSteps = maxSteps
    }
}

/// The right-hand side f(t, y) of y' = f(t, y), written into `dydt` to avoid allocation.
///
///     let decay: ODERightHandSide = { _, y, dydt in dydt[0] = -y[0] }
public typealias ODERightHandSide = (_ t: Double, _ y: [Double], _ dydt: inout [Double]) -> Void

/// A solution of an initial-value problem: the accepted steps and a dense
/// interpolant (4th order, Hairer's DOPRI5 extension) between them.
///
///     let sol = try DormandPrince().solve({ _, y, d in d[0] = -y[0] }, from: 0, to: 2, initial: [1])
///     sol.value(at: 1.3)[0]   // ≈ exp(-1.3)
public struct ODESolution: Sendable {
    /// Times of the accepted steps, starting at the initial time (increasing or decreasing).
    public let times: [Double]
    /// State at each accepted step.
    public let states: [[Double]]
    /// Accepted and rejected step counts, and right-hand side evaluations.
    public let acceptedSteps: Int
    public let rejectedSteps: Int
    public let evaluations: Int
    // Five coefficient vectors per step, flattened: step s, coefficient c, component i at (s*5+c)*n+i.
    let dense: [Double]
    let dimension: Int

    /// The state at the final time.
    public var final: [Double] { states[states.count - 1] }

    /// The interpolated state at time `t` (clamped to the integrated interval).
    public func value(at t: Double) -> [Double] {
        let n = dimension
        if times.count == 1 { return states[0] }
        let forward = times[times.count - 1] >= times[0]
        // Binary search for the step [times[s], times[s+1]] holding t.
        var lo = 0, hi = times.count - 2
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if forward ? times[mid] <= t : times[mid] >= t { lo = mid } else { hi = mid - 1 }
        }
        let s = lo
        let h = times[s + 1] - times[s]
        var theta = (t - times[s]) / h
        theta = min(1, max(0, theta))
        let theta1 = 1 - theta
        var y = [Double](repeating: 0, count: n)
        let base = s * 5 * n
        for i in 0..<n {
            let r1 = dense[base + i], r2 = dense[base + n + i], r3 = dense[base + 2 * n + i]
            let r4 = dense[base + 3 * n + i], r5 = dense[base + 4 * n + i]
            y[i] = r1 + theta * (r2 + theta1 * (r3 + theta * (r4 + theta1 * r5)))
        }
        return y
    }

    /// The interpolated states at several times.
    public func values(at ts: [Double]) -> [[Double]] { ts.map { value(at: $0) } }
}

/// The adaptive explicit Runge-Kutta method of Dormand and Prince, order 5 with an embedded order-4 error estimate.
///
///     let sol = try DormandPrince(options: ODEOptions(relativeTolerance: 1e-10))
///         .solve({ t, y, d in d[0] = y[1]; d[1] = -y[0] }, from: 0, to: 3.14, initial: [0, 1])
public struct DormandPrince: Sendable {
    public var options: ODEOptions

    public init(options: ODEOptions = ODEOptions()) { self.options = options }

    // Butcher tableau (Dormand & Prince 1980) and dense-output weights (Hairer, Norsett & Wanner).
    static let c2 = 1.0 / 5, c3 = 3.0 / 10, c4 = 4.0 / 5, c5 = 8.0 / 9
    static let a21 = 1.0 / 5
    static let a31 = 3.0 / 40, a32 = 9.0 / 40
    static let a41 = 44.0 / 45, a42 = -56.0 / 15, a43 = 32.0 / 9
    static let a51 = 19372.0 / 6561, a52 = -25360.0 / 2187, a53 = 64448.0 / 6561, a54 = -212.0 / 729
    static let a61 = 9017.0 / 3168, a62 = -355.0 / 33, a63 = 46732.0 / 5247, a64 = 49.0 / 176
    static let a65 = -5103.0 / 18656
    static let a71 = 35.0 / 384, a73 = 500.0 / 1113, a74 = 125.0 / 192, a75 = -2187.0 / 6784, a76 = 11.0 / 84
    static let e1 = 71.0 / 57600, e3 = -71.0 / 16695, e4 = 71.0 / 1920, e5 = -17253.0 / 339200
    static let e6 = 22.0 / 525, e7 = -1.0 / 40
    static let d1 = -12715105075.0 / 11282082432, d3 = 87487479700.0 / 32700410799
    static let d4 = -10690763975.0 / 1880347072, d5 = 701980252875.0 / 199316789632
    static let d6 = -1453857185.0 / 822651844, d7 = 69997945.0 / 29380423

    /// Integrates y' = f(t, y) from `t0` to `t1` (either direction) starting at `initial`.
    ///
    /// Throws when the state becomes non-finite, the step underflows, or `maxSteps` is exceeded.
    public func solve(_ f: ODERightHandSide, from t0: Double, to t1: Double, initial: [Double]) throws -> ODESolution {
        let n = initial.count
        guard n > 0 else { throw ODEError("the initial state is empty") }
        guard t0.isFinite, t1.isFinite else { throw ODEError("integration bounds must be finite") }
        guard initial.allSatisfy({ $0.isFinite }) else { throw ODEError("the initial state has a non-finite component") }
        let rtol = options.relativeTolerance, atol = options.absoluteTolerance
        guard rtol >= 0, atol >= 0, rtol + atol > 0 else { throw ODEError("tolerances must be non-negative and not both zero") }
        var times = [t0], states = [initial], dense: [Double] = []
        if t0 == t1 {
            return ODESolution(times: times, states: states, acceptedSteps: 0, rejectedSteps: 0,
                               evaluations: 0, dense: dense, dimension: n)
        }
        let direction: Double = t1 > t0 ? 1 : -1
        let span = abs(t1 - t0)
        let hMax = min(span, options.maxStep.map { abs($0) } ?? span)

        var y = initial, yNew = initial, yStage = initial
        var k1 = [Double](repeating: 0, count: n), k2 = k1, k3 = k1, k4 = k1, k5 = k1, k6 = k1, k7 = k1
        var evaluations = 0
        f(t0, y, &k1); evaluations += 1
        var h = try options.initialStep.map { abs($0) }
            ?? initialStep(f, t0: t0, y: y, f0: k1, direction: direction, hMax: hMax, evaluations: &evaluations)
        h = min(h, hMax)
        var t = t0, accepted = 0, rejected = 0
        var previousError = 1e-4
        var lastRejected = false
        typealias DP = DormandPrince

        while direction * (t1 - t) > 0 {
            if accepted + rejected >= options.maxSteps {
                throw ODEError("no convergence after \(options.maxSteps) steps at t = \(t) (stiff or blowing-up system?)")
            }
            if h < 1e-14 * max(abs(t), 1) {
                throw ODEError("step size underflow at t = \(t): the solution may blow up")
            }
            if direction * (t + direction * h - t1) > 0 { h = abs(t1 - t) }
            let hs = direction * h
            for i in 0..<n { yStage[i] = y[i] + hs * DP.a21 * k1[i] }
            f(t + DP.c2 * hs, yStage, &k2)
            for i in 0..<n { yStage[i] = y[i] + hs * (DP.a31 * k1[i] + DP.a32 * k2[i]) }
            f(t + DP.c3 * hs, yStage, &k3)
            for i in 0..<n { yStage[i] = y[i] + hs * (DP.a41 * k1[i] + DP.a42 * k2[i] + DP.a43 * k3[i]) }
            f(t + DP.c4 * hs, yStage, &k4)
            for i in 0..<n {
                yStage[i] = y[i] + hs * (DP.a51 * k1[i] + DP.a52 * k2[i] + DP.a53 * k3[i] + DP.a54 * k4[i])
            }
            f(t + DP.c5 * hs, yStage, &k5)
            for i in 0..<n {
                yStage[i] = y[i] + hs * (DP.a61 * k1[i] + DP.a62 * k2[i] + DP.a63 * k3[i] + DP.a64 * k4[i]
                    + DP.a65 * k5[i])
            }
            f(t + hs, yStage, &k6)
            for i in 0..<n {
                yNew[i] = y[i] + hs * (DP.a71 * k1[i] + DP.a73 * k3[i] + DP.a74 * k4[i] + DP.a75 * k5[i]
                    + DP.a76 * k6[i])
            }
            f(t + hs, yNew, &k7)
            evaluations += 6

            var errSum = 0.0
            var finite = true
            for i in 0..<n {
                let e = hs * (DP.e1 * k1[i] + DP.e3 * k3[i] + DP.e4 * k4[i] + DP.e5 * k5[i] + DP.e6 * k6[i]
                    + DP.e7 * k7[i])
                let scale = atol + rtol * max(abs(y[i]), abs(yNew[i]))
                let r = e / scale
                errSum += r * r
                if !yNew[i].isFinite { finite = false }
            }
            let err = finite ? (errSum / Double(n)).squareRoot() : Double.infinity

            if err <= 1 {
                // Dense output coefficients for this step.
                for i in 0..<n { dense.append(y[i]) }
                for i in 0..<n { dense.append(yNew[i] - y[i]) }
                for i in 0..<n { dense.append(hs * k1[i] - (yNew[i] - y[i])) }
                for i in 0..<n {
                    let ydiff = yNew[i] - y[i]
                    let bspl = hs * k1[i] - ydiff
                    dense.append(ydiff - hs * k7[i] - bspl)
                }
                for i in 0..<n {
                    dense.append(hs * (DP.d1 * k1[i] + DP.d3 * k3[i] + DP.d4 * k4[i] + DP.d5 * k5[i]
                        + DP.d6 * k6[i] + DP.d7 * k7[i]))
                }
                t = direction * (t1 - (t + hs)) <= 0 ? t1 : t + hs
                swap(&y, &yNew)
                swap(&k1, &k7)  // first-same-as-last
                times.append(t)
                states.append(y)
                accepted += 1
                // PI step-size control (Gustafsson), as in Hairer's DOPRI5.
                let safeErr = max(err, 1e-10)
                var factor = 0.9 * pow(safeErr, -0.7 / 5) * pow(previousError, 0.4 / 5)
                factor = min(10, max(0.2, factor))
                if lastRejected { factor = min(1, factor) }
                previousError = max(err, 1e-4)
                h = min(hMax, h * factor)
                lastRejected = false
            } else {
                rejected += 1
                lastRejected = true
                let factor = err.isFinite ? max(0.2, 0.9 * pow(err, -0.2)) : 0.1
                h *= factor
            }
        }
        return ODESolution(times: times, states: states, acceptedSteps: accepted, rejectedSteps: rejected,
                           evaluations: evaluations, dense: dense, dimension: n)
    }

    /// Hairer's starting-step heuristic: balance the first two derivatives against the tolerance.
    func initialStep(_ f: ODERightHandSide, t0: Double, y: [Double], f0: [Double], direction: Double,
                     hMax: Double, evaluations: inout Int) throws -> Double {
        let n = y.count
        let rtol = options.relativeTolerance, atol = options.absoluteTolerance
        var dnf = 0.0, dny = 0.0
        for i in 0..<n {
            let sk = atol + rtol * abs(y[i])
            dnf += (f0[i] / sk) * (f0[i] / sk)
            dny += (y[i] / sk) * (y[i] / sk)
        }
        var h = (dnf <= 1e-10 || dny <= 1e-10) ? 1e-6 : (dny / dnf).squareRoot() * 0.01
        h = min(h, hMax)
        var y1 = y, f1 = f0
        for i in 0..<n { y1[i] = y[i] + direction * h * f0[i] }
        f(t0 + direction * h, y1, &f1)
        evaluations += 1
        var der2 = 0.0
        for i in 0..<n {
            let sk = atol + rtol * abs(y[i])
            let d = (f1[i] - f0[i]) / sk
            der2 += d * d
        }
        der2 = der2.squareRoot() / h
        let der12 = max(der2, dnf.squareRoot())
        let h1 = der12 <= 1e-15 ? max(1e-6, h * 1e-3) : pow(0.01 / der12, 1.0 / 5)
        return min(100 * h, h1, hMax)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
