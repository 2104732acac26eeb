// Ensembles against exact enumeration of the 4x4 square Ising model: replica
// exchange (each temperature's energy histogram), variance-constrained flips
// (the (E, N) histogram), semigrand against canonical sampling (the energy at
// each composition, and F(N+1) - F(N) = μ from thermodynamic integration).
import Testing
@testable import MonteCarlo

@Suite struct EnsembleTests {
    static let size = 4, sites = 16

    static func model() throws -> EnergyModel {
        EnergyModel(clusters: try PairModel.ising(neighbours: .square(size), coupling: 1))
    }

    static func energy(_ o: [UInt8]) -> Double { ExactEnumerationTests.isingEnergy(o, size: size) }

    /// Exact weights of every (E, N1) class under exp(-E/T) × extra(N1), and the sum of the weights.
    static func classes(temperature: Double, extra: (Int) -> Double = { _ in 1 }) -> [String: Double] {
        var weights: [String: Double] = [:]
        var total = 0.0
        for code in 0..<(1 << sites) {
            let n1 = code.nonzeroBitCount
            let e = energy((0..<sites).map { UInt8((code >> $0) & 1) })
            let w = exp(-e / temperature) * extra(n1)
            weights[ExactEnumerationTests.key(e, n1), default: 0] += w
            total += w
        }
        return weights.mapValues { $0 / total }
    }

    @Test func replicaExchangeHistogramsMatchExactEnumeration() throws {
        let model = try Self.model()
        var rng = RandomStream(seed: 3)
        let start = try Configuration.random(siteCount: Self.sites, counts: [8, 8], rng: &rng)
        let temperatures = [1.6, 2.1, 2.7, 3.6]
        func run(_ threads: Int) throws -> ReplicaExchangeRun {
            try replicaExchange(start, model: model, moves: .flip(chemicalPotentials: [[0, 0]]), temperatures: temperatures,
                                sweeps: 12_000, equilibration: 200, every: 3, seed: 21, threads: threads)
        }
        let r = try run(2)
        let one = try run(1)
        #expect(one.energySeries.map { $0.map(\.bitPattern) } == r.energySeries.map { $0.map(\.bitPattern) })
        #expect(one.swapsAccepted == r.swapsAccepted && one.finals == r.finals)
        #expect(r.swapsAttempted.allSatisfy { $0 >= 5999 })
        #expect(r.swapAcceptance.allSatisfy { $0 > 0.2 && $0 < 1 }, "\(r.swapAcceptance)")
        for (k, t) in temperatures.enumerated() {
            // Energy classes only: the field-free model is symmetric in N1 ↔ 16 - N1.
            var expected: [String: Double] = [:]
            for (key, p) in Self.classes(temperature: t) { expected[String(key.split(separator: "|")[0]), default: 0] += p }
            var observed: [String: Int] = [:]
            for e in r.energySeries[k] { observed["\(e)", default: 0] += 1 }
            let n = r.energySeries[k].count
            #expect(n == 4000)
            let (raw, dof) = ExactEnumerationTests.chiSquare(observed: observed, expected: expected, samples: n)
            let chi2 = raw / max(1, 2 * Estimate(series: r.energySeries[k]).tau)
            #expect(chi2 < ExactEnumerationTests.critical(dof), "T \(t): chi2 \(chi2) (raw \(raw)), dof \(dof)")
        }
    }

