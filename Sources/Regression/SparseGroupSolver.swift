// Block coordinate descent for the sparse group lasso (science.md Eq. 6), the
// lasso and the elastic net, over working-set Gram products, warm-started
// along decreasing alpha, finished by an active-set Newton method, stopping on
// the relative duality gap of the full problem.
import CLapack

/// Solver settings: when to stop.
///
///     var s = SolverSettings(); s.tolerance = 1e-10
public struct SolverSettings: Sendable, Equatable, Codable {
    /// Relative duality gap to reach: the objective is then within this fraction of the optimum.
    public var tolerance: Double = 1e-8
    /// Most coordinate-descent sweeps plus Newton steps per solve (scikit-learn's max_iter); a fit
    /// that needs more reports `converged = false`.
    public var maxIterations: Int = 20_000

    public init() {}
}

/// Solves min 1/(2n)||y - XJ||² + Ω(J) on a `RegressionDesign`, keeping its state between calls.
///
/// Blocks are the groups when Ω has a group term, else single columns (then each block
/// update is exact coordinate descent). A non-orthogonal block is updated by a proximal
/// gradient step of size 1/L_B, L_B the largest eigenvalue of its Gram block, the
/// sparse-group soft threshold. Working set: the groups ever active on this design, grown
/// at each full check by the groups that violate the optimality conditions most. When the
/// sweeps stall (ill-conditioned data: ionic features, tiny alpha), an active-set Newton
/// method solves the problem on its nonzero coefficients exactly (`ActiveSetNewton.swift`).
/// A solve stops when the duality gap, relative to the objective, reaches the tolerance.
///
///     let solver = SparseGroupSolver(design: design)
///     for a in alphas { let report = solver.solve(method.penalty(alpha: a, mix: 0.5)) }
///     let eci = solver.coefficients
public final class SparseGroupSolver {
    public let design: RegressionDesign
    public var settings: SolverSettings
    /// Coefficients by cache position.
    var jc: [Double] = []
    /// (XᵀX J / n) by cache position.
    var q: [Double] = []
    /// The last penalty solved for (warm starts along a path).
    private var lastPenalty: Penalty?

    public init(design: RegressionDesign, settings: SolverSettings = SolverSettings()) {
        self.design = design
        self.settings = settings
    }

    /// The coefficients J over all columns.
    public var coefficients: [Double] {
        var j = [Double](repeating: 0, count: design.columns)
        for (pos, col) in design.cache.columnAt.enumerated() where pos < jc.count { j[col] = jc[pos] }
        return j
    }

    /// Solves for `penalty`, warm-started from the current coefficients.
    public func solve(_ penalty: Penalty) -> Convergence {
        solve(penalty, tolerance: settings.tolerance)
    }

    /// Sweeps of one coordinate-descent phase before the Newton finish is tried.
    private let stallSweeps = 300

