// Wang-Landau densities of states against exact enumeration of every
// configuration: the 4x4 square Ising model at zero magnetisation (12,870
// configurations), ln g per level and F, U, S, C at several temperatures.
import Foundation
import Testing
@testable import MonteCarlo

@Suite struct WangLandauTests {
    static let size = 4

    static func isingStart(seed: UInt64 = 1) throws -> (Configuration, EnergyModel) {
        var rng = RandomStream(seed: seed)
        let start = try Configuration.random(siteCount: size * size, counts: [8, 8], rng: &rng)
        let model = EnergyModel(clusters: try PairModel.ising(neighbours: .square(size), coupling: 1))
        return (start, model)
    }

    /// Brute force over all 2^16 occupations with the energy written independently of the tables:
    /// the number of configurations of each energy at 8 of each species.
    static func bruteForceCounts() -> [Double: Int] {
        var counts: [Double: Int] = [:]
        for code in 0..<(1 << 16) where code.nonzeroBitCount == 8 {
            let occ = (0..<16).map { UInt8((code >> $0) & 1) }
            counts[ExactEnumerationTests.isingEnergy(occ, size: size), default: 0] += 1
        }
        return counts
    }

    @Test func exactDensityCountsEveryConfiguration() throws {
        let (start, model) = try Self.isingStart()
        let dos = try DensityOfStates.exact(start, model: model, binWidth: 1)
        let brute = Self.bruteForceCounts()
        #expect(dos.sweeps == 12_870)
        #expect(abs(dos.logConfigurationCount - log(12_870.0)) < 1e-12)
        #expect(dos.energies.count == brute.count)
        for (e, lg) in zip(dos.energies, dos.logDensity) {
            let count = try #require(brute[e.rounded()], "energy \(e) is not a level of the brute-force count")
            #expect(abs(lg - log(Double(count))) < 1e-9, "ln g(\(e)) = \(lg), brute force ln \(count)")
        }
        // Thermodynamics from the exact density equal a direct Boltzmann sum.
        for kT in [0.5, 2.0, 10.0] {
            let t = dos.thermodynamics(kT: kT)
            var z = 0.0, u = 0.0
            for (e, c) in brute { z += Double(c) * exp(-e / kT); u += Double(c) * e * exp(-e / kT) }
            #expect(abs(t.freeEnergy - -kT * log(z)) < 1e-9)
            #expect(abs(t.energy - u / z) < 1e-9)
            #expect(abs(t.entropy - (t.energy - t.freeEnergy) / kT) < 1e-12)
        }
        // kT → ∞: the entropy is ln of the number of configurations.
        #expect(abs(dos.thermodynamics(kT: 1e9).entropy - log(12_870.0)) < 1e-6)
    }

    @Test func wangLandauMatchesExactEnumeration() throws {
        let (start, model) = try Self.isingStart()
        let exact = try DensityOfStates.exact(start, model: model, binWidth: 1)
        let dos = try wangLandau(start, model: model, settings: WangLandauSettings(binWidth: 1, finalLogFactor: 1e-5, checkEvery: 20),
                                 seed: 11)
        #expect(dos.converged)
        #expect(!dos.interrupted)
        #expect(dos.bins == exact.bins, "Wang-Landau reached levels \(dos.bins), exact \(exact.bins)")
        var worst = 0.0
        for (k, lg) in zip(dos.bins, dos.logDensity) {
            let e = try #require(exact.logDensity(ofBin: k))
            worst = max(worst, abs(lg - e))
        }
        print("Wang-Landau 4x4 Ising: \(dos.iterations) iterations, \(dos.sweeps) sweeps, max |Δ ln g| = \(worst)")
        #expect(worst < 0.04)   // seed 11: 0.012 (seeds 1 to 12: 0.012 to 0.051)
        for kT in [1.0, 2.0, 2.5, 4.0] {
            let w = dos.thermodynamics(kT: kT), x = exact.thermodynamics(kT: kT)
            print("kT \(kT): F \(w.freeEnergy) vs \(x.freeEnergy), U \(w.energy) vs \(x.energy), S \(w.entropy) vs \(x.entropy), C \(w.heatCapacity) vs \(x.heatCapacity)")
            // Seed 11 gives at most 0.063 %, 0.20 %, 0.38 % and 0.91 % (kT 1 to 4): the bounds leave a margin.
            #expect(abs(w.freeEnergy - x.freeEnergy) < 0.003 * abs(x.freeEnergy))
            #expect(abs(w.energy - x.energy) < 0.005 * abs(x.energy))
            #expect(abs(w.entropy - x.entropy) < 0.01 * abs(x.entropy))
            #expect(abs(w.heatCapacity - x.heatCapacity) < 0.03 * abs(x.heatCapacity))
        }
    }

