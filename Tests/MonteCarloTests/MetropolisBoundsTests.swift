// The Metropolis test decides most draws by cubic bounds on exp(-x) and calls exp
// only in the band between them: its decisions must be exactly those of u < exp(-x).
import Foundation
import Testing
@testable import MonteCarlo

@Suite struct MetropolisBoundsTests {
    /// `decided(x, u)`, when not nil, equals `u < exp(-x)`; returns whether it decided.
    @discardableResult
    func check(_ x: Double, _ u: Double, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        guard let outcome = MetropolisChain.decided(x, u) else { return false }
        #expect(outcome == (u < exp(-x)), "x \(x) u \(u): bounds say \(outcome)", sourceLocation: sourceLocation)
        return true
    }

    /// Two million random pairs over x from 1e-12 to 1e3 (log-uniform) and from 0 to 6 (uniform), u as
    /// the chain draws it (multiples of 2^-53 in [0, 1)): every decision agrees, and the bounds decide
    /// most draws (so the test also fails if they stop deciding anything).
    @Test func randomPairsDecideAsExp() {
        var rng = RandomStream(seed: 11)
        var decided = 0, total = 0
        for k in 0..<2_000_000 {
            let x = k % 2 == 0 ? pow(10, rng.uniform(-12, 3)) : rng.uniform(0, 6)
            if check(x, rng.uniform()) { decided += 1 }
            total += 1
        }
        print("Metropolis bounds: \(decided) of \(total) random draws decided without exp")
        #expect(Double(decided) > 0.9 * Double(total))
    }

    /// The edges: u at exp(-x) itself and its neighbours, at each bound and its neighbours, u = 0 and the
    /// largest draw, x tiny, near the root of the lower bound (1.596), huge, infinite and NaN.
    @Test func edgesDecideAsExp() {
        var xs: [Double] = [5e-324, 1e-300, 1e-16, 1e-12, 1e-9, 1e-6, 1e-3, 0.1, 0.5, 1, 1.5, 1.59, 1.596, 1.5961, 1.6, 2, 5,
                            10, 36, 37, 100, 700, 745, 746, 1e10, 1e100, 1e200, .greatestFiniteMagnitude, .infinity, .nan]
        var rng = RandomStream(seed: 5)
        for _ in 0..<2000 { xs.append(rng.uniform(0, 3)) }
        for x in xs {
            let p = exp(-x)
            let above = 1 / (1 + x * (1 + x * (0.5 + x / 6)))
            let below = 1 - x * (1 - x * (0.5 - x / 6))
            var us: [Double] = [0, 0x1.0p-53, 0.5, 1 - 0x1.0p-53]
            for centre in [p, above, below] where centre.isFinite {
                var low = centre, high = centre
                for _ in 0..<4 { us += [low, high]; low = low.nextDown; high = high.nextUp }
                // The chain's draws nearest the centre (multiples of 2^-53).
                let grid = (centre * 0x1.0p53).rounded(.down)
                for d in -2...2 { us.append((grid + Double(d)) * 0x1.0p-53) }
            }
            for u in us where u >= 0 && u < 1 { check(x, u) }
        }
    }
}