    private func solve(_ penalty: Penalty, tolerance relative: Double) -> Convergence {
        // Residuals are measured against the penalty level: an outside violation v moves the
        // relative gap by about v / level. A ridge alone is measured against the largest correlation.
        let sparse = penalty.l1 > 0 || penalty.group > 0
        let level = sparse ? penalty.l1 + penalty.group
            : max(Double.leastNormalMagnitude, design.correlation.reduce(0) { max($0, abs($1)) })
        let kktTolerance = relative * level
        var report = Convergence()
        var workingTolerance = kktTolerance * 0.5
        var budget = settings.maxIterations
        var stalls = 0, tightenings = 0, lastGap = Double.infinity

        while true {
            syncWithCache()
            let blocks = makeBlocks(penalty)
            var sweepsHere = 0
            var history: [[Double]] = [jc]
            while budget > 0 {
                sweep(blocks, penalty)
                sweepsHere += 1
                report.sweeps += 1
                budget -= 1
                // The working-set residual costs a pass of its own: look every third sweep.
                if sweepsHere % 3 == 1 && cacheResidual(penalty) <= workingTolerance { break }
                if sweepsHere >= stallSweeps || Interruption.isRequested { break }
                history.append(jc)
                if history.count > andersonDepth {
                    extrapolate(history, penalty)
                    history = [jc]
                }
            }
            if Interruption.isRequested { return finishUnconverged(&report, penalty, "interrupted") }
            // Full check: exact gradient on every column, refresh q, add violators.
            var state = check(&report, penalty, margin: relative, kktTolerance: kktTolerance)
            if !state.violators.isEmpty && budget > 0 {
                workingTolerance = grow(state.violators, tolerance: kktTolerance)
                continue
            }
            if state.relativeGap <= relative { return finish(&report, penalty, state) }
            if budget <= 0 { return finishUnconverged(&report, penalty, "iteration limit (max_iter)", state) }
            if sweepsHere < stallSweeps && tightenings < 2 {
                // The sweeps converge well: a tighter working set is cheaper than a Newton finish.
                tightenings += 1
                workingTolerance *= 0.01
                continue
            }
            // The sweeps have found the support but converge slowly: solve on it exactly.
            tightenings = 0
            let steps = polish(penalty, budget: budget)
            report.newtonSteps += steps
            budget -= steps
            state = check(&report, penalty, margin: relative, kktTolerance: kktTolerance)
            if state.relativeGap <= relative && state.violators.isEmpty { return finish(&report, penalty, state) }
            if !state.violators.isEmpty || !state.slightViolators.isEmpty {
                // The gap is still open: even groups that violate their conditions only slightly matter.
                workingTolerance = grow(state.violators.isEmpty ? state.slightViolators : state.violators,
                                        tolerance: kktTolerance)
                continue
            }
            stalls = state.relativeGap > 0.5 * lastGap ? stalls + 1 : 0
            if stalls >= 3 { return finishUnconverged(&report, penalty, "stalled", state) }
            lastGap = state.relativeGap
            workingTolerance = max(workingTolerance * 0.01, kktTolerance * 1e-6)
        }
    }

    /// What one full check found: the worst KKT residual, outside violators, the gap.
    struct CheckState {
        var worst: Double
        /// Groups outside the working set whose dual ratio exceeds 1 + margin.
        var violators: [Violation]
        /// Groups outside the working set whose dual ratio exceeds 1 at all.
        var slightViolators: [Violation]
        var gap: Double
        var objective: Double
        var relativeGap: Double
    }

    /// A group outside the working set that violates its optimality condition: by how much
    /// relative to the penalty (`excess`, its dual ratio - 1) and in KKT units (`residual`).
    struct Violation {
        var group: Int
        var excess: Double
        var residual: Double
    }

    /// Exact gradient on every column, q refreshed from it, the KKT scan and the duality gap.
    private func check(_ report: inout Convergence, _ penalty: Penalty, margin: Double,
                       kktTolerance: Double) -> CheckState {
        report.checks += 1
        dropRoundingResidues()
        let (gradient, residual) = fullGradient()
        let cache = design.cache
        for (pos, col) in cache.columnAt.enumerated() { q[pos] = gradient[col] + design.correlation[col] }
        let full = coefficients
        let scan = kktScan(gradient, full, penalty, margin: margin, kktTolerance: kktTolerance)
        let (gap, objective) = design.dualityGap(gradient: gradient, residual: residual, eci: full, penalty: penalty)
        return CheckState(worst: scan.worst, violators: scan.violators, slightViolators: scan.slight, gap: gap,
                          objective: objective, relativeGap: design.relativeGap(gap, objective: objective))
    }

    private func finish(_ report: inout Convergence, _ penalty: Penalty, _ state: CheckState) -> Convergence {
        report.kktResidual = state.worst
        report.dualityGap = state.gap
        report.relativeGap = state.relativeGap
        report.objective = state.objective
        report.workingColumns = design.cache.count
        report.converged = true
        lastPenalty = penalty
        return report
    }

