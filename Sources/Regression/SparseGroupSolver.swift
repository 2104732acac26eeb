// Block coordinate descent for the sparse group lasso (science.md Eq. 6), the
// lasso and the elastic net, over working-set Gram products, warm-started
// along decreasing alpha, stopping on the KKT residual of the full problem.
import CLapack

/// Solver settings: when to stop.
///
///     var s = SolverSettings(); s.tolerance = 1e-10
public struct SolverSettings: Sendable, Equatable, Codable {
    /// KKT residual to reach, relative to max(1, ||Xᵀy/n||_∞).
    public var tolerance: Double = 1e-8
    /// Safety limit on sweeps per working set (a fit that hits it reports `converged = false`).
    public var maxSweeps: Int = 20_000
    /// Proximal-gradient steps per block visit at most.
    public var maxInnerSteps: Int = 1

    public init() {}
}

/// Solves min 1/(2n)||y - XJ||² + Ω(J) on a `RegressionDesign`, keeping its state between calls.
///
/// Blocks are the groups when Ω has a group term, else single columns (then each block
/// update is exact coordinate descent). A non-orthogonal block is updated by proximal
/// gradient steps of size 1/L_B, L_B the largest eigenvalue of its Gram block, each step
/// the sparse-group soft threshold. Working set: the
/// groups ever active on this design, grown at each full check by the groups that violate
/// the KKT conditions most (at most as many as are active, at least 8).
///
///     let solver = SparseGroupSolver(design: design)
///     for a in alphas { let report = solver.solve(method.penalty(alpha: a, mix: 0.5)) }
///     let eci = solver.coefficients
public final class SparseGroupSolver {
    public let design: RegressionDesign
    public var settings: SolverSettings
    /// Coefficients by cache position.
    private var jc: [Double] = []
    /// (XᵀX J / n) by cache position.
    private var q: [Double] = []
    /// Loss gradient on all columns at the last full check, and the penalty it was for.
    private var lastGradient: [Double]
    private var lastPenalty: Penalty?

