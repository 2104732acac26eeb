// Bounded and linearly constrained minimisation of smooth functions of a few
// variables: a projected quasi-Newton (BFGS) method on the feasible set
// {lower <= x <= upper, a·x = b}, with exact projection onto it, and seeded
// multi-start. Used for closure exponents, rate constants and MCMC start points.

/// A failure to set up a minimisation (inconsistent bounds, empty feasible set, ...).
public struct OptimizationError: UserFacingError, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// One linear equality constraint a·x = b.
///
///     let sumToOne = LinearEquality(coefficients: [1, 1, -1], value: 1)   // γ1 + γ2 - ξ1 = 1
public struct LinearEquality: Sendable {
    public var coefficients: [Double]
    public var value: Double
    public init(coefficients: [Double], value: Double) {
        self.coefficients = coefficients
        self.value = value
    }
}

/// Stopping rules of `minimize`.
///
///     var options = OptimizationOptions(); options.maxIterations = 200
public struct OptimizationOptions: Sendable {
    /// Iterations of the quasi-Newton loop before stopping.
    public var maxIterations: Int
    /// Stop when the projected-gradient step ‖x - P(x - ∇f)‖∞ is below this.
    public var gradientTolerance: Double
    /// Stop when f decreases by less than this (relative) for three iterations in a row.
    public var functionTolerance: Double
    /// Relative step of the finite-difference gradient when none is given.
    public var finiteDifferenceStep: Double

    public init(maxIterations: Int = 500, gradientTolerance: Double = 1e-9, functionTolerance: Double = 1e-14,
                finiteDifferenceStep: Double = 1e-7) {
        self.maxIterations = maxIterations
        self.gradientTolerance = gradientTolerance
        self.functionTolerance = functionTolerance
        self.finiteDifferenceStep = finiteDifferenceStep
    }
}

/// The outcome of a minimisation.
public struct OptimizationResult: Sendable {
    /// The best point found (always feasible up to round-off).
    public var x: [Double]
    /// f at `x`.
    public var value: Double
    /// Quasi-Newton iterations and function evaluations used.
    public var iterations: Int
    public var evaluations: Int
    /// Whether a stopping test (not the iteration limit) ended the search.
    public var converged: Bool
    /// Why the search stopped.
    public var message: String
    /// ‖x - P(x - ∇f(x))‖∞ at the end: zero at a KKT point.
    public var projectedGradient: Double
}

/// Minimises `f` over the box `lower <= x <= upper` (entries may be ±infinity)
/// and, optionally, one linear equality, starting from `x0` (projected onto the feasible set).
///
///     let r = try minimize({ x in (x[0] - 3) * (x[0] - 3) + x[1] * x[1] },
///                          x0: [0, 1], lower: [-1, -1], upper: [2, 1])
///     r.x   // [2, 0]
///
/// Without `gradient`, central finite differences (one-sided at a bound) are used.
public func minimize(_ f: ([Double]) -> Double, gradient: (([Double]) -> [Double])? = nil, x0: [Double],
                     lower: [Double], upper: [Double], equality: LinearEquality? = nil,
                     options: OptimizationOptions = OptimizationOptions()) throws -> OptimizationResult {
    let feasible = try FeasibleSet(lower: lower, upper: upper, equality: equality)
    guard x0.count == lower.count else {
        throw OptimizationError("the start point has \(x0.count) entries but there are \(lower.count) bounds")
    }
    guard x0.allSatisfy({ $0.isFinite }) else { throw OptimizationError("the start point has a non-finite entry") }
    let start = try feasible.project(x0)
    return withoutActuallyEscaping(f) { f in
        var solver = ProjectedQuasiNewton(f: f, gradient: gradient, feasible: feasible, options: options)
        return solver.run(from: start)
    }
}

/// Where `minimizeMultiStart` draws its random start points.
///
///     let box = StartBox(lower: [0, 0], upper: [5, 5])
public struct StartBox: Sendable {
    public var lower: [Double]
    public var upper: [Double]
    public init(lower: [Double], upper: [Double]) {
        self.lower = lower
        self.upper = upper
    }
}

