// Umbrella biases against exact enumeration of a 4x4 Ising model (the biased
// histogram of the biased observable, the reweighted mean energy), per-move
// counts of mixtures, and semigrand charge-conserving flips on a tiny ionic cell.
import Numerics
import Testing
@testable import MonteCarlo

#if canImport(Glibc)
import Glibc
#endif

@Suite struct BiasTests {
    /// Exact probabilities over all 2^16 states of the 4x4 Ising model, keyed by `key(energy, n1)`,
    /// of the weight exp(-E/T - W(E, n1)), optionally at fixed n1.
    static func exact(temperature t: Double, minority: Int? = nil, w: (Double, Int) -> Double) -> [String: Double] {
        var weights: [String: Double] = [:]
        var total = 0.0
        for code in 0..<(1 << 16) {
            let n1 = code.nonzeroBitCount
            if let minority, n1 != minority { continue }
            let occ = (0..<16).map { UInt8((code >> $0) & 1) }
            let e = ExactEnumerationTests.isingEnergy(occ, size: 4)
            let x = exp(-e / t - w(e, n1))
            weights["\(e)|\(n1)", default: 0] += x
            total += x
        }
        return weights.mapValues { $0 / total }
    }

    /// The marginal of one part ("e" or "n") of the keys of `p`.
    static func marginal(_ p: [String: Double], energy: Bool) -> [String: Double] {
        var out: [String: Double] = [:]
        for (k, v) in p { out[String(k.split(separator: "|")[energy ? 0 : 1]), default: 0] += v }
        return out
    }

    /// A composition bias on x_B with flips (μ = 0): the histogram of N_B follows the biased exact
    /// distribution, and not the unbiased one (the test can tell them apart).
    @Test(arguments: [0, 1])
    func compositionBiasSamplesTheBiasedDistribution(table: Int) throws {
        let (start, model) = try SamplingTests.ising4x4()
        let t = 3.0
        let bias = try table == 1
            ? Bias(on: .fraction(species: 1), shape: .table(at: [0, 0.25, 1], values: [2, 0, 6]))
            : Bias(on: .fraction(species: 1), shape: .harmonic(k: 200, center: 0.25))
        let run = try anneal(start, model: model, moves: .flip(chemicalPotentials: [[0, 0]]), schedule: .steps([t], sweeps: 40000),
                             observers: ObserverSettings(every: 2), bias: bias, seed: 11)
        let kept = run.records.dropFirst(50)
        var observed: [String: Int] = [:]
        for r in kept { observed["\(Int((r.composition[1] * 16).rounded()))", default: 0] += 1 }
        let biased = Self.marginal(Self.exact(temperature: t) { _, n in bias.value(Double(n) / 16) }, energy: false)
        let unbiased = Self.marginal(Self.exact(temperature: t) { _, _ in 0 }, energy: false)
        let inflation = max(1, 2 * Estimate(series: kept.map { $0.composition[1] }).tau)
        let (raw, dof) = ExactEnumerationTests.chiSquare(observed: observed, expected: biased, samples: kept.count)
        #expect(raw / inflation < ExactEnumerationTests.critical(dof), "chi2 \(raw) / \(inflation), dof \(dof)")
        let (wrong, wrongDof) = ExactEnumerationTests.chiSquare(observed: observed, expected: unbiased, samples: kept.count)
        #expect(wrong / inflation > 10 * ExactEnumerationTests.critical(wrongDof), "unbiased chi2 \(wrong) / \(inflation)")
    }

