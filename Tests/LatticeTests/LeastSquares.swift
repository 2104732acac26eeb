// A small least-squares helper (LAPACK dgelsd) for the published-fit checks,
// until the shared Numerics linear algebra lands.
import CLapack

/// Minimum-norm least-squares coefficients of y ≈ X b (X row-major n×p) and the training RMSE.
func leastSquares(_ x: [Double], rows n: Int, columns p: Int, _ y: [Double]) -> (coefficients: [Double], rmse: Double) {
    openblas_set_num_threads(1)
    var a = x
    var b = y + [Double](repeating: 0, count: max(0, p - n))
    var s = [Double](repeating: 0, count: min(n, p))
    var rank: Int32 = 0
    _ = LAPACKE_dgelsd(LAPACK_ROW_MAJOR, Int32(n), Int32(p), 1, &a, Int32(p), &b, 1, &s, -1, &rank)
    let coef = Array(b.prefix(p))
    var sse = 0.0
    for r in 0..<n {
        var pred = 0.0
        for c in 0..<p { pred += x[r * p + c] * coef[c] }
        sse += (pred - y[r]) * (pred - y[r])
    }
    return (coef, (sse / Double(n)).squareRoot())
}
