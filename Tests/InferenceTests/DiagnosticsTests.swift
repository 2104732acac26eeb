// Effective sample size, split R-hat, correlation and the
// posterior summary against closed forms.
import Testing
import Inference

/// An AR(1) series x_t = phi x_{t-1} + e_t: integrated autocorrelation time (1 + phi) / (1 - phi).
private func autoregressive(_ phi: Double, count: Int, seed: UInt64) -> [Double] {
    var rng = RandomStream(seed: seed)
    var x = 0.0
    return (0..<count).map { _ in
        x = phi * x + rng.normal()
        return x
    }
}

@Test func autocovarianceMatchesDirectSums() {
    let x = autoregressive(0.5, count: 300, seed: 1)
    let gamma = autocovariance(x)
    let m = x.reduce(0, +) / 300
    for lag in [0, 1, 7, 299] {
        var direct = 0.0
        for i in 0..<(300 - lag) { direct += (x[i] - m) * (x[i + lag] - m) }
        #expect(abs(gamma[lag] - direct / 300) < 1e-12)
    }
}

@Test func effectiveSampleSizeOfAutoregressiveSeries() {
    let n = 100_000
    let iid = effectiveSampleSize(autoregressive(0, count: n, seed: 2))
    #expect(abs(iid / Double(n) - 1) < 0.1, "iid ESS \(iid)")
    let phi = 0.9
    let ar = effectiveSampleSize(autoregressive(phi, count: n, seed: 3))
    let expected = Double(n) * (1 - phi) / (1 + phi)
    #expect(abs(ar / expected - 1) < 0.15, "AR(0.9) ESS \(ar), expected \(expected)")
    #expect(effectiveSampleSize([Double](repeating: 2, count: 100)).isNaN)
}

@Test func splitRHatFlagsDisagreeingChains() {
    let a = autoregressive(0.5, count: 4000, seed: 4), b = autoregressive(0.5, count: 4000, seed: 5)
    let agree = splitRHat([a, b])
    #expect(abs(agree - 1) < 0.01, "R-hat \(agree)")
    let shifted = splitRHat([a, b.map { $0 + 3 }])
    #expect(shifted > 1.5)
    // A trend within one chain is caught by the split.
    let trend = splitRHat([(0..<4000).map { Double($0) / 400 + a[$0] }])
    #expect(trend > 1.5)
}

@Test func correlationMatrixMatchesNumpy() {
    // numpy.corrcoef([[1,2,3,4],[2,4,6,8.5],[4,3,2,1]])[0,1] = 0.99838144
    let x = [1.0, 2, 3, 4], y = [2.0, 4, 6, 8.5], z = [4.0, 3, 2, 1]
    let r = correlationMatrix([x, y, z])
    #expect(r[0] == 1 && abs(r[1] - 0.99838144) < 1e-8 && abs(r[2] + 1) < 1e-12 && r[3] == r[1])
}

@Test func summaryOfKnownChains() throws {
    let c0 = Chain(dimension: 2, samples: [1, 10, 2, 20, 3, 30, 4, 40], costs: [0, 0, 0, 0], iterations: 4,
                   proposed: [4, 2], accepted: [2, 1], sigma1: [1, 1], sigma2: [0.1, 0.1], interrupted: false)
    let c1 = Chain(dimension: 2, samples: [5, 50, 6, 60, 7, 70, 8, 80], costs: [0, 0, 0, 0], iterations: 4,
                   proposed: [4, 2], accepted: [1, 1], sigma1: [1, 1], sigma2: [0.1, 0.1], interrupted: false)
    let post = try Posterior(chains: [c0, c1])
    let s = post.summary(level: 0.5)
    #expect(s.mean == [4.5, 45])
    #expect(s.median == [4.5, 45])
    #expect(s.lower == [2.75, 27.5] && s.upper == [6.25, 62.5])
    #expect(abs(s.correlation[1] - 1) < 1e-12)
    #expect(post.acceptanceRate(stage: 1) == 3.0 / 8 && post.acceptanceRate(stage: 2) == 0.5)
    #expect(post.overallAcceptance == 5.0 / 8)
    let trimmed = try post.trimmed(burn: 1, thin: 2)
    #expect(trimmed.column(0) == [2, 4, 6, 8])
}
