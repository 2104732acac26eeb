// Sampled energy distributions against exact Boltzmann distributions from
// enumerating every configuration: 4x4 square Ising and 3x3 triangular charge
// balance, canonical swaps (anywhere and neighbours), semigrand flips and
// weighted mixtures of swaps and flips.
import Testing
@testable import MonteCarlo

@Suite struct ExactEnumerationTests {
    /// Ising energy -Σ_<ij> s_i s_j on the periodic L x L square lattice, written independently of the tables.
    static func isingEnergy(_ occ: [UInt8], size: Int) -> Double {
        var e = 0.0
        for a in 0..<size {
            for b in 0..<size {
                let s = occ[NeighbourTable.site(a, b, size)] == 0 ? 1.0 : -1.0
                let right = occ[NeighbourTable.site(a + 1, b, size)] == 0 ? 1.0 : -1.0
                let up = occ[NeighbourTable.site(a, b + 1, size)] == 0 ? 1.0 : -1.0
                e -= s * right + s * up
            }
        }
        return e
    }

    /// Charge-balance energy (|·|) counted triangle by triangle from the Li numbers.
    static func chargeBalanceEnergy(_ occ: [UInt8], size: Int) -> Double {
        let byLi = [0.5, 0, 0.5, 1]
        var e = 0.0
        for a in 0..<size {
            for b in 0..<size {
                let s = { (x: Int, y: Int) in Int(occ[NeighbourTable.site(x, y, size)]) }
                e += byLi[s(a, b) + s(a + 1, b) + s(a, b + 1)] + byLi[s(a, b) + s(a - 1, b) + s(a, b - 1)]
            }
        }
        return e
    }

    /// Exact probabilities of each (energy, minority count) state class at T with weight exp(-(E - μ N1)/T).
    static func exact(sites: Int, energy: ([UInt8]) -> Double, temperature: Double, minority: Int?, mu: Double) -> [String: Double] {
        var weights: [String: Double] = [:]
        var total = 0.0
        for code in 0..<(1 << sites) {
            let n1 = code.nonzeroBitCount
            if let minority, n1 != minority { continue }
            let occ = (0..<sites).map { UInt8((code >> $0) & 1) }
            let e = energy(occ)
            let w = exp(-(e - mu * Double(n1)) / temperature)
            weights[key(e, n1), default: 0] += w
            total += w
        }
        return weights.mapValues { $0 / total }
    }

    static func key(_ e: Double, _ n1: Int) -> String { "\(e)|\(n1)" }

    /// Pearson chi-square of observed counts against expected probabilities, merging classes with < 5 expected.
    static func chiSquare(observed: [String: Int], expected: [String: Double], samples: Int) -> (chi2: Double, dof: Int) {
        var chi2 = 0.0, bins = 0, poolObserved = 0, poolExpected = 0.0
        for k in expected.keys.sorted() {
            let e = expected[k, default: 0] * Double(samples), o = Double(observed[k, default: 0])
            if e < 5 { poolExpected += e; poolObserved += Int(o); continue }
            chi2 += (o - e) * (o - e) / e
            bins += 1
        }
        if poolExpected > 0 {
            chi2 += (Double(poolObserved) - poolExpected) * (Double(poolObserved) - poolExpected) / max(poolExpected, 1)
            bins += 1
        }
        for k in observed.keys where expected[k] == nil { chi2 += 1e9 }   // a state the exact sum never visits
        return (chi2, max(1, bins - 1))
    }

    /// The 99.9 % quantile of chi-square with `dof` degrees of freedom (Wilson-Hilferty).
    static func critical(_ dof: Int) -> Double {
        let k = Double(dof), z = 3.09
        let t = 1 - 2 / (9 * k) + z * (2 / (9 * k)).squareRoot()
        return k * t * t * t
    }