/// The best of several local minimisations from seeded random start points,
/// run in parallel (one `RandomStream(seed:stream:)` per start, so the answer
/// does not depend on the thread count). Start `k` is drawn uniformly in `box`
/// (default: the bounds, which must then be finite) and projected onto the feasible set;
/// the `initialPoints` (projected) are used as the first starts.
///
///     let best = try minimizeMultiStart({ x in sin(3 * x[0]) + 0.1 * x[0] * x[0] },
///                                       lower: [-5], upper: [5], starts: 8, seed: 1)
public func minimizeMultiStart(_ f: ([Double]) -> Double, gradient: (([Double]) -> [Double])? = nil,
                               lower: [Double], upper: [Double], equality: LinearEquality? = nil,
                               starts: Int, seed: UInt64, box: StartBox? = nil, initialPoints: [[Double]] = [],
                               options: OptimizationOptions = OptimizationOptions()) throws -> MultiStartResult {
    let feasible = try FeasibleSet(lower: lower, upper: upper, equality: equality)
    guard starts >= 1 else { throw OptimizationError("multi-start needs at least one start (got \(starts))") }
    let sampleBox = box ?? StartBox(lower: lower, upper: upper)
    guard sampleBox.lower.count == lower.count, sampleBox.upper.count == lower.count else {
        throw OptimizationError("the start box has the wrong dimension")
    }
    for i in 0..<lower.count where !(sampleBox.lower[i].isFinite && sampleBox.upper[i].isFinite
        && sampleBox.lower[i] <= sampleBox.upper[i]) {
        throw OptimizationError("variable \(i) has no finite start range: give a start box")
    }
    for x0 in initialPoints where x0.count != lower.count || !x0.allSatisfy({ $0.isFinite }) {
        throw OptimizationError("a start point has \(x0.count) entries for \(lower.count) variables or is not finite")
    }
    var points: [[Double]] = []
    for k in 0..<max(starts, initialPoints.count) {
        if k < initialPoints.count {
            points.append(try feasible.project(initialPoints[k]))
            continue
        }
        var rng = RandomStream(seed: seed, stream: UInt64(k))
        let raw = (0..<lower.count).map { rng.uniform(sampleBox.lower[$0], sampleBox.upper[$0]) }
        points.append(try feasible.project(raw))
    }
    let runs = withoutActuallyEscaping(f) { f in
        parallelMap(points.count) { k -> OptimizationResult in
            var solver = ProjectedQuasiNewton(f: f, gradient: gradient, feasible: feasible, options: options)
            return solver.run(from: points[k])
        }
    }
    var best = 0
    for k in 1..<runs.count where runs[k].value < runs[best].value || runs[best].value.isNaN { best = k }
    return MultiStartResult(best: runs[best], bestStart: best, runs: runs)
}

/// Every local run of a multi-start minimisation and the best one.
public struct MultiStartResult: Sendable {
    /// The run with the lowest value (the earliest on ties).
    public var best: OptimizationResult
    /// Its index among the starts.
    public var bestStart: Int
    /// All runs, in start order.
    public var runs: [OptimizationResult]
}

/// The set {lower <= x <= upper, a·x = b} and the Euclidean projection onto it.
struct FeasibleSet {
    let lower: [Double]
    let upper: [Double]
    let equality: LinearEquality?

    init(lower: [Double], upper: [Double], equality: LinearEquality?) throws {
        guard !lower.isEmpty else { throw OptimizationError("nothing to optimise: no variables") }
        guard lower.count == upper.count else {
            throw OptimizationError("\(lower.count) lower bounds but \(upper.count) upper bounds")
        }
        for i in 0..<lower.count where !(lower[i] <= upper[i]) || lower[i] == .infinity || upper[i] == -.infinity {
            throw OptimizationError("variable \(i): lower bound \(lower[i]) is not below upper bound \(upper[i])")
        }
        if let equality {
            guard equality.coefficients.count == lower.count else {
                throw OptimizationError("the equality has \(equality.coefficients.count) coefficients for \(lower.count) variables")
            }
            guard equality.coefficients.contains(where: { $0 != 0 }), equality.value.isFinite,
                  equality.coefficients.allSatisfy({ $0.isFinite }) else {
                throw OptimizationError("the equality constraint needs finite coefficients, not all zero")
            }
        }
        self.lower = lower
        self.upper = upper
        self.equality = equality
    }

    func clamp(_ z: [Double]) -> [Double] {
        var x = z
        for i in 0..<x.count { x[i] = min(upper[i], max(lower[i], x[i])) }
        return x
    }

