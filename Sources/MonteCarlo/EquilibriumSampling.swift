// Equilibrium sampling at fixed temperature (and chemical potentials): several
// independent chains in parallel, averages with autocorrelation-time errors,
// heat capacity from energy fluctuations.

/// The result of `sampleEquilibrium`.
public struct EquilibriumSample: Sendable {
    /// The temperature sampled.
    public let temperature: Double
    /// Chains, and recorded samples per chain (after equilibration).
    public let chains: Int
    public let samplesPerChain: Int
    /// Mean total energy.
    public let energy: Estimate
    /// Heat capacity (⟨E²⟩ - ⟨E⟩²)/T² of the whole cell (k_B = 1); error from 10 blocks per chain.
    public let heatCapacity: Estimate
    /// Fraction of accepted moves over all chains (after equilibration).
    public let acceptance: Double
    /// Attempted and accepted moves of each kind over all chains after equilibration (one entry for a
    /// pure move set, one per part of a mixture in its order).
    public let moveAttempts: [Int]
    public let moveAccepted: [Int]
    /// With a bias: W at every record and the averages reweighted to the unbiased ensemble
    /// (the other estimates are those of the biased chain).
    public let bias: BiasReweighting?
    /// Mean fraction of each species.
    public let composition: [Estimate]
    /// Pair concentrations [++, +-, -+, --], if recorded.
    public let pairs: [Estimate]?
    /// The 16 per-shape triplet concentrations (order of `TripletConcentrations.names`), if recorded.
    public let triplets: [Estimate]?
    /// Warren–Cowley α per shell and species pair (order of `ShortRangeOrder.index`), if recorded.
    public let sro: [Estimate]?
    /// The values of `observe` (one estimate per value it returns), if given.
    public let observed: [Estimate]?
    /// Each chain's recorded energies (after equilibration).
    public let energySeries: [[Double]]
    /// Each chain's final configuration.
    public let finals: [Configuration]
    /// Whether an interrupt cut the sampling short.
    public let interrupted: Bool
}

