// The penalty of science.md Eq. 6 (plus a ridge term for the elastic net):
// its value, its dual norm (for duality gaps) and the sparse-group soft threshold.

/// Ω(J) = l1 ||J||_1 + group Σ_B sqrt(p_B) ||J_B||_2 + ridge/2 ||J||².
///
///     let pen = FitMethod.sparseGroupLasso.penalty(alpha: 0.056, mix: 0.5)
///     pen.value(eci, groups: groups)
public struct Penalty: Sendable, Equatable, Codable {
    /// Weight of ||J||_1 (alpha·mix for SGL).
    public var l1: Double
    /// Weight of Σ_B sqrt(p_B) ||J_B||_2 (alpha·(1 - mix) for SGL).
    public var group: Double
    /// Weight of ||J||²/2.
    public var ridge: Double

    public init(l1: Double, group: Double, ridge: Double) {
        self.l1 = l1; self.group = group; self.ridge = ridge
    }

    /// Ω(J) over the groups' columns.
    public func value(_ eci: [Double], groups: FeatureGroups) -> Double {
        var total = 0.0
        for (g, cols) in groups.columns.enumerated() {
            var a = 0.0, s = 0.0
            for j in cols { a += abs(eci[j]); s += eci[j] * eci[j] }
            total += l1 * a + group * groups.weights[g] * s.squareRoot() + 0.5 * ridge * s
        }
        return total
    }

    /// The distance of `-gradient_B` to the subdifferential of Ω at J_B: zero at an optimum.
    ///
    /// `gradient` is the gradient of the smooth part (loss plus ridge) at J.
    public func stationarityResidual(eci: [Double], gradient: [Double], columns: [Int], weight: Double) -> Double {
        var norm2 = 0.0
        for j in columns { norm2 += eci[j] * eci[j] }
        if norm2 == 0 {
            // J_B = 0: optimal iff ||S(-g_B, l1)||_2 <= group·w_B.
            var s = 0.0
            for j in columns { let t = max(abs(gradient[j]) - l1, 0); s += t * t }
            return max(s.squareRoot() - group * weight, 0)
        }
        let scale = group * weight / norm2.squareRoot()
        var r2 = 0.0
        for j in columns {
            let r: Double
            if eci[j] != 0 {
                r = gradient[j] + l1 * (eci[j] > 0 ? 1 : -1) + scale * eci[j]
            } else {
                r = max(abs(gradient[j]) - l1, 0)
            }
            r2 += r * r
        }
        return r2.squareRoot()
    }

    /// The dual norm of the l1 + group part restricted to one group: the smallest s
    /// with ||S(v, s·l1)||_2 <= s·group·w (Ndiaye et al. 2016, exact on sorted |v|).
    public func dualNorm(_ v: [Double], weight w: Double) -> Double {
        let a1 = l1, a2 = group * w
        if a2 == 0 {
            let m = v.reduce(0) { max($0, abs($1)) }
            return a1 > 0 ? m / a1 : (m > 0 ? .infinity : 0)
        }
        if a1 == 0 {
            return (v.reduce(0) { $0 + $1 * $1 }).squareRoot() / a2
        }
        let u = v.map(abs).sorted(by: >)
        guard let top = u.first, top > 0 else { return 0 }
        // φ(s) = Σ (u_j - s a1)_+² - (s a2)² decreases; find the breakpoint interval of its root.
        var sumK = 0.0, sumSqK = 0.0
        for k in 0..<u.count {
            sumK += u[k]; sumSqK += u[k] * u[k]
            let next = k + 1 < u.count ? u[k + 1] : 0
            let sNext = next / a1
            let phi = sumSqK - 2 * sNext * a1 * sumK + (Double(k + 1) * a1 * a1 - a2 * a2) * sNext * sNext
            if phi >= 0 || k + 1 == u.count {
                let qa = Double(k + 1) * a1 * a1 - a2 * a2, qb = -2 * a1 * sumK, qc = sumSqK
                let disc = max(qb * qb - 4 * qa * qc, 0)
                return 2 * qc / (-qb + disc.squareRoot())
            }
        }
        return top / a1
    }
}
