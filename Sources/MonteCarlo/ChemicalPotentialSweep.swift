// Semigrand-canonical sweeps of the chemical potential: at each point of a
// path one flip chain continues from the previous point's final state, so a
// path up and the same path down show the hysteresis of a first-order
// transition. Ctrl-C keeps every finished point.

/// One point of a chemical-potential sweep: averages after equilibration.
public struct SemigrandPoint: Sendable {
    /// The chemical potentials μ[sublattice][species] of the point.
    public let chemicalPotentials: [[Double]]
    /// Mean energy of the cell.
    public let energy: Estimate
    /// Mean fraction of each species (over all sites).
    public let composition: [Estimate]
    /// Fraction of flips accepted.
    public let acceptance: Double
    /// The configuration at the end of the point (the next point's start).
    public let final: Configuration
}

/// Runs a flip chain through `path` (μ tables) at one temperature, each point `equilibration` +
/// `sweeps` sweeps recorded every `every`, starting from `configuration` and then from the previous
/// point's final state. Point p uses `RandomStream(seed: seed, stream: stream + p)`. An interrupt
/// (`stop`) returns the points finished before it. `progress()` is called after each point.
///
///     let up = try sweepChemicalPotential(start, model: m, temperature: 0.05,
///                                         path: [-0.1, 0, 0.1].map { [[0, $0]] }, sweeps: 200, seed: 1)
public func sweepChemicalPotential(_ configuration: Configuration, model: EnergyModel, temperature: Double, path: [[[Double]]],
                                   sweeps: Int, equilibration: Int = 0, every: Int = 1, seed: UInt64, stream: UInt64 = 0,
                                   progress: (() -> Void)? = nil, stop: @escaping () -> Bool = { Interruption.isRequested }) throws -> (points: [SemigrandPoint], interrupted: Bool) {
    guard temperature > 0, temperature.isFinite else { throw MonteCarloError("a chemical-potential sweep needs a finite temperature > 0, got \(temperature)") }
    guard sweeps >= 2 * every, every >= 1 else { throw MonteCarloError("sample at least two records per point (sweeps >= 2 x every), got sweeps \(sweeps), every \(every)") }
    let schedule = try AnnealSchedule(stages: [.init(from: temperature, to: temperature, sweeps: equilibration + sweeps, equilibration: equilibration)])
    let observers = ObserverSettings(every: every)
    for mu in path { try checkInputs(configuration, model: model, moves: .flip(chemicalPotentials: mu), observers: observers) }
    var points: [SemigrandPoint] = []
    var current = configuration
    for (p, mu) in path.enumerated() {
        let run = try anneal(current, model: model, moves: .flip(chemicalPotentials: mu), schedule: schedule, observers: observers,
                             seed: seed, stream: stream &+ UInt64(p), stop: stop)
        if run.interrupted { return (points, true) }
        let kept = run.records.filter { $0.sweep > equilibration }
        let species = configuration.maxSpecies
        points.append(SemigrandPoint(
            chemicalPotentials: mu, energy: Estimate(series: kept.map(\.energy)),
            composition: (0..<species).map { s in Estimate(series: kept.map { $0.composition[s] }) },
            acceptance: run.stages.last?.acceptance ?? 0, final: run.final))
        current = run.final
        progress?()
    }
    return (points, false)
}