    @Test func sameSeedSameDensity() throws {
        let (start, model) = try Self.isingStart()
        let settings = WangLandauSettings(binWidth: 1, finalLogFactor: 1e-2, checkEvery: 10)
        let a = try wangLandau(start, model: model, settings: settings, seed: 3)
        let b = try wangLandau(start, model: model, settings: settings, seed: 3)
        let c = try wangLandau(start, model: model, settings: settings, seed: 4)
        #expect(a.logDensity == b.logDensity && a.sweeps == b.sweeps)
        #expect(a.logDensity != c.logDensity)
    }

    @Test func interruptReturnsThePartialDensity() throws {
        let (start, model) = try Self.isingStart()
        var polls = 0
        let dos = try wangLandau(start, model: model, settings: WangLandauSettings(binWidth: 1, checkEvery: 10), seed: 3,
                                 stop: { polls += 1; return polls > 25 })
        #expect(dos.interrupted)
        #expect(!dos.converged)
        #expect(dos.sweeps == 25)
        #expect(abs(log(dos.logDensity.reduce(0) { $0 + exp($1) }) - log(12_870.0)) < 1e-9)
    }

    @Test func badSettingsAreRefused() throws {
        let (start, model) = try Self.isingStart()
        #expect(throws: MonteCarloError.self) { try wangLandau(start, model: model, settings: WangLandauSettings(binWidth: 0), seed: 1) }
        #expect(throws: MonteCarloError.self) {
            try wangLandau(start, model: model, settings: WangLandauSettings(binWidth: 1, flatness: 1.5), seed: 1)
        }
        #expect(throws: MonteCarloError.self) {
            try wangLandau(start, model: model, settings: WangLandauSettings(binWidth: 1e-300), seed: 1)
        }
        var rng = RandomStream(seed: 1)
        let big = try Configuration.random(siteCount: 64, counts: [32, 32], rng: &rng)
        let bigModel = EnergyModel(clusters: try PairModel.ising(neighbours: .square(8), coupling: 1))
        #expect(throws: MonteCarloError.self) { try DensityOfStates.exact(big, model: bigModel, binWidth: 1) }
    }
}

/// Wang-Landau with flips on the square Ising model against the exact finite-lattice results.
@Suite struct WangLandauIsingTests {
    static func ising(_ L: Int, seed: UInt64 = 1) throws -> (Configuration, EnergyModel) {
        var rng = RandomStream(seed: seed)
        let start = try Configuration.random(siteCount: L * L, counts: [L * L / 2, L * L / 2], rng: &rng)
        return (start, EnergyModel(clusters: try PairModel.ising(neighbours: .square(L), coupling: 1)))
    }

    /// The largest |ln g - ln g exact| / ln g exact over the levels, and whether the levels agree.
    static func worstRelative(_ dos: DensityOfStates, _ L: Int) -> (worst: Double, sameLevels: Bool) {
        let exact = KaufmanIsing.logDensity(L)
        let n = L * L
        var worst = 0.0
        for (e, lg) in zip(dos.energies, dos.logDensity) {
            let j = Int(((e + Double(2 * n)) / 4).rounded())
            worst = max(worst, abs(lg - exact[j]) / abs(exact[j]))
        }
        let levels = exact.indices.filter { exact[$0].isFinite }.map { -2 * n + 4 * $0 }
        return (worst, dos.energies.map { Int($0.rounded()) } == levels)
    }

    /// F per site against Kaufman's exact finite-lattice value at temperatures below, at and above T_c.
    static func worstFreeEnergy(_ dos: DensityOfStates, _ L: Int) -> Double {
        [1.5, 2.269, 3.0].map { kT in
            abs(dos.thermodynamics(kT: kT).freeEnergy / Double(L * L) - KaufmanIsing.freeEnergyPerSite(L, kT: kT))
        }.max() ?? .infinity
    }