    /// Samples at T and tests the (E, N1) histogram; records every `thin` sweeps.
    static func check(start: Configuration, model: EnergyModel, moves: MoveSet, temperature: Double, mu: Double,
                      canonical: Bool, energy: @escaping ([UInt8]) -> Double, seed: UInt64) throws {
        let thin = 3, samples = 6000
        let s = try sampleEquilibrium(start, model: model, moves: moves, temperature: temperature,
                                      sweeps: samples * thin, equilibration: 100,
                                      observers: ObserverSettings(every: thin, snapshots: true), seed: seed)
        // The same chain through anneal, to read its snapshots.
        let schedule = try AnnealSchedule(stages: [.init(from: temperature, to: temperature, sweeps: 100 + samples * thin, equilibration: 100)])
        let run = try anneal(start, model: model, moves: moves, schedule: schedule,
                             observers: ObserverSettings(every: thin, snapshots: true), seed: seed)
        var observed: [String: Int] = [:]
        var n = 0
        for r in run.records where r.sweep > 100 {
            let occ = try #require(r.snapshot)
            #expect(abs(energy(occ) - r.energy) < 1e-9)
            observed[key(energy(occ), occ.filter { $0 == 1 }.count), default: 0] += 1
            n += 1
        }
        #expect(s.energySeries[0] == run.records.filter { $0.sweep > 100 }.map(\.energy))
        let exact = exact(sites: start.siteCount, energy: energy, temperature: temperature,
                          minority: canonical ? start.count(of: 1) : nil, mu: mu)
        let (raw, dof) = chiSquare(observed: observed, expected: exact, samples: n)
        // Correlated records inflate chi-square by about 2τ (τ from the energy series, in records).
        let inflation = max(1, 2 * Estimate(series: s.energySeries[0]).tau)
        let chi2 = raw / inflation
        #expect(chi2 < critical(dof), "chi2 \(chi2) (raw \(raw), 2τ \(inflation)) dof \(dof) at T \(temperature) moves \(moves.name)")
    }

    @Test(arguments: [2.0, 3.0, 5.0])
    func isingSquare4x4(temperature: Double) throws {
        let lat = NeighbourTable.square(4)
        let model = EnergyModel(clusters: try PairModel.ising(neighbours: lat, coupling: 1))
        var rng = RandomStream(seed: 5)
        let start = try Configuration.random(siteCount: 16, counts: [8, 8], rng: &rng)
        let energy = { (o: [UInt8]) in Self.isingEnergy(o, size: 4) }
        try Self.check(start: start, model: model, moves: .swap, temperature: temperature, mu: 0, canonical: true, energy: energy, seed: 11)
        try Self.check(start: start, model: model, moves: .neighbourSwap(lat), temperature: temperature, mu: 0, canonical: true, energy: energy, seed: 12)
        try Self.check(start: start, model: model, moves: .flip(chemicalPotentials: [[0, 0.7]]), temperature: temperature + 1,
                       mu: 0.7, canonical: false, energy: energy, seed: 13)
    }

    @Test(arguments: [0.3, 0.8, 2.0])
    func chargeBalanceTriangular3x3(temperature: Double) throws {
        let lat = NeighbourTable.triangular(3)
        let model = EnergyModel(clusters: try ChargeBalance.model(size: 3))
        var rng = RandomStream(seed: 6)
        let start = try Configuration.random(siteCount: 9, counts: [6, 3], rng: &rng)
        let energy = { (o: [UInt8]) in Self.chargeBalanceEnergy(o, size: 3) }
        try Self.check(start: start, model: model, moves: .swap, temperature: temperature, mu: 0, canonical: true, energy: energy, seed: 21)
        try Self.check(start: start, model: model, moves: .neighbourSwap(lat), temperature: temperature, mu: 0, canonical: true, energy: energy, seed: 22)
        try Self.check(start: start, model: model, moves: .flip(chemicalPotentials: [[0, -0.4]]), temperature: temperature,
                       mu: -0.4, canonical: false, energy: energy, seed: 23)
    }

    /// A mixture of swaps (anywhere or neighbours) and flips samples the semigrand distribution
    /// exp(-(E - μN)/T): each attempt picks its kind independently of the state.
    @Test(arguments: [2.0, 4.0])
    func mixturesOfSwapsAndFlipsSampleTheSemigrandDistribution(temperature: Double) throws {
        let lat = NeighbourTable.square(4)
        let model = EnergyModel(clusters: try PairModel.ising(neighbours: lat, coupling: 1))
        var rng = RandomStream(seed: 5)
        let start = try Configuration.random(siteCount: 16, counts: [8, 8], rng: &rng)
        let energy = { (o: [UInt8]) in Self.isingEnergy(o, size: 4) }
        let flip = MoveSet.flip(chemicalPotentials: [[0, 0.7]])
        try Self.check(start: start, model: model, moves: .mixture([(.swap, 0.8), (flip, 0.2)]), temperature: temperature,
                       mu: 0.7, canonical: false, energy: energy, seed: 31)
        try Self.check(start: start, model: model, moves: .mixture([(flip, 0.5), (.neighbourSwap(lat), 0.5)]), temperature: temperature,
                       mu: 0.7, canonical: false, energy: energy, seed: 32)
    }
}

#if canImport(Glibc)
import Glibc
#endif
