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
        #expect(worst < 0.04)   // seed 11: 0.019
        for kT in [1.0, 2.0, 2.5, 4.0] {
            let w = dos.thermodynamics(kT: kT), x = exact.thermodynamics(kT: kT)
            print("kT \(kT): F \(w.freeEnergy) vs \(x.freeEnergy), U \(w.energy) vs \(x.energy), S \(w.entropy) vs \(x.entropy), C \(w.heatCapacity) vs \(x.heatCapacity)")
            // Seed 11 gives at most 0.08 %, 0.23 %, 0.46 % and 1.0 % (kT 1 to 4): the bounds leave a margin.
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
