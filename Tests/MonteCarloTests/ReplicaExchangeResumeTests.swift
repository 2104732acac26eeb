// Replica exchange stopped by Ctrl-C and resumed gives the same bytes as a run
// that never stopped: with flips and with swaps (whose site blocks' order is
// part of the state), stopped once or twice, and a finished run extended.
import Testing
@testable import MonteCarlo

@Suite struct ReplicaExchangeResumeTests {
    static func same(_ a: ReplicaExchangeRun, _ b: ReplicaExchangeRun) -> Bool {
        a.energySeries.map { $0.map(\.bitPattern) } == b.energySeries.map { $0.map(\.bitPattern) }
            && a.compositionSeries == b.compositionSeries && a.swapsAttempted == b.swapsAttempted
            && a.swapsAccepted == b.swapsAccepted && a.acceptance == b.acceptance && a.finals == b.finals && a.sweeps == b.sweeps
    }

    func check(_ moves: MoveSet, stops: [Int]) throws {
        let model = EnergyModel(clusters: try PairModel.ising(neighbours: .square(4), coupling: 1))
        var rng = RandomStream(seed: 9)
        let start = try Configuration.random(siteCount: 16, counts: [8, 8], rng: &rng)
        func run(_ resume: ReplicaExchangeState?, stopAt: Int?) throws -> ReplicaExchangeRun {
            var polls = 0
            return try replicaExchange(start, model: model, moves: moves, temperatures: [1.5, 2.2, 3.0], sweeps: 300, equilibration: 20,
                                       every: 2, swapEvery: 3, seed: 5, resume: resume,
                                       stop: { polls += 1; return stopAt.map { polls > $0 } ?? false })
        }
        let whole = try run(nil, stopAt: nil)
        #expect(!whole.interrupted && whole.sweeps == 320)
        var state: ReplicaExchangeState?
        for stop in stops {
            let part = try run(state, stopAt: stop)
            #expect(part.interrupted && part.sweeps < 320)
            state = part.state
        }
        let resumed = try run(state, stopAt: nil)
        #expect(!resumed.interrupted && Self.same(resumed, whole), "\(moves.name) stopped at \(stops)")
    }

    @Test func flipsResumeToTheSameBytes() throws { try check(.flip(chemicalPotentials: [[0, 0.3]]), stops: [17]) }

    @Test func swapsStoppedTwiceResumeToTheSameBytes() throws { try check(.swap, stops: [5, 40]) }

    /// A finished run carried on to more sweeps equals the longer run (sweeps + equilibration a multiple of swap_every).
    @Test func finishedRunExtends() throws {
        let model = EnergyModel(clusters: try PairModel.ising(neighbours: .square(4), coupling: 1))
        let start = try Configuration(occupation: (0..<16).map { UInt8($0 % 2) }, speciesCount: 2)
        func run(_ sweeps: Int, _ resume: ReplicaExchangeState? = nil) throws -> ReplicaExchangeRun {
            try replicaExchange(start, model: model, moves: .swap, temperatures: [2, 3], sweeps: sweeps, equilibration: 10, swapEvery: 2,
                                seed: 1, resume: resume)
        }
        let short = try run(100), long = try run(200)
        #expect(Self.same(try run(200, short.state), long))
        #expect(throws: MonteCarloError.self) { try run(50, short.state) }
        #expect(throws: MonteCarloError.self) {
            try replicaExchange(start, model: model, moves: .swap, temperatures: [2, 4], sweeps: 200, equilibration: 10, swapEvery: 2,
                                seed: 1, resume: short.state)
        }
    }
}
