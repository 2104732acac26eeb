// The Gaussian-process surrogate, expected improvement, Bayesian optimisation
// and the 1-D Gaussian mixture: closed forms, a smooth maximum, thread
// independence, and scikit-learn's mixture on the same data.
import Testing
import Foundation
import PeerSupport
@testable import Numerics

@Test func gaussianProcessInterpolatesAndWidensAwayFromData() throws {
    let x = [[0.1], [0.3], [0.5], [0.7], [0.9]]
    let y = x.map { sin(6 * $0[0]) }
    let gp = try GaussianProcess(points: x, values: y)
    for (p, v) in zip(gp.predict(x), y) {
        #expect(abs(p.mean - v) < 1e-3)
        #expect(p.sd < 0.05)
    }
    let far = gp.predict([[0.2], [2.0]])
    #expect(far[1].sd > far[0].sd)
}

@Test func expectedImprovementMatchesItsClosedForm() {
    // EI = (μ - f* - ξ) Φ(z) + σ φ(z), z = (μ - f* - ξ)/σ; at z = 0 it is σ/√(2π).
    #expect(abs(expectedImprovement(mean: 1.0, sd: 0.5, best: 1.0, xi: 0) - 0.5 / (2 * Double.pi).squareRoot()) < 1e-15)
    #expect(abs(expectedImprovement(mean: 2.0, sd: 1e-15, best: 1.0, xi: 0) - 1.0) < 1e-12)
    let z = 0.3 / 0.4, phi = exp(-z * z / 2) / (2 * Double.pi).squareRoot(), cdf = 0.5 * erfc(-z / 2.0.squareRoot())
    #expect(abs(expectedImprovement(mean: 1.3, sd: 0.4, best: 1.0, xi: 0) - (0.3 * cdf + 0.4 * phi)) < 1e-14)
}

@Test func bayesianOptimisationFindsASmoothMaximumTheSameOnAnyThreadCount() throws {
    var bo = BayesianOptimizer(lower: [0, 0], upper: [1, 2], seed: 4)
    bo.calls = 40
    bo.candidates = 500
    let f: ([Double]) -> Double = { -pow($0[0] - 0.3, 2) - pow($0[1] - 1.2, 2) }
    let one = try bo.maximize(threads: 1, f)
    let two = try bo.maximize(threads: 2, f)
    #expect(abs(one.best.point[0] - 0.3) < 0.05 && abs(one.best.point[1] - 1.2) < 0.05)
    #expect(one.history.map(\.point) == two.history.map(\.point))
    #expect(one.history.count == 40)
}

@Test func gaussianMixtureAgreesWithScikitLearn() throws {
    var rng = RandomStream(seed: 12)
    var values: [Double] = []
    for (mean, sd, n) in [(3.1, 0.15, 300), (3.9, 0.12, 500), (4.6, 0.1, 200)] {
        for _ in 0..<n { values.append(rng.normal(mean: mean, sd: sd)) }
    }
    let gm = try GaussianMixture1D(fitting: values, components: 3)
    #expect(gm.converged)
    let theirs = try Peer.doubles("""
        import sys, numpy as np
        from sklearn.mixture import GaussianMixture
        x = np.array([float.fromhex(t) for t in sys.argv[1:]]).reshape(-1, 1)
        g = GaussianMixture(3, tol=1e-12, max_iter=5000, n_init=5, random_state=0).fit(x)
        o = np.argsort(g.means_.ravel())
        print(*[repr(float(v)) for v in list(g.means_.ravel()[o]) + list(np.sqrt(g.covariances_.ravel()[o])) + list(g.weights_[o])])
        """, arguments: values.map { $0.hexString })
    for c in 0..<3 {
        #expect(abs(gm.means[c] - theirs[c]) < 1e-4)
        #expect(abs(gm.standardDeviations[c] - theirs[3 + c]) < 1e-4)
        #expect(abs(gm.weights[c] - theirs[6 + c]) < 1e-4)
    }
    let b = gm.boundaries
    #expect(b.count == 2 && b[0] > 3.1 && b[0] < 3.9 && b[1] > 3.9 && b[1] < 4.6)
}

private extension Double {
    var hexString: String { String(format: "%a", self) }
}
