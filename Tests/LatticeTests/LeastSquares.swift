// Least squares through the shared Numerics linear algebra, with the training RMSE, for the published-fit checks.
@testable import Lattice

/// Minimum-norm least-squares coefficients of y ≈ X b (X row-major n×p) and the training RMSE.
func leastSquares(_ x: [Double], rows n: Int, columns p: Int, _ y: [Double]) throws -> (coefficients: [Double], rmse: Double) {
    let solution = try Matrix(rows: n, columns: p, rowMajor: x).leastSquares(y)
    return (solution.solution, (solution.residualSumOfSquares / Double(n)).squareRoot())
}
