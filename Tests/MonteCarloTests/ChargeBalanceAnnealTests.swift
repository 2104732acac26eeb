// Annealing the Li1/3Mn2/3 charge-balance model to its honeycomb ground state,
// with nearest-neighbour and non-local swaps, and the random-lattice energy.
import Testing
@testable import MonteCarlo

@Suite struct ChargeBalanceAnnealTests {
    /// Anneals Li_{1/3}Mn_{2/3} on L x L from a random start, recording pairs and triplets.
    static func annealLiMn(size: Int, moves: (NeighbourTable) -> MoveSet, schedule: AnnealSchedule, seed: UInt64) throws -> AnnealRun {
        let lat = NeighbourTable.triangular(size)
        var rng = RandomStream(seed: seed, stream: 99)
        let n = size * size
        let start = try Configuration.random(siteCount: n, counts: [2 * n / 3, n / 3], rng: &rng)
        let model = EnergyModel(clusters: try ChargeBalance.model(size: size))
        return try anneal(start, model: model, moves: moves(lat), schedule: schedule,
                          observers: ObserverSettings(every: 50, pairs: lat, triplets: true), seed: seed)
    }

    @Test(arguments: [true, false])
    func reachesHoneycombGroundState(neighbourOnly: Bool) throws {
        // 24 x 24 keeps the debug test fast; examples/anneal.ce runs 48 x 48 with 40 steps x 300 sweeps.
        let schedule = try AnnealSchedule.geometric(from: 1.0, to: 0.01, count: 40, sweeps: 100)
        let run = try Self.annealLiMn(size: 24, moves: { neighbourOnly ? .neighbourSwap($0) : .swap },
                                      schedule: schedule, seed: 3)
        #expect(run.finalEnergy == 0)
        let pairs = try #require(run.records.last?.pairs)
        #expect(pairs.counts[1] * 3 == pairs.total)   // C+- = 1/3 exactly
        #expect(pairs.counts[3] == 0)                 // C-- = 0
        #expect(pairs.counts[0] * 3 == pairs.total)   // C++ = 1/3
        #expect(run.records.allSatisfy { $0.triplets?.isConsistent == true })
    }
}
