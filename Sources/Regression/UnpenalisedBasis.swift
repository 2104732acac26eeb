// The unpenalised part of a fit (J_0 and the free columns) as an orthonormal basis
// of the training rows: projecting it out of the energies and features turns the
// joint fit into a penalised fit of the rest, and its R factor gives the free
// coefficients back. Centring is the case of J_0 alone.
import CLapack

/// An orthonormal basis Q (n x k) of the weighted unpenalised columns W^½[1, X_F] on the
/// training rows, with their R factor (W^½[1, X_F] = Q R).
///
///     let basis = try UnpenalisedBasis(problem, rows: train, rootWeights: w, constant: true)
///     basis.project(&v)                  // v -= Q Qᵀ v
///     let c = basis.coefficients(of: z)  // R⁻¹ Qᵀ z: J_0 and the free ECIs
struct UnpenalisedBasis {
    /// Training rows n.
    let rows: Int
    /// Problem columns of the basis after the constant (if any), in order.
    let columns: [Int]
    /// Whether the first basis vector is the (weighted) constant.
    let hasConstant: Bool
    /// Q, column-major n x k.
    let q: [Double]
    /// R, column-major k x k, upper triangular.
    let r: [Double]

    var count: Int { (hasConstant ? 1 : 0) + columns.count }

    /// Orthonormalises the constant (when `constant`) and the problem's unpenalised columns on
    /// `rows` by modified Gram-Schmidt, twice (Giraud et al. 2005: twice is enough); a column
    /// left with less than 1e-9 of its norm lies in the span of the others: an error naming them.
    init(_ problem: RegressionProblem, rows rowList: [Int], rootWeights: [Double]?, constant: Bool) throws {
        let n = rowList.count, cols = problem.unpenalisedColumns
        let k = (constant ? 1 : 0) + cols.count
        rows = n; columns = cols; hasConstant = constant
        var q = [Double](repeating: 0, count: n * k)
        var r = [Double](repeating: 0, count: k * k)
        for b in 0..<k {
            var v = [Double](repeating: 0, count: n)
            for i in 0..<n {
                let w = rootWeights?[i] ?? 1
                v[i] = constant && b == 0 ? w : w * problem.features[rowList[i], cols[b - (constant ? 1 : 0)]]
            }
            let original = Self.norm(v)
            for _ in 0..<2 {
                for a in 0..<b {
                    var h = 0.0
                    for i in 0..<n { h += q[i + a * n] * v[i] }
                    for i in 0..<n { v[i] -= h * q[i + a * n] }
                    r[a + b * k] += h
                }
            }
            let left = Self.norm(v)
            guard original > 0, left > 1e-9 * original else {
                throw Self.collinear(problem, column: b, r: r, k: k, constant: constant, zero: original == 0)
            }
            r[b + b * k] = left
            for i in 0..<n { q[i + b * n] = v[i] / left }
        }
        self.q = q
        self.r = r
    }

    private static func norm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }

    /// The error for basis vector `b`, which lies in the span of the ones before it: names the
    /// columns of the dependency (coefficients R[0..<b, 0..<b]⁻¹ R[0..<b, b]).
    private static func collinear(_ problem: RegressionProblem, column b: Int, r: [Double], k: Int,
                                  constant: Bool, zero: Bool) -> RegressionError {
        let cols = problem.unpenalisedColumns
        func name(_ a: Int) -> String { constant && a == 0 ? "the constant (J_0)" : problem.describe(column: cols[a - (constant ? 1 : 0)]) }
        let which = name(b)
        if zero { return .invalidInput("free \(which) is zero on every training structure: it cannot be fitted; leave it out of free=") }
        // Back substitution for the combination of the earlier basis columns that reproduces this one.
        var c = [Double](repeating: 0, count: b)
        for a in stride(from: b - 1, through: 0, by: -1) {
            var s = r[a + b * k]
            for e in (a + 1)..<b { s -= r[a + e * k] * c[e] }
            c[a] = r[a + a * k] != 0 ? s / r[a + a * k] : 0
        }
        let largest = c.indices.map { abs(c[$0]) * r[$0 + $0 * k] }.max() ?? 0
        let partners = c.indices.filter { abs(c[$0]) * r[$0 + $0 * k] > 1e-6 * largest }.map(name)
        let listed = partners.count > 1 ? partners.dropLast().joined(separator: ", ") + " and " + partners[partners.count - 1]
            : partners.joined()
        return .invalidInput(
            "the free columns are collinear: \(which) is a linear combination of \(listed) "
            + "on the training structures (charge neutrality ties point functions together); leave one of them out of "
            + "free=, or fix the redundant point columns with point_groups=")
    }

    /// v -= Q Qᵀ v.
    func project(_ v: inout [Double]) {
        let k = count, n = rows
        guard k > 0 else { return }
        for a in 0..<k {
            var h = 0.0
            for i in 0..<n { h += q[i + a * n] * v[i] }
            for i in 0..<n { v[i] -= h * q[i + a * n] }
        }
    }

    /// B -= Q (Qᵀ B) for an n x m column-major block (leading dimension n).
    func project(block: UnsafeMutablePointer<Double>, columns m: Int) {
        let k = count, n = rows
        guard k > 0, m > 0 else { return }
        var h = [Double](repeating: 0, count: k * m)
        q.withUnsafeBufferPointer { qb in
            BLAS.library.cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, Int32(k), Int32(m), Int32(n), 1,
                        qb.baseAddress!, Int32(n), block, Int32(n), 0, &h, Int32(k))
            BLAS.library.cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(m), Int32(k), -1,
                        qb.baseAddress!, Int32(n), h, Int32(k), 1, block, Int32(n))
        }
    }

    /// The least-squares coefficients of z on the basis columns: R⁻¹ Qᵀ z (J_0 first when the constant is in).
    func coefficients(of z: [Double]) -> [Double] {
        let k = count, n = rows
        var c = [Double](repeating: 0, count: k)
        for a in 0..<k {
            var h = 0.0
            for i in 0..<n { h += q[i + a * n] * z[i] }
            c[a] = h
        }
        for a in stride(from: k - 1, through: 0, by: -1) {
            var s = c[a]
            for e in (a + 1)..<k { s -= r[a + e * k] * c[e] }
            c[a] = s / r[a + a * k]
        }
        return c
    }
}