    private func finishUnconverged(_ report: inout Convergence, _ penalty: Penalty, _ reason: String,
                                   _ state: CheckState? = nil) -> Convergence {
        let s = state ?? check(&report, penalty, margin: .infinity, kktTolerance: .infinity)
        _ = finish(&report, penalty, s)
        report.converged = false
        report.reason = reason
        return report
    }

    /// Sets to exactly zero the coefficients below 1e-12 of the largest: at a kink of the
    /// penalty that rounding tips either way (an exactly collinear column, such as a point
    /// function tied to another by charge neutrality), they are noise, not ECIs.
    private func dropRoundingResidues() {
        let largest = jc.reduce(0) { max($0, abs($1)) }
        let floor = 1e-12 * largest
        for k in jc.indices where jc[k] != 0 && abs(jc[k]) <= floor { jc[k] = 0 }
    }

    /// Relative duality gap of the intermediate points of `solvePath`.
    private let pathTolerance = 1e-4

    /// Share of the worst outside violation that the working set is solved to before the next
    /// full check: solving it exactly is wasted while groups outside still violate the KKT conditions.
    private let workingShare = 0.1

    /// The KKT residual of every group at `full`, from the loss gradient there (the worst), and
    /// the groups outside the working set that violate their conditions: with a sparse penalty,
    /// those whose dual ratio (the penalty scale at which the group would be zero) exceeds 1 +
    /// `margin` (and, separately, 1); with a ridge alone, those whose residual exceeds `kktTolerance`.
    private func kktScan(_ gradient: [Double], _ full: [Double], _ penalty: Penalty, margin: Double,
                         kktTolerance: Double) -> (worst: Double, violators: [Violation], slight: [Violation]) {
        let cache = design.cache
        let groups = design.groups
        let smoothGradient = penalty.smoothGradient(gradient, at: full)
        let sparse = penalty.l1 > 0 || penalty.group > 0
        var violators: [Violation] = [], slight: [Violation] = []
        var worst = 0.0
        for g in 0..<groups.count {
            let cols = groups.columns[g]
            let r = penalty.stationarityResidual(eci: full, gradient: smoothGradient, columns: cols, weight: groups.weights[g])
            worst = max(worst, r)
            if cache.isCached(g) || r == 0 { continue }
            let excess: Double
            if !sparse {
                excess = r > kktTolerance ? .infinity : 0
            } else if penalty.group == 0 {
                excess = cols.reduce(0) { max($0, abs(smoothGradient[$1])) } / penalty.l1 - 1
            } else {
                // Zero outside the working set, so r > 0 means ||S(v, l1)|| > group·w: a real violation.
                excess = penalty.dualNorm(cols.map { smoothGradient[$0] }, weight: groups.weights[g]) - 1
            }
            if excess > 0 { slight.append(Violation(group: g, excess: excess, residual: r)) }
            if excess > margin { violators.append(Violation(group: g, excess: excess, residual: r)) }
        }
        return (worst, violators, slight)
    }

    /// Grows the working set by the worst violators only (at most max(8, active groups); ties by
    /// group order, so deterministic) and returns the working-set residual to reach next.
    private func grow(_ violators: [Violation], tolerance: Double) -> Double {
        guard !violators.isEmpty else { return tolerance * 0.5 }
        let budget = max(8, activeGroupCount())
        let ranked = violators.sorted { $0.excess > $1.excess || ($0.excess == $1.excess && $0.group < $1.group) }
        design.cache.add(ranked.prefix(budget).map(\.group), from: design)
        let worst = ranked.reduce(0) { max($0, $1.residual) }
        return max(tolerance * 0.5, workingShare * worst)
    }

