// Matrix products through OpenBLAS (CBLAS), run single-threaded: ce spreads
// independent tasks over cores itself, and BLAS threads slow small problems.
// OpenBLAS and LAPACKE are loaded with dlopen on first use, not linked: linked,
// the dynamic loader resolved their ~23,000 symbol relocations (OpenBLAS's
// kernel tables, and the libblas/liblapack copies LAPACKE pulls in) on every
// start of ce, most of which never do linear algebra.
import CLapack
#if canImport(Glibc)
import Glibc
#endif

/// Process-wide BLAS: the loaded library, on one thread unless a command asks for more.
///
///     BLAS.library.cblas_dgemv(CblasColMajor, CblasNoTrans, m, n, 1, a, m, x, 1, 0, &y, 1)
///     BLAS.setThreads(4)    // threaded BLAS for one command, then BLAS.setThreads(1)
public enum BLAS {
    /// OpenBLAS and LAPACKE, loaded on first use and pinned to one thread. Without them ce
    /// cannot do linear algebra: it stops with what to install (exit 69), as the dynamic
    /// loader stopped it before they were loaded lazily.
    public static let library: LinearAlgebraLibrary = {
        do {
            let library = try LinearAlgebraLibrary()
            library.setThreads(1)
            return library
        } catch {
            fputs("ce: \(error)\n", stderr)
            exit(69)
        }
    }()

    /// Runs OpenBLAS on `count` threads; with one, its worker pool (which it starts when the
    /// library loads, one thread per core) is stopped, so no idle worker spins in sched_yield
    /// while the interpreter runs. A command that wants threaded BLAS asks for more, then for 1 again.
    public static func setThreads(_ count: Int) { library.setThreads(count) }
}

/// The CBLAS and LAPACKE functions ce calls, resolved once from libopenblas and liblapacke.
///
///     let info = BLAS.library.LAPACKE_dpotrf(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), n, &a, n)
public struct LinearAlgebraLibrary: @unchecked Sendable {
    public typealias Gemv = @convention(c) (CBLAS_ORDER, CBLAS_TRANSPOSE, Int32, Int32, Double, UnsafePointer<Double>?, Int32,
                                            UnsafePointer<Double>?, Int32, Double, UnsafeMutablePointer<Double>?, Int32) -> Void
    public typealias Gemm = @convention(c) (CBLAS_ORDER, CBLAS_TRANSPOSE, CBLAS_TRANSPOSE, Int32, Int32, Int32, Double,
                                            UnsafePointer<Double>?, Int32, UnsafePointer<Double>?, Int32, Double,
                                            UnsafeMutablePointer<Double>?, Int32) -> Void
    public typealias Syrk = @convention(c) (CBLAS_ORDER, CBLAS_UPLO, CBLAS_TRANSPOSE, Int32, Int32, Double, UnsafePointer<Double>?,
                                            Int32, Double, UnsafeMutablePointer<Double>?, Int32) -> Void
    public typealias Symv = @convention(c) (CBLAS_ORDER, CBLAS_UPLO, Int32, Double, UnsafePointer<Double>?, Int32,
                                            UnsafePointer<Double>?, Int32, Double, UnsafeMutablePointer<Double>?, Int32) -> Void
    public typealias Asum = @convention(c) (Int32, UnsafePointer<Double>?, Int32) -> Double
    public typealias Potrf = @convention(c) (Int32, CChar, Int32, UnsafeMutablePointer<Double>?, Int32) -> Int32
    public typealias Potrs = @convention(c) (Int32, CChar, Int32, Int32, UnsafePointer<Double>?, Int32,
                                             UnsafeMutablePointer<Double>?, Int32) -> Int32
    public typealias Gelsd = @convention(c) (Int32, Int32, Int32, Int32, UnsafeMutablePointer<Double>?, Int32,
                                             UnsafeMutablePointer<Double>?, Int32, UnsafeMutablePointer<Double>?, Double,
                                             UnsafeMutablePointer<Int32>?) -> Int32
    public typealias Gesdd = @convention(c) (Int32, CChar, Int32, Int32, UnsafeMutablePointer<Double>?, Int32,
                                             UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Double>?, Int32,
                                             UnsafeMutablePointer<Double>?, Int32) -> Int32
    public typealias Syevd = @convention(c) (Int32, CChar, CChar, Int32, UnsafeMutablePointer<Double>?, Int32,
                                             UnsafeMutablePointer<Double>?) -> Int32
    public typealias Syevr = @convention(c) (Int32, CChar, CChar, CChar, Int32, UnsafeMutablePointer<Double>?, Int32, Double, Double,
                                             Int32, Int32, Double, UnsafeMutablePointer<Int32>?, UnsafeMutablePointer<Double>?,
                                             UnsafeMutablePointer<Double>?, Int32, UnsafeMutablePointer<Int32>?) -> Int32
    typealias SetThreads = @convention(c) (Int32) -> Void
    typealias Shutdown = @convention(c) () -> Int32

