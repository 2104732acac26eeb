// The prior of every sampler: uniform on a box, possibly unbounded on some
// sides (the positive orthant is the box [0, inf)^d).

/// A uniform prior on the box `lower <= x <= upper` (bounds may be infinite).
///
///     let rates = UniformPrior.positiveOrthant(dimension: 8)
///     let box = try UniformPrior(lower: [0, -1], upper: [1, 1])
///     box.contains([0.5, 0])   // true
public struct UniformPrior: Sendable, Equatable {
    public let lower: [Double]
    public let upper: [Double]

    /// A box prior; throws unless both bounds have the same length and lower < upper.
    public init(lower: [Double], upper: [Double]) throws {
        guard lower.count == upper.count, !lower.isEmpty else {
            throw InferenceError("the prior needs lower and upper bounds of the same, positive length (got \(lower.count) and \(upper.count))")
        }
        for i in lower.indices where !(lower[i] < upper[i]) {
            throw InferenceError("prior bound \(i + 1): lower \(lower[i]) must be below upper \(upper[i])")
        }
        self.lower = lower
        self.upper = upper
    }

    /// The positive orthant [0, inf)^d, the paper's prior for rate constants.
    public static func positiveOrthant(dimension: Int) -> UniformPrior {
        UniformPrior(unchecked: [Double](repeating: 0, count: dimension),
                     [Double](repeating: .infinity, count: dimension))
    }

    /// The improper flat prior on all of R^d.
    public static func unbounded(dimension: Int) -> UniformPrior {
        UniformPrior(unchecked: [Double](repeating: -.infinity, count: dimension),
                     [Double](repeating: .infinity, count: dimension))
    }

    private init(unchecked lower: [Double], _ upper: [Double]) {
        self.lower = lower
        self.upper = upper
    }

    public var dimension: Int { lower.count }

    /// Whether `x` lies in the closed box (NaN components never do).
    @inlinable
    public func contains(_ x: [Double]) -> Bool {
        for i in 0..<x.count where !(x[i] >= lower[i] && x[i] <= upper[i]) { return false }
        return true
    }
}
