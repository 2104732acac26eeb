// The exact finish of the sparse solvers: Newton's method on the nonzero
// coefficients with their signs fixed, an exact line search on the true
// objective, and feature-sign activation of zero coefficients (Lee et al. 2007).
// Coordinate descent converges linearly at a rate set by the conditioning of the
// Gram matrix, so on ionic features at small alpha it stalls far from the
// optimum; on the right support the objective is smooth, and Newton is exact.
import CLapack

extension SparseGroupSolver {
    /// Most Newton steps of one polish.
    private var newtonLimit: Int { 400 }

    /// Runs active-set Newton steps on the working set from the current coefficients and
    /// returns how many it took.
    ///
    /// On the nonzero coefficients A with signs θ, the objective is
    /// F(J_A) = ½J_AᵀG_AAJ_A - c_AᵀJ_A + a1 θᵀJ_A + a2 Σ_B w_B||J_B|| + ρ/2||J_A||², smooth while
    /// no sign changes; each step solves H d = -∇F (H its Hessian, Jacobi scaled) and moves to
    /// the exact minimiser of the true objective on [J, J + d]: a coefficient whose kink is
    /// that minimiser becomes exactly zero and leaves A. Once a step is full and tiny, the zero
    /// coefficient that violates its optimality condition most joins A with the sign its
    /// gradient asks for (feature-sign search); groups that are wholly zero are left to the
    /// block sweeps. Every step lowers the objective, so the loop cannot cycle.
    func polish(_ penalty: Penalty, budget: Int) -> Int {
        let cache = design.cache
        let m = jc.count
        guard m > 0, penalty.l1 > 0 || penalty.group > 0 || penalty.ridge > 0 else { return 0 }
        let a1 = penalty.l1, a2 = penalty.group, rho = penalty.ridge
        let groups = design.groups
        var groupOf = [Int](repeating: 0, count: m)
        for g in cache.cachedGroups {
            let s = cache.groupStart[g]
            for k in s..<(s + groups.columns[g].count) { groupOf[k] = g }
        }
        let c = cache.columnAt.map { design.correlation[$0] }
        let scale = max(a1, c.reduce(0) { max($0, abs($1)) })
        var sign = jc.map { $0 > 0 ? 1.0 : ($0 < 0 ? -1.0 : 0.0) }
        var steps = 0
        var groupNorm = [Double](repeating: 0, count: groups.count)
        while steps < min(budget, newtonLimit) && !Interruption.isRequested {
            let active = (0..<m).filter { sign[$0] != 0 }
            if active.isEmpty { break }
            for g in cache.cachedGroups { groupNorm[g] = 0 }
            for k in active { groupNorm[groupOf[k]] += jc[k] * jc[k] }
            for g in cache.cachedGroups { groupNorm[g] = groupNorm[g].squareRoot() }
            let size = active.count
            var gradient = [Double](repeating: 0, count: size)
            var hessian = [Double](repeating: 0, count: size * size)
            for (a, k) in active.enumerated() {
                let g = groupOf[k], nu = groupNorm[g]
                let w = a2 * groups.weights[g]
                gradient[a] = q[k] - c[k] + rho * jc[k] + a1 * sign[k] + (w > 0 && nu > 0 ? w * jc[k] / nu : 0)
                for (b, l) in active.enumerated() {
                    var h = cache.entry(k, l)
                    if a == b { h += rho }
                    if w > 0 && nu > 0 && groupOf[l] == g {
                        h += w * ((a == b ? 1 : 0) / nu - jc[k] * jc[l] / (nu * nu * nu))
                    }
                    hessian[a + b * size] = h
                }
            }
            guard let solved = newtonDirection(hessian, gradient, size: size) else { break }
            var direction = solved.direction
            let flat = solved.flat
            if flat {
                // Descent with no curvature: go to the first kink (there is one: the objective is bounded below).
                var first = Double.infinity
                for (a, k) in active.enumerated() where direction[a] * jc[k] < 0 { first = min(first, -jc[k] / direction[a]) }
                let stretch = first.isFinite && first > 0 ? first : 1
                for a in 0..<size { direction[a] *= stretch }
            }
            let t = lineMinimum(active: active, direction: direction, sign: sign, groupOf: groupOf, c: c, penalty: penalty)
            steps += 1
            var delta = [Double](repeating: 0, count: size)
            var largestStep = 0.0, largest = 0.0
            for (a, k) in active.enumerated() {
                var new = jc[k] + t * direction[a]
                // The minimiser sits on this coefficient's kink: it is zero, not rounding noise.
                if jc[k] != 0 && direction[a] * jc[k] < 0 && abs(t + jc[k] / direction[a]) <= 1e-12 * t { new = 0 }
                delta[a] = new - jc[k]
                largestStep = max(largestStep, abs(delta[a]))
                largest = max(largest, abs(new))
                jc[k] = new
                sign[k] = new > 0 ? 1 : (new < 0 ? -1 : 0)
            }
            applyDelta(delta, at: active)
            if t == 0 || largestStep <= 1e-13 * largest || (!flat && t == 1 && largestStep <= 1e-9 * largest) {
                // Converged on A: bring in the zero coefficient that violates its condition most.
                guard let (k, wanted) = worstZero(sign: sign, groupOf: groupOf, groupNorm: groupNorm, c: c,
                                                  penalty: penalty, threshold: 1e-12 * scale),
                      t > 0 || largestStep > 0 else { break }
                sign[k] = wanted
            }
        }
        return steps
    }

