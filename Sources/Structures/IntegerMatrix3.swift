// Exact 3x3 integer matrices for superlattices: products, determinants, the
// Hermite normal form that names a superlattice, and the Smith normal form
// that turns a supercell's translations into the group Z_d1 × Z_d2 × Z_d3.

/// A 3x3 integer matrix, row-major; as a supercell matrix its rows are the
/// supercell vectors in units of the primitive vectors.
///
///     let s = IntegerMatrix3([2, 1, 0, 0, 3, 0, 0, 0, 1])
///     s.determinant                  // 6
///     s.hermiteNormalForm == s       // true: upper triangular, reduced
public struct IntegerMatrix3: Hashable, Sendable, CustomStringConvertible {
    /// Row-major entries.
    public var m: [Int]

    /// Creates a matrix from nine row-major entries (missing entries are 0).
    public init(_ entries: [Int]) {
        m = entries.count == 9 ? entries : Array((entries + Array(repeating: 0, count: 9)).prefix(9))
    }

    /// The identity.
    public static let identity = IntegerMatrix3([1, 0, 0, 0, 1, 0, 0, 0, 1])

    /// The diagonal matrix diag(a, b, c).
    public static func diagonal(_ a: Int, _ b: Int, _ c: Int) -> IntegerMatrix3 { IntegerMatrix3([a, 0, 0, 0, b, 0, 0, 0, c]) }

    /// Entry (i, j).
    @inline(__always) public subscript(i: Int, j: Int) -> Int {
        get { m[3 * i + j] }
        set { m[3 * i + j] = newValue }
    }

