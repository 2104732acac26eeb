// The result of an anneal: the record time series, per-stage averages (after
// equilibration sweeps) and the final configuration.

/// Per-stage averages over the stage's sweeps after its equilibration sweeps.
public struct StageSummary: Sendable, Equatable {
    /// Temperature at the stage's first sweep.
    public let from: Double
    /// Temperature at the stage's last sweep.
    public let to: Double
    /// Sweeps averaged (completed sweeps after equilibration).
    public let samples: Int
    /// Mean energy after every averaged sweep.
    public let meanEnergy: Double
    /// Standard deviation of those energies.
    public let energySD: Double
    /// Fraction of attempts accepted in the averaged sweeps.
    public let acceptance: Double
    /// Attempted and accepted moves of each kind in the averaged sweeps (one entry for a pure
    /// move set, one per part of a mixture, in its order); the attempts add up to the sweeps' attempts.
    public let moveAttempts: [Int]
    public let moveAccepted: [Int]
}

/// An annealing run: records every N sweeps, stage averages and the final state.
///
///     let run = try anneal(config, model: model, moves: .neighbourSwap(.triangular(48)), schedule: s,
///                          observers: ObserverSettings(every: 10, pairs: .triangular(48), triplets: true), seed: 7)
///     run.finalEnergy; run.records.last?.pairs?["+-"]; run.column("tri:++-")
public struct AnnealRun: Sendable {
    /// The records, in time order (first at sweep 0, last at the end).
    public let records: [Record]
    /// One summary per stage run (fewer if interrupted).
    public let stages: [StageSummary]
    /// The final configuration.
    public let final: Configuration
    /// The final energy (fully recomputed).
    public let finalEnergy: Double
    /// Sweeps done.
    public let sweeps: Int
    /// Attempted and accepted moves.
    public let attempts: Int
    public let accepted: Int
    /// Whether the run stopped early on an interrupt.
    public let interrupted: Bool
    /// Sweeps run by each kernel: whole-neighbourhood tables, direct evaluation, local fields.
    let kernelSweeps: [Int]

    /// Energies of the records.
    public var energies: [Double] { records.map(\.energy) }
    /// Temperatures of the records.
    public var temperatures: [Double] { records.map(\.temperature) }
    /// Attempted moves at each record ("time").
    public var times: [Int] { records.map(\.attempts) }

    /// A recorded series by name: "energy", "temperature", "acceptance", "time", "sweep",
    /// a pair "++" "+-" "-+" "--", a per-shape triplet "lin:++-" or a global triplet "global:lin:++-".
    /// Nil when that observer was not recorded.
    public func column(_ name: String) -> [Double]? {
        switch name {
        case "energy": return energies
        case "temperature": return temperatures
        case "acceptance": return records.map(\.acceptance)
        case "time": return records.map { Double($0.attempts) }
        case "sweep": return records.map { Double($0.sweep) }
        default: break
        }
        if PairConcentrations.names.contains(name) {
            let values = records.compactMap { $0.pairs?[name] }
            return values.count == records.count ? values : nil
        }
        let global = name.hasPrefix("global:")
        let key = global ? String(name.dropFirst(7)) : name
        guard let k = TripletConcentrations.names.firstIndex(of: key) else { return nil }
        let (shape, pattern) = TripletConcentrations.types[k]
        let values = records.compactMap { r in
            global ? r.triplets?.global(shape, pattern) : r.triplets?.perShape(shape, pattern)
        }
        return values.count == records.count ? values : nil
    }
}
