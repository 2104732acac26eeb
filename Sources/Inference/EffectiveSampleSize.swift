// Effective sample size of a chain by Geyer's initial monotone sequence
// estimator of the integrated autocorrelation time.
import Foundation

/// The effective sample size n / tau of one series, where
/// tau = -1 + 2 sum_k Gamma_k, Gamma_k = rho_{2k} + rho_{2k+1} summed while
/// positive and made non-increasing (Geyer 1992). NaN for a constant series
/// or fewer than 4 values; at most n log10(n), as in Stan.
///
///     effectiveSampleSize(iidNormals)   // about its length
public func effectiveSampleSize(_ series: [Double]) -> Double {
    let n = series.count
    if n < 4 { return .nan }
    let gamma = autocovariance(series)
    guard gamma[0] > 0 else { return .nan }
    var sum = 0.0
    var previous = Double.infinity
    var k = 0
    while 2 * k + 1 < n {
        var pair = (gamma[2 * k] + gamma[2 * k + 1]) / gamma[0]
        if pair <= 0 { break }
        pair = min(pair, previous)
        sum += pair
        previous = pair
        k += 1
    }
    let tau = max(-1 + 2 * sum, 1 / log10(Double(n)))
    return Double(n) / tau
}

/// The effective sample size of several chains of one quantity: the sum of
/// the chains' own effective sizes (chains are independent).
public func effectiveSampleSize(chains: [[Double]]) -> Double {
    let sizes = chains.map(effectiveSampleSize)
    if sizes.contains(where: \.isNaN) {
        // A constant chain carries no information on its autocorrelation.
        return sizes.allSatisfy(\.isNaN) ? .nan : sizes.filter { !$0.isNaN }.reduce(0, +)
    }
    return sizes.reduce(0, +)
}
