// Lattice basis reduction as pymatgen does it: LLL (δ = 0.75) for shortest
// images and search boxes, Niggli (Grosse-Kunstleve et al. 2004) for the
// reduced cells StructureMatcher compares. Each returns the integer change of
// basis, so reduced coordinates map back exactly.
import Foundation

/// A reduced basis and the unimodular matrix that produced it: `reduced = transform · original`.
struct ReducedBasis: Sendable {
    let basis: Basis3
    let transform: IntMatrix3
}

extension Basis3 {
    /// The LLL-reduced basis (pymatgen's `Lattice._calculate_lll`, δ = 0.75).
    ///
    ///     let r = skewed.lllReduced()
    ///     r.basis == r.transform.real * skewed   // up to rounding
    func lllReduced(delta: Double = 0.75) -> ReducedBasis {
        // Fixed-size storage (no arrays): this runs once per candidate supercell.
        var a = Basis3(rows: r0, r1, r2)                     // basis vectors (pymatgen's columns)
        var map = IntMatrix3.identity
        var b = Basis3(rows: .zero, .zero, .zero)            // Gram-Schmidt vectors
        var u = Basis3(rows: .zero, .zero, .zero)            // Gram-Schmidt coefficients u[i][j], j < i
        var m = Vector3.zero                                 // |b_i|²
        func gramSchmidt(_ i: Int) {
            var v = a[i]
            var row = u[i]
            for j in 0..<i {
                row[j] = dot3(a[i], b[j]) / m[j]
                v -= row[j] * b[j]
            }
            u[i] = row
            b[i] = v
            m[i] = dot3(v, v)
        }
        for i in 0..<3 { gramSchmidt(i) }
        var k = 2
        var steps = 0
        while k <= 3 && steps < 10_000 {
            steps += 1
            for i in stride(from: k - 1, to: 0, by: -1) {
                let q = u[k - 1][i - 1].rounded(.toNearestOrEven)
                if q != 0, q.isFinite, abs(q) < 1e15 {
                    a[k - 1] -= q * a[i - 1]
                    map.setRow(k - 1, map[k - 1] &- Int(q) &* map[i - 1])
                    var row = u[k - 1]
                    for j in 0..<(i - 1) { row[j] -= q * u[i - 1][j] }
                    row[i - 1] -= q
                    u[k - 1] = row
                }
            }
            if dot3(b[k - 1], b[k - 1]) >= (delta - u[k - 1][k - 2] * u[k - 1][k - 2]) * dot3(b[k - 2], b[k - 2]) {
                k += 1
            } else {
                let t = a[k - 1]; a[k - 1] = a[k - 2]; a[k - 2] = t
                let tm = map[k - 1]; map.setRow(k - 1, map[k - 2]); map.setRow(k - 2, tm)
                for s in (k - 2)...(k - 1) { gramSchmidt(s) }
                if k > 2 {
                    k -= 1
                } else {
                    for j in k..<3 {
                        var row = u[j]
                        for l in (k - 2)..<k { row[l] = dot3(a[j], b[l]) / m[l] }
                        u[j] = row
                    }
                }
            }
        }
        return ReducedBasis(basis: a, transform: map)
    }

