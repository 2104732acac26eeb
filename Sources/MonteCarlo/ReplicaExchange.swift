// Replica exchange (parallel tempering): one chain per temperature, sweeps in
// parallel, then swaps of neighbouring temperatures' configurations accepted
// with min(1, exp((β_k - β_k+1)(H_k - H_k+1))), H = E - Σ μ N for flips.
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The result of `replicaExchange`: per temperature, its recorded energies and compositions, and
/// the swap statistics of each neighbouring pair.
public struct ReplicaExchangeRun: Sendable {
    /// The temperatures (kT, the model's unit), ascending.
    public let temperatures: [Double]
    /// Per temperature, the energy (whole cell) after every recorded sweep past equilibration.
    public let energySeries: [[Double]]
    /// Per temperature, the fraction of each species at the same records.
    public let compositionSeries: [[[Double]]]
    /// Per neighbouring pair (k, k+1): swaps attempted and accepted.
    public let swapsAttempted: [Int]
    public let swapsAccepted: [Int]
    /// Per temperature, the fraction of Metropolis moves accepted.
    public let acceptance: [Double]
    /// Sweeps every replica ran.
    public let sweeps: Int
    /// The configuration at each temperature at the end.
    public let finals: [Configuration]
    /// Whether an interrupt cut the run short (the records are those finished).
    public let interrupted: Bool
    /// Everything needed to carry the run on (`replicaExchange(resume:)`).
    public let state: ReplicaExchangeState

    /// Per temperature, the mean energy with its autocorrelation-time error.
    public var energy: [Estimate] { energySeries.map { Estimate(series: $0) } }
    /// Per temperature, the heat capacity var(E)/kT² of the cell (k_B); NaN below two records.
    public var heatCapacity: [Double] {
        zip(energySeries, temperatures).map { $0.count > 1 ? fluctuationHeatCapacity($0, temperature: $1) : .nan }
    }
    /// Per neighbouring pair, the fraction of attempted swaps accepted.
    public var swapAcceptance: [Double] {
        zip(swapsAttempted, swapsAccepted).map { $0 > 0 ? Double($1) / Double($0) : 0 }
    }
}

/// Where a replica-exchange run stands: its chains, streams, counters and records, so that
/// `replicaExchange(..., resume:)` carries on exactly where it stopped.
public struct ReplicaExchangeState: Sendable {
    let temperatures: [Double]
    let seed: UInt64
    let equilibration: Int
    let every: Int
    let swapEvery: Int
    let chains: [ChainSnapshot]
    let lastAcceptance: [Double?]
    let chainAt: [Int]
    let swapRandom: RandomStream
    let attempted: [Int]
    let acceptedSwaps: [Int]
    let energies: [[Double]]
    let compositions: [[[Double]]]
    let tried: [Int]
    let moved: [Int]
    let done: Int
    let round: Int

    /// Refuses to resume with settings that would change the run's meaning.
    func check(temperatures: [Double], equilibration: Int, every: Int, swapEvery: Int, sweeps: Int, siteCount: Int) throws {
        guard temperatures == self.temperatures, equilibration == self.equilibration, every == self.every, swapEvery == self.swapEvery else {
            throw MonteCarloError("resume carries on a run with the same temperatures, equilibration, every and swap_every; they differ")
        }
        guard chains.allSatisfy({ $0.occupation.count == siteCount }) else {
            throw MonteCarloError("resume carries on a run on the same system: it had \(chains.first?.occupation.count ?? 0) sites, this one \(siteCount)")
        }
        guard sweeps + equilibration >= done else {
            throw MonteCarloError("the run to resume has already run \(done - equilibration) sweeps past equilibration; ask for at least as many, got \(sweeps)")
        }
    }
}