    /// The nearest feasible point to `z`: clamp(z - τa) with τ solving a·clamp(z - τa) = b.
    ///
    /// φ(τ) = a·clamp(z - τa) - b is continuous, non-increasing and piecewise linear,
    /// so the root is found exactly between two breakpoints.
    func project(_ z: [Double]) throws -> [Double] {
        guard let equality else { return clamp(z) }
        let a = equality.coefficients, b = equality.value
        func point(_ tau: Double) -> [Double] {
            var x = z
            for i in 0..<x.count { x[i] = min(upper[i], max(lower[i], z[i] - tau * a[i])) }
            return x
        }
        func phi(_ tau: Double) -> Double {
            var s = -b
            for i in 0..<z.count where a[i] != 0 { s += a[i] * min(upper[i], max(lower[i], z[i] - tau * a[i])) }
            return s
        }
        var breaks: [Double] = []
        for i in 0..<z.count where a[i] != 0 {
            if lower[i].isFinite { breaks.append((z[i] - lower[i]) / a[i]) }
            if upper[i].isFinite { breaks.append((z[i] - upper[i]) / a[i]) }
        }
        breaks.sort()
        let tau: Double
        if breaks.isEmpty {
            let aa = a.reduce(0) { $0 + $1 * $1 }
            tau = phi(0) / aa
        } else {
            let values = breaks.map(phi)
            let first = breaks[0], last = breaks[breaks.count - 1]
            if values[0] < 0 {
                let slope = values[0] - phi(first - 1)
                guard slope < 0 else { throw infeasible() }
                tau = first - values[0] / slope
            } else if values[values.count - 1] > 0 {
                let slope = phi(last + 1) - values[values.count - 1]
                guard slope < 0 else { throw infeasible() }
                tau = last - values[values.count - 1] / slope
            } else {
                var k = 0
                while k + 1 < values.count && values[k + 1] > 0 { k += 1 }
                if values[k] == 0 || k + 1 >= values.count {
                    tau = breaks[k]
                } else {
                    let (t0, t1, v0, v1) = (breaks[k], breaks[k + 1], values[k], values[k + 1])
                    tau = v0 == v1 ? t0 : t0 + (t1 - t0) * v0 / (v0 - v1)
                }
            }
        }
        return point(tau)
    }

    private func infeasible() -> OptimizationError {
        OptimizationError("no point satisfies both the bounds and the equality constraint")
    }
}

/// Projected BFGS: quasi-Newton steps on the free variables (tangent to the
/// equality), an Armijo search along the projection arc, and projected-gradient
/// steps as the fallback that guarantees descent.
struct ProjectedQuasiNewton {
    let f: ([Double]) -> Double
    let gradient: (([Double]) -> [Double])?
    let feasible: FeasibleSet
    let options: OptimizationOptions
    var evaluations = 0

    init(f: @escaping ([Double]) -> Double, gradient: (([Double]) -> [Double])?, feasible: FeasibleSet,
         options: OptimizationOptions) {
        self.f = f
        self.gradient = gradient
        self.feasible = feasible
        self.options = options
    }

    mutating func value(_ x: [Double]) -> Double {
        evaluations += 1
        let v = f(x)
        return v.isNaN ? .infinity : v
    }

    /// Central differences, one-sided where a bound is closer than the step.
    mutating func grad(_ x: [Double], fx: Double) -> [Double] {
        if let gradient { return gradient(x) }
        var g = [Double](repeating: 0, count: x.count)
        var p = x
        for i in 0..<x.count {
            let h = options.finiteDifferenceStep * max(1, abs(x[i]))
            let up = x[i] + h <= feasible.upper[i], down = x[i] - h >= feasible.lower[i]
            if up && down {
                p[i] = x[i] + h; let fp = value(p)
                p[i] = x[i] - h; let fm = value(p)
                g[i] = (fp - fm) / (2 * h)
            } else if up {
                p[i] = x[i] + h; g[i] = (value(p) - fx) / h
            } else if down {
                p[i] = x[i] - h; g[i] = (fx - value(p)) / h
            }
            p[i] = x[i]
            if !g[i].isFinite { g[i] = 0 }
        }
        return g
    }

    mutating func run(from start: [Double]) -> OptimizationResult {
        let n = start.count
        var x = start
        var fx = value(x)
        var g = grad(x, fx: fx)
        var H = identity(n)
        var firstUpdate = true
        var stall = 0
        var message = "iteration limit reached"
        var converged = false
        var iterations = 0
        var pgNorm = projectedGradientNorm(x, g)

        while iterations < options.maxIterations {
            if pgNorm <= options.gradientTolerance {
                message = "projected gradient below tolerance"
                converged = true
                break
            }
            iterations += 1
            guard let step = lineSearch(x: x, fx: fx, g: g, H: &H) else {
                message = "no descent possible along the projected gradient"
                converged = true
                break
            }
            let (xNew, fNew) = step
            let gNew = grad(xNew, fx: fNew)
            var s = [Double](repeating: 0, count: n), y = s
            for i in 0..<n { s[i] = xNew[i] - x[i]; y[i] = gNew[i] - g[i] }
            let sy = dot(s, y)
            if sy > 1e-12 * (dot(s, s) * dot(y, y)).squareRoot() {
                if firstUpdate {
                    let scale = sy / dot(y, y)
                    H = identity(n, scale: scale)
                    firstUpdate = false
                }
                bfgsUpdate(&H, s: s, y: y, sy: sy)
            }
            let decrease = fx - fNew
            if decrease <= options.functionTolerance * max(abs(fx), 1e-300) { stall += 1 } else { stall = 0 }
            x = xNew; fx = fNew; g = gNew
            pgNorm = projectedGradientNorm(x, g)
            if stall >= 3 {
                message = "function decrease below tolerance"
                converged = true
                break
            }
            if Interruption.isRequested {
                message = "interrupted"
                break
            }
        }
        return OptimizationResult(x: x, value: fx, iterations: iterations, evaluations: evaluations,
                                  converged: converged, message: message, projectedGradient: pgNorm)
    }

