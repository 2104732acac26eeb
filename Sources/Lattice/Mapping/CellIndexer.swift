// Numbering the primitive cells of a supercell from its Hermite normal form,
// so a lattice translation folds to a dense index in O(1) without tables.

/// The cells of the supercell spanned by the rows of an integer matrix, numbered 0..<|det|.
///
///     let cells = CellIndexer(IntMatrix3(rows: SIMD3(2, 0, 0), SIMD3(0, 2, 0), SIMD3(0, 0, 1)))
///     cells.index(SIMD3(3, -1, 5))   // the same cell as (1, 1, 0): 3
struct CellIndexer: Sendable {
    /// Lower-triangular Hermite normal form of the rows (same row lattice), positive diagonal.
    let hermite: IntMatrix3
    /// Number of cells, |det|.
    let count: Int

    init(_ matrix: IntMatrix3) {
        var rows = [matrix.r0, matrix.r1, matrix.r2]
        // Clear column 2 in rows 0 and 1, then column 1 in row 0, by Euclid on rows.
        func eliminate(column c: Int, pivot p: Int, rows range: [Int]) {
            for r in range {
                while rows[r][c] != 0 {
                    if rows[p][c] == 0 { rows.swapAt(p, r); continue }
                    let q = rows[r][c] / rows[p][c]
                    rows[r] &-= q &* rows[p]
                    if rows[r][c] != 0 { rows.swapAt(p, r) }
                }
            }
        }
        eliminate(column: 2, pivot: 2, rows: [0, 1])
        eliminate(column: 1, pivot: 1, rows: [0])
        for r in 0..<3 where rows[r][r] < 0 { rows[r] = 0 &- rows[r] }
        // Reduce the entries below the diagonal into [0, pivot).
        for (r, p) in [(1, 0), (2, 1), (2, 0)] where rows[p][p] != 0 {
            let q = floorDivide(rows[r][p], rows[p][p])
            rows[r] &-= q &* rows[p]
        }
        hermite = IntMatrix3(rows: rows[0], rows[1], rows[2])
        count = abs(rows[0].x * rows[1].y * rows[2].z)
    }

    /// The index of the cell holding translation t (any integer vector).
    @inline(__always) func index(_ t: SIMD3<Int>) -> Int {
        var k = t
        let h = hermite
        k &-= floorDivide(k.z, h.r2.z) &* h.r2
        k &-= floorDivide(k.y, h.r1.y) &* h.r1
        k &-= floorDivide(k.x, h.r0.x) &* h.r0
        return k.x + h.r0.x * (k.y + h.r1.y * k.z)
    }

    /// The representative translation of cell `index` (inverse of `index`).
    func translation(_ index: Int) -> SIMD3<Int> {
        let a = hermite.r0.x, b = hermite.r1.y
        return SIMD3(index % a, (index / a) % b, index / (a * b))
    }
}

@inline(__always) func floorDivide(_ a: Int, _ b: Int) -> Int {
    let q = a / b
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q
}