    /// A tabulated energy bias with canonical swaps: the biased energy histogram follows the biased exact
    /// distribution, and the reweighted mean energy is the exact unbiased mean (the biased mean is not).
    @Test func energyBiasReweightsToTheExactMean() throws {
        let (start, model) = try SamplingTests.ising4x4()
        let t = 2.0
        // Favours high energies: W falls from 4 at E/N = -2 (the ground state) to 0 at E/N = 0.
        let bias = try Bias(on: .energyPerSite, shape: .table(at: [-2, -1, 0], values: [4, 1.5, 0]))
        let w = { (e: Double, _: Int) in bias.value(e / 16) }
        let biased = Self.marginal(Self.exact(temperature: t, minority: 8, w: w), energy: true)
        let unbiased = Self.marginal(Self.exact(temperature: t, minority: 8) { _, _ in 0 }, energy: true)
        let exactMean = unbiased.reduce(0) { $0 + (Double($1.key) ?? .nan) * $1.value }
        let biasedMean = biased.reduce(0) { $0 + (Double($1.key) ?? .nan) * $1.value }

        let s = try sampleEquilibrium(start, model: model, moves: .swap, temperature: t, sweeps: 30000, equilibration: 100,
                                      chains: 2, bias: bias, seed: 6)
        let b = try #require(s.bias)
        var observed: [String: Int] = [:]
        for series in s.energySeries { for e in series { observed["\(e)", default: 0] += 1 } }
        let samples = s.energySeries.reduce(0) { $0 + $1.count }
        let inflation = max(1, 2 * s.energy.tau)
        let (raw, dof) = ExactEnumerationTests.chiSquare(observed: observed, expected: biased, samples: samples)
        #expect(raw / inflation < ExactEnumerationTests.critical(dof), "chi2 \(raw) / \(inflation), dof \(dof)")
        // The biased chain's own mean is the biased one, well away from the unbiased mean.
        #expect(abs(s.energy.mean - biasedMean) < 4 * s.energy.error, "\(s.energy) vs biased \(biasedMean)")
        #expect(abs(biasedMean - exactMean) > 20 * s.energy.error)
        // Reweighting: the error grows as the effective sample size shrinks.
        #expect(b.effectiveSamples > 100 && b.effectiveSamples < Double(samples))
        let tolerance = 4 * s.energy.error * (Double(samples) / b.effectiveSamples).squareRoot()
        #expect(abs(b.energy - exactMean) < tolerance, "reweighted \(b.energy) vs exact \(exactMean) ± \(tolerance)")
        #expect(b.values.map(\.count) == s.energySeries.map(\.count))
        #expect(b.values[0][0] == bias.value(s.energySeries[0][0] / 16))
    }

    /// The reweighted mean's standard error is honest: over 16 seeds of the energy-biased 4x4 run, the
    /// errors reported match the spread of the reweighted means, and the means' distances from the exact
    /// unbiased mean in units of their errors have a mean square near 1 (χ² with 16 degrees of freedom
    /// lies in [0.35, 2.2] times 16 with probability above 0.99). Under 20 records per chain: no error.
    @Test func reweightedErrorsMatchTheScatterOverSeeds() throws {
        let (start, model) = try SamplingTests.ising4x4()
        let t = 2.0
        let bias = try Bias(on: .energyPerSite, shape: .table(at: [-2, -1, 0], values: [4, 1.5, 0]))
        let unbiased = Self.marginal(Self.exact(temperature: t, minority: 8) { _, _ in 0 }, energy: true)
        let exactMean = unbiased.reduce(0) { $0 + (Double($1.key) ?? .nan) * $1.value }
        var means: [Double] = [], errors: [Double] = []
        for seed in 1...16 {
            let s = try sampleEquilibrium(start, model: model, moves: .swap, temperature: t, sweeps: 2000, equilibration: 50,
                                          chains: 2, bias: bias, seed: UInt64(seed))
            let b = try #require(s.bias)
            #expect(b.compositionError.allSatisfy { $0 == 0 }, "swaps keep the composition: \(b.compositionError)")
            means.append(b.energy)
            errors.append(b.energyError)
        }
        let average = means.reduce(0, +) / 16
        let spread = (means.reduce(0) { $0 + ($1 - average) * ($1 - average) } / 15).squareRoot()
        let typical = (errors.reduce(0) { $0 + $1 * $1 } / 16).squareRoot()
        let chi2 = zip(means, errors).reduce(0) { $0 + pow(($1.0 - exactMean) / $1.1, 2) } / 16
        print("reweighted E over 16 seeds: spread \(spread), typical error \(typical), mean square z \(chi2)")
        #expect(spread / typical > 0.6 && spread / typical < 1.6, "spread \(spread) against errors \(typical)")
        #expect(chi2 > 0.35 && chi2 < 2.2, "mean square z \(chi2)")
        let short = try sampleEquilibrium(start, model: model, moves: .swap, temperature: t, sweeps: 19, chains: 2, bias: bias, seed: 1)
        #expect(try #require(short.bias).energyError.isNaN)
    }

