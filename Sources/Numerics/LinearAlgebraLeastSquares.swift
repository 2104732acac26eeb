// Rank-revealing linear least squares (LAPACK dgelsd: SVD with divide and
// conquer), the minimum-norm solution and the numerical rank it used.
import CLapack

/// The minimum-norm least-squares solution of A x ≈ b and what LAPACK learned about A.
///
///     let ls = try x.leastSquares(y)
///     print(ls.solution, ls.rank, ls.residualSumOfSquares)
public struct LeastSquaresSolution: Sendable, Equatable {
    /// The minimum-norm minimiser of ||A x - b||₂.
    public var solution: [Double]
    /// The numerical rank: singular values above `rcond * σ_max` counted.
    public var rank: Int
    /// Singular values of A, largest first.
    public var singularValues: [Double]
    /// ||A x - b||₂² at the solution.
    public var residualSumOfSquares: Double
}

extension Matrix {
    /// Default relative cutoff for the numerical rank, as NumPy: `eps * max(rows, columns)`.
    public var defaultRankCutoff: Double { Double.ulpOfOne * Double(Swift.max(rows, columns, 1)) }

    /// Solves min ||A x - b||₂ for the minimum-norm x, treating singular values at or below
    /// `rcond * σ_max` as zero (default `defaultRankCutoff`).
    ///
    ///     let ls = try a.leastSquares([1, 2, 3])
    public func leastSquares(_ b: [Double], rcond: Double? = nil) throws -> LeastSquaresSolution {
        guard b.count == rows else {
            throw LinearAlgebraError.dimensionMismatch("least squares: \(rows) rows but \(b.count) right-hand values")
        }
        let m = rows, n = columns
        let ldb = Swift.max(m, n, 1)
        var rhs = [Double](repeating: 0, count: ldb)
        for i in 0..<m { rhs[i] = b[i] }
        var singular = [Double](repeating: 0, count: Swift.max(1, Swift.min(m, n)))
        var rank: Int32 = 0
        if m > 0 && n > 0 {
            var a = storage
            let info = BLAS.library.LAPACKE_dgelsd(LAPACK_COL_MAJOR, Int32(m), Int32(n), 1, &a, Int32(m), &rhs, Int32(ldb),
                                      &singular, rcond ?? defaultRankCutoff, &rank)
            if info > 0 { throw LinearAlgebraError.noConvergence("least squares (dgelsd)") }
            if info < 0 { throw LinearAlgebraError.lapack("dgelsd", Int(info)) }
        }
        let x = Array(rhs[0..<n])
        let fitted = times(x)
        var rss = 0.0
        for i in 0..<m { let d = fitted[i] - b[i]; rss += d * d }
        return LeastSquaresSolution(solution: x, rank: Int(rank),
                                    singularValues: Array(singular[0..<Swift.min(m, n)]),
                                    residualSumOfSquares: rss)
    }
}
