import Testing
@testable import Numerics

@Suite struct RandomStreamTests {
    @Test func sameSeedSameStream() {
        var a = RandomStream(seed: 7, stream: 2)
        var b = RandomStream(seed: 7, stream: 2)
        for _ in 0..<1000 { #expect(a.next() == b.next()) }
    }

    @Test func streamsDiffer() {
        var a = RandomStream(seed: 7, stream: 0)
        var b = RandomStream(seed: 7, stream: 1)
        var same = 0
        for _ in 0..<1000 where a.next() == b.next() { same += 1 }
        #expect(same == 0)
    }

    @Test func uniformMomentsAndBounds() {
        var rng = RandomStream(seed: 1)
        let n = 200_000
        var sum = 0.0, sumSq = 0.0
        for _ in 0..<n {
            let u = rng.uniform()
            #expect(u >= 0 && u < 1)
            sum += u; sumSq += u * u
        }
        let mean = sum / Double(n)
        let variance = sumSq / Double(n) - mean * mean
        // Standard error of the mean is sqrt(1/12/n) ~ 6.5e-4.
        #expect(abs(mean - 0.5) < 4e-3)
        #expect(abs(variance - 1.0 / 12) < 2e-3)
    }

    @Test func intBelowIsUniform() {
        var rng = RandomStream(seed: 3)
        var counts = [Int](repeating: 0, count: 7)
        let n = 70_000
        for _ in 0..<n { counts[rng.int(below: 7)] += 1 }
        // Chi-square with 6 degrees of freedom; 22.46 is the 0.999 quantile.
        let expected = Double(n) / 7
        let chi2 = counts.reduce(0.0) { $0 + pow2(Double($1) - expected) / expected }
        #expect(chi2 < 22.46)
    }

    @Test func normalMoments() {
        var rng = RandomStream(seed: 11)
        let n = 200_000
        var sum = 0.0, sumSq = 0.0
        for _ in 0..<n { let z = rng.normal(); sum += z; sumSq += z * z }
        #expect(abs(sum / Double(n)) < 0.01)
        #expect(abs(sumSq / Double(n) - 1) < 0.015)
    }

    @Test func parallelMapKeepsOrderForAnyThreadCount() {
        let serial = parallelMap(37, threads: 1) { i -> UInt64 in
            var r = RandomStream(seed: 5, stream: UInt64(i)); return r.next()
        }
        let parallel = parallelMap(37, threads: 4) { i -> UInt64 in
            var r = RandomStream(seed: 5, stream: UInt64(i)); return r.next()
        }
        #expect(serial == parallel)
    }

    private func pow2(_ x: Double) -> Double { x * x }
}