    /// The Niggli-reduced basis (pymatgen's `get_niggli_reduced_lattice`, tol 1e-5), right-handed.
    ///
    ///     let n = cell.niggliReduced()
    ///     n.basis.lengths   // a <= b <= c
    func niggliReduced(tolerance: Double = 1e-5) -> ReducedBasis {
        let lll = lllReduced()
        let e = tolerance * pow(volume, 1.0 / 3.0)
        var t = IntMatrix3.identity                    // rows of the current basis in the LLL basis
        var basis = lll.basis
        func metric() -> (a: Double, b: Double, c: Double, xi: Double, eta: Double, zeta: Double) {
            (dot3(basis.r0, basis.r0), dot3(basis.r1, basis.r1), dot3(basis.r2, basis.r2),
             2 * dot3(basis.r1, basis.r2), 2 * dot3(basis.r0, basis.r2), 2 * dot3(basis.r0, basis.r1))
        }
        /// G' = Mᵀ G M: the new basis rows are Mᵀ · rows.
        func apply(_ mt: IntMatrix3) {
            basis = mt.real * basis
            t = mt * t
        }
        func sign(_ x: Double) -> Int { x > 0 ? 1 : -1 }
        for _ in 0..<100 {
            var g = metric()
            if g.b + e < g.a || (abs(g.a - g.b) < e && abs(g.xi) > abs(g.eta) + e) {
                apply(IntMatrix3(rows: SIMD3(0, -1, 0), SIMD3(-1, 0, 0), SIMD3(0, 0, -1)))   // A1
                g = metric()
            }
            if g.c + e < g.b || (abs(g.b - g.c) < e && abs(g.eta) > abs(g.zeta) + e) {
                apply(IntMatrix3(rows: SIMD3(-1, 0, 0), SIMD3(0, 0, -1), SIMD3(0, -1, 0)))   // A2
                continue
            }
            let l = abs(g.xi) < e ? 0 : sign(g.xi)
            let mm = abs(g.eta) < e ? 0 : sign(g.eta)
            let n = abs(g.zeta) < e ? 0 : sign(g.zeta)
            if l * mm * n == 1 {                                                               // A3
                apply(IntMatrix3(rows: SIMD3(l == -1 ? -1 : 1, 0, 0), SIMD3(0, mm == -1 ? -1 : 1, 0), SIMD3(0, 0, n == -1 ? -1 : 1)))
            } else {                                                                           // A4
                var i = l == 1 ? -1 : 1, j = mm == 1 ? -1 : 1, k = n == 1 ? -1 : 1
                if i * j * k == -1 {
                    if n == 0 { k = -1 } else if mm == 0 { j = -1 } else if l == 0 { i = -1 }
                }
                apply(IntMatrix3(rows: SIMD3(i, 0, 0), SIMD3(0, j, 0), SIMD3(0, 0, k)))
            }
            g = metric()
            if abs(g.xi) > g.b + e || (abs(g.xi - g.b) < e && g.zeta - e > 2 * g.eta) || (abs(g.xi + g.b) < e && -e > g.zeta) {
                // A5: c -= sign(ξ) b  (Mᵀ has the row (0, -sign, 1) for the third vector)
                apply(IntMatrix3(rows: SIMD3(1, 0, 0), SIMD3(0, 1, 0), SIMD3(0, -sign(g.xi), 1)))
                continue
            }
            if abs(g.eta) > g.a + e || (abs(g.a - g.eta) < e && g.zeta - e > 2 * g.xi) || (abs(g.a + g.eta) < e && -e > g.zeta) {
                apply(IntMatrix3(rows: SIMD3(1, 0, 0), SIMD3(0, 1, 0), SIMD3(-sign(g.eta), 0, 1)))   // A6
                continue
            }
            if abs(g.zeta) > g.a + e || (abs(g.a - g.zeta) < e && g.eta - e > 2 * g.xi) || (abs(g.a + g.zeta) < e && -e > g.eta) {
                apply(IntMatrix3(rows: SIMD3(1, 0, 0), SIMD3(-sign(g.zeta), 1, 0), SIMD3(0, 0, 1)))   // A7
                continue
            }
            if -e > g.xi + g.eta + g.zeta + g.a + g.b || (abs(g.xi + g.eta + g.zeta + g.a + g.b) < e && e < g.zeta + (g.a + g.eta) * 2) {
                apply(IntMatrix3(rows: SIMD3(1, 0, 0), SIMD3(0, 1, 0), SIMD3(1, 1, 1)))   // A8
                continue
            }
            break
        }
        if basis.determinant < 0 {
            basis = basis.scaled(-1)
            t = -t
        }
        return ReducedBasis(basis: basis, transform: t * lll.transform)
    }
}