    func projectedGradientNorm(_ x: [Double], _ g: [Double]) -> Double {
        var z = x
        for i in 0..<x.count { z[i] = x[i] - g[i] }
        guard let p = try? feasible.project(z) else { return .infinity }
        var m = 0.0
        for i in 0..<x.count { m = max(m, abs(p[i] - x[i])) }
        return m
    }

    /// Tries the quasi-Newton direction, then the projected gradient; nil when neither descends.
    mutating func lineSearch(x: [Double], fx: Double, g: [Double], H: inout [[Double]]) -> ([Double], Double)? {
        let n = x.count
        // Free variables: strictly inside, or on a bound with the gradient pointing inward.
        var free = [Bool](repeating: true, count: n)
        for i in 0..<n {
            let atLower = x[i] <= feasible.lower[i] && g[i] > 0
            let atUpper = x[i] >= feasible.upper[i] && g[i] < 0
            free[i] = !(atLower || atUpper)
        }
        var d = [Double](repeating: 0, count: n)
        for i in 0..<n where free[i] {
            var s = 0.0
            for j in 0..<n where free[j] { s -= H[i][j] * g[j] }
            d[i] = s
        }
        if let eq = feasible.equality {
            // Keep the step tangent to a·x = b on the free variables.
            var ad = 0.0, aa = 0.0
            for i in 0..<n where free[i] { ad += eq.coefficients[i] * d[i]; aa += eq.coefficients[i] * eq.coefficients[i] }
            if aa > 0 { for i in 0..<n where free[i] { d[i] -= eq.coefficients[i] * ad / aa } }
        }
        if dot(d, g) < 0, let step = armijo(x: x, fx: fx, g: g, direction: d) { return step }
        H = identity(n)
        var z = x
        for i in 0..<n { z[i] = x[i] - g[i] }
        guard let p = try? feasible.project(z) else { return nil }
        var pd = [Double](repeating: 0, count: n)
        for i in 0..<n { pd[i] = p[i] - x[i] }
        if dot(pd, pd) == 0 { return nil }
        return armijo(x: x, fx: fx, g: g, direction: pd)
    }

    /// Backtracking along the projection arc P(x + αd) with the Armijo condition.
    mutating func armijo(x: [Double], fx: Double, g: [Double], direction d: [Double]) -> ([Double], Double)? {
        var alpha = 1.0
        var z = x
        for _ in 0..<60 {
            for i in 0..<x.count { z[i] = x[i] + alpha * d[i] }
            guard let p = try? feasible.project(z) else { return nil }
            var gs = 0.0, moved = false
            for i in 0..<x.count { gs += g[i] * (p[i] - x[i]); if p[i] != x[i] { moved = true } }
            if !moved { return nil }
            let fp = value(p)
            if fp <= fx + 1e-4 * gs && fp < fx { return (p, fp) }
            if fp == fx && gs == 0 { return nil }
            alpha *= 0.5
        }
        return nil
    }
}

fileprivate func identity(_ n: Int, scale: Double = 1) -> [[Double]] {
    (0..<n).map { i in (0..<n).map { $0 == i ? scale : 0 } }
}

fileprivate func dot(_ a: [Double], _ b: [Double]) -> Double {
    var s = 0.0
    for i in 0..<a.count { s += a[i] * b[i] }
    return s
}

/// The inverse-Hessian BFGS update H ← (I - ρsyᵀ)H(I - ρysᵀ) + ρssᵀ.
fileprivate func bfgsUpdate(_ H: inout [[Double]], s: [Double], y: [Double], sy: Double) {
    let n = s.count, rho = 1 / sy
    var Hy = [Double](repeating: 0, count: n)
    for i in 0..<n { for j in 0..<n { Hy[i] += H[i][j] * y[j] } }
    let yHy = dot(y, Hy)
    for i in 0..<n {
        for j in 0..<n {
            H[i][j] += -rho * (Hy[i] * s[j] + s[i] * Hy[j]) + (rho * rho * yHy + rho) * s[i] * s[j]
        }
    }
}
