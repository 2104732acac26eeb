// Simulated annealing: run a chain through a temperature schedule, recording
// observers every N sweeps, polling for Ctrl-C once per sweep.

/// Anneals `configuration` under `model` through `schedule` with Metropolis moves.
///
/// Deterministic for a given (seed, stream). Polls `stop` (by default `Interruption.isRequested`)
/// once per sweep and returns the partial run (`interrupted == true`). `progress(done, total)` is called
/// after every sweep.
///
///     let lat = NeighbourTable.triangular(48)
///     var rng = RandomStream(seed: 7)
///     let start = try Configuration.random(siteCount: 2304, counts: [1536, 768], rng: &rng)
///     let run = try anneal(start, model: EnergyModel(clusters: ChargeBalance.model(size: 48)),
///                          moves: .neighbourSwap(lat),
///                          schedule: .geometric(from: 1, to: 0.01, count: 20, sweeps: 100),
///                          observers: ObserverSettings(every: 10, pairs: lat, triplets: true), seed: 7)
///
/// With `bias` the chain samples exp(-E/T - W) (umbrella sampling; see `Bias`).
public func anneal(_ configuration: Configuration, model: EnergyModel, moves: MoveSet, schedule: AnnealSchedule,
                   observers: ObserverSettings = ObserverSettings(), bias: Bias? = nil, seed: UInt64, stream: UInt64 = 0,
                   progress: ((Int, Int) -> Void)? = nil,
                   stop: @escaping () -> Bool = { Interruption.isRequested }) throws -> AnnealRun {
    try anneal(configuration, model: model, moves: moves, schedule: schedule, observers: observers, bias: bias, seed: seed, stream: stream,
               progress: progress, stop: stop, kernels: .byAcceptance)
}

/// `anneal` with the kernels a run may use (tests pin one to compare them).
func anneal(_ configuration: Configuration, model: EnergyModel, moves: MoveSet, schedule: AnnealSchedule,
            observers: ObserverSettings = ObserverSettings(), bias: Bias? = nil, seed: UInt64, stream: UInt64 = 0,
            progress: ((Int, Int) -> Void)? = nil, stop: @escaping () -> Bool = { Interruption.isRequested },
            kernels policy: KernelChoice.Policy) throws -> AnnealRun {
    try checkInputs(configuration, model: model, moves: moves, observers: observers)
    try bias?.validate(for: configuration)
    try observers.checkMemory(siteCount: configuration.siteCount, sweeps: schedule.totalSweeps, chains: 1)
    let chain = MetropolisChain(model: model, configuration: configuration, moves: moves,
                                rng: RandomStream(seed: seed, stream: stream), bias: bias)
    let run = runSchedule(chain, KernelChoice(model, chain: chain, policy: policy), configuration, schedule, observers, progress, stop)
    // A bias function that failed rejected every later move: the run is not the one asked for.
    if let failure = chain.functionBias?.failure { throw failure }
    return run
}

/// Checks that the model, moves and observers fit the configuration.
func checkInputs(_ configuration: Configuration, model: EnergyModel, moves: MoveSet, observers: ObserverSettings) throws {
    guard model.siteCount == configuration.siteCount else {
        throw MonteCarloError("the energy model has \(model.siteCount) sites but the configuration \(configuration.siteCount)")
    }
    for i in 0..<configuration.siteCount where configuration.speciesCounts[i] > model.clusters.speciesCounts[i] {
        throw MonteCarloError("site \(i) allows \(configuration.speciesCounts[i]) species but the model only \(model.clusters.speciesCounts[i])")
    }
    try moves.validate(for: configuration)
    try observers.validate(siteCount: configuration.siteCount)
}

