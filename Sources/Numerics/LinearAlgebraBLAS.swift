// Matrix products through OpenBLAS (CBLAS), run single-threaded: ce spreads
// independent tasks over cores itself, and BLAS threads slow small problems.
import CLapack

/// Process-wide BLAS setup: one thread unless a command asks for more.
///
///     BLAS.ensureSingleThreaded()   // idempotent; `ce` calls it first thing, every wrapper too
public enum BLAS {
    private static let singleThreaded: Void = { setThreads(1) }()

    /// Pins OpenBLAS to one thread (runs once per process).
    @inline(__always)
    public static func ensureSingleThreaded() { _ = singleThreaded }

    /// Runs OpenBLAS on `count` threads; with one, its worker pool (which it starts when the
    /// library loads, one thread per core) is stopped, so no idle worker spins in sched_yield
    /// while the interpreter runs. A command that wants threaded BLAS asks for more, then for 1 again.
    public static func setThreads(_ count: Int) {
        openblas_set_num_threads(Int32(max(1, count)))
        if count <= 1 { _ = blas_thread_shutdown_() }
    }
}

extension Matrix {
    /// The product A x.
    ///
    ///     let y = a.times(x)
    public func times(_ x: [Double]) -> [Double] {
        precondition(x.count == columns, "times: vector has \(x.count) entries, matrix has \(columns) columns")
        var y = [Double](repeating: 0, count: rows)
        if rows == 0 || columns == 0 { return y }
        BLAS.ensureSingleThreaded()
        cblas_dgemv(CblasColMajor, CblasNoTrans, Int32(rows), Int32(columns), 1, storage, Int32(rows),
                    x, 1, 0, &y, 1)
        return y
    }

    /// The product Aᵀ v (e.g. Xᵀ r, the correlation of every feature with a residual).
    ///
    ///     let c = x.transposeTimes(y)
    public func transposeTimes(_ v: [Double]) -> [Double] {
        precondition(v.count == rows, "transposeTimes: vector has \(v.count) entries, matrix has \(rows) rows")
        var y = [Double](repeating: 0, count: columns)
        if rows == 0 || columns == 0 { return y }
        BLAS.ensureSingleThreaded()
        cblas_dgemv(CblasColMajor, CblasTrans, Int32(rows), Int32(columns), 1, storage, Int32(rows),
                    v, 1, 0, &y, 1)
        return y
    }

    /// The Gram matrix `scale * AᵀA` (symmetric, both triangles filled).
    ///
    ///     let g = x.gram(scale: 1 / Double(x.rows))    // XᵀX / n
    public func gram(scale: Double = 1) -> Matrix {
        var g = Matrix(rows: columns, columns: columns)
        if columns == 0 { return g }
        BLAS.ensureSingleThreaded()
        if rows > 0 {
            cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, Int32(columns), Int32(rows), scale,
                        storage, Int32(rows), 0, &g.storage, Int32(columns))
        }
        g.symmetrizeFromUpper()
        return g
    }

    /// The product `scale * AᵀB` without forming Aᵀ (cross-Gram of two column sets).
    ///
    ///     let gxz = x.transposeTimes(z, scale: 1 / Double(x.rows))
    public func transposeTimes(_ b: Matrix, scale: Double = 1) -> Matrix {
        precondition(b.rows == rows, "transposeTimes: \(rows) rows against \(b.rows)")
        var c = Matrix(rows: columns, columns: b.columns)
        if columns == 0 || b.columns == 0 || rows == 0 { return c }
        BLAS.ensureSingleThreaded()
        cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, Int32(columns), Int32(b.columns), Int32(rows),
                    scale, storage, Int32(rows), b.storage, Int32(rows), 0, &c.storage, Int32(columns))
        return c
    }

    /// The matrix product A B.
    ///
    ///     let c = a * b
    public static func * (a: Matrix, b: Matrix) -> Matrix {
        precondition(a.columns == b.rows, "matrix product: \(a.rows) x \(a.columns) times \(b.rows) x \(b.columns)")
        var c = Matrix(rows: a.rows, columns: b.columns)
        if a.rows == 0 || b.columns == 0 || a.columns == 0 { return c }
        BLAS.ensureSingleThreaded()
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, Int32(a.rows), Int32(b.columns), Int32(a.columns),
                    1, a.storage, Int32(a.rows), b.storage, Int32(b.rows), 0, &c.storage, Int32(c.rows))
        return c
    }

    /// Copies the upper triangle onto the lower one (square matrices).
    mutating func symmetrizeFromUpper() {
        let n = rows
        for j in 0..<n {
            for i in (j + 1)..<max(j + 1, n) { storage[i + j * n] = storage[j + i * n] }
        }
    }
}
