// Cholesky factorisation of symmetric positive definite matrices (LAPACK
// dpotrf/dpotrs): ridge normal equations, Gaussian covariances.
import CLapack

/// The Cholesky factor L of a symmetric positive definite A = L Lᵀ, ready to solve A x = b.
///
///     let chol = try a.cholesky()
///     let x = chol.solve(b)
public struct CholeskyFactor: Sendable {
    /// Order of the factored matrix.
    public let order: Int
    /// Column-major factor, lower triangle holds L (the upper triangle is not meaningful).
    let factor: [Double]

    /// L itself, row-major, zeros above the diagonal (A = L Lᵀ).
    public var lower: [Double] {
        var l = [Double](repeating: 0, count: order * order)
        for i in 0..<order { for j in 0...i { l[i * order + j] = factor[i + j * order] } }
        return l
    }

    /// Solves A x = b.
    public func solve(_ b: [Double]) -> [Double] {
        precondition(b.count == order, "solve: right-hand side has \(b.count) entries, matrix order is \(order)")
        var x = b
        if order == 0 { return x }
        _ = BLAS.library.LAPACKE_dpotrs(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), Int32(order), 1, factor, Int32(order),
                           &x, Int32(order))
        return x
    }

    /// Solves A X = B for every column of B.
    public func solve(_ b: Matrix) -> Matrix {
        precondition(b.rows == order, "solve: right-hand side has \(b.rows) rows, matrix order is \(order)")
        var x = b
        if order == 0 || b.columns == 0 { return x }
        _ = BLAS.library.LAPACKE_dpotrs(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), Int32(order), Int32(b.columns), factor,
                           Int32(order), &x.storage, Int32(order))
        return x
    }

    /// log det A = 2 Σ log L_ii.
    public var logDeterminant: Double {
        var s = 0.0
        for i in 0..<order { s += 2 * Foundation_log(factor[i + i * order]) }
        return s
    }
}

extension Matrix {
    /// The Cholesky factorisation of this symmetric positive definite matrix (lower triangle read).
    ///
    ///     let x = try (g + ridge).cholesky().solve(c)
    public func cholesky() throws -> CholeskyFactor {
        guard rows == columns else {
            throw LinearAlgebraError.dimensionMismatch("Cholesky needs a square matrix, got \(rows) x \(columns)")
        }
        var a = storage
        if rows > 0 {
            let info = BLAS.library.LAPACKE_dpotrf(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), Int32(rows), &a, Int32(rows))
            if info > 0 { throw LinearAlgebraError.notPositiveDefinite(Int(info)) }
            if info < 0 { throw LinearAlgebraError.lapack("dpotrf", Int(info)) }
        }
        return CholeskyFactor(order: rows, factor: a)
    }
}