    public init(design: RegressionDesign, settings: SolverSettings = SolverSettings()) {
        self.design = design
        self.settings = settings
        lastGradient = design.correlation.map { -$0 }
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

    private func solve(_ penalty: Penalty, tolerance relative: Double) -> Convergence {
        let cache = design.cache
        let scale = max(1, design.correlation.reduce(0) { max($0, abs($1)) })
        let tol = relative * scale
        var report = Convergence()
        var workingTolerance = tol * 0.5

        while true {
            syncWithCache()
            let blocks = makeBlocks(penalty)
            var sweepsHere = 0
            var history: [[Double]] = [jc]
            while true {
                sweep(blocks, penalty)
                sweepsHere += 1
                report.sweeps += 1
                // The working-set residual costs a pass of its own: look every third sweep.
                if sweepsHere % 3 == 1 && cacheResidual(penalty) <= workingTolerance { break }
                if sweepsHere >= settings.maxSweeps || Interruption.isRequested { report.converged = false; break }
                history.append(jc)
                if history.count > andersonDepth {
                    extrapolate(history, penalty)
                    history = [jc]
                }
            }
            // Full check: exact gradient on every column, refresh q, add violators.
            report.checks += 1
            dropRoundingResidues()
            let (gradient, residual) = fullGradient()
            lastGradient = gradient
            for (pos, col) in cache.columnAt.enumerated() { q[pos] = gradient[col] + design.correlation[col] }
            let (worst, violators) = kktScan(gradient, penalty, tolerance: tol)
            report.kktResidual = worst
            let finalRound = violators.isEmpty && (worst <= tol || workingTolerance <= tol * 0.5)
            if finalRound || !report.converged {
                report.converged = report.converged && worst <= tol
                finish(&report, penalty, gradient: gradient, residual: residual)
                lastPenalty = penalty
                return report
            }
            workingTolerance = grow(violators, tolerance: tol)
        }
    }

    /// Sets to exactly zero the coefficients below 1e-12 of the largest: at a kink of the
    /// penalty that rounding tips either way (an exactly collinear column, such as a point
    /// function tied to another by charge neutrality), they are noise, not ECIs.
    private func dropRoundingResidues() {
        let largest = jc.reduce(0) { max($0, abs($1)) }
        let floor = 1e-12 * largest
        for k in jc.indices where jc[k] != 0 && abs(jc[k]) <= floor { jc[k] = 0 }
    }

    /// Relative KKT tolerance of the intermediate points of `solvePath`.
    private let pathTolerance = 1e-4

    /// Share of the worst outside violation that the working set is solved to before the next
    /// full check: solving it exactly is wasted while groups outside still violate the KKT conditions.
    private let workingShare = 0.1

    /// The KKT residual of every group at the current coefficients, from the loss gradient there:
    /// the worst, and the groups outside the working set above `tolerance`.
    private func kktScan(_ gradient: [Double], _ penalty: Penalty,
                         tolerance: Double) -> (worst: Double, violators: [(group: Int, residual: Double)]) {
        let cache = design.cache
        let groups = design.groups
        let full = coefficients
        let smoothGradient = gradientWithRidge(gradient, full, penalty)
        var violators: [(group: Int, residual: Double)] = []
        var worst = 0.0
        for g in 0..<groups.count {
            let r = penalty.stationarityResidual(eci: full, gradient: smoothGradient,
                                                 columns: groups.columns[g], weight: groups.weights[g])
            worst = max(worst, r)
            if !cache.isCached(g) && r > tolerance { violators.append((g, r)) }
        }
        return (worst, violators)
    }

    /// Grows the working set by the worst violators only (at most max(8, active groups); ties by
    /// group order, so deterministic) and returns the working-set residual to reach next.
    private func grow(_ violators: [(group: Int, residual: Double)], tolerance: Double) -> Double {
        guard !violators.isEmpty else { return tolerance * 0.5 }
        let budget = max(8, activeGroupCount())
        let ranked = violators.sorted { $0.residual > $1.residual || ($0.residual == $1.residual && $0.group < $1.group) }
        design.cache.add(ranked.prefix(budget).map(\.group))
        return max(tolerance * 0.5, workingShare * ranked[0].residual)
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
        var sweeps = 0, checks = 0
        while t > total && lastPenalty.map({ $0.l1 + $0.group > t }) ?? true {
            let r = solve(Penalty(l1: unit.l1 * t, group: unit.group * t, ridge: penalty.ridge),
                          tolerance: max(settings.tolerance, pathTolerance))
            sweeps += r.sweeps; checks += r.checks
            t *= ratio
        }
        var report = solve(penalty)
        report.sweeps += sweeps
        report.checks += checks
        return report
    }

    /// Loss gradient on all columns and the residual, computing XJ from the working set only.
    private func fullGradient() -> (gradient: [Double], residual: [Double]) {
        let cache = design.cache
        let n = design.rows
        var r = design.targets
        if !jc.isEmpty {
            BLAS.ensureSingleThreaded()
            cache.gathered.withUnsafeBufferPointer { xc in
                cblas_dgemv(CblasColMajor, CblasNoTrans, Int32(n), Int32(jc.count), -1, xc.baseAddress!, Int32(n),
                            jc, 1, 1, &r, 1)
            }
        }
        let scale = -1 / Double(n)
        var g = [Double](repeating: 0, count: design.columns)
        design.features.storage.withUnsafeBufferPointer { x in
            cblas_dgemv(CblasColMajor, CblasTrans, Int32(n), Int32(design.columns), scale, x.baseAddress!, Int32(n),
                        r, 1, 0, &g, 1)
        }
        return (g, r)
    }

    private func gradientWithRidge(_ g: [Double], _ j: [Double], _ p: Penalty) -> [Double] {
        if p.ridge == 0 { return g }
        var out = g
        for k in 0..<out.count { out[k] += p.ridge * j[k] }
        return out
    }

    /// Objective and duality gap at the current solution.
    private func finish(_ report: inout Convergence, _ penalty: Penalty, gradient: [Double], residual: [Double]) {
        let n = Double(design.rows)
        let rss = residual.reduce(0) { $0 + $1 * $1 }
        let primal = rss / (2 * n) + workingPenalty(jc, penalty)
        report.objective = primal
        report.workingColumns = design.cache.count
        guard penalty.ridge == 0, penalty.l1 > 0 || penalty.group > 0 else { return }
        // θ = r/n scaled into the dual feasible set; Xᵀθ = -gradient.
        var dual = 0.0
        let w = design.groups.weights
        if penalty.group == 0 {
            dual = gradient.reduce(0) { max($0, abs($1)) } / penalty.l1
        } else {
            for (g, cols) in design.groups.columns.enumerated() {
                dual = max(dual, penalty.dualNorm(cols.map { gradient[$0] }, weight: w[g]))
            }
        }
        let s = max(1, dual)
        // D(θ) = ||y||²/(2n) - (n/2)||θ - y/n||², θ = r/(n s).
        var dist = 0.0
        for i in 0..<design.rows { let d = residual[i] / s - design.targets[i]; dist += d * d }
        let dualValue = design.targetPower / 2 - dist / (2 * n)
        report.dualityGap = primal - dualValue
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
    private func gramTimes(_ v: [Double]) -> [Double] {
        let cache = design.cache
        let m = v.count
        var out = [Double](repeating: 0, count: m)
        BLAS.ensureSingleThreaded()
        cache.gram.withUnsafeBufferPointer { g in
            cblas_dsymv(CblasColMajor, CblasUpper, Int32(m), 1, g.baseAddress!, Int32(cache.capacity), v, 1, 0, &out, 1)
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
                    blocks.append(Block(start: k, size: 1, weight: 1, lipschitz: cache.entry(k, k) + penalty.ridge))
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
        let innerSteps = settings.maxInnerSteps, stepTolerance = settings.tolerance * 1e-2
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
                for k in 0..<m { grad[k] = q[s + k] - c[cols[s + k]] + ridge * j[s + k]; delta[k] = 0 }
                let steps = m == 1 ? 1 : innerSteps
                for _ in 0..<steps {
                    var norm2 = 0.0
                    for k in 0..<m {
                        let v = j[s + k] - grad[k] / lip
                        let t = max(abs(v) - a1 / lip, 0)
                        u[k] = v < 0 ? -t : t
                        norm2 += t * t
                    }
                    let norm = norm2.squareRoot()
                    let shrink = norm > 0 ? max(0, 1 - a2w / (lip * norm)) : 0
                    var biggest = 0.0
                    for k in 0..<m {
                        let new = shrink * u[k]
                        let d = new - j[s + k]
                        if d != 0 {
                            j[s + k] = new
                            delta[k] += d
                            biggest = max(biggest, abs(d))
                            let g = gram + (s + k) * ld + s
                            for l in 0..<m { grad[l] += g[l] * d }
                            grad[k] += ridge * d
                        }
                    }
                    if biggest * lip <= stepTolerance { break }
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
        BLAS.ensureSingleThreaded()
        cblas_dgemv(CblasColMajor, CblasNoTrans, Int32(count), Int32(size), 1,
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