    /// The zero coefficient (in a group with a nonzero norm, or any when Ω has no group term)
    /// whose |gradient| exceeds a1 the most, and the sign that lowers the objective.
    private func worstZero(sign: [Double], groupOf: [Int], groupNorm: [Double], c: [Double], penalty: Penalty,
                           threshold: Double) -> (position: Int, sign: Double)? {
        var best: (Int, Double)? = nil
        var worst = threshold
        for k in 0..<jc.count where sign[k] == 0 && jc[k] == 0 {
            if penalty.group > 0 {
                var nu = 0.0
                let g = groupOf[k]
                let s = design.cache.groupStart[g]
                for l in s..<(s + design.groups.columns[g].count) { nu += jc[l] * jc[l] }
                if nu == 0 { continue }
            }
            let grad = q[k] - c[k]
            let violation = abs(grad) - penalty.l1
            if violation > worst { worst = violation; best = (k, grad > 0 ? -1 : 1) }
        }
        return best
    }

    /// q += G[:, active] · delta.
    private func applyDelta(_ delta: [Double], at active: [Int]) {
        let cache = design.cache
        let count = cache.count
        cache.gram.withUnsafeBufferPointer { g in
            q.withUnsafeMutableBufferPointer { qb in
                for (a, k) in active.enumerated() where delta[a] != 0 {
                    let col = g.baseAddress! + k * cache.capacity, d = delta[a]
                    for i in 0..<count { qb[i] += col[i] * d }
                }
            }
        }
    }

