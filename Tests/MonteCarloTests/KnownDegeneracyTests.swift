// Normalising a density of states to degeneracies known beforehand: a 4x4
// Ising walk pinned at its two ground states against exact enumeration, the
// normalisation honoured exactly at the known levels with Σ g kept, and the
// errors for points that cannot be honoured.
import Foundation
import Testing
@testable import MonteCarlo

@Suite struct KnownDegeneracyTests {
    /// The exact 4x4 Ising counts at free magnetisation, E = -32 ... 32 in steps of 4 (none at ±28).
    static let counts: [Double] = {
        let half: [Double] = [2, 0, 32, 64, 424, 1728, 6688, 13568]
        return half + [20524] + half.reversed()
    }()

    /// A density over the 4x4 levels with ln g = ln g exact + `error` per level, normalised to Σ g = 2^16.
    static func density(error: (Int) -> Double = { _ in 0 }) -> DensityOfStates {
        DensityOfStates(binWidth: 4, firstBin: -8, logWeights: counts.indices.map { counts[$0] > 0 ? log(counts[$0]) + error($0) : 0 },
                        energySums: counts.indices.map { Double(4 * ($0 - 8)) * counts[$0] },
                        visits: counts.map { Int($0) }, logConfigurationCount: 16 * log(2.0), logFactor: 0,
                        iterations: 0, sweeps: 0, converged: true, interrupted: false)
    }

    static func logSum(_ dos: DensityOfStates) -> Double { log(dos.logDensity.reduce(0) { $0 + exp($1) }) }

    static let ends = [KnownDegeneracy(energy: -32, degeneracy: 2), KnownDegeneracy(energy: 32, degeneracy: 2)]

    /// An error that grows toward both ends (as a walk's does over the ordered levels), unequal at the
    /// two: pinned at both ground states, the ends are exact, Σ g is kept, and the correction is linear
    /// in E between the nodes (-32, 0 and 32), so an error of that shape is removed entirely.
    @Test func bothEndsPinnedRemoveAPiecewiseLinearError() throws {
        let walked = Self.density { j in j < 8 ? 0.3 * Double(8 - j) / 8 : -0.2 * Double(j - 8) / 8 }
        // Σ g alone: the ends carry the error (0.3 and -0.2, less the shift that keeps Σ g).
        #expect(abs(walked.logDensity[0] - log(2)) > 0.2)
        let pinned = try walked.normalised(to: Self.ends)
        #expect(pinned.logDensity.first == log(2.0) && pinned.logDensity.last == log(2.0))
        #expect(abs(Self.logSum(pinned) - 16 * log(2.0)) < 1e-12)
        #expect(pinned.sumNodeEnergy == 0 && pinned.logSumExcess == 0 && pinned.known == Self.ends)
        let exact = Self.density()
        for (a, b) in zip(pinned.logDensity, exact.logDensity) { #expect(abs(a - b) < 1e-12, "\(pinned.logDensity)") }
        // One known end: exact there, Σ g kept; the other end keeps its error (nothing is known there).
        let low = try walked.normalised(to: [Self.ends[0]])
        #expect(low.logDensity.first == log(2.0) && abs(Self.logSum(low) - 16 * log(2.0)) < 1e-12)
        #expect(abs(low.logDensity.last! - log(2)) > 0.15)
    }

    /// A known point in the bin of largest g leaves no freedom for Σ g: one point is then a plain shift,
    /// and the excess of Σ g over the number of configurations is reported.
    @Test func aKnownPeakIsAShiftAndReportsSigmaG() throws {
        let walked = Self.density { j in j > 8 ? 0.05 : 0 }
        let pinned = try walked.normalised(to: [KnownDegeneracy(energy: 0, degeneracy: 20524)])
        let peak = try #require(pinned.bins.firstIndex(of: 0))
        #expect(pinned.logDensity[peak] == log(20524.0))
        #expect(pinned.sumNodeEnergy == nil)
        let shift = pinned.logDensity[peak] - walked.logDensity[peak]
        for j in pinned.logDensity.indices { #expect(abs(pinned.logDensity[j] - walked.logDensity[j] - shift) < 1e-12) }
        #expect(abs(pinned.logSumExcess - (Self.logSum(pinned) - 16 * log(2.0))) < 1e-12 && pinned.logSumExcess > 0.01)
    }

    /// 4x4 with flips to ln f 1e-5, pinned at both ground states: every ln g within 1 % of exact
    /// enumeration, the ground states exactly ln 2, Σ g = 2^16.
    @Test func walkPinnedAtBothGroundStatesMatchesExact() throws {
        var rng = RandomStream(seed: 1)
        let start = try Configuration.random(siteCount: 16, counts: [8, 8], rng: &rng)
        let model = EnergyModel(clusters: try PairModel.ising(neighbours: .square(4), coupling: 1))
        let walked = try wangLandau(start, model: model, settings: WangLandauSettings(binWidth: 4, finalLogFactor: 1e-5, checkEvery: 20,
                                                                                    moves: .flip), seed: 2)
        let exact = try DensityOfStates.exact(start, model: model, binWidth: 4, everyComposition: true)
        let pinned = try walked.normalised(to: Self.ends)
        #expect(pinned.bins == exact.bins)
        func worst(_ dos: DensityOfStates) -> Double {
            zip(dos.logDensity, exact.logDensity).map { abs($0 - $1) / abs($1) }.max() ?? .infinity
        }
        print("4x4 flips, ln f 1e-5, seed 2: largest relative error of ln g \(worst(walked)) by Σ g alone, \(worst(pinned)) pinned at E = ±32")
        #expect(pinned.logDensity.first == log(2.0) && pinned.logDensity.last == log(2.0))
        #expect(abs(Self.logSum(pinned) - 16 * log(2.0)) < 1e-9)
        #expect(worst(pinned) < 0.01)
    }

    @Test func pointsThatCannotBeHonouredAreRefused() throws {
        let dos = Self.density()
        func message(_ points: [KnownDegeneracy]) -> String {
            do { _ = try dos.normalised(to: points); return "no error" } catch { return "\(error)" }
        }
        #expect(message([KnownDegeneracy(energy: -36, degeneracy: 2)]).contains("known point 1: energy -36.0 lies outside the walked range -32.0 to 32.0"))
        #expect(message([KnownDegeneracy(energy: -28, degeneracy: 2)]).contains("no configuration of energy -28.0 was seen"))
        #expect(message([Self.ends[0], KnownDegeneracy(energy: 4, degeneracy: 0)]).contains("known point 2 must be"))
        #expect(message([Self.ends[0], KnownDegeneracy(energy: -31, degeneracy: 2)]).contains("known points 1 and 2 fall in the same energy bin"))
        #expect(message([KnownDegeneracy(energy: -32, degeneracy: 70000)]).contains("reach the number of configurations"))
        #expect(try dos.normalised(to: []).logDensity == dos.logDensity)
    }
}