    /// Without a bias a chain runs exactly as before (no W, no reweighting); the same bias gives the same run.
    @Test func noBiasIsTheUnbiasedRun() throws {
        let (start, model) = try SamplingTests.ising4x4()
        let zero = try Bias(on: .energyPerSite, shape: .harmonic(k: 0, center: 0))
        let plain = try sampleEquilibrium(start, model: model, moves: .swap, temperature: 2, sweeps: 200, seed: 3)
        let flat = try sampleEquilibrium(start, model: model, moves: .swap, temperature: 2, sweeps: 200, bias: zero, seed: 3)
        #expect(plain.bias == nil)
        #expect(plain.energySeries == flat.energySeries)
        #expect(flat.bias?.effectiveSamples == Double(flat.energySeries[0].count))
    }

    /// A bias given as a function of the state, called around every attempt, makes the same decisions
    /// as the same W tabulated by count (the same run), and its error ends the sample.
    @Test func functionOfTheStateIsTheTabulatedBias() throws {
        let (start, model) = try SamplingTests.ising4x4()
        let moves = MoveSet.flip(chemicalPotentials: [[0, 0.1]])
        let harmonic = try Bias(on: .fraction(species: 1), shape: .harmonic(k: 200, center: 0.25))
        let function = try Bias(on: .state, shape: .function(.init { _, x in 0.5 * 200 * (x[1] - 0.25) * (x[1] - 0.25) }))
        let a = try sampleEquilibrium(start, model: model, moves: moves, temperature: 3, sweeps: 300, chains: 2, bias: harmonic, seed: 8)
        let b = try sampleEquilibrium(start, model: model, moves: moves, temperature: 3, sweeps: 300, chains: 2, bias: function, seed: 8)
        #expect(a.energySeries == b.energySeries && a.bias?.values == b.bias?.values)
        #expect(a.composition[1].mean < 0.4)   // pulled from 1/2 towards 1/4
        struct Broken: Error {}
        let broken = try Bias(on: .state, shape: .function(.init { e, _ in if e > -1 { throw Broken() }; return 0 }))
        #expect(throws: Broken.self) { try sampleEquilibrium(start, model: model, moves: moves, temperature: 3, sweeps: 50, bias: broken, seed: 8) }
        #expect(throws: MonteCarloError.self) { try Bias(on: .state, shape: .harmonic(k: 1, center: 0)) }
        #expect(throws: MonteCarloError.self) { try Bias(on: .energyPerSite, shape: .function(.init { _, _ in 0 })) }
    }