    /// Solves for `penalty` from cold along a short geometric path down from alpha_max
    /// (warm starts keep every working set small), returning the final report with
    /// sweeps and checks summed over the path. Points before the last only seed the working
    /// set, so they are solved loosely (`pathTolerance`); a ratio of 0.2 was the fastest on the
    /// yang2022 stand-in (0.5: 1.3x the time).
    ///
    ///     let report = solver.solvePath(to: FitMethod.sparseGroupLasso.penalty(alpha: 0.056, mix: 0.5))
    public func solvePath(to penalty: Penalty, ratio: Double = 0.2) -> Convergence {
        let total = penalty.l1 + penalty.group
        guard total > 0 else { return solve(penalty) }
        let unit = Penalty(l1: penalty.l1 / total, group: penalty.group / total, ridge: 0)
        var t = design.zeroSolutionScale(unit) * ratio
        var sweeps = 0, checks = 0, steps = 0
        while t > total && lastPenalty.map({ $0.l1 + $0.group > t }) ?? true {
            let r = solve(Penalty(l1: unit.l1 * t, group: unit.group * t, ridge: penalty.ridge),
                          tolerance: max(settings.tolerance, pathTolerance))
            sweeps += r.sweeps; checks += r.checks; steps += r.newtonSteps
            t *= ratio
        }
        var report = solve(penalty)
        report.sweeps += sweeps
        report.checks += checks
        report.newtonSteps += steps
        return report
    }

    /// Loss gradient on all columns and the residual, computing XJ from the working set only.
    private func fullGradient() -> (gradient: [Double], residual: [Double]) {
        let cache = design.cache
        let n = design.rows
        var r = design.targets
        if !jc.isEmpty {
            cache.gathered.withUnsafeBufferPointer { xc in
                BLAS.library.cblas_dgemv(CblasColMajor, CblasNoTrans, Int32(n), Int32(jc.count), -1, xc.baseAddress!, Int32(n),
                            jc, 1, 1, &r, 1)
            }
        }
        return (design.transposeTimes(r, scale: -1 / Double(n)), r)
    }

    /// Iterates combined by each Anderson extrapolation.
    private let andersonDepth = 5

    /// Anderson acceleration of the sweeps (Bertrand & Massias 2021): the affine combination
    /// of the last iterates that best cancels their differences, kept only if it lowers the
    /// objective, so convergence is never hurt.
    private func extrapolate(_ iterates: [[Double]], _ penalty: Penalty) {
        let k = iterates.count - 1, m = jc.count
        var gramU = [Double](repeating: 0, count: k * k)
        for a in 0..<k {
            for b in a..<k {
                var s = 0.0
                for i in 0..<m {
                    s += (iterates[a + 1][i] - iterates[a][i]) * (iterates[b + 1][i] - iterates[b][i])
                }
                gramU[a + b * k] = s; gramU[b + a * k] = s
            }
        }
        var trace = 0.0
        for a in 0..<k { trace += gramU[a + a * k] }
        guard trace > 0 else { return }
        for a in 0..<k { gramU[a + a * k] += 1e-10 * trace }
        guard let chol = try? Matrix(rows: k, columns: k, columnMajor: gramU).cholesky() else { return }
        let z = chol.solve([Double](repeating: 1, count: k))
        let total = z.reduce(0, +)
        guard total != 0, total.isFinite else { return }
        var candidate = [Double](repeating: 0, count: m)
        for a in 0..<k {
            let c = z[a] / total
            for i in 0..<m { candidate[i] += c * iterates[a + 1][i] }
        }
        let candidateQ = gramTimes(candidate)
        if workingObjective(candidate, candidateQ, penalty) < workingObjective(jc, q, penalty) {
            jc = candidate
            q = candidateQ
        }
    }

    /// G_CC · v over the working set.
    func gramTimes(_ v: [Double]) -> [Double] {
        let cache = design.cache
        let m = v.count
        var out = [Double](repeating: 0, count: m)
        cache.gram.withUnsafeBufferPointer { g in
            BLAS.library.cblas_dsymv(CblasColMajor, CblasUpper, Int32(m), 1, g.baseAddress!, Int32(cache.capacity), v, 1, 0, &out, 1)
        }
        return out
    }