/// Runs one chain per temperature and swaps neighbouring temperatures' configurations every
/// `swapEvery` sweeps (even pairs, then odd pairs, alternately).
///
/// The chain starting at temperature k uses `RandomStream(seed: seed, stream: k)` and the swap
/// tests stream `temperatures.count`; chains sweep in parallel over the ranks of an MPI job and on
/// up to `threads` threads each, so the run is identical for any rank and thread count. Energies are recorded every `every` sweeps after
/// `equilibration`. Ctrl-C (`stop`) ends the run after the current round with the records so far.
///
///     let run = try replicaExchange(start, model: model, moves: .flip(chemicalPotentials: [[0, 0]]),
///                                   temperatures: [1.5, 2.0, 2.5, 3.5], sweeps: 2000, seed: 1)
///     run.energy[0].mean; run.swapAcceptance
///
/// Passing a run's `state` as `resume` carries it on to `sweeps` exactly as if it had not stopped
/// (its streams, not `seed`, then drive it); a finished run resumes to more sweeps the same way
/// when its sweeps + equilibration were a multiple of `swapEvery`.
public func replicaExchange(_ configuration: Configuration, model: EnergyModel, moves: MoveSet, temperatures: [Double],
                            sweeps: Int, equilibration: Int = 0, every: Int = 1, swapEvery: Int = 1, seed: UInt64,
                            resume: ReplicaExchangeState? = nil, threads: Int = Threads.count, progress: ((Int, Int) -> Void)? = nil,
                            stop: @escaping () -> Bool = { Interruption.isRequested }) throws -> ReplicaExchangeRun {
    guard !temperatures.isEmpty else { throw MonteCarloError("replica exchange needs at least one temperature") }
    for (k, t) in temperatures.enumerated() where !(t > 0 && t.isFinite) {
        throw MonteCarloError("temperature \(k + 1) of the list is \(t); every temperature must be finite and > 0")
    }
    guard zip(temperatures, temperatures.dropFirst()).allSatisfy({ $0 < $1 }) else {
        throw MonteCarloError("replica exchange needs distinct temperatures in ascending order, got \(temperatures)")
    }
    guard sweeps >= 1, equilibration >= 0, every >= 1, swapEvery >= 1 else {
        throw MonteCarloError("sweeps, every and swap_every must be >= 1 and equilibration >= 0")
    }
    if moves.parts.contains(where: { if case .chargeConservingFlip = $0 { true } else { false } }) { throw MonteCarloError("replica exchange runs swaps and flips, not charge-conserving flips") }
    if case .constrainedFlip = moves { throw MonteCarloError("replica exchange runs swaps and flips, not variance-constrained flips") }
    try checkInputs(configuration, model: model, moves: moves, observers: ObserverSettings(every: every))
    try ObserverSettings(every: every).checkMemory(siteCount: configuration.siteCount,
                                                   sweeps: MemoryBudget.sum(sweeps, equilibration), chains: temperatures.count)
    try resume?.check(temperatures: temperatures, equilibration: equilibration, every: every, swapEvery: swapEvery, sweeps: sweeps,
                      siteCount: configuration.siteCount)
    let count = temperatures.count
    let runSeed = resume?.seed ?? seed
    let chains = (0..<count).map { k in
        MetropolisChain(model: model, configuration: configuration, moves: moves, rng: RandomStream(seed: runSeed, stream: UInt64(k)))
    }
    if let resume { for (chain, state) in zip(chains, resume.chains) { chain.restore(state) } }
    let kernels = chains.map { KernelChoice(model, chain: $0) }
    if let resume { for (k, state) in resume.chains.enumerated() { kernels[k].resume(state, chain: chains[k]) } }
    var lastAcceptance = resume?.lastAcceptance ?? [Double?](repeating: nil, count: count)
    // chainAt[k]: the chain now at temperature k.
    var chainAt = resume?.chainAt ?? Array(0..<count)
    var swapRandom = resume?.swapRandom ?? RandomStream(seed: runSeed, stream: UInt64(count))
    var attempted = resume?.attempted ?? [Int](repeating: 0, count: max(0, count - 1))
    var acceptedSwaps = resume?.acceptedSwaps ?? attempted
    var energies = resume?.energies ?? [[Double]](repeating: [], count: count)
    var compositions = resume?.compositions ?? [[[Double]]](repeating: [], count: count)
    var tried = resume?.tried ?? [Int](repeating: 0, count: count)
    var moved = resume?.moved ?? [Int](repeating: 0, count: count)
    let total = sweeps + equilibration
    var done = resume?.done ?? 0, round = resume?.round ?? 0
    var interrupted = false

    /// H = E - Σ μ N, the quantity whose Boltzmann weight the chain samples.
    func enthalpy(_ chain: MetropolisChain) -> Double { chain.enthalpy(moves) }

    while done < total {
        let halt = stop()
        let steps = min(swapEvery, total - done)
        let start = done
        // temperatureOf[c]: the temperature chain c sweeps at this round.
        var temperatureOf = chainAt
        for k in 0..<count { temperatureOf[chainAt[k]] = k }
        // Each chain stays on one rank of an MPI job for the whole run (swaps move temperatures, not
        // configurations); every rank gets every chain's round and H and so makes the same swaps.
        let rounds = distributedMap(count, threads: threads) { c -> ReplicaRound in
            if halt { return ReplicaRound(halted: true) }
            let k = temperatureOf[c]
            let chain = chains[c]
            let before = (chain.attempts, chain.accepted)
            var round = ReplicaRound()
            var last = lastAcceptance[c]
            for s in 1...steps {
                let a0 = (chain.attempts, chain.accepted)
                kernels[c].sweep(chain, beta: 1 / temperatures[k], lastAcceptance: last)
                last = Double(chain.accepted - a0.1) / Double(max(1, chain.attempts - a0.0))
                let sweep = start + s
                if sweep > equilibration && (sweep - equilibration) % every == 0 {
                    chain.resynchronise()
                    round.energies.append(chain.energy)
                    round.compositions.append(chain.tally.map { Double($0) / Double(chain.n) })
                }
            }
            round.attempts = chain.attempts - before.0
            round.accepted = chain.accepted - before.1
            round.enthalpy = enthalpy(chain)
            return round
        }
        // A rank asked to stop (Ctrl-C, or SIGTERM from mpirun) stops every rank after the same round.
        if rounds.contains(where: \.halted) { interrupted = true; break }
        guard rounds.allSatisfy({ $0.compositions.allSatisfy { $0.count == configuration.maxSpecies } }) else {
            throw RankTransferError("a replica's round came back from another rank with compositions of another width than \(configuration.maxSpecies)")
        }
        let perChain = chainAt.map { rounds[$0] }
        for k in 0..<count {
            let c = chainAt[k]
            lastAcceptance[c] = Double(perChain[k].accepted) / Double(max(1, perChain[k].attempts))
            if done + steps > equilibration {
                tried[k] += perChain[k].attempts
                moved[k] += perChain[k].accepted
            }
            energies[k] += perChain[k].energies
            compositions[k] += perChain[k].compositions
        }
        done += steps
        // Even pairs on even rounds, odd pairs on odd rounds: each chain meets one neighbour per round.
        var k = round % 2
        while k + 1 < count {
            let x = (1 / temperatures[k] - 1 / temperatures[k + 1]) * (perChain[k].enthalpy - perChain[k + 1].enthalpy)
            attempted[k] += 1
            if x >= 0 || swapRandom.uniform() < exp(x) {
                chainAt.swapAt(k, k + 1)
                acceptedSwaps[k] += 1
            }
            k += 2
        }
        round += 1
        progress?(done, total)
    }
    let ends = distributedMap(count, threads: threads) { c in
        // Chains only ever hold allowed species, so their occupations are valid configurations.
        (try? Configuration(occupation: chains[c].occupation, speciesCounts: configuration.speciesCounts,
                            sublattices: configuration.sublattices)) ?? configuration
    }
    guard ends.allSatisfy({ $0.siteCount == configuration.siteCount }) else {
        throw RankTransferError("a replica came back from another rank with another number of sites than \(configuration.siteCount)")
    }
    let finals = chainAt.map { ends[$0] }
    // Each chain's state as its rank holds it (under MPI a chain sweeps on one rank only).
    let snapshots = distributedMap(count, threads: threads) { c in chains[c].snapshot(kernels: kernels[c]) }
    let shape = chains[0].snapshot(kernels: kernels[0])
    guard snapshots.allSatisfy({ $0.occupation.count == shape.occupation.count && $0.blockSites.count == shape.blockSites.count
                                 && $0.blockCount.count == shape.blockCount.count }) else {
        throw RankTransferError("a replica's state came back from another rank in another shape than \(configuration.siteCount) sites")
    }
    let state = ReplicaExchangeState(temperatures: temperatures, seed: runSeed, equilibration: equilibration, every: every,
                                     swapEvery: swapEvery, chains: snapshots,
                                     lastAcceptance: lastAcceptance, chainAt: chainAt, swapRandom: swapRandom, attempted: attempted,
                                     acceptedSwaps: acceptedSwaps, energies: energies, compositions: compositions, tried: tried,
                                     moved: moved, done: done, round: round)
    return ReplicaExchangeRun(temperatures: temperatures, energySeries: energies, compositionSeries: compositions,
                              swapsAttempted: attempted, swapsAccepted: acceptedSwaps,
                              acceptance: zip(tried, moved).map { $0 > 0 ? Double($1) / Double($0) : 0 },
                              sweeps: done, finals: finals, interrupted: interrupted, state: state)
}

/// One chain's round between swaps, as its rank sends it to the others: its moves, its records,
/// and its H = E - Σ μ N at the end, which the swap tests read.
struct ReplicaRound: RankPortable {
    var halted = false
    var attempts = 0, accepted = 0
    var energies: [Double] = []
    var compositions: [[Double]] = []
    var enthalpy = 0.0

    init(halted: Bool = false) { self.halted = halted }

    func write(to out: inout RankBytes) {
        out.append(halted); out.append(attempts); out.append(accepted); out.append(energies)
        out.append(compositions.count)
        for c in compositions { out.append(c) }
        out.append(enthalpy)
    }

    init(from input: inout RankBytes.Reader) throws {
        halted = try input.bool()
        attempts = try input.int()
        accepted = try input.int()
        energies = try input.doubles()
        compositions = try (0..<input.count(width: 8)).map { _ in try input.doubles() }
        enthalpy = try input.double()
        guard compositions.count == energies.count else {
            throw RankTransferError("a replica's round from another rank has \(energies.count) energies and \(compositions.count) compositions")
        }
    }
}