    /// The determinant.
    public var determinant: Int {
        m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6])
    }

    /// The transpose.
    public var transposed: IntegerMatrix3 { IntegerMatrix3([m[0], m[3], m[6], m[1], m[4], m[7], m[2], m[5], m[8]]) }

    /// The adjugate (inverse times determinant).
    public var adjugate: IntegerMatrix3 {
        IntegerMatrix3([
            m[4] * m[8] - m[5] * m[7], m[2] * m[7] - m[1] * m[8], m[1] * m[5] - m[2] * m[4],
            m[5] * m[6] - m[3] * m[8], m[0] * m[8] - m[2] * m[6], m[2] * m[3] - m[0] * m[5],
            m[3] * m[7] - m[4] * m[6], m[1] * m[6] - m[0] * m[7], m[0] * m[4] - m[1] * m[3],
        ])
    }

    /// The product a · b.
    public static func * (a: IntegerMatrix3, b: IntegerMatrix3) -> IntegerMatrix3 {
        var r = [Int](repeating: 0, count: 9)
        for i in 0..<3 { for j in 0..<3 { r[3 * i + j] = a.m[3 * i] * b.m[j] + a.m[3 * i + 1] * b.m[3 + j] + a.m[3 * i + 2] * b.m[6 + j] } }
        return IntegerMatrix3(r)
    }

    /// The row vector v times this matrix (v · M).
    @inline(__always) public func leftMultiply(_ v: SIMD3<Int>) -> SIMD3<Int> {
        SIMD3(v.x * m[0] + v.y * m[3] + v.z * m[6], v.x * m[1] + v.y * m[4] + v.z * m[7], v.x * m[2] + v.y * m[5] + v.z * m[8])
    }

    /// Row i.
    public func row(_ i: Int) -> SIMD3<Int> { SIMD3(m[3 * i], m[3 * i + 1], m[3 * i + 2]) }

    /// Whether every entry of self / d is an integer (self is d times an integer matrix).
    func isDivisible(by d: Int) -> Bool { m.allSatisfy { $0 % d == 0 } }

    /// The Hermite normal form of the lattice spanned by the rows: the unique
    /// upper-triangular basis [[a, b, c], [0, d, e], [0, 0, f]] with a, d, f > 0,
    /// 0 <= b < d, 0 <= c < f and 0 <= e < f. Two nonsingular matrices span the same
    /// lattice exactly when their forms are equal. Requires a nonzero determinant.
    public var hermiteNormalForm: IntegerMatrix3 {
        var h = self
        // Row operations (Euclid on each column) put the gcd of the column on the diagonal.
        for col in 0..<3 {
            while true {
                var pivot = -1
                for r in col..<3 where h[r, col] != 0 && (pivot < 0 || abs(h[r, col]) < abs(h[pivot, col])) { pivot = r }
                guard pivot >= 0 else { break }
                if pivot != col { h.swapRows(pivot, col) }
                var done = true
                for r in (col + 1)..<3 where h[r, col] != 0 {
                    let q = floorDivide(h[r, col], h[col, col])
                    h.addRow(col, times: -q, to: r)
                    if h[r, col] != 0 { done = false }
                }
                if done { break }
            }
            if h[col, col] < 0 { for j in 0..<3 { h[col, j] = -h[col, j] } }
        }
        // Reduce the entries above the diagonal into [0, diagonal).
        for col in 1..<3 where h[col, col] != 0 {
            for r in 0..<col {
                let q = floorDivide(h[r, col], h[col, col])
                if q != 0 { h.addRow(col, times: -q, to: r) }
            }
        }
        return h
    }

    /// The Smith normal form D = P · self · Q with P, Q unimodular and D = diag(d1, d2, d3),
    /// d1 | d2 | d3, all positive. Requires a nonzero determinant.
    public var smithNormalForm: (diagonal: SIMD3<Int>, left: IntegerMatrix3, right: IntegerMatrix3) {
        var a = self, p = IntegerMatrix3.identity, q = IntegerMatrix3.identity
        for k in 0..<3 {
            while true {
                // The smallest nonzero entry of the lower-right block becomes the pivot.
                var best: (Int, Int)? = nil
                for i in k..<3 { for j in k..<3 where a[i, j] != 0 {
                    if best == nil || abs(a[i, j]) < abs(a[best!.0, best!.1]) { best = (i, j) }
                } }
                guard let (bi, bj) = best else { break }
                if bi != k { a.swapRows(bi, k); p.swapRows(bi, k) }
                if bj != k { a.swapColumns(bj, k); q.swapColumns(bj, k) }
                var clean = true
                for i in (k + 1)..<3 where a[i, k] != 0 {
                    let t = floorDivide(a[i, k], a[k, k])
                    a.addRow(k, times: -t, to: i); p.addRow(k, times: -t, to: i)
                    if a[i, k] != 0 { clean = false }
                }
                for j in (k + 1)..<3 where a[k, j] != 0 {
                    let t = floorDivide(a[k, j], a[k, k])
                    a.addColumn(k, times: -t, to: j); q.addColumn(k, times: -t, to: j)
                    if a[k, j] != 0 { clean = false }
                }
                if !clean { continue }
                // The pivot must divide the rest of the block; otherwise fold the offending row in.
                var offending: Int? = nil
                for i in (k + 1)..<3 { for j in (k + 1)..<3 where a[i, j] % a[k, k] != 0 { offending = i } }
                guard let row = offending else { break }
                a.addRow(row, times: 1, to: k); p.addRow(row, times: 1, to: k)
            }
            if a[k, k] < 0 {
                for j in 0..<3 { a[k, j] = -a[k, j]; p[k, j] = -p[k, j] }
            }
        }
        return (SIMD3(a[0, 0], a[1, 1], a[2, 2]), p, q)
    }

    mutating func swapRows(_ i: Int, _ j: Int) { for c in 0..<3 { m.swapAt(3 * i + c, 3 * j + c) } }
    mutating func swapColumns(_ i: Int, _ j: Int) { for r in 0..<3 { m.swapAt(3 * r + i, 3 * r + j) } }
    /// Row `target` += times · row `source`.
    mutating func addRow(_ source: Int, times: Int, to target: Int) { for c in 0..<3 { m[3 * target + c] += times * m[3 * source + c] } }
    /// Column `target` += times · column `source`.
    mutating func addColumn(_ source: Int, times: Int, to target: Int) { for r in 0..<3 { m[3 * r + target] += times * m[3 * r + source] } }

    public var description: String { "[[\(m[0]), \(m[1]), \(m[2])], [\(m[3]), \(m[4]), \(m[5])], [\(m[6]), \(m[7]), \(m[8])]]" }
}

/// ⌊a / b⌋ for b ≠ 0.
@inline(__always) func floorDivide(_ a: Int, _ b: Int) -> Int {
    let q = a / b
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q
}

/// a mod b in [0, |b|).
@inline(__always) func positiveModulo(_ a: Int, _ b: Int) -> Int {
    let r = a % b
    return r < 0 ? r + abs(b) : r
}
