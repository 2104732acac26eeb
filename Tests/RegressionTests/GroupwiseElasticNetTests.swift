// Seed 000's own procedure (point terms by LassoCV, then one pass of group-wise elastic
// nets) against an independent scikit-learn implementation, and weighted least squares
// against NumPy.
import Foundation
import PeerSupport
import Testing
@testable import Regression

@Suite struct GroupwiseElasticNetTests {
    /// The stand-in layout of `standin()`: constant, three point groups, orbits, an Ewald-like column.
    static let ids = (0..<12).flatMap { [Int](repeating: $0, count: 1 + $0 % 5) }

    @Test func matchesScikitLearnImplementation() throws {
        let data = try StandInData(groupIDs: Self.ids, rows: 120, seed: 4, activeGroups: 4)
        let problem = try RegressionProblem(features: data.features, energies: data.energies, groups: data.groups)
        let points = Self.ids.indices.filter { (1...3).contains(Self.ids[$0]) }
        for (alpha, mix) in [(0.01, 0.5), (0.003, 0.25), (0.02, 1.0)] {
            var est = Estimator(method: .groupwiseElasticNet, alpha: alpha, mix: mix)
            est.pointColumns = points
            est.settings.tolerance = 1e-12
            let ours = try est.fit(problem)
            #expect(ours.convergence.converged)
            let peer = try TestSupport.peerGroupwise(data.features, data.energies, Self.ids, points: points,
                                                     alpha: alpha, mix: mix)
            #expect(abs(ours.intercept - peer.intercept) < 1e-7 * max(1, abs(peer.intercept)))
            let scale = peer.eci.reduce(0) { max($0, abs($1)) }
            let worst = zip(ours.eci, peer.eci).reduce(0) { max($0, abs($1.0 - $1.1)) }
            #expect(worst < 1e-7 * scale, "alpha \(alpha) mix \(mix): ECIs differ by \(worst) (largest \(scale))")
            #expect(zip(ours.eci, peer.eci).allSatisfy { ($0 == 0) == (abs($1) < 1e-12) })
        }
    }

    @Test func weightedLeastSquaresEqualsNumpy() throws {
        var rng = RandomStream(seed: 9)
        let n = 40, p = 6
        var x = Matrix(rows: n, columns: p)
        for k in 0..<x.storage.count { x.storage[k] = rng.normal() }
        let y = (0..<n).map { _ in rng.normal() }
        let w = (0..<n).map { _ in rng.uniform(0.1, 3) }
        let problem = try RegressionProblem(features: x, energies: y, weights: w)
        let fit = try Estimator(method: .leastSquares).fit(problem)
        let script = """
        import numpy as np, sys
        n, p = \(n), \(p)
        X = np.array([\(x.rowMajor.map { "\($0)" }.joined(separator: ","))]).reshape(n, p)
        y = np.array([\(y.map { "\($0)" }.joined(separator: ","))])
        w = np.array([\(w.map { "\($0)" }.joined(separator: ","))])
        A = np.hstack([np.ones((n, 1)), X]) * np.sqrt(w)[:, None]
        c = np.linalg.lstsq(A, y * np.sqrt(w), rcond=None)[0]
        print(" ".join(float.hex(v) for v in c))
        """
        let peer = try Peer.doubles(script)
        #expect(peer.count == p + 1)
        #expect(abs(fit.intercept - peer[0]) <= 1e-10 * max(1, abs(peer[0])))
        for j in 0..<p { #expect(abs(fit.eci[j] - peer[j + 1]) <= 1e-10 * max(1, abs(peer[j + 1]))) }
    }
}
