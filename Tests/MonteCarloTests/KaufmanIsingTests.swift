// The exact finite-lattice Ising results the Wang-Landau tests compare with, checked
// themselves: Kaufman's Z and Beale's g(E) of the 4x4 torus against brute force over
// all 2^16 configurations, and the 16x16 g(E) against counts known by hand.
import Foundation
import Testing

@Suite struct KaufmanIsingTests {
    @Test func fourByFourEqualsBruteForce() {
        var counts = [Int](repeating: 0, count: 17)
        for code in 0..<(1 << 16) {
            let occ = (0..<16).map { UInt8((code >> $0) & 1) }
            let e = ExactEnumerationTests.isingEnergy(occ, size: 4)
            counts[Int((e + 32) / 4)] += 1
        }
        let exact = KaufmanIsing.logDensity(4)
        for j in 0...16 {
            if counts[j] == 0 {
                #expect(exact[j] == -.infinity, "j \(j)")
            } else {
                #expect(abs(exact[j] - log(Double(counts[j]))) < 1e-9, "j \(j): \(exact[j]) vs ln \(counts[j])")
            }
        }
        for kT in [1.0, 2.269, 5.0] {
            var z = 0.0
            for j in 0...16 { z += Double(counts[j]) * exp(-Double(-32 + 4 * j) / kT) }
            #expect(abs(KaufmanIsing.logZ(4, K: 1 / kT) - log(z)) < 1e-11)
        }
    }

    @Test func sixteenBySixteenCounts() {
        let g = KaufmanIsing.logDensity(16)
        // Ground states 2; one flipped spin 2·256; two neighbours flipped 2·512; Σ g = 2^256.
        #expect(abs(exp(g[0]) - 2) < 1e-9)
        #expect(g[1] == -.infinity)
        #expect(abs(exp(g[2]) - 512) < 1e-8)
        #expect(abs(exp(g[3]) - 1024) < 1e-8)
        let top = g.max() ?? 0
        let total = top + log(g.reduce(0) { $0 + exp($1 - top) })
        #expect(abs(total - 256 * log(2)) < 1e-10)
        for j in 0...256 where g[j].isFinite { #expect(abs(g[j] - g[256 - j]) < 1e-12) }
    }
}
