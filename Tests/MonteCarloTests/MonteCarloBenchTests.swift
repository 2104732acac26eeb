// Throughput figures for scripts/bench (release build, CE_BENCH=1): attempted
// swaps per second on the 4,000-site fcc CE and the 48 x 48 charge balance.
import Foundation
import Testing
import Lattice
@testable import MonteCarlo

#if canImport(Glibc)
import Glibc
#endif

@Suite struct MonteCarloBenchTests {
    static var enabled: Bool { getenv("CE_BENCH") != nil }

    /// This thread's CPU seconds: the one-core cost, independent of other load on the machine.
    static func cpuSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    /// Attempted moves per CPU second of one fixed-temperature run of `sweeps` sweeps.
    static func rate(_ start: MonteCarlo.Configuration, _ model: EnergyModel, _ moves: MoveSet, temperature: Double, sweeps: Int) throws -> Double {
        let schedule = try AnnealSchedule.steps([temperature], sweeps: sweeps)
        let begin = cpuSeconds()
        let run = try anneal(start, model: model, moves: moves, schedule: schedule, observers: ObserverSettings(every: sweeps), seed: 1)
        return Double(run.attempts) / (cpuSeconds() - begin)
    }

    @Test(.enabled(if: enabled)) func fccClusterExpansion() throws {
        // The Lattice module's fcc cluster space (3 pairs + 2 triplets) on the 10 x 10 x 10 conventional cell.
        let fcc = try CrystalLattice.builtin("fcc", a: 4.0)
        let space = try ClusterSpace(lattice: fcc, cutoffs: [2: 5.0, 3: 4.1])
        let supercell = try Supercell(lattice: fcc, matrix: [-10, 10, 10, 10, -10, 10, 10, 10, -10])
        let table = try ClusterTable(space: space, supercell: supercell)
        var rng = RandomStream(seed: 2)
        let eci = (0..<space.functionCount).map { _ in rng.uniform(-0.02, 0.02) }
        let clusters = try ClusterTableModel(clusterTable: table, eci: eci, basis: .sinusoid)
        #expect(clusters.siteCount == 4000)
        let start = try MonteCarlo.Configuration.random(siteCount: 4000, counts: [2000, 2000], rng: &rng)
        // 600 K in eV, as in bench/mc_icet.py.
        let r = try Self.rate(start, EnergyModel(clusters: clusters), .swap, temperature: 600 * 8.617333262e-5, sweeps: 2000)
        print("mc.fcc_ce: \(String(format: "%.3g", r)) swaps/s")
    }

    @Test(.enabled(if: enabled)) func chargeBalance48() throws {
        var rng = RandomStream(seed: 3)
        let start = try MonteCarlo.Configuration.random(siteCount: 2304, counts: [1536, 768], rng: &rng)
        let model = EnergyModel(clusters: try ChargeBalance.model(size: 48))
        let local = try Self.rate(start, model, .neighbourSwap(.triangular(48)), temperature: 0.3, sweeps: 4000)
        let global = try Self.rate(start, model, .swap, temperature: 0.3, sweeps: 4000)
        print("mc.charge_balance: \(String(format: "%.3g", local)) swaps/s")
        print("mc.charge_balance_nonlocal: \(String(format: "%.3g", global)) swaps/s")
    }
}
