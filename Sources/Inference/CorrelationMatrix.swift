// The Pearson correlation matrix of posterior samples.

/// The correlation matrix of `columns` (one array per parameter), row-major;
/// 1 on the diagonal, NaN in the rows and columns of constant parameters.
///
///     correlationMatrix([[1, 2, 3], [2, 4, 7]])   // [1, 0.98..., 0.98..., 1]
public func correlationMatrix(_ columns: [[Double]]) -> [Double] {
    let d = columns.count
    let centred = columns.map { c -> [Double] in
        let m = Statistics.mean(c)
        return c.map { $0 - m }
    }
    let norms = centred.map { $0.reduce(0) { $0 + $1 * $1 }.squareRoot() }
    var r = [Double](repeating: .nan, count: d * d)
    for a in 0..<d {
        for b in a..<d where norms[a] > 0 && norms[b] > 0 {
            var dot = 0.0
            for i in 0..<centred[a].count { dot += centred[a][i] * centred[b][i] }
            let value = a == b ? 1 : dot / (norms[a] * norms[b])
            r[a * d + b] = value
            r[b * d + a] = value
        }
    }
    return r
}