    /// 4x4 with flips (every magnetisation, 2^16 configurations) to ln f = 1e-6: ln g (transition-matrix
    /// estimate) within 0.3 % of the exact count at every level (Σ g = 2^16 for both), F within 1e-3 per site of Kaufman's.
    @Test func fourByFourFlipsMatchExact() throws {
        let (start, model) = try Self.ising(4)
        let dos = try wangLandau(start, model: model, settings: WangLandauSettings(binWidth: 4, finalLogFactor: 1e-6, checkEvery: 20,
                                                                                 moves: .flip), seed: 1)
        let exact = try DensityOfStates.exact(start, model: model, binWidth: 4, everyComposition: true)
        #expect(dos.converged)
        #expect(exact.sweeps == 1 << 16)
        #expect(dos.bins == exact.bins)
        let (worst, sameLevels) = Self.worstRelative(dos, 4)
        #expect(sameLevels)
        // Exact enumeration in the engine equals Beale's g from Kaufman's formula.
        #expect(Self.worstRelative(exact, 4).worst < 1e-9)
        print("Wang-Landau 4x4 Ising, flips, ln f 1e-6: \(dos.sweeps) sweeps, largest relative error of ln g \(worst)")
        #expect(worst < 0.003)   // seed 1: 0.0012 by the transition-matrix estimate (0.0087 by the walk's own ln g)
        #expect(Self.worstFreeEnergy(dos, 4) < 1e-3)
    }

    /// 16x16 with flips to ln f 1e-4, normalised as Wang and Landau did by the ground-state degeneracies
    /// known beforehand: g(-512) = 2 and, the torus being bipartite, the Néel g(512) = 2 (Σ g = 2^256
    /// kept). Every one of the 255 levels lies within 1 % of Beale's exact ln g: 0.23 % here, and 0.22,
    /// 0.42 and 0.26 % for `bench/wl/ising.ce` at this ln f, seeds 1 to 3 (another start; to ln f 1e-6:
    /// 0.080, 0.067 and 0.045 %). By Σ g alone the ends are off by 30 to 39 % at this ln f (34 % here):
    /// 0.2 to 0.3 in ln g = ln 2, the sum of the small errors of every ratio g(E + 4)/g(E) over the
    /// slowly mixing ordered levels, which the known ends remove.
    @Test func sixteenBySixteenPinnedAtBothGroundStatesMatchesBeale() throws {
        let (start, model) = try Self.ising(16)
        let walked = try wangLandau(start, model: model, settings: WangLandauSettings(binWidth: 4, finalLogFactor: 1e-4, checkEvery: 20,
                                                                                    moves: .flip), seed: 2)
        let pinned = try walked.normalised(to: [KnownDegeneracy(energy: -512, degeneracy: 2), KnownDegeneracy(energy: 512, degeneracy: 2)])
        let (worst, sameLevels) = Self.worstRelative(pinned, 16)
        let unpinned = Self.worstRelative(walked, 16).worst
        print("Wang-Landau 16x16 Ising, flips, ln f 1e-4, seed 2: largest relative error of ln g \(worst) with g(±512) = 2 known, \(unpinned) by Σ g alone")
        #expect(walked.converged && sameLevels)
        #expect(worst < 0.01)
    }

    /// Windows in parallel: the same bytes on one thread or three; joined (ln g from the windows' added
    /// transition counts), the levels of the exact result.
    @Test func windowsAreIdenticalForAnyThreadCount() throws {
        let (start, model) = try Self.ising(8)
        let settings = WangLandauSettings(binWidth: 4, finalLogFactor: 1e-4, checkEvery: 20, moves: .flip,
                                          windows: [-128 ... -40, -60 ... 20, 0 ... 128])
        let one = try wangLandau(start, model: model, settings: settings, seed: 5, threads: 1)
        let two = try wangLandau(start, model: model, settings: settings, seed: 5, threads: 3)
        #expect(one.logDensity == two.logDensity)
        #expect(one.energies == two.energies && one.sweeps == two.sweeps)
        #expect(one.converged)
        let (worst, sameLevels) = Self.worstRelative(one, 8)
        #expect(sameLevels, "levels \(one.energies)")
        print("Wang-Landau 8x8 Ising, 3 windows, ln f 1e-4: largest relative error of ln g \(worst)")
        // ln f 1e-4 is far from converged (one window, seed 5, Wang-Landau's own ln g: 0.37 and 6.1e-3 per
        // site; joined windows 0.46 and 7.3e-3, 0.21 by the transition matrix); a wrong join is off by whole units of ln g.
        #expect(worst < 0.6)
        #expect(worst < 0.3)   // the windows' transition counts add up: seed 5, 0.21 (Wang-Landau's own ln g: 0.46)
        #expect(Self.worstFreeEnergy(one, 8) < 0.012)
    }