private func runSchedule(_ chain: MetropolisChain, _ kernels: KernelChoice, _ start: Configuration, _ schedule: AnnealSchedule,
                         _ observers: ObserverSettings, _ progress: ((Int, Int) -> Void)?,
                         _ stop: () -> Bool) -> AnnealRun {
    let total = schedule.totalSweeps
    var records: [Record] = []
    var stages: [StageSummary] = []
    var sweep = 0
    var lastAttempts = 0, lastAccepted = 0
    var interrupted = false
    var temperature = schedule.stages[0].from
    var lastAcceptance: Double? = nil

    func record() {
        // The chain computed its energy in full at the start; later records remove the ΔE sums' drift.
        if sweep > 0 { chain.resynchronise() }
        let tried = chain.attempts - lastAttempts
        let acceptance = tried > 0 ? Double(chain.accepted - lastAccepted) / Double(tried) : 0
        lastAttempts = chain.attempts
        lastAccepted = chain.accepted
        records.append(observers.record(sweep: sweep, attempts: chain.attempts, temperature: temperature,
                                        energy: chain.energy, acceptance: acceptance,
                                        occupation: chain.occupation, tally: chain.tally))
    }

    record()
    stageLoop: for stage in schedule.stages {
        var sum = 0.0, sumSquares = 0.0, samples = 0
        var stageAttempts = 0, stageAccepted = 0
        // The chain's per-kind counts when the averaged sweeps began (they run to the stage's end).
        var kindsAtAveraging: (attempts: [Int], accepted: [Int])?
        func kindsAveraged() -> (attempts: [Int], accepted: [Int]) {
            let now = chain.kindCounts
            guard let start = kindsAtAveraging else { return (now.attempts.map { _ in 0 }, now.accepted.map { _ in 0 }) }
            return (zip(now.attempts, start.attempts).map { $0 - $1 }, zip(now.accepted, start.accepted).map { $0 - $1 })
        }
        for k in 0..<stage.sweeps {
            if stop() {
                interrupted = true
                if samples > 0 { stages.append(summary(stage, samples, sum, sumSquares, stageAttempts, stageAccepted, kindsAveraged())) }
                break stageLoop
            }
            temperature = stage.temperature(at: k)
            let before = (chain.attempts, chain.accepted)
            if k == stage.equilibration { kindsAtAveraging = chain.kindCounts }
            kernels.sweep(chain, beta: temperature > 0 ? 1 / temperature : .infinity, lastAcceptance: lastAcceptance)
            lastAcceptance = Double(chain.accepted - before.1) / Double(max(1, chain.attempts - before.0))
            sweep += 1
            if k >= stage.equilibration {
                sum += chain.energy
                sumSquares += chain.energy * chain.energy
                samples += 1
                stageAttempts += chain.attempts - before.0
                stageAccepted += chain.accepted - before.1
            }
            if sweep % observers.every == 0 && sweep != total { record() }
            progress?(sweep, total)
        }
        if !interrupted { stages.append(summary(stage, samples, sum, sumSquares, stageAttempts, stageAccepted, kindsAveraged())) }
    }
    if records.last?.sweep != sweep || records.count == 1 { record() }
    // The last record recomputed the energy in full after the last sweep.
    let occupation = chain.occupation
    // The occupation only ever holds allowed species, so the final configuration is valid.
    let final = (try? Configuration(occupation: occupation, speciesCounts: start.speciesCounts, sublattices: start.sublattices)) ?? start
    return AnnealRun(records: records, stages: stages, final: final, finalEnergy: chain.energy,
                     sweeps: sweep, attempts: chain.attempts, accepted: chain.accepted, interrupted: interrupted,
                     kernelSweeps: kernels.sweepsBy)
}

private func summary(_ stage: AnnealSchedule.Stage, _ samples: Int, _ sum: Double, _ sumSquares: Double,
                     _ attempts: Int, _ accepted: Int, _ kinds: (attempts: [Int], accepted: [Int])) -> StageSummary {
    let mean = samples > 0 ? sum / Double(samples) : 0
    let variance = samples > 1 ? max(0, (sumSquares - Double(samples) * mean * mean) / Double(samples - 1)) : 0
    return StageSummary(from: stage.from, to: stage.to, samples: samples, meanEnergy: mean, energySD: variance.squareRoot(),
                        acceptance: attempts > 0 ? Double(accepted) / Double(attempts) : 0,
                        moveAttempts: kinds.attempts, moveAccepted: kinds.accepted)
}