    /// -H⁻¹∇ by a Jacobi-scaled Cholesky factorisation; when H is singular to working precision
    /// (a flat direction: duplicate or collinear columns with no ridge), its eigenvectors: the
    /// range part, or, if the gradient has a component in the null space, that component
    /// (`flat`: a direction along which the smooth part does not curve).
    private func newtonDirection(_ h: [Double], _ gradient: [Double], size m: Int) -> (direction: [Double], flat: Bool)? {
        var d = [Double](repeating: 1, count: m)
        for a in 0..<m where h[a + a * m] > 0 { d[a] = 1 / h[a + a * m].squareRoot() }
        var scaled = h
        for b in 0..<m { for a in 0..<m { scaled[a + b * m] *= d[a] * d[b] } }
        let rhs = (0..<m).map { -gradient[$0] * d[$0] }
        var factor = scaled
        let info = BLAS.library.LAPACKE_dpotrf(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), Int32(m), &factor, Int32(m))
        if info == 0 {
            var smallest = Double.infinity, largest = 0.0
            for a in 0..<m { smallest = min(smallest, factor[a + a * m]); largest = max(largest, factor[a + a * m]) }
            // A pivot below 1e-6 of the largest squares to a condition number past 1e12: use eigenvectors.
            if smallest > 1e-6 * largest {
                var x = rhs
                _ = BLAS.library.LAPACKE_dpotrs(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), Int32(m), 1, factor, Int32(m), &x, Int32(m))
                return ((0..<m).map { x[$0] * d[$0] }, false)
            }
        }
        guard let matrix = try? Matrix(rows: m, columns: m, columnMajor: scaled),
              let eigen = try? matrix.symmetricEigen() else { return nil }
        let top = eigen.values.last ?? 0
        guard top > 0 else { return nil }
        var range = [Double](repeating: 0, count: m), null = [Double](repeating: 0, count: m)
        var nullPart = 0.0, total = 0.0
        for i in 0..<m {
            var proj = 0.0
            for a in 0..<m { proj += eigen.vectors[a, i] * rhs[a] }
            total += proj * proj
            if eigen.values[i] > 1e-12 * top {
                for a in 0..<m { range[a] += eigen.vectors[a, i] * proj / eigen.values[i] }
            } else {
                nullPart += proj * proj
                for a in 0..<m { null[a] += eigen.vectors[a, i] * proj }
            }
        }
        let flat = nullPart > 1e-18 * total
        let step = flat ? null : range
        return ((0..<m).map { step[$0] * d[$0] }, flat)
    }

    /// The t in [0, 1] that minimises the true objective on J + t·d (d on the active coefficients):
    /// bisection on its right derivative, which a convex function has nondecreasing.
    private func lineMinimum(active: [Int], direction d: [Double], sign: [Double], groupOf: [Int], c: [Double],
                             penalty: Penalty) -> Double {
        let cache = design.cache
        let size = active.count
        let a1 = penalty.l1, a2 = penalty.group, rho = penalty.ridge
        // Smooth part along d: b t + ½ a t².
        var b = 0.0, a = 0.0
        for (x, k) in active.enumerated() {
            b += (q[k] - c[k] + rho * jc[k]) * d[x]
            var gd = rho * d[x]
            for (y, l) in active.enumerated() { gd += cache.entry(k, l) * d[y] }
            a += d[x] * gd
        }
        // The groups the active coefficients belong to, with their zero members' share of nothing.
        var groupList: [Int] = []
        var index = [Int: Int]()
        var member = [Int](repeating: 0, count: size)
        for (x, k) in active.enumerated() {
            let g = groupOf[k]
            if let i = index[g] { member[x] = i } else { index[g] = groupList.count; member[x] = groupList.count; groupList.append(g) }
        }
        var dot = [Double](repeating: 0, count: groupList.count), sq = dot
        func slope(_ t: Double) -> Double {
            var s = b + a * t
            for i in 0..<groupList.count { dot[i] = 0; sq[i] = 0 }
            for (x, k) in active.enumerated() {
                let v = jc[k] + t * d[x]
                if a1 > 0 { s += a1 * (v > 0 ? d[x] : (v < 0 ? -d[x] : abs(d[x]))) }
                dot[member[x]] += v * d[x]
                sq[member[x]] += v * v
            }
            if a2 > 0 {
                for (i, g) in groupList.enumerated() {
                    let w = a2 * design.groups.weights[g]
                    if sq[i] > 0 {
                        s += w * dot[i] / sq[i].squareRoot()
                    } else {
                        var dn = 0.0
                        for (x, _) in active.enumerated() where member[x] == i { dn += d[x] * d[x] }
                        s += w * dn.squareRoot()
                    }
                }
            }
            return s
        }
        if slope(0) >= 0 { return 0 }
        if slope(1) <= 0 { return 1 }
        var lo = 0.0, hi = 1.0
        for _ in 0..<64 {
            let mid = 0.5 * (lo + hi)
            if mid <= lo || mid >= hi { break }
            if slope(mid) < 0 { lo = mid } else { hi = mid }
        }
        // hi: the first point where the right derivative is >= 0 (a kink when one is the minimiser).
        return hi
    }
}
