// Basic sample statistics used by fitting, sampling and reports.

/// Summary statistics of samples of doubles.
///
///     Statistics.mean([1, 2, 3])                 // 2
///     Statistics.rootMeanSquare([3, 4])          // 3.5355...
public enum Statistics {
    /// The arithmetic mean (0 for no samples).
    public static func mean(_ x: [Double]) -> Double {
        x.isEmpty ? 0 : x.reduce(0, +) / Double(x.count)
    }

    /// The weighted mean Σ w x / Σ w (plain mean when the weights sum to 0).
    public static func mean(_ x: [Double], weights w: [Double]) -> Double {
        precondition(x.count == w.count, "weighted mean: \(x.count) values, \(w.count) weights")
        var sw = 0.0, swx = 0.0
        for i in 0..<x.count { sw += w[i]; swx += w[i] * x[i] }
        return sw == 0 ? mean(x) : swx / sw
    }

    /// The sample variance with `ddof` degrees of freedom removed (1: unbiased).
    public static func variance(_ x: [Double], ddof: Int = 1) -> Double {
        let n = x.count
        guard n > ddof else { return 0 }
        let m = mean(x)
        var s = 0.0
        for v in x { s += (v - m) * (v - m) }
        return s / Double(n - ddof)
    }

    /// The sample standard deviation (unbiased variance by default).
    public static func standardDeviation(_ x: [Double], ddof: Int = 1) -> Double {
        variance(x, ddof: ddof).squareRoot()
    }

    /// The standard error of the mean, sd / sqrt(n).
    public static func standardError(_ x: [Double]) -> Double {
        x.count < 2 ? 0 : standardDeviation(x) / Double(x.count).squareRoot()
    }

    /// sqrt(mean(x²)): the RMSE of residuals.
    public static func rootMeanSquare(_ x: [Double]) -> Double {
        guard !x.isEmpty else { return 0 }
        var s = 0.0
        for v in x { s += v * v }
        return (s / Double(x.count)).squareRoot()
    }

    /// The root-mean-square difference of two equally long arrays.
    public static func rootMeanSquareError(_ a: [Double], _ b: [Double]) -> Double {
        precondition(a.count == b.count, "RMSE: \(a.count) against \(b.count) values")
        guard !a.isEmpty else { return 0 }
        var s = 0.0
        for i in 0..<a.count { let d = a[i] - b[i]; s += d * d }
        return (s / Double(a.count)).squareRoot()
    }

    /// The q-quantile (0...1) by linear interpolation between order statistics (NumPy's default).
    public static func quantile(_ x: [Double], _ q: Double) -> Double {
        guard !x.isEmpty else { return .nan }
        let s = x.sorted()
        let h = Swift.min(Swift.max(q, 0), 1) * Double(s.count - 1)
        let lo = Int(h.rounded(.down))
        let hi = Swift.min(lo + 1, s.count - 1)
        return s[lo] + (h - Double(lo)) * (s[hi] - s[lo])
    }

    /// The median.
    public static func median(_ x: [Double]) -> Double { quantile(x, 0.5) }
}