    /// The kT (step 0.001 from 1.8 to 3.2) where `capacity` is largest.
    static func peak(_ capacity: (Double) -> Double) -> Double {
        let grid = (0...1400).map { 1.8 + Double($0) / 1000 }
        return grid.max { capacity($0) < capacity($1) } ?? .nan
    }

    /// The heat-capacity peak of 8x8 (flips, ln f to 1e-5) at the exact finite-size position of
    /// Kaufman's C(T): kT 2.362 for L = 8, against 2.269 for the infinite lattice. The walk's own
    /// scatter sets the bound: seeds 1 to 6 put the peak at 2.347, 2.370, 2.351, 2.375, 2.336 and
    /// 2.368, so 0.03, a third of the finite-size shift (a peak at the infinite-lattice or the 32x32
    /// position fails). 32x32, too slow for a debug test, is `mc.wang_landau_ising_32` in scripts/bench.
    @Test func eightByEightHeatCapacityPeak() throws {
        let (start, model) = try Self.ising(8)
        let dos = try wangLandau(start, model: model, settings: WangLandauSettings(binWidth: 4, finalLogFactor: 1e-5, checkEvery: 20,
                                                                                 moves: .flip), seed: 1)
        let exact = Self.peak { KaufmanIsing.heatCapacityPerSite(8, kT: $0) }
        let walked = Self.peak { dos.thermodynamics(kT: $0).heatCapacity }
        print("Wang-Landau 8x8 Ising, flips, ln f 1e-5 (\(dos.sweeps) sweeps): C(T) peak at kT \(walked), exact \(exact)")
        #expect(dos.converged)
        #expect(abs(exact - 2.362) < 0.001)
        #expect(abs(walked - exact) < 0.03)   // seed 1: 0.015
    }

    @Test func windowsThatDoNotOverlapAreRefused() throws {
        let (start, model) = try Self.ising(4)
        let apart = WangLandauSettings(binWidth: 4, moves: .flip, windows: [-32 ... -8, -4 ... 32])
        let error = #expect(throws: MonteCarloError.self) { try wangLandau(start, model: model, settings: apart, seed: 1) }
        #expect(error?.message.contains("windows 1 [-32.0, -8.0] and 2 [-4.0, 32.0] do not overlap") == true, "\(String(describing: error))")
        let descending = WangLandauSettings(binWidth: 4, moves: .flip, windows: [0 ... 32, -32 ... 8])
        #expect(throws: MonteCarloError.self) { try wangLandau(start, model: model, settings: descending, seed: 1) }
    }

    /// Ctrl-C keeps the whole walk: resuming the partial result gives the uninterrupted walk, byte for byte.
    @Test func resumeAfterInterruptEqualsOneWalk() throws {
        let (start, model) = try Self.ising(4)
        let settings = WangLandauSettings(binWidth: 4, finalLogFactor: 1e-3, checkEvery: 10, moves: .flip,
                                          windows: [-32 ... 0, -12 ... 32])
        let whole = try wangLandau(start, model: model, settings: settings, seed: 9, threads: 1)
        var polls = 0
        let partial = try wangLandau(start, model: model, settings: settings, seed: 9, threads: 1, stop: { polls += 1; return polls == 37 })
        #expect(partial.interrupted && !partial.converged)
        #expect(partial.sweeps < whole.sweeps)
        let state = try #require(partial.state)
        let resumed = try wangLandau(start, model: model, settings: settings, seed: 123, resume: state, threads: 1)
        #expect(!resumed.interrupted && resumed.converged)
        #expect(resumed.logDensity == whole.logDensity)
        #expect(resumed.sweeps == whole.sweeps && resumed.logFactor == whole.logFactor && resumed.iterations == whole.iterations)
        // A converged walk carries on to a smaller ln f; changing its bins is refused.
        var further = settings
        further.finalLogFactor = 1e-4
        let deeper = try wangLandau(start, model: model, settings: further, seed: 1, resume: try #require(whole.state), threads: 1)
        #expect(deeper.converged && deeper.logFactor < 1e-4 && deeper.sweeps > whole.sweeps)
        var other = settings
        other.binWidth = 8
        #expect(throws: MonteCarloError.self) { try wangLandau(start, model: model, settings: other, seed: 1, resume: state) }
    }
}
