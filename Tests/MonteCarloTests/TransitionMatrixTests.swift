// The transition-matrix estimate of ln g: from the exact move counts of every 4x4
// Ising configuration it gives the exact density of states; from a walk it beats
// the walk's own Wang-Landau ln g at the same ln f; windows join their counts.
import Foundation
import Numerics
import Testing
@testable import MonteCarlo

@Suite struct TransitionMatrixTests {
    /// Every one of the 2^16 configurations of the 4x4 Ising model scanned once (each flip's ΔE from
    /// the energy recomputed from scratch): the counts of an ideal walk, whose estimate must be exact.
    @Test func exactCountsGiveTheExactDensity() throws {
        let (start, model) = try WangLandauIsingTests.ising(4)
        let exact = try DensityOfStates.exact(start, model: model, binWidth: 4, everyComposition: true)
        let first = exact.bins[0], count = exact.bins[exact.bins.count - 1] - first + 1
        var counts = TransitionCounts(bins: count)
        var energySums = [Double](repeating: 0, count: count), visits = [Int](repeating: 0, count: count)
        for code in 0..<(1 << 16) {
            var occ = (0..<16).map { UInt8((code >> $0) & 1) }
            let e = model.energy(of: occ)
            let k = DensityOfStates.bin(of: e, width: 4)
            var offsets: [Int] = []
            for i in 0..<16 {
                occ[i] ^= 1
                offsets.append(DensityOfStates.bin(of: model.energy(of: occ), width: 4) - k)
                occ[i] ^= 1
            }
            counts.scan(k - first, offsets: offsets, weights: Array(repeating: 1, count: 16))
            energySums[k - first] += e
            visits[k - first] += 1
        }
        let seen = visits.map { $0 > 0 }
        // A fallback far from the answer: within one connected set of levels it only sets the constant.
        let logG = try #require(try counts.logDensity(seen: seen, fallback: Array(repeating: 3, count: count), sites: 16))
        #expect(try counts.logDensity(seen: seen, fallback: Array(repeating: 3, count: count), sites: 16, stop: { true }) == nil)
        let dos = DensityOfStates(binWidth: 4, firstBin: first, logWeights: logG, energySums: energySums, visits: visits,
                                  logConfigurationCount: 16 * log(2.0), logFactor: 0, iterations: 0, sweeps: 0,
                                  converged: true, interrupted: false)
        #expect(dos.bins == exact.bins)
        // Exact to rounding: the weights span ten decades (an exactly known count is floored at variance 1e-10).
        for (a, b) in zip(dos.logDensity, exact.logDensity) { #expect(abs(a - b) < 1e-7, "\(dos.logDensity) against \(exact.logDensity)") }
    }

    /// The banded Cholesky solve of the estimate: exact on a small system, an error (not a clamped
    /// pivot) on a matrix that is not positive definite, nil when stopped.
    @Test func bandedSolveRefusesWhatIsNotPositiveDefinite() throws {
        // [[4, -1, 0], [-1, 4, -1], [0, -1, 4]] x = [3, 2, 3]: x = [1, 1, 1].
        let x = try #require(try solveBanded([4, 0, 4, -1, 4, -1], [3, 2, 3], halfWidth: 1))
        for v in x { #expect(abs(v - 1) < 1e-12, "\(x)") }
        #expect(throws: MonteCarloError.self) { try solveBanded([1, 0, 1, 2], [1, 1], halfWidth: 1) }   // [[1, 2], [2, 1]]
        #expect(try solveBanded([4, 0, 4, -1], [1, 1], halfWidth: 1, stop: { true }) == nil)
    }

    /// A walk of swaps counts every swap of its configuration: on a 4x4 Ising cell at 6 + 10 spins each
    /// site's swaps carry 1 / (its partners), and their bin offsets, from the energy recomputed from
    /// scratch after each swap, add up to the scanned row; a cell with more than 64 N swaps is not scanned.
    @Test func swapScansCountEverySwapOfTheConfiguration() throws {
        var rng = RandomStream(seed: 4)
        let start = try Configuration.random(siteCount: 16, counts: [6, 10], rng: &rng)
        let model = EnergyModel(clusters: try PairModel.ising(neighbours: .square(4), coupling: 1))
        let chain = MetropolisChain(model: model, configuration: start, moves: .swap, rng: RandomStream(seed: 1))
        var walk = WangLandauWalk(WangLandauSettings(binWidth: 4), energy: chain.energy)
        let k = DensityOfStates.bin(of: chain.energy, width: 4)
        chain.scanSwaps(ClusterKernel(model.clusters), &walk, bin: k)
        var occ = start.occupation
        var expected: [Int: Double] = [:]
        for i in 0..<16 {
            let partners = (0..<16).filter { occ[$0] != occ[i] }
            for j in partners {
                occ.swapAt(i, j)
                expected[DensityOfStates.bin(of: model.energy(of: occ), width: 4) - k, default: 0] += 1 / Double(partners.count)
                occ.swapAt(i, j)
            }
        }
        let counts = walk.transitions, span = counts.span
        #expect(counts.scans == [1] && expected.keys.allSatisfy { abs($0) <= span })
        for o in -span...span {
            #expect(abs(counts.moves[o + span] - (expected[o] ?? 0)) < 1e-12, "offset \(o): \(counts.moves) against \(expected)")
        }
        #expect(abs(counts.moves.reduce(0, +) - 16) < 1e-12)

        // 32 + 32 spins on 64 sites: 2,048 ordered swaps, under 64 N, scanned every ⌈2048/64⌉ = 32 sweeps;
        // 128 + 128 on 256 sites: 32,768, over 64 N, never scanned.
        func scans(_ L: Int, afterSweeps sweeps: Int) throws -> [Int] {
            let cell = try Configuration.random(siteCount: L * L, counts: [L * L / 2, L * L / 2], rng: &rng)
            let ising = EnergyModel(clusters: try PairModel.ising(neighbours: .square(L), coupling: 1))
            let chain = MetropolisChain(model: ising, configuration: cell, moves: .swap, rng: RandomStream(seed: 1))
            chain.attempts = sweeps * L * L
            var walk = WangLandauWalk(WangLandauSettings(binWidth: 4), energy: chain.energy)
            chain.scanSwaps(ClusterKernel(ising.clusters), &walk, bin: DensityOfStates.bin(of: chain.energy, width: 4))
            return walk.transitions.scans
        }
        #expect(try scans(8, afterSweeps: 1) == [0] && scans(8, afterSweeps: 32) == [1] && scans(8, afterSweeps: 64) == [1])
        #expect(try scans(16, afterSweeps: 0) == [0])
    }

    /// The largest |ln g - ln g exact| / ln g exact of a 4x4 walk with flips to ln f 1e-5, by both estimates.
    static func errors(seed: UInt64) throws -> (matrix: Double, wangLandau: Double) {
        let (start, model) = try WangLandauIsingTests.ising(4)
        var settings = WangLandauSettings(binWidth: 4, finalLogFactor: 1e-5, checkEvery: 20, moves: .flip)
        let matrix = try wangLandau(start, model: model, settings: settings, seed: seed)
        settings.estimate = .wangLandau
        // The same walk, its own ln g: resuming a converged walk at the same final ln f walks no further.
        let plain = try wangLandau(start, model: model, settings: settings, seed: seed, resume: matrix.state)
        #expect(matrix.estimate == .transitionMatrix && plain.estimate == .wangLandau && plain.sweeps == matrix.sweeps)
        return (WangLandauIsingTests.worstRelative(matrix, 4).worst, WangLandauIsingTests.worstRelative(plain, 4).worst)
    }

    /// On 4x4 with flips to ln f 1e-5, seeds 1 to 3 (transition matrix 0.021, 0.012, 0.034; Wang-Landau
    /// 0.060, 0.013, 0.047): the transition-matrix ln g is better at each seed, and its summed error
    /// under 0.7 of the Wang-Landau one (0.57).
    @Test func beatsWangLandauAtTheSameLogFactor() throws {
        var matrixSum = 0.0, plainSum = 0.0
        for seed: UInt64 in 1...3 {
            let (matrix, plain) = try Self.errors(seed: seed)
            print("4x4 flips, ln f 1e-5, seed \(seed): worst relative error of ln g \(matrix) transition matrix, \(plain) Wang-Landau")
            #expect(matrix < plain)
            matrixSum += matrix
            plainSum += plain
        }
        #expect(matrixSum < 0.7 * plainSum)
    }

    /// The production stage holds ln g fixed: the walk's own ln g is the one it reached without it, the
    /// sweeps are exactly M more, a resumed converged walk walks only the missing production sweeps, and
    /// a walk stopped in the middle of the stage and resumed gives the same bytes as one that was not.
    @Test func productionHoldsLnGFixed() throws {
        let (start, model) = try WangLandauIsingTests.ising(4)
        var settings = WangLandauSettings(binWidth: 4, finalLogFactor: 1e-3, checkEvery: 10, moves: .flip, estimate: .wangLandau)
        let plain = try wangLandau(start, model: model, settings: settings, seed: 6)
        settings.productionSweeps = 500
        let produced = try wangLandau(start, model: model, settings: settings, seed: 6)
        #expect(produced.converged && produced.logDensity == plain.logDensity && produced.sweeps == plain.sweeps + 500)
        let resumed = try wangLandau(start, model: model, settings: settings, seed: 6, resume: plain.state)
        #expect(resumed.sweeps == produced.sweeps)
        settings.estimate = .transitionMatrix
        let whole = try wangLandau(start, model: model, settings: settings, seed: 6)
        var polls = 0
        let stopped = try wangLandau(start, model: model, settings: settings, seed: 6,
                                     stop: { polls += 1; return polls == plain.sweeps + 200 })
        #expect(stopped.interrupted && !stopped.converged)
        let carried = try wangLandau(start, model: model, settings: settings, seed: 6, resume: stopped.state)
        #expect(carried.converged && carried.sweeps == whole.sweeps && carried.logDensity == whole.logDensity)
        #expect(throws: MonteCarloError.self) {
            try wangLandau(start, model: model, settings: WangLandauSettings(binWidth: 4, moves: .flip, productionSweeps: -1), seed: 1)
        }
    }

    /// Unbiased counts from a production stage after a short walk: 4x4 with flips to ln f 1e-3, seeds 1 to 3,
    /// worst relative error of the transition-matrix ln g 0.072, 0.016, 0.191 without, 0.023, 0.029, 0.031
    /// with 20,000 production sweeps (seed 2 was lucky without): the sum (0.28 against 0.083) under half.
    @Test func productionImprovesTheEstimate() throws {
        let (start, model) = try WangLandauIsingTests.ising(4)
        var without = 0.0, with = 0.0
        for seed: UInt64 in 1...3 {
            var settings = WangLandauSettings(binWidth: 4, finalLogFactor: 1e-3, checkEvery: 10, moves: .flip)
            let short = WangLandauIsingTests.worstRelative(try wangLandau(start, model: model, settings: settings, seed: seed), 4)
            settings.productionSweeps = 20_000
            let long = WangLandauIsingTests.worstRelative(try wangLandau(start, model: model, settings: settings, seed: seed), 4)
            print("4x4 flips, ln f 1e-3, seed \(seed): worst relative error of ln g \(short.worst) without production, \(long.worst) with 20,000 sweeps")
            #expect(long.sameLevels)
            without += short.worst
            with += long.worst
        }
        #expect(with < 0.5 * without)
    }

    /// A window sent to another rank keeps its transition counts bit for bit; counts that do not
    /// fit their bins are refused.
    @Test func countsTravelBetweenRanks() throws {
        let (start, model) = try WangLandauIsingTests.ising(4)
        let dos = try wangLandau(start, model: model, settings: WangLandauSettings(binWidth: 4, finalLogFactor: 1e-2, checkEvery: 10,
                                                                                 moves: .flip), seed: 4)
        let walk = try #require(dos.state?.windows.first?.walk)
        #expect(walk.transitions.span == 2 && walk.transitions.scans.reduce(0, +) > 0)
        var out = RankBytes()
        walk.transitions.write(to: &out)
        var input = RankBytes.Reader(out.bytes)
        #expect(try TransitionCounts(from: &input) == walk.transitions)
        #expect(throws: MonteCarloError.self) {
            try TransitionCounts(span: 2, proposals: [1, 2], pairs: [0, 0, 0, 0, 0], scans: [0, 0], moves: [], squares: [])
        }
    }
}
