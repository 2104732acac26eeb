// The translations of a supercell as a product of cyclic groups, by a Smith
// (diagonal) form of its matrix: folding a translation into the supercell and
// translating a whole table of cells become per-axis modular arithmetic, with
// no search and no hashing.

/// The group of a supercell's translations, Z³ / {n S} ≅ Z_d0 × Z_d1 × Z_d2.
///
/// With D = U S V diagonal (U, V unimodular), t ↦ (t V) mod d is an isomorphism: two
/// translations are the same cell exactly when their coordinates are equal, and
/// translating by e adds e's coordinates axis by axis. Axes are ordered by increasing d.
///
///     let g = try TranslationGroup(matrix: [-2, 2, 2, 2, -2, 2, 2, 2, -2])
///     g.orders                                  // (2, 4, 4): 32 cells
///     g.index(g.coordinates(SIMD3(1, 0, 0)))   // a linear index in 0..<32
public struct TranslationGroup: Sendable, Equatable {
    /// The orders d0, d1, d2 of the cyclic factors; their product is the number of cells.
    public let orders: SIMD3<Int>
    /// V row-major, column j reduced modulo orders[j].
    let transform: [Int]

    /// The group of the supercell with integer matrix `s` (9 entries, row-major, nonsingular).
    public init(matrix s: [Int]) throws {
        guard s.count == 9 else { throw LatticeError("a supercell matrix needs 9 integers (3x3)") }
        var a = s
        var v = [1, 0, 0, 0, 1, 0, 0, 0, 1]
        func overflow() -> LatticeError { LatticeError("the supercell matrix \(s) is too skewed to reduce; reduce it (e.g. to Hermite normal form) first") }
        // x - q y, refusing to wrap around.
        func subtract(_ x: Int, _ q: Int, _ y: Int) throws -> Int {
            let (p, o1) = q.multipliedReportingOverflow(by: y)
            let (r, o2) = x.subtractingReportingOverflow(p)
            if o1 || o2 { throw overflow() }
            return r
        }
        for k in 0..<3 {
            while true {
                // The smallest nonzero entry of the lower-right block becomes the pivot.
                var best = -1, bestValue = Int.max
                for i in k..<3 { for j in k..<3 where a[3 * i + j] != 0 && a[3 * i + j].magnitude < bestValue.magnitude {
                    best = 3 * i + j; bestValue = a[3 * i + j]
                } }
                guard best >= 0 else { throw LatticeError("the supercell matrix \(s) is singular") }
                let (pi, pj) = (best / 3, best % 3)
                for c in 0..<3 { a.swapAt(3 * k + c, 3 * pi + c) }
                for r in 0..<3 { a.swapAt(3 * r + k, 3 * r + pj); v.swapAt(3 * r + k, 3 * r + pj) }
                let pivot = a[4 * k]
                var clean = true
                for i in (k + 1)..<3 where a[3 * i + k] != 0 {
                    let q = floorDiv(a[3 * i + k], pivot)
                    for c in 0..<3 { a[3 * i + c] = try subtract(a[3 * i + c], q, a[3 * k + c]) }
                    if a[3 * i + k] != 0 { clean = false }
                }
                for j in (k + 1)..<3 where a[3 * k + j] != 0 {
                    let q = floorDiv(a[3 * k + j], pivot)
                    for r in 0..<3 {
                        a[3 * r + j] = try subtract(a[3 * r + j], q, a[3 * r + k])
                        v[3 * r + j] = try subtract(v[3 * r + j], q, v[3 * r + k])
                    }
                    if a[3 * k + j] != 0 { clean = false }
                }
                if clean { break }
            }
        }
        // Axes by increasing order, so that the last (fastest) axis is the longest.
        let axes = [0, 1, 2].sorted { (abs(a[4 * $0]), $0) < (abs(a[4 * $1]), $1) }
        let d = SIMD3(abs(a[4 * axes[0]]), abs(a[4 * axes[1]]), abs(a[4 * axes[2]]))
        var w = [Int](repeating: 0, count: 9)
        for r in 0..<3 { for j in 0..<3 { w[3 * r + j] = ((v[3 * r + axes[j]] % d[j]) + d[j]) % d[j] } }
        orders = d
        transform = w
    }

    /// The number of cells.
    public var count: Int { orders.x * orders.y * orders.z }

    /// The coordinates (t V) mod d of translation t, each in 0..<orders[axis].
    @inline(__always) public func coordinates(_ t: SIMD3<Int>) -> SIMD3<Int> {
        let v = transform
        var u = SIMD3<Int>(0, 0, 0)
        for j in 0..<3 {
            let x = (t.x * v[j] + t.y * v[3 + j] + t.z * v[6 + j]) % orders[j]
            u[j] = x < 0 ? x + orders[j] : x
        }
        return u
    }

    /// The linear index of coordinates u (the last axis fastest).
    @inline(__always) public func index(_ u: SIMD3<Int>) -> Int { (u.x * orders.y + u.y) * orders.z + u.z }

    /// The coordinates of a linear index.
    @inline(__always) public func coordinates(index: Int) -> SIMD3<Int> {
        SIMD3(index / (orders.y * orders.z), (index / orders.z) % orders.y, index % orders.z)
    }
}
