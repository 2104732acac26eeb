// The dense matrix every engine passes to BLAS and LAPACK: column-major flat
// storage, so columns (features, basis functions) are contiguous.
import CLapack

/// A dense real matrix in column-major flat storage (element (i, j) at `i + j * rows`).
///
///     var a = try Matrix(rowMajor: [[1, 2], [3, 4]])
///     a[1, 0] = 5
///     let y = a.times([1, 1])          // [3, 9]
public struct Matrix: Equatable, Sendable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// Column-major elements, `rows * columns` of them.
    public var storage: [Double]

    /// A `rows x columns` matrix filled with `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "Matrix dimensions must be non-negative")
        self.rows = rows
        self.columns = columns
        self.storage = [Double](repeating: value, count: rows * columns)
    }

    /// A matrix over column-major `storage`; throws when the count is not `rows * columns`.
    public init(rows: Int, columns: Int, columnMajor storage: [Double]) throws {
        guard rows >= 0, columns >= 0, storage.count == rows * columns else {
            throw LinearAlgebraError.dimensionMismatch(
                "a \(rows) x \(columns) matrix needs \(max(0, rows * columns)) values, got \(storage.count)")
        }
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    /// A matrix over row-major flat `values` (as NumPy stores C-order arrays).
    public init(rows: Int, columns: Int, rowMajor values: [Double]) throws {
        guard rows >= 0, columns >= 0, values.count == rows * columns else {
            throw LinearAlgebraError.dimensionMismatch(
                "a \(rows) x \(columns) matrix needs \(max(0, rows * columns)) values, got \(values.count)")
        }
        self.init(rows: rows, columns: columns)
        for i in 0..<rows {
            for j in 0..<columns { storage[i + j * rows] = values[i * columns + j] }
        }
    }

    /// A matrix from a list of equally long rows; throws on ragged input.
    public init(rowMajor rowList: [[Double]]) throws {
        let n = rowList.count
        let p = rowList.first?.count ?? 0
        for (i, row) in rowList.enumerated() where row.count != p {
            throw LinearAlgebraError.dimensionMismatch("row \(i) has \(row.count) values, row 0 has \(p)")
        }
        try self.init(rows: n, columns: p, rowMajor: rowList.flatMap { $0 })
    }

    /// The n x n identity.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m.storage[i + i * n] = 1 }
        return m
    }

    /// Element (i, j).
    @inlinable
    public subscript(i: Int, j: Int) -> Double {
        get { storage[i + j * rows] }
        set { storage[i + j * rows] = newValue }
    }

    /// Column `j` as an array.
    public func column(_ j: Int) -> [Double] {
        Array(storage[(j * rows)..<((j + 1) * rows)])
    }

    /// Row `i` as an array.
    public func row(_ i: Int) -> [Double] {
        (0..<columns).map { storage[i + $0 * rows] }
    }

    /// The rows listed in `indices`, in that order (indices may repeat).
    public func selectingRows(_ indices: [Int]) -> Matrix {
        var out = Matrix(rows: indices.count, columns: columns)
        for j in 0..<columns {
            let src = j * rows, dst = j * indices.count
            for (k, i) in indices.enumerated() { out.storage[dst + k] = storage[src + i] }
        }
        return out
    }

    /// The columns listed in `indices`, in that order.
    public func selectingColumns(_ indices: [Int]) -> Matrix {
        var out = Matrix(rows: rows, columns: indices.count)
        for (k, j) in indices.enumerated() {
            out.storage.replaceSubrange((k * rows)..<((k + 1) * rows), with: storage[(j * rows)..<((j + 1) * rows)])
        }
        return out
    }

    /// The transpose.
    public func transposed() -> Matrix {
        var out = Matrix(rows: columns, columns: rows)
        for j in 0..<columns {
            for i in 0..<rows { out.storage[j + i * columns] = storage[i + j * rows] }
        }
        return out
    }

    /// The elements in row-major order (C order, as NumPy writes them).
    public var rowMajor: [Double] {
        transposed().storage
    }
}
