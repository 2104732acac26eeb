// Equilibrium sampling: identical output for any thread count, errors that
// cover the exact mean, heat capacity against exact fluctuations, and runs
// stopped early by an interrupt or a stop request.
import Testing
@testable import MonteCarlo

@Suite struct SamplingTests {
    static func ising4x4() throws -> (Configuration, EnergyModel) {
        var rng = RandomStream(seed: 5)
        let start = try Configuration.random(siteCount: 16, counts: [8, 8], rng: &rng)
        return (start, EnergyModel(clusters: try PairModel.ising(neighbours: .square(4), coupling: 1)))
    }

    @Test func twoChainsOnTwoThreadsEqualOneThread() throws {
        let (start, model) = try Self.ising4x4()
        let lat = NeighbourTable.square(4)
        func sample(_ threads: Int) throws -> EquilibriumSample {
            try sampleEquilibrium(start, model: model, moves: .flip(chemicalPotentials: [[0, 0.2]]), temperature: 3, sweeps: 400,
                                  equilibration: 50, chains: 2, observers: ObserverSettings(every: 2, pairs: lat), seed: 17, threads: threads)
        }
        let one = try sample(1), two = try sample(2)
        #expect(one.energySeries.map { $0.map(\.bitPattern) } == two.energySeries.map { $0.map(\.bitPattern) })
        #expect(one.finals == two.finals)
        #expect(one.energy == two.energy && one.heatCapacity.mean.bitPattern == two.heatCapacity.mean.bitPattern)
        #expect(one.energySeries[0] != one.energySeries[1])   // the chains use different streams
    }

    @Test func energyAndHeatCapacityMatchExactValues() throws {
        let (start, model) = try Self.ising4x4()
        let t = 3.0
        let exact = ExactEnumerationTests.exact(sites: 16, energy: { ExactEnumerationTests.isingEnergy($0, size: 4) },
                                                temperature: t, minority: 8, mu: 0)
        var mean = 0.0, square = 0.0
        for (key, p) in exact {
            let e = Double(key.split(separator: "|")[0]) ?? .nan
            mean += e * p
            square += e * e * p
        }
        let s = try sampleEquilibrium(start, model: model, moves: .swap, temperature: t, sweeps: 20000, equilibration: 100,
                                      chains: 2, seed: 4)
        #expect(abs(s.energy.mean - mean) < 4 * s.energy.error, "\(s.energy) vs \(mean)")
        let capacity = (square - mean * mean) / (t * t)
        #expect(abs(s.heatCapacity.mean - capacity) < 4 * s.heatCapacity.error, "\(s.heatCapacity) vs \(capacity)")
        #expect(s.energy.tau >= 0.5 && s.energy.error > 0)
    }

    @Test func stopReturnsPartialRun() throws {
        let (start, model) = try Self.ising4x4()
        var calls = 0
        let schedule = try AnnealSchedule.linear(from: 3, to: 1, count: 5, sweeps: 10)
        let run = try anneal(start, model: model, moves: .swap, schedule: schedule, observers: ObserverSettings(every: 5),
                             seed: 1, progress: { done, total in calls = done; #expect(total == 50) }, stop: { calls >= 23 })
        #expect(run.interrupted && run.sweeps == 23 && calls == 23)
        #expect(run.records.last?.sweep == 23)
        #expect(run.final.count(of: 1) == 8)
        let full = try anneal(start, model: model, moves: .swap, schedule: schedule, seed: 1)
        #expect(!full.interrupted && full.sweeps == 50 && full.stages.count == 5 && full.records.count == 51)
    }

    @Test func rampTemperatures() throws {
        let s = try AnnealSchedule.ramp(from: 2, to: 1, sweeps: 11)
        #expect(s.stages[0].temperature(at: 0) == 2 && s.stages[0].temperature(at: 10) == 1)
        #expect(abs(s.stages[0].temperature(at: 5) - 1.5) < 1e-15)
        let g = try AnnealSchedule.geometric(from: 1, to: 0.01, count: 3, sweeps: 2)
        #expect(g.stages.map(\.from) == [1, 0.1, 0.01] || abs(g.stages[1].from - 0.1) < 1e-15)
        #expect(g.totalSweeps == 6)
    }

    /// Charge-conserving flips, alone or mixed with swaps (which then draw partners from blocks the
    /// flips keep current), keep the total charge on every record and sample exp(-E/T) over the neutral states.
    @Test(arguments: [false, true])
    func chargeConservingFlipsKeepChargeAndSampleExactly(mixed: Bool) throws {
        // 6 sites of species {A+1, B-1, C 0}: total charge is conserved exactly, energy distribution Boltzmann.
        let n = 6
        var rng = RandomStream(seed: 3)
        var terms: [ClusterTerm] = []
        for i in 0..<n { terms.append(ClusterTerm(sites: [i, (i + 1) % n], table: (0..<9).map { _ in rng.uniform(-1, 1) })) }
        let clusters = try ClusterTableModel(speciesCounts: Array(repeating: 3, count: n), terms: terms)
        let model = EnergyModel(clusters: clusters)
        let charges: [Double] = [1, -1, 0]
        let start = try Configuration(occupation: [0, 1, 2, 2, 0, 1], speciesCount: 3)
        let t = 0.7
        let flips = MoveSet.chargeConservingFlip(charges: [charges])
        let run = try anneal(start, model: model, moves: mixed ? .mixture([(flips, 0.6), (.swap, 0.4)]) : flips,
                             schedule: .steps([t], sweeps: 60000), observers: ObserverSettings(every: 4, snapshots: true), seed: 8)
        var observed: [String: Int] = [:]
        for r in run.records.dropFirst(100) {
            let occ = try #require(r.snapshot)
            #expect(occ.reduce(0.0) { $0 + charges[Int($1)] } == 0)
            observed["\(occ)", default: 0] += 1
        }
        // Exact: every neutral configuration of 6 sites with weight exp(-E/T).
        var exact: [String: Double] = [:]
        var z = 0.0
        for code in 0..<729 {
            var occ = [UInt8](repeating: 0, count: n), c = code
            for i in 0..<n { occ[i] = UInt8(c % 3); c /= 3 }
            guard occ.reduce(0.0, { $0 + charges[Int($1)] }) == 0 else { continue }
            let w = exp(-clusters.energy(of: occ) / t)
            exact["\(occ)"] = w
            z += w
        }
        let samples = observed.values.reduce(0, +)
        let (raw, dof) = ExactEnumerationTests.chiSquare(observed: observed, expected: exact.mapValues { $0 / z }, samples: samples)
        let inflation = max(1, 2 * Estimate(series: run.records.dropFirst(100).map(\.energy)).tau)
        #expect(raw / inflation < ExactEnumerationTests.critical(dof), "chi2 \(raw) / \(inflation), dof \(dof)")
    }
}

#if canImport(Glibc)
import Glibc
#endif