/// Samples the Boltzmann distribution at `temperature` with `chains` independent chains.
///
/// Chain k uses `RandomStream(seed: seed, stream: k)` and starts from `configuration`; chains
/// run in parallel on up to `threads` threads (and over the ranks of an MPI job) through `distributedMap`, so the result is identical
/// for any thread count. Observables are recorded every `observers.every` sweeps after
/// `equilibration` sweeps. `progress(done, total)` reports chain 0's sweeps. `observe` (which needs
/// `observers.snapshots`) maps a recorded occupation to values; it runs after the chains, on the calling
/// thread, chain by chain and record by record, so it may call back into an interpreter that is not thread-safe;
/// an interrupted sample has no observed values.
///
///     let s = try sampleEquilibrium(start, model: model, moves: .swap, temperature: 0.3,
///                                   sweeps: 2000, equilibration: 200, chains: 4, seed: 1)
///     print(s.energy.mean, s.energy.error, s.heatCapacity.mean)
///
/// With `bias` the chains sample exp(-E/T - W) and `bias` of the result holds W per record and the
/// reweighted (unbiased) means, with weights exp(W) normalised. A bias on the state (a function)
/// runs the chains one after another on the calling thread and rethrows the function's error.
public func sampleEquilibrium(_ configuration: Configuration, model: EnergyModel, moves: MoveSet, temperature: Double,
                              sweeps: Int, equilibration: Int = 0, chains: Int = 1,
                              observers: ObserverSettings = ObserverSettings(), bias: Bias? = nil, seed: UInt64,
                              threads: Int = Threads.count, progress: ((Int, Int) -> Void)? = nil,
                              observe: (([UInt8]) throws -> [Double])? = nil) throws -> EquilibriumSample {
    guard observe == nil || observers.snapshots else { throw MonteCarloError("observe needs snapshots recorded") }
    guard temperature > 0, temperature.isFinite else { throw MonteCarloError("sampling needs a finite temperature > 0, got \(temperature)") }
    guard chains >= 1 else { throw MonteCarloError("sampling needs at least one chain, got \(chains)") }
    guard sweeps >= observers.every else { throw MonteCarloError("sample at least \(observers.every) sweeps (one record), got \(sweeps)") }
    guard equilibration >= 0 else { throw MonteCarloError("equilibration sweeps must be >= 0, got \(equilibration)") }
    try checkInputs(configuration, model: model, moves: moves, observers: observers)
    try bias?.validate(for: configuration)
    try observers.checkMemory(siteCount: configuration.siteCount, sweeps: MemoryBudget.sum(sweeps, equilibration), chains: chains)
    let schedule = try AnnealSchedule(stages: [.init(from: temperature, to: temperature, sweeps: equilibration + sweeps,
                                                     equilibration: equilibration)])
    let serial = bias?.on == .state
    var failure: Error?
    let runs = distributedMap(chains, threads: serial ? 1 : threads) { k -> AnnealRun? in
        do {
            return try anneal(configuration, model: model, moves: moves, schedule: schedule, observers: observers, bias: bias,
                              seed: seed, stream: UInt64(k), progress: k == 0 ? progress : nil)
        } catch {
            // Only serial chains (a function bias) keep the error: no other thread writes it.
            if serial && failure == nil { failure = error }
            return nil
        }
    }
    if let failure { throw failure }
    let done = runs.compactMap { $0 }
    guard done.count == chains else { throw MonteCarloError("a sampling chain failed to start") }
    let kept = done.map { run in run.records.filter { $0.sweep > equilibration } }
    let length = kept.map(\.count).min() ?? 0
    guard length >= 2 else { throw MonteCarloError("sampling was interrupted before two records after equilibration") }
    let trimmed = kept.map { Array($0.prefix(length)) }

    func estimate(_ value: (Record) -> Double?) -> Estimate? {
        var parts: [Estimate] = []
        for records in trimmed {
            let series = records.compactMap(value)
            guard series.count == length else { return nil }
            parts.append(Estimate(series: series))
        }
        return Estimate(combining: parts)
    }
    let energies = trimmed.map { $0.map(\.energy) }
    let species = configuration.maxSpecies
    let composition = (0..<species).map { s in estimate { $0.composition[s] } ?? Estimate(mean: .nan, error: .nan, tau: .nan) }
    let pairs: [Estimate]? = observers.pairs == nil ? nil : (0..<4).compactMap { k in
        estimate { $0.pairs.map { Double($0.counts[k]) / Double($0.total) } }
    }
    let triplets: [Estimate]? = observers.triplets ? TripletConcentrations.types.compactMap { shape, pattern in
        estimate { $0.triplets?.perShape(shape, pattern) }
    } : nil
    let sroCount = observers.sro.map { $0.shells * $0.species.count * $0.species.count } ?? 0
    let sro: [Estimate]? = observers.sro == nil ? nil : (0..<sroCount).map { k in
        estimate { $0.sro?[k] } ?? Estimate(mean: .nan, error: .nan, tau: .nan)
    }
    var observed: [Estimate]?
    var observedValues: [[[Double]]]?
    // An interrupted sample returns at once, without observed values (the interrupt stays requested).
    if let observe, !done.contains(where: \.interrupted) {
        // Serially, after the chains: values[chain][record] in a fixed order, whatever the thread count.
        let values = try trimmed.map { records in try records.map { try observe($0.snapshot ?? []) } }
        let width = values.first?.first?.count ?? 0
        guard values.allSatisfy({ $0.allSatisfy { $0.count == width } }) else {
            throw MonteCarloError("observe returned a different number of values at different records")
        }
        observedValues = values
        observed = (0..<width).map { k in Estimate(combining: values.map { Estimate(series: $0.map { $0[k] }) }) }
    }
    var reweighting: BiasReweighting?
    if let bias {
        let values = try trimmed.map { try $0.map { try bias.value(energy: $0.energy, composition: $0.composition, sites: configuration.siteCount) } }
        let w = BiasReweighting.weights(values.flatMap { $0 })
        let all = trimmed.flatMap { $0 }
        let sum = w.reduce(0, +), squares = w.reduce(0) { $0 + $1 * $1 }
        let energy = all.map(\.energy)
        let composition = (0..<species).map { s in all.map { s < $0.composition.count ? $0.composition[s] : 0 } }
        let observed = observedValues.map { v in (0..<(v.first?.first?.count ?? 0)).map { k in v.flatMap { $0.map { $0[k] } } } }
        func error(_ x: [Double]) -> Double { BiasReweighting.jackknifeError(x, w, length: length) }
        reweighting = BiasReweighting(
            values: values, energy: BiasReweighting.mean(energy, w),
            composition: composition.map { BiasReweighting.mean($0, w) },
            observed: observed.map { $0.map { BiasReweighting.mean($0, w) } },
            effectiveSamples: sum * sum / squares,
            energyError: error(energy), compositionError: composition.map(error), observedError: observed.map { $0.map(error) })
    }
    let kinds = done.flatMap(\.stages)
    let moveAttempts = (0..<(kinds.first?.moveAttempts.count ?? 0)).map { m in kinds.reduce(0) { $0 + $1.moveAttempts[m] } }
    let moveAccepted = (0..<(kinds.first?.moveAccepted.count ?? 0)).map { m in kinds.reduce(0) { $0 + $1.moveAccepted[m] } }
    let attempts = done.reduce(0) { $0 + $1.stages.reduce(0) { $0 + $1.samples } } * configuration.siteCount
    let accepted = done.reduce(0.0) { $0 + $1.stages.reduce(0.0) { $0 + $1.acceptance * Double($1.samples) } } * Double(configuration.siteCount)
    return EquilibriumSample(temperature: temperature, chains: chains, samplesPerChain: length,
                             energy: Estimate(combining: energies.map { Estimate(series: $0) }),
                             heatCapacity: heatCapacity(energies, temperature: temperature),
                             acceptance: attempts > 0 ? accepted / Double(attempts) : 0,
                             moveAttempts: moveAttempts, moveAccepted: moveAccepted, bias: reweighting,
                             composition: composition, pairs: pairs, triplets: triplets, sro: sro, observed: observed,
                             energySeries: energies, finals: done.map(\.final),
                             interrupted: done.contains { $0.interrupted })
}