    @Test func badBiasesAreErrors() throws {
        #expect(throws: MonteCarloError.self) { try Bias(on: .energyPerSite, shape: .table(at: [0], values: [1])) }
        #expect(throws: MonteCarloError.self) { try Bias(on: .energyPerSite, shape: .table(at: [1, 0], values: [1, 2])) }
        #expect(throws: MonteCarloError.self) { try Bias(on: .energyPerSite, shape: .harmonic(k: .infinity, center: 0)) }
        let (start, model) = try SamplingTests.ising4x4()
        let bias = try Bias(on: .fraction(species: 2), shape: .harmonic(k: 1, center: 0))
        #expect(throws: MonteCarloError.self) {
            try sampleEquilibrium(start, model: model, moves: .swap, temperature: 2, sweeps: 20, bias: bias, seed: 3)
        }
    }

    /// A mixture counts attempts and acceptances per kind; they add up to the totals. A stiff composition
    /// bias rejects every flip (each changes x by 1/16) while swaps, which keep x, are accepted.
    @Test func mixturesCountEachKind() throws {
        let (start, model) = try SamplingTests.ising4x4()
        let pin = try Bias(on: .fraction(species: 1), shape: .harmonic(k: 1e9, center: 0.5))
        let s = try sampleEquilibrium(start, model: model, moves: .mixture([(.swap, 0.7), (.flip(chemicalPotentials: [[0, 0]]), 0.3)]),
                                      temperature: 3, sweeps: 300, equilibration: 20, chains: 2, bias: pin, seed: 9)
        let total = s.chains * 300 * 16
        #expect(s.moveAttempts.count == 2 && s.moveAttempts.reduce(0, +) == total)
        #expect(s.moveAccepted[1] == 0 && s.moveAccepted[0] > 0)
        #expect(abs(Double(s.moveAccepted.reduce(0, +)) / Double(total) - s.acceptance) < 1e-12)
        // About 70 % of the attempts are swaps.
        #expect(abs(Double(s.moveAttempts[0]) / Double(total) - 0.7) < 0.02, "\(s.moveAttempts)")
        // The per-kind counts travel between MPI ranks with the run.
        let run = try anneal(start, model: model, moves: .mixture([(.swap, 0.7), (.flip(chemicalPotentials: [[0, 0]]), 0.3)]),
                             schedule: .steps([3, 2], sweeps: 20), bias: pin, seed: 2)
        var out = RankBytes()
        run.write(to: &out)
        var input = RankBytes.Reader(out.bytes)
        let back = try AnnealRun(from: &input)
        #expect(back.stages == run.stages && run.stages.allSatisfy { $0.moveAttempts.reduce(0, +) == 20 * 16 && $0.moveAccepted[1] == 0 })
        let pure = try sampleEquilibrium(start, model: model, moves: .swap, temperature: 3, sweeps: 100, seed: 9)
        #expect(pure.moveAttempts == [100 * 16])
        #expect(abs(Double(pure.moveAccepted[0]) / Double(pure.moveAttempts[0]) - pure.acceptance) < 1e-12)
    }

    /// Charge-conserving flips with chemical potentials on 6 sites of charges 1, 2, 3 (total 12: the
    /// compositions (A, B, C) = (0, 6, 0), (1, 4, 1), (2, 2, 2), (3, 0, 3)) sample
    /// exp(-(E - Σ μ N)/T) over the states of that charge; without μ the histogram differs.
    @Test func chargeFlipsWithChemicalPotentialsSampleTheSemigrandDistribution() throws {
        let n = 6
        var rng = RandomStream(seed: 4)
        var terms: [ClusterTerm] = []
        for i in 0..<n { terms.append(ClusterTerm(sites: [i, (i + 1) % n], table: (0..<9).map { _ in rng.uniform(-0.5, 0.5) })) }
        let clusters = try ClusterTableModel(speciesCounts: Array(repeating: 3, count: n), terms: terms)
        let charges: [Double] = [1, 2, 3], mu: [Double] = [0, -0.6, 0.2]
        let start = try Configuration(occupation: [0, 1, 2, 1, 0, 2], speciesCount: 3)
        let t = 0.5
        let run = try anneal(start, model: EnergyModel(clusters: clusters),
                             moves: .chargeConservingFlip(charges: [charges], chemicalPotentials: [mu]),
                             schedule: .steps([t], sweeps: 40000), observers: ObserverSettings(every: 2), seed: 5)
        let kept = run.records.dropFirst(50)
        var observed: [String: Int] = [:]
        for r in kept { observed[r.composition.map { "\(Int(($0 * 6).rounded()))" }.joined(separator: ","), default: 0] += 1 }
        func exact(_ mu: [Double]) -> [String: Double] {
            var p: [String: Double] = [:], z = 0.0
            for code in 0..<729 {
                var occ = [UInt8](repeating: 0, count: n), c = code
                for i in 0..<n { occ[i] = UInt8(c % 3); c /= 3 }
                guard occ.reduce(0.0, { $0 + charges[Int($1)] }) == 12 else { continue }
                let counts = (0..<3).map { s in occ.filter { $0 == s }.count }
                let w = exp(-(clusters.energy(of: occ) - zip(mu, counts).reduce(0) { $0 + $1.0 * Double($1.1) }) / t)
                p[counts.map(String.init).joined(separator: ","), default: 0] += w
                z += w
            }
            return p.mapValues { $0 / z }
        }
        let inflation = max(1, 2 * Estimate(series: kept.map { $0.composition[1] }).tau)
        let (raw, dof) = ExactEnumerationTests.chiSquare(observed: observed, expected: exact(mu), samples: kept.count)
        #expect(raw / inflation < ExactEnumerationTests.critical(dof), "chi2 \(raw) / \(inflation), dof \(dof), \(observed)")
        let (wrong, _) = ExactEnumerationTests.chiSquare(observed: observed, expected: exact([0, 0, 0]), samples: kept.count)
        #expect(wrong / inflation > 10 * ExactEnumerationTests.critical(dof), "μ = 0: chi2 \(wrong) / \(inflation)")
    }
}
