// Small dense linear programs, min c·x subject to A x = b and x >= 0, by the
// two-phase simplex method with Bland's rule (no cycling on the degenerate
// problems convex hulls give). Meant for a few equality rows and up to some
// thousands of columns.

/// A linear program in standard form.
///
///     // min x0 + 2 x1  subject to  x0 + x1 = 1, x >= 0
///     let lp = LinearProgram(costs: [1, 2], constraints: [[1, 1]], bounds: [1])
///     let solution = try lp.solve()       // .optimal(x: [1, 0], value: 1)
public struct LinearProgram: Sendable {
    /// The cost of each variable.
    public let costs: [Double]
    /// The rows of A.
    public let constraints: [[Double]]
    /// The right-hand side b.
    public let bounds: [Double]
    /// Values within this of zero count as zero.
    public var tolerance: Double = 1e-11

    /// What solving found.
    public enum Solution: Equatable, Sendable {
        /// An optimal vertex and its cost.
        case optimal(x: [Double], value: Double)
        /// No x >= 0 satisfies A x = b.
        case infeasible
        /// The cost decreases without bound.
        case unbounded
    }

    public init(costs: [Double], constraints: [[Double]], bounds: [Double]) {
        self.costs = costs
        self.constraints = constraints
        self.bounds = bounds
    }

    /// Solves the program; throws when the sizes do not fit or the simplex does not finish.
    public func solve() throws -> Solution {
        let m = constraints.count, n = costs.count
        guard bounds.count == m, constraints.allSatisfy({ $0.count == n }) else {
            throw OptimizationError("linear program: \(m) constraint rows of lengths \(Set(constraints.map(\.count)).sorted()) and \(bounds.count) bounds for \(n) variables")
        }
        guard (costs + bounds + constraints.flatMap { $0 }).allSatisfy({ $0.isFinite }) else {
            throw OptimizationError("linear program: costs, constraints and bounds must be finite numbers")
        }
        // Tableau: m rows of [A | I (artificials) | b], rows with b < 0 negated; basis = the artificials.
        let width = n + m + 1
        var t = [Double](repeating: 0, count: (m + 1) * width)
        for i in 0..<m {
            let sign: Double = bounds[i] < 0 ? -1 : 1
            for j in 0..<n { t[i * width + j] = sign * constraints[i][j] }
            t[i * width + n + i] = 1
            t[i * width + width - 1] = sign * bounds[i]
        }
        var basis = Array(n..<(n + m))
        let scale = max(1, (constraints.flatMap { $0 } + bounds).map(abs).max() ?? 1)
        let eps = tolerance * scale

        /// Pivots on (row, column) and updates the basis.
        func pivot(_ r: Int, _ c: Int) {
            let p = t[r * width + c]
            for j in 0..<width { t[r * width + j] /= p }
            for i in 0...m where i != r {
                let f = t[i * width + c]
                if f != 0 { for j in 0..<width { t[i * width + j] -= f * t[r * width + j] } }
            }
            basis[r] = c
        }

        /// Minimises the objective row m over columns `allowed` (Bland's rule); false when unbounded.
        func optimise(_ allowed: Range<Int>) throws -> Bool {
            var iterations = 0
            while true {
                iterations += 1
                if iterations > 50 * (n + m) + 1000 { throw OptimizationError("linear program: the simplex did not finish in \(iterations) pivots") }
                guard let c = allowed.first(where: { t[m * width + $0] < -eps }) else { return true }
                var best: Int? = nil
                var ratio = Double.infinity
                for i in 0..<m where t[i * width + c] > eps {
                    let q = t[i * width + width - 1] / t[i * width + c]
                    if q < ratio - eps || (abs(q - ratio) <= eps && basis[i] < basis[best ?? i]) { ratio = q; best = i }
                }
                guard let r = best else { return false }
                pivot(r, c)
            }
        }

        // Phase 1: minimise the sum of the artificials (reduced costs: minus the column sums).
        for j in 0..<width { t[m * width + j] = 0 }
        for i in 0..<m { for j in 0..<width where j < n || j == width - 1 { t[m * width + j] -= t[i * width + j] } }
        _ = try optimise(0..<n)
        if -t[m * width + width - 1] > eps * Double(m + 1) { return .infeasible }
        // Drive artificials out of the basis where a real column can replace them; rows left are redundant.
        for i in 0..<m where basis[i] >= n {
            if let c = (0..<n).first(where: { abs(t[i * width + $0]) > eps }) { pivot(i, c) }
        }
        // Phase 2: the real costs, reduced against the basis.
        for j in 0..<width { t[m * width + j] = j < n ? costs[j] : 0 }
        for i in 0..<m where basis[i] < n {
            let f = t[m * width + basis[i]]
            if f != 0 { for j in 0..<width { t[m * width + j] -= f * t[i * width + j] } }
        }
        guard try optimise(0..<n) else { return .unbounded }
        var x = [Double](repeating: 0, count: n)
        for i in 0..<m where basis[i] < n { x[basis[i]] = max(0, t[i * width + width - 1]) }
        let value = zip(costs, x).reduce(0) { $0 + $1.0 * $1.1 }
        return .optimal(x: x, value: value)
    }
}