/// C = var(E)/T² (k_B = 1) of one series of energies sampled at `temperature`.
///
///     fluctuationHeatCapacity([-2, 0, 2], temperature: 2)   // (8/3) / 4
func fluctuationHeatCapacity<C: Collection>(_ x: C, temperature: Double) -> Double where C.Element == Double {
    let n = Double(x.count)
    let mean = x.reduce(0, +) / n
    return x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n / (temperature * temperature)
}

/// C = var(E)/T² per chain; the error from the spread over 10 blocks per chain.
private func heatCapacity(_ series: [[Double]], temperature: Double) -> Estimate {
    func capacity<C: Collection>(_ x: C) -> Double where C.Element == Double { fluctuationHeatCapacity(x, temperature: temperature) }
    let whole = series.map { capacity($0) }
    var blocks: [Double] = []
    for x in series where x.count >= 20 {
        let size = x.count / 10
        for b in 0..<10 { blocks.append(capacity(x[(b * size)..<((b + 1) * size)])) }
    }
    let mean = whole.reduce(0, +) / Double(whole.count)
    guard blocks.count >= 2 else { return Estimate(mean: mean, error: .nan, tau: .nan) }
    let bm = blocks.reduce(0, +) / Double(blocks.count)
    let sd = (blocks.reduce(0) { $0 + ($1 - bm) * ($1 - bm) } / Double(blocks.count - 1)).squareRoot()
    return Estimate(mean: mean, error: sd / Double(blocks.count).squareRoot(), tau: .nan)
}
