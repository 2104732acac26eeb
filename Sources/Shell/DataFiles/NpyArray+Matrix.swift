// Bridges between .npy arrays and the engine's column-major Matrix, so
// bindings load feature matrices with `try NpyFile.read("X.npy").matrix()`.
import Formats
import Language
import Numerics

extension NpyArray {
    /// A float64 array of `matrix`'s shape, in C order as numpy expects.
    public init(matrix: Matrix) throws {
        try self.init(doubles: matrix.rowMajor, shape: [matrix.rows, matrix.columns])
    }

    /// The array as a rows x columns Matrix; a 1-D array is one column.
    public func matrix() throws -> Matrix {
        switch shape.count {
        case 1: return try Matrix(rows: shape[0], columns: 1, columnMajor: doubles)
        case 2: return try Matrix(rows: shape[0], columns: shape[1], rowMajor: doubles)
        default: throw RuntimeError("a matrix needs a 1-D or 2-D array, this one has shape \(NpyArray.describe(shape))")
        }
    }
}
