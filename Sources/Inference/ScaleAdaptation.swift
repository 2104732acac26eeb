// Haario-style adaptation of the proposal scales from the chain's own
// history, used during burn-in only (then frozen, so the recorded chain is an
// ordinary Markov chain with fixed kernel).

/// Running per-coordinate variance of the burn-in states and the rescaling rule.
///
/// Every `interval` states, sigma1_i becomes sqrt(3) * 2.38 / sqrt(d) * sd_i
/// (the half-width of a uniform with Haario's optimal standard deviation);
/// sigma2 keeps its initial ratio to sigma1. A coordinate that has not moved
/// yet (sd = 0) halves its scale instead, since its proposals are too wide.
///
///     var a = ScaleAdaptation(dimension: 2, sigma1: s1, sigma2: s2, interval: 100)
///     a.observe(x, sigma1: &s1, sigma2: &s2)   // once per burn-in iteration
struct ScaleAdaptation {
    private var count = 0
    private var mean: [Double]
    private var m2: [Double]
    private let ratio: [Double]
    private let factor: Double
    private let interval: Int

    init(dimension: Int, sigma1: [Double], sigma2: [Double], interval: Int) {
        mean = [Double](repeating: 0, count: dimension)
        m2 = [Double](repeating: 0, count: dimension)
        ratio = zip(sigma2, sigma1).map { $0 / $1 }
        factor = 3.0.squareRoot() * 2.38 / Double(dimension).squareRoot()
        self.interval = interval
    }

    /// Adds state `x` (Welford) and rescales every `interval` states.
    mutating func observe(_ x: [Double], sigma1: inout [Double], sigma2: inout [Double]) {
        count += 1
        let n = Double(count)
        for i in 0..<x.count {
            let delta = x[i] - mean[i]
            mean[i] += delta / n
            m2[i] += delta * (x[i] - mean[i])
        }
        guard count % interval == 0, count > 1 else { return }
        for i in 0..<x.count {
            let sd = (m2[i] / (n - 1)).squareRoot()
            sigma1[i] = sd > 0 ? factor * sd : 0.5 * sigma1[i]
            sigma2[i] = ratio[i] * sigma1[i]
        }
    }
}