    /// ½JᵀGJ - cᵀJ + Ω(J) on the working set (the objective up to a constant).
    private func workingObjective(_ j: [Double], _ gj: [Double], _ penalty: Penalty) -> Double {
        let cache = design.cache
        let c = design.correlation
        var f = 0.0
        for pos in 0..<j.count { f += j[pos] * (0.5 * gj[pos] - c[cache.columnAt[pos]]) }
        return f + workingPenalty(j, penalty)
    }

    /// Ω(J) from coefficients by cache position (columns outside the working set are zero).
    private func workingPenalty(_ j: [Double], _ penalty: Penalty) -> Double {
        let cache = design.cache
        var f = 0.0
        for g in cache.cachedGroups {
            let s = cache.groupStart[g], size = design.groups.columns[g].count
            var a = 0.0, sq = 0.0
            for k in s..<(s + size) { a += abs(j[k]); sq += j[k] * j[k] }
            let w = penalty.group > 0 ? design.groups.weights[g] : 0
            f += penalty.l1 * a + penalty.group * w * sq.squareRoot() + 0.5 * penalty.ridge * sq
        }
        return f
    }

    /// Number of groups with a nonzero coefficient.
    private func activeGroupCount() -> Int {
        let cache = design.cache
        var count = 0
        for g in cache.cachedGroups {
            let s = cache.groupStart[g]
            for k in s..<(s + design.groups.columns[g].count) where jc[k] != 0 { count += 1; break }
        }
        return count
    }

    /// Extends jc and q to new cache positions (their J is 0; q = G J over old positions).
    private func syncWithCache() {
        let cache = design.cache
        let old = jc.count, m = cache.count
        if m == old { return }
        jc.append(contentsOf: [Double](repeating: 0, count: m - old))
        q.append(contentsOf: [Double](repeating: 0, count: m - old))
        for a in old..<m {
            var s = 0.0
            for b in 0..<old where jc[b] != 0 { s += cache.entry(a, b) * jc[b] }
            q[a] = s
        }
    }

    private struct Block {
        var start: Int
        var size: Int
        var weight: Double
        var lipschitz: Double
    }

    private func makeBlocks(_ penalty: Penalty) -> [Block] {
        let cache = design.cache
        let groups = design.groups
        var blocks: [Block] = []
        for g in cache.cachedGroups {
            let s = cache.groupStart[g], size = groups.columns[g].count
            if penalty.group > 0 && size > 1 {
                blocks.append(Block(start: s, size: size, weight: groups.weights[g],
                                    lipschitz: cache.largestEigenvalue(ofGroup: g) + penalty.ridge))
            } else {
                for k in s..<(s + size) {
                    blocks.append(Block(start: k, size: 1, weight: groups.weights[g],
                                        lipschitz: cache.entry(k, k) + penalty.ridge))
                }
            }
        }
        return blocks
    }

