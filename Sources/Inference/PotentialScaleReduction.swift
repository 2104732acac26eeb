// Gelman-Rubin's potential scale reduction (R-hat) over split chains.

/// Split R-hat (Gelman et al., Bayesian Data Analysis 3rd ed., §11.4): each
/// chain is cut into halves, and R = sqrt(var+ / W) with W the mean
/// within-half variance and var+ = (n-1)/n W + B/n. Near 1 when the chains
/// agree; NaN when there are fewer than 4 values per chain or no variance.
///
///     splitRHat([chainA, chainB])   // 1.002
public func splitRHat(_ chains: [[Double]]) -> Double {
    guard let shortest = chains.map(\.count).min(), shortest >= 4 else { return .nan }
    let half = shortest / 2
    var halves: [ArraySlice<Double>] = []
    for chain in chains {
        halves.append(chain[0..<half])
        halves.append(chain[(chain.count - half)..<chain.count])
    }
    let n = Double(half)
    let means = halves.map { $0.reduce(0, +) / n }
    let variances = zip(halves, means).map { h, m in h.reduce(0) { $0 + ($1 - m) * ($1 - m) } / (n - 1) }
    let w = variances.reduce(0, +) / Double(halves.count)
    let grand = means.reduce(0, +) / Double(means.count)
    let bOverN = means.reduce(0) { $0 + ($1 - grand) * ($1 - grand) } / Double(means.count - 1)
    guard w > 0 else { return .nan }
    let varPlus = (n - 1) / n * w + bOverN
    return (varPlus / w).squareRoot()
}
