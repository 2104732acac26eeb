// Plain statistics of samples: mean, variance, quantiles, correlation.

/// Statistics of a sample of numbers.
///
///     SampleStatistics.quantile([1, 2, 3, 4], 0.5)   // 2.5
public enum SampleStatistics {
    public static func mean(_ x: [Double]) -> Double {
        x.isEmpty ? .nan : x.reduce(0, +) / Double(x.count)
    }

    /// The unbiased variance (n - 1 in the denominator); NaN below 2 values.
    public static func variance(_ x: [Double]) -> Double {
        guard x.count > 1 else { return .nan }
        let m = mean(x)
        return x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1)
    }

    /// The p-quantile by linear interpolation between order statistics
    /// (Hyndman-Fan type 7, numpy's default).
    public static func quantile(_ x: [Double], _ p: Double) -> Double {
        quantile(sorted: x.sorted(), p)
    }

    /// As `quantile(_:_:)` on already sorted values.
    public static func quantile(sorted s: [Double], _ p: Double) -> Double {
        guard !s.isEmpty else { return .nan }
        let h = Double(s.count - 1) * min(max(p, 0), 1)
        let lo = Int(h.rounded(.down))
        let hi = min(lo + 1, s.count - 1)
        return s[lo] + (h - Double(lo)) * (s[hi] - s[lo])
    }

    /// The Pearson correlation matrix of `columns`, row-major; 1 on the
    /// diagonal, NaN in rows and columns of constant columns.
    public static func correlation(_ columns: [[Double]]) -> [Double] {
        let d = columns.count
        let centred = columns.map { c -> [Double] in
            let m = mean(c)
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
}
