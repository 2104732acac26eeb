// Test fixture: seeded nearest-neighbour-swap anneals of the charge-balance model
// (science.md §2, MonteCarlo's engine) turned into concentration series, computed
// once and shared by the calibration tests.
import MonteCarlo
@testable import Closure

enum AnnealData {
    /// Anneals Li_x Mn_(1-x) (Mn = species 0 = "+") on an L × L triangular lattice, geometric T 1 → 0.01,
    /// and returns the series with time as the fraction of the annealing done.
    static func series(x: Double, size: Int, seed: UInt64, stream: UInt64 = 0) throws -> ConcentrationSeries {
        let n = size * size
        let lithium = Int((x * Double(n)).rounded())
        let table = NeighbourTable.triangular(size)
        var rng = RandomStream(seed: seed, stream: stream)
        let start = try Configuration.random(siteCount: n, counts: [n - lithium, lithium], rng: &rng)
        let run = try anneal(start, model: EnergyModel(clusters: ChargeBalance.model(size: size)),
                             moves: .neighbourSwap(table),
                             schedule: .geometric(from: 1, to: 0.01, count: 16, sweeps: 8),
                             observers: ObserverSettings(every: 1, pairs: table, triplets: true), seed: seed, stream: stream)
        let total = Double(run.sweeps)
        return try ConcentrationSeries(times: run.records.map { Double($0.sweep) / total },
                                       plus: run.records.map { $0.composition[0] },
                                       plusPlus: run.column("++") ?? [], plusMinus: run.column("+-") ?? [],
                                       minusMinus: run.column("--") ?? [], tripletColumn: { run.column($0) })
    }

    /// The ten stoichiometries of seed 003.
    static let compositions = [0.25, 0.30, 0.33, 0.36, 0.42, 0.50, 0.58, 0.64, 0.70, 0.75]

    static let third: ConcentrationSeries? = try? series(x: 1.0 / 3, size: 18, seed: 2022)
    static let half: ConcentrationSeries? = try? series(x: 0.5, size: 18, seed: 2022, stream: 1)
    /// One seeded stream per composition, annealed in parallel; identical on any thread count.
    static let sweep: [ConcentrationSeries]? = {
        let runs = parallelMap(compositions.count, threads: 2) { i in
            try? series(x: compositions[i], size: 15, seed: 2022, stream: UInt64(10 + i))
        }
        let all = runs.compactMap { $0 }
        return all.count == runs.count ? all : nil
    }()
}