    public let cblas_dgemv: Gemv, cblas_dgemm: Gemm, cblas_dsyrk: Syrk, cblas_dsymv: Symv, cblas_dasum: Asum
    public let LAPACKE_dpotrf: Potrf, LAPACKE_dpotrs: Potrs, LAPACKE_dgelsd: Gelsd, LAPACKE_dgesdd: Gesdd
    public let LAPACKE_dsyevd: Syevd, LAPACKE_dsyevr: Syevr
    private let setNumThreads: SetThreads, shutdownThreads: Shutdown

    init() throws {
        // OpenBLAS global first, so LAPACKE's calls into LAPACK and BLAS resolve to it, as when both were linked.
        let openblas = try SharedLibrary.open(["libopenblas.so.0", "libopenblas.so"], package: "libopenblas-dev",
                                              purpose: "linear algebra (fits, eigenvalues, least squares)", global: true)
        let lapacke = try SharedLibrary.open(["liblapacke.so.3", "liblapacke.so"], package: "liblapacke-dev",
                                             purpose: "linear algebra (fits, eigenvalues, least squares)")
        cblas_dgemv = try openblas.function("cblas_dgemv", as: Gemv.self)
        cblas_dgemm = try openblas.function("cblas_dgemm", as: Gemm.self)
        cblas_dsyrk = try openblas.function("cblas_dsyrk", as: Syrk.self)
        cblas_dsymv = try openblas.function("cblas_dsymv", as: Symv.self)
        cblas_dasum = try openblas.function("cblas_dasum", as: Asum.self)
        setNumThreads = try openblas.function("openblas_set_num_threads", as: SetThreads.self)
        shutdownThreads = try openblas.function("blas_thread_shutdown_", as: Shutdown.self)
        LAPACKE_dpotrf = try lapacke.function("LAPACKE_dpotrf", as: Potrf.self)
        LAPACKE_dpotrs = try lapacke.function("LAPACKE_dpotrs", as: Potrs.self)
        LAPACKE_dgelsd = try lapacke.function("LAPACKE_dgelsd", as: Gelsd.self)
        LAPACKE_dgesdd = try lapacke.function("LAPACKE_dgesdd", as: Gesdd.self)
        LAPACKE_dsyevd = try lapacke.function("LAPACKE_dsyevd", as: Syevd.self)
        LAPACKE_dsyevr = try lapacke.function("LAPACKE_dsyevr", as: Syevr.self)
    }

    /// OpenBLAS on `count` threads (see `BLAS.setThreads`).
    func setThreads(_ count: Int) {
        setNumThreads(Int32(max(1, count)))
        if count <= 1 { _ = shutdownThreads() }
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
        BLAS.library.cblas_dgemv(CblasColMajor, CblasNoTrans, Int32(rows), Int32(columns), 1, storage, Int32(rows),
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
        BLAS.library.cblas_dgemv(CblasColMajor, CblasTrans, Int32(rows), Int32(columns), 1, storage, Int32(rows),
                    v, 1, 0, &y, 1)
        return y
    }

    /// The Gram matrix `scale * AᵀA` (symmetric, both triangles filled).
    ///
    ///     let g = x.gram(scale: 1 / Double(x.rows))    // XᵀX / n
    public func gram(scale: Double = 1) -> Matrix {
        var g = Matrix(rows: columns, columns: columns)
        if columns == 0 { return g }
        if rows > 0 {
            BLAS.library.cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, Int32(columns), Int32(rows), scale,
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
        BLAS.library.cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, Int32(columns), Int32(b.columns), Int32(rows),
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
        BLAS.library.cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, Int32(a.rows), Int32(b.columns), Int32(a.columns),
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