    @Test func replicaExchangeRefusesBadTemperatures() throws {
        let model = try Self.model()
        let start = try Configuration(occupation: [UInt8](repeating: 0, count: Self.sites), speciesCount: 2)
        for bad in [[], [1.0, 0], [2.0, -1], [2.0, 1.0], [1, .infinity]] as [[Double]] {
            #expect(throws: MonteCarloError.self) {
                try replicaExchange(start, model: model, moves: .swap, temperatures: bad, sweeps: 10, seed: 1)
            }
        }
    }

    @Test func constrainedFlipsMatchExactEnumeration() throws {
        let model = try Self.model()
        var rng = RandomStream(seed: 4)
        let start = try Configuration.random(siteCount: Self.sites, counts: [12, 4], rng: &rng)
        let t = 2.5, phi = -0.6, kappa = 4.0
        let n = Double(Self.sites)
        let exact = Self.classes(temperature: t) { n1 in
            let c = Double(n1) / n
            return exp(-kappa * n * (c + phi / 2) * (c + phi / 2))
        }
        let thin = 3, samples = 6000
        let schedule = try AnnealSchedule(stages: [.init(from: t, to: t, sweeps: 100 + samples * thin, equilibration: 100)])
        let run = try anneal(start, model: model, moves: .constrainedFlip(phi: [phi], kappa: kappa), schedule: schedule,
                             observers: ObserverSettings(every: thin, snapshots: true), seed: 9)
        var observed: [String: Int] = [:]
        var energies: [Double] = []
        for r in run.records where r.sweep > 100 {
            let occ = try #require(r.snapshot)
            #expect(abs(Self.energy(occ) - r.energy) < 1e-9)
            observed[ExactEnumerationTests.key(r.energy, occ.filter { $0 == 1 }.count), default: 0] += 1
            energies.append(r.energy)
        }
        let (raw, dof) = ExactEnumerationTests.chiSquare(observed: observed, expected: exact, samples: energies.count)
        let chi2 = raw / max(1, 2 * Estimate(series: energies).tau)
        #expect(chi2 < ExactEnumerationTests.critical(dof), "chi2 \(chi2) (raw \(raw)) dof \(dof)")
        #expect(throws: MonteCarloError.self) {
            try anneal(start, model: model, moves: .constrainedFlip(phi: [phi], kappa: 0), schedule: schedule, seed: 1)
        }
    }

    /// Semigrand at μ against canonical runs at each N: ⟨E⟩_SGC = Σ_N P(N) ⟨E⟩_N, and the canonical free
    /// energies from temperature integration give F(N+1) - F(N) = μ - T ln(P(N+1)/P(N)) (dF/dN = μ at the
    /// most likely N); both against exact enumeration too.
    @Test func semigrandAgreesWithCanonical() throws {
        let model = try Self.model()
        let t = 3.0, mu = 0.15
        var rng = RandomStream(seed: 8)
        let start = try Configuration.random(siteCount: Self.sites, counts: [8, 8], rng: &rng)
        let sgc = try sampleEquilibrium(start, model: model, moves: .flip(chemicalPotentials: [[0, mu]]), temperature: t,
                                        sweeps: 20_000, equilibration: 200, chains: 2, seed: 5)
        // P(N) from exact enumeration, checked against the sampled mean composition.
        let exact = Self.classes(temperature: t) { exp(mu * Double($0) / t) }
        var probability = [Double](repeating: 0, count: Self.sites + 1), canonicalExact = probability
        var exactEnergy = 0.0
        for (key, p) in exact {
            let parts = key.split(separator: "|")
            let e = Double(parts[0]) ?? .nan, n1 = Int(parts[1]) ?? 0
            probability[n1] += p
            canonicalExact[n1] += p * e
            exactEnergy += p * e
        }
        let meanN = (0...Self.sites).reduce(0.0) { $0 + Double($1) * probability[$1] }
        #expect(abs(sgc.composition[1].mean * 16 - meanN) < 4 * 16 * sgc.composition[1].error, "\(sgc.composition[1]) vs \(meanN / 16)")
        #expect(abs(sgc.energy.mean - exactEnergy) < 4 * sgc.energy.error)

        // Canonical runs at every N that carries weight: Σ P(N) ⟨E⟩_N against the semigrand mean.
        var mixed = 0.0, variance = 0.0
        for n1 in 0...Self.sites where probability[n1] > 0.01 {
            var r = RandomStream(seed: UInt64(n1))
            let c = try Configuration.random(siteCount: Self.sites, counts: [Self.sites - n1, n1], rng: &r)
            let s = try sampleEquilibrium(c, model: model, moves: .swap, temperature: t, sweeps: 4000, equilibration: 100,
                                          chains: 1, seed: UInt64(100 + n1))
            #expect(abs(s.energy.mean - canonicalExact[n1] / probability[n1]) <= 4 * s.energy.error + 1e-9)
            mixed += probability[n1] * s.energy.mean
            variance += probability[n1] * probability[n1] * s.energy.error * s.energy.error
        }
        let weight = (0...Self.sites).filter { probability[$0] > 0.01 }.reduce(0.0) { $0 + probability[$1] }
        let combined = (variance.squareRoot() * variance.squareRoot() + sgc.energy.error * sgc.energy.error).squareRoot()
        #expect(abs(mixed / weight - sgc.energy.mean) < 4 * combined + 0.05, "Σ P(N) E_N \(mixed / weight) vs SGC \(sgc.energy)")

        // F(N) from temperature integration at the two compositions around the most likely one.
        let peak = (0..<Self.sites).max { probability[$0] < probability[$1] } ?? 8
        let betas = [0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 1 / 3.5, 1 / t]
        func free(_ n1: Int) throws -> (sampled: Double, exact: Double) {
            var r = RandomStream(seed: UInt64(50 + n1))
            let c = try Configuration.random(siteCount: Self.sites, counts: [Self.sites - n1, n1], rng: &r)
            var energies: [Double] = []
            for (k, beta) in betas.enumerated() {
                let s = try sampleEquilibrium(c, model: model, moves: .swap, temperature: beta == 0 ? 1e12 : 1 / beta,
                                              sweeps: 3000, equilibration: 100, seed: UInt64(200 + 10 * n1 + k))
                energies.append(s.energy.mean)
            }
            let f = try FreeEnergy.overTemperature(betas: betas, energies: energies,
                                                   entropyAtInfinity: FreeEnergy.logMultinomial([Self.sites - n1, n1]))
            var partition = 0.0
            for code in 0..<(1 << Self.sites) where code.nonzeroBitCount == n1 {
                partition += exp(-Self.energy((0..<Self.sites).map { UInt8((code >> $0) & 1) }) / t)
            }
            return (f.last ?? .nan, -t * log(partition))
        }
        let low = try free(peak), high = try free(peak + 1)
        let slope = high.sampled - low.sampled
        let fromHistogram = mu - t * log(probability[peak + 1] / probability[peak])
        #expect(abs((high.exact - low.exact) - fromHistogram) < 1e-9)
        #expect(abs(low.sampled - low.exact) < 0.15 && abs(high.sampled - high.exact) < 0.15, "\(low) \(high)")
        #expect(abs(slope - fromHistogram) < 0.2, "F(N+1) - F(N) = \(slope) vs μ - T ln(P(N+1)/P(N)) = \(fromHistogram)")
    }

    @Test func chemicalPotentialSweepKeepsFinishedPoints() throws {
        let model = try Self.model()
        let start = try Configuration(occupation: [UInt8](repeating: 0, count: Self.sites), speciesCount: 2)
        let path = stride(from: -6.0, through: 6.0, by: 2.0).map { [[0, $0]] }
        let full = try sweepChemicalPotential(start, model: model, temperature: 2, path: path, sweeps: 200, seed: 3)
        #expect(!full.interrupted && full.points.count == path.count)
        let x = full.points.map { $0.composition[1].mean }
        #expect(zip(x, x.dropFirst()).allSatisfy { $0 <= $1 + 0.01 } && x[0] < 0.05 && x[x.count - 1] > 0.95, "\(x)")
        var calls = 0
        let cut = try sweepChemicalPotential(start, model: model, temperature: 2, path: path, sweeps: 200, seed: 3,
                                             stop: { calls += 1; return calls > 3 * 200 + 50 })
        #expect(cut.interrupted && cut.points.count == 3)
        #expect(cut.points.map { $0.energy } == full.points.prefix(3).map { $0.energy })
    }

    @Test func freeEnergyQuadrature() throws {
        // U = a + bβ integrates exactly: βF = -S + aβ + bβ²/2.
        let betas = [0.0, 0.5, 1.0, 2.0], s = FreeEnergy.logMultinomial([2, 2])
        #expect(abs(s - log(6)) < 1e-12)
        let f = try FreeEnergy.overTemperature(betas: betas, energies: betas.map { 1 + 3 * $0 }, entropyAtInfinity: s)
        for (k, b) in betas.dropFirst().enumerated() { #expect(abs(f[k] - (-s / b + 1 + 1.5 * b)) < 1e-12) }
        let omega = try FreeEnergy.overChemicalPotential(mu: [0, 1, 2], composition: [0, 1, 2], reference: 1)
        #expect(omega == [1, 0.5, -1])
        #expect(throws: MonteCarloError.self) { try FreeEnergy.overTemperature(betas: [0.1, 1], energies: [0, 0], entropyAtInfinity: 0) }
    }
}

#if canImport(Glibc)
import Glibc
#endif