    /// One pass of block updates over the working set.
    ///
    /// Runs on raw buffers: per-element access to class-held arrays pays exclusivity and
    /// bounds checks that cost more than the arithmetic.
    private func sweep(_ blocks: [Block], _ penalty: Penalty) {
        let cache = design.cache
        let a1 = penalty.l1, ridge = penalty.ridge
        let ld = cache.capacity, count = cache.count
        let widest = blocks.reduce(1) { max($0, $1.size) }
        var scratch = [Double](repeating: 0, count: 3 * widest)
        design.correlation.withUnsafeBufferPointer { c in
        cache.columnAt.withUnsafeBufferPointer { cols in
        cache.gram.withUnsafeBufferPointer { gramBuffer in
        jc.withUnsafeMutableBufferPointer { jBuffer in
        q.withUnsafeMutableBufferPointer { qBuffer in
        scratch.withUnsafeMutableBufferPointer { scratchBuffer in
            guard let gram = gramBuffer.baseAddress, let j = jBuffer.baseAddress, let q = qBuffer.baseAddress,
                  let grad = scratchBuffer.baseAddress else { return }
            let delta = grad + widest, u = delta + widest
            for block in blocks {
                let s = block.start, m = block.size
                // A single column of a group keeps the group term (its norm is |J_j|).
                let a2w = penalty.group * block.weight
                // z = correlation with the partial residual of this block; J_B = 0 iff ||S(z, a1)|| <= a2 w.
                var isZero = true
                for k in 0..<m where j[s + k] != 0 { isZero = false; break }
                var zeroTest = 0.0
                for k in 0..<m {
                    var z = c[cols[s + k]] - q[s + k]
                    if !isZero {
                        // Column s + k of G within the block (G is symmetric: row s + k too).
                        let g = gram + (s + k) * ld + s
                        for l in 0..<m { z += g[l] * j[s + l] }
                    }
                    let t = max(abs(z) - a1, 0)
                    zeroTest += t * t
                }
                if zeroTest.squareRoot() <= a2w {
                    if isZero { continue }
                    for k in 0..<m { delta[k] = -j[s + k]; j[s + k] = 0 }
                    Self.applyDelta(delta, start: s, size: m, gram: gram, ld: ld, count: count, q: q)
                    continue
                }
                let lip = block.lipschitz
                guard lip > 0 else { continue }
                var norm2 = 0.0
                for k in 0..<m {
                    let v = j[s + k] - (q[s + k] - c[cols[s + k]] + ridge * j[s + k]) / lip
                    let t = max(abs(v) - a1 / lip, 0)
                    u[k] = v < 0 ? -t : t
                    norm2 += t * t
                }
                let norm = norm2.squareRoot()
                let shrink = norm > 0 ? max(0, 1 - a2w / (lip * norm)) : 0
                for k in 0..<m {
                    let new = shrink * u[k]
                    delta[k] = new - j[s + k]
                    j[s + k] = new
                }
                Self.applyDelta(delta, start: s, size: m, gram: gram, ld: ld, count: count, q: q)
            }
        }}}}}}
    }

    /// q += G[:, block] · delta over the whole cache (G with leading dimension ld).
    private static func applyDelta(_ delta: UnsafeMutablePointer<Double>, start: Int, size: Int,
                                   gram: UnsafePointer<Double>, ld: Int, count: Int, q: UnsafeMutablePointer<Double>) {
        if size == 1 {
            let d = delta[0]
            if d == 0 { return }
            let col = gram + start * ld
            for a in 0..<count { q[a] += col[a] * d }
            return
        }
        BLAS.library.cblas_dgemv(CblasColMajor, CblasNoTrans, Int32(count), Int32(size), 1,
                    gram + start * ld, Int32(ld), delta, 1, 1, q, 1)
    }

    /// KKT residual over the working set, from q (same formula as `Penalty.stationarityResidual`).
    private func cacheResidual(_ penalty: Penalty) -> Double {
        // Local copies (no data copied) keep the loop free of exclusivity checks on class state.
        let cache = design.cache
        let c = design.correlation, cols = cache.columnAt, j = jc, q = self.q
        let columns = design.groups.columns, weights = design.groups.weights
        let a1 = penalty.l1
        var worst = 0.0
        for g in cache.cachedGroups {
            let s = cache.groupStart[g], size = columns[g].count
            let a2w = penalty.group > 0 ? penalty.group * weights[g] : 0
            var norm2 = 0.0
            for k in s..<(s + size) { norm2 += j[k] * j[k] }
            var r2 = 0.0
            if norm2 == 0 {
                for k in s..<(s + size) {
                    let t = max(abs(q[k] - c[cols[k]]) - a1, 0)
                    r2 += t * t
                }
                worst = max(worst, r2.squareRoot() - a2w)
                continue
            }
            let shrink = a2w / norm2.squareRoot()
            for k in s..<(s + size) {
                let grad = q[k] - c[cols[k]] + penalty.ridge * j[k]
                let r = j[k] != 0 ? grad + a1 * (j[k] > 0 ? 1 : -1) + shrink * j[k] : max(abs(grad) - a1, 0)
                r2 += r * r
            }
            worst = max(worst, r2.squareRoot())
        }
        return worst
    }
}
