// Singular values, numerical rank and symmetric eigen-decompositions (LAPACK
// dgesdd, dsyevd): rank analysis of feature blocks and Lipschitz constants.
import CLapack

/// Eigenvalues (ascending) and orthonormal eigenvectors (columns) of a symmetric matrix.
///
///     let e = try g.symmetricEigen()
///     let largest = e.values.last ?? 0
public struct SymmetricEigen: Sendable {
    /// Eigenvalues in ascending order.
    public var values: [Double]
    /// Eigenvectors as columns, in the order of `values`.
    public var vectors: Matrix
}

extension Matrix {
    /// The singular values, largest first.
    ///
    ///     let s = try x.singularValues()
    public func singularValues() throws -> [Double] {
        let k = Swift.min(rows, columns)
        if k == 0 { return [] }
        var a = storage
        var s = [Double](repeating: 0, count: k)
        var u = [Double](repeating: 0, count: 1)
        var vt = [Double](repeating: 0, count: 1)
        let info = BLAS.library.LAPACKE_dgesdd(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "N")), Int32(rows), Int32(columns), &a,
                                  Int32(rows), &s, &u, 1, &vt, 1)
        if info > 0 { throw LinearAlgebraError.noConvergence("singular value decomposition (dgesdd)") }
        if info < 0 { throw LinearAlgebraError.lapack("dgesdd", Int(info)) }
        return s
    }

    /// The numerical rank: singular values above `tolerance` (default NumPy's
    /// `σ_max * max(rows, columns) * eps`).
    ///
    ///     let r = try x.rank()
    public func rank(tolerance: Double? = nil) throws -> Int {
        let s = try singularValues()
        guard let top = s.first, top > 0 else { return 0 }
        let tol = tolerance ?? top * defaultRankCutoff
        return s.filter { $0 > tol }.count
    }

    /// Eigenvalues and eigenvectors of this symmetric matrix (lower triangle read).
    ///
    ///     let e = try Matrix.identity(3).symmetricEigen()   // values [1, 1, 1]
    public func symmetricEigen() throws -> SymmetricEigen {
        guard rows == columns else {
            throw LinearAlgebraError.dimensionMismatch("eigen-decomposition needs a square matrix, got \(rows) x \(columns)")
        }
        var a = self
        var w = [Double](repeating: 0, count: rows)
        if rows > 0 {
            let info = BLAS.library.LAPACKE_dsyevd(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "L")),
                                      Int32(rows), &a.storage, Int32(rows), &w)
            if info > 0 { throw LinearAlgebraError.noConvergence("symmetric eigen-decomposition (dsyevd)") }
            if info < 0 { throw LinearAlgebraError.lapack("dsyevd", Int(info)) }
        }
        return SymmetricEigen(values: w, vectors: a)
    }
}
