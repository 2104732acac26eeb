// Throughput figures for scripts/bench (release build, CE_BENCH=1): attempted
// swaps per second on the 4,000-site fcc CE and the 48 x 48 charge balance.
import Foundation
import Testing
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
    static func rate(_ start: Configuration, _ model: EnergyModel, _ moves: MoveSet, temperature: Double, sweeps: Int) throws -> Double {
        let schedule = try AnnealSchedule.steps([temperature], sweeps: sweeps)
        let begin = cpuSeconds()
        let run = try anneal(start, model: model, moves: moves, schedule: schedule, observers: ObserverSettings(every: sweeps), seed: 1)
        return Double(run.attempts) / (cpuSeconds() - begin)
    }

    @Test(.enabled(if: enabled)) func fccClusterExpansion() throws {
        let (clusters, pairs, triangles) = try FCCTestModel.model(cells: 10)
        #expect(pairs == 4000 * 21 && triangles == [4000 * 8, 4000 * 12])
        var rng = RandomStream(seed: 2)
        let start = try Configuration.random(siteCount: 4000, counts: [2000, 2000], rng: &rng)
        let r = try Self.rate(start, EnergyModel(clusters: clusters), .swap, temperature: 0.05, sweeps: 500)
        print("mc.fcc_ce: \(String(format: "%.3g", r)) swaps/s")
    }

    @Test(.enabled(if: enabled)) func chargeBalance48() throws {
        var rng = RandomStream(seed: 3)
        let start = try Configuration.random(siteCount: 2304, counts: [1536, 768], rng: &rng)
        let model = EnergyModel(clusters: try ChargeBalance.model(size: 48))
        let local = try Self.rate(start, model, .neighbourSwap(.triangular(48)), temperature: 0.3, sweeps: 4000)
        let global = try Self.rate(start, model, .swap, temperature: 0.3, sweeps: 4000)
        print("mc.charge_balance: \(String(format: "%.3g", local)) swaps/s")
        print("mc.charge_balance_nonlocal: \(String(format: "%.3g", global)) swaps/s")
    }
}
