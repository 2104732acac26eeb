// The ensemble commands built on the Monte Carlo engine: `replica_exchange`
// (parallel tempering over a temperature list, with swap statistics) and
// `phase_diagram` (semigrand sweeps of μ up and down at each temperature,
// hysteresis, boundaries by equal grand potentials). Binds the engine to the
// language; the simulation and the integrals are in MonteCarlo.
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Language
import Lattice
import MonteCarlo

/// Builtins of the "monte carlo" category that run several chains as one ensemble.
///
///     r = replica_exchange("square", size=4, energy="ising", composition=[0.5, 0.5], kT=[1.5, 2, 3], moves="flip", seed=1)
///     d = phase_diagram(start, energy=m, temperature=[300, 600], mu={"from": -0.5, "to": 0.5, "count": 21}, species="Pd")
enum EnsembleCommands {
    static var all: [Builtin] { [replicaExchange, phaseDiagram] }

    // MARK: replica_exchange

    struct ReplicaParameters: Parameters {
        var system = MonteCarloCommands.SystemParameters()
        var temperature = Param<[Double]?>("temperature", default: nil, unit: "K", "the temperatures in kelvin (models in eV), ascending")
        var kT = Param<[Double]?>("kT", default: nil, unit: "the model's energy unit", "k_B·T instead, ascending (dimensionless models take only this)")
        var sweeps = Param("sweeps", default: 2000, unit: "sweeps", "sweeps recorded per replica after equilibration")
        var equilibration = Param("equilibration", default: 200, unit: "sweeps", "sweeps discarded at the start")
        var swapEvery = Param("swap_every", default: 1, unit: "sweeps", "sweeps between attempts to swap neighbouring temperatures")
        var moves = MonteCarloCommands.MoveParameters()
    }

    static let replicaExchange = Builtin(
        "replica_exchange", ReplicaParameters.self,
        summary: "Replica exchange (parallel tempering): one chain per temperature, neighbouring temperatures swap configurations.",
        doc: """
            Every replica sweeps swap_every sweeps (in parallel), then neighbouring temperatures
            (even pairs, then odd pairs, alternately) exchange configurations with probability
            min(1, exp((1/kT_k - 1/kT_k+1)(H_k - H_k+1))), H = E - Σ μ N (flips) or E (swaps).
            Records every `every` sweeps after equilibration. A table, one row per temperature:
            T (K, models in eV), kT, mean energy per supercell with its error and
            autocorrelation time, the heat capacity var(E)/kT² (k_B per supercell), the
            composition, the Metropolis acceptance and the swap acceptance with the next
            temperature. Fields: temperature, kT, energy, energy_error, heat_capacity,
            composition, acceptance, swap_acceptance, swaps, energy_series, final (per
            temperature). Same seed, same bytes for any thread count and any number of MPI
            ranks (replicas spread over them); Ctrl-C keeps the rounds run.
            Example:
                r = replica_exchange("square", size=4, energy="ising", composition=[0.5, 0.5],
                                     kT=[1.5, 2.0, 2.5, 3.5], moves="flip", sweeps=500, seed=1)
                r.swap_acceptance
                r.energy
            """,
        category: "monte carlo"
    ) { args in
        let system = try MonteCarloCommands.System(args.system, args.moves)
        let temperatures = try system.scale.kT(kelvin: try args.temperature, kT: try args.kT, callee: "replica_exchange",
                                               model: system.modelName)
        let seed = try system.seed(args.moves)
        let sweeps = try args.sweeps, equilibration = try args.equilibration
        let progress = args.context.progress
        progress?.begin("replica_exchange", total: sweeps + equilibration)
        defer { progress?.end() }
        let run = try MonteCarlo.replicaExchange(system.start, model: system.model, moves: system.moves, temperatures: temperatures,
                                                 sweeps: sweeps, equilibration: equilibration, every: try args.moves.every,
                                                 swapEvery: try args.swapEvery, seed: seed,
                                                 progress: progress.map { p in { done, _ in p.update(done) } })
        if run.interrupted { args.context.print("replica_exchange: interrupted after \(run.sweeps) sweeps; returning the records so far") }
        return .object(ReplicaExchangeObject(run: run, species: system.species, scale: system.scale))
    }

    // MARK: phase_diagram

    struct PhaseDiagramParameters: Parameters {
        var start = Param<ConfigurationObject>("start", "a configuration: its supercell (the species on it are replaced by the sweeps' ends)")
        var energy = Param<ModelObject>("energy", "the model (m = model(...)) on the configuration's lattice")
        var species = Param<String>("species", "the species whose chemical potential is swept (relative to the sublattice's first species, at 0)")
        var mu = Param<Either<[Double], MapValue>>(
            "mu", unit: "eV per site", "the chemical potentials swept: a list, or {\"from\", \"to\", \"count\"}")
        var temperature = Param<[Double]?>("temperature", default: nil, unit: "K", "the temperatures in kelvin (models in eV)")
        var kT = Param<[Double]?>("kT", default: nil, unit: "the model's energy unit", "k_B·T instead")
        var sweeps = Param("sweeps", default: 200, unit: "sweeps", "sweeps recorded at each μ")
        var equilibration = Param("equilibration", default: 50, unit: "sweeps", "sweeps discarded at each μ (the chain continues from the last point)")
        var hysteresis = Param("hysteresis", default: 0.05, "a gap |x_up - x_down| above this (fraction of sites) is a hysteresis loop")
        var seed = Param<Int?>("seed", default: nil, "seed of the sweeps' random streams (default: drawn from the session stream)")
    }

    static let phaseDiagram = Builtin(
        "phase_diagram", PhaseDiagramParameters.self,
        summary: "Semigrand sweeps of μ up and down at each temperature: hysteresis, phase boundaries by equal grand potentials.",
        doc: """
            At each temperature a flip chain walks the μ list upwards from the configuration
            with none of `species` (on every site that allows it), and another downwards from
            the one with only it; each point continues from the last. μ is the chemical potential
            of `species` against the sublattice's first species (eV per site, the model's unit).
            Each branch's grand potential per site, Ω(μ) = Ω(μ_end) - ∫ x dμ, starts at its end
            from the dilute limit Ω = E_pure/N + kT (M/N) ln(1 - y) (M flippable sites, y their
            fraction of impurities: exact to first order in y; a warning says when an end is not
            dilute). Where the branches differ by more than `hysteresis` in composition, the
            boundary is the μ where their grand potentials cross (linear interpolation), and the
            coexisting compositions are the two branches' there. Each branch's Ω is exact while it
            stays in the phase it started in: give a μ range around one transition at a time.
            A table of boundaries (T, μ, x_low, x_high); fields: temperature, kT, mu, x_up, x_down,
            omega_up, omega_down (per T), boundaries, hysteresis, phases (the lowest-Ω end
            configurations). plot(d) draws the composition–temperature diagram, plot(d, "loops")
            x against μ with the loops. The branches run in parallel (threads, and MPI ranks
            under mpirun), each on its own seeded streams: the same bytes for any count.
            Ctrl-C keeps the temperatures finished.
            Example:
                fcc = lattice("fcc", a=4.0, species=["Au", "Cu"])
                m = model(clusters(fcc, cutoffs={2: 3.0}), eci=[0, 0, -0.02], multiplicity=true)
                start = configuration(fcc, supercell=3, composition=[[1, 0]])
                d = phase_diagram(start, energy=m, species="Cu", mu={"from": -0.3, "to": 0.3, "count": 13},
                                  temperature=[300, 600], sweeps=40, equilibration=10, seed=1)
                d.boundaries
            """,
        category: "monte carlo"
    ) { args in try runPhaseDiagram(args) }

    static func runPhaseDiagram(_ args: Arguments<PhaseDiagramParameters>) throws -> Value {
        let callee = "phase_diagram"
        let start = try args.start, m = try args.energy
        let configuration = start.configuration
        let supercell = configuration.supercell
        guard supercell.lattice.matches(m.expansion.lattice) else {
            throw RuntimeError("\(callee): the configuration is on \(supercell.lattice.name), not on the model's lattice \(m.expansion.lattice.name)")
        }
        let model = try EnergyModel(expansion: m.expansion, table: try m.clusters.table(for: supercell))
        let engineStart = try MonteCarlo.Configuration(configuration)
        let species = try args.species
        // Per site, the index of `species` (nil where it is not allowed).
        let index: [Int?] = (0..<supercell.siteCount).map { i in supercell.space(i).species.map(\.description).firstIndex(of: species) }
        guard index.contains(where: { $0 != nil }) else {
            let known = Set((0..<supercell.siteCount).flatMap { supercell.space($0).species.map(\.description) }).sorted()
            throw RuntimeError("\(callee): species \"\(species)\" is not on the lattice (its species: \(known.joined(separator: ", ")))")
        }
        guard !index.contains(where: { $0 == 0 }) else {
            throw RuntimeError("\(callee): \"\(species)\" is the first species of its sublattice, the reference at μ = 0; sweep another species")
        }
        let mus: [Double]
        switch try args.mu {
        case .first(let list): mus = list
        case .second(let map):
            guard let from = map["from"]?.numberValue, let to = map["to"]?.numberValue, case .int(let count)? = map["count"] else {
                throw RuntimeError("\(callee): mu maps need numeric \"from\", \"to\" and an integer \"count\"")
            }
            guard count >= 2, count <= 100_000 else { throw RuntimeError("\(callee): mu count must be 2...100000, got \(count)") }
            mus = (0..<count).map { from + (to - from) * Double($0) / Double(count - 1) }
        }
        guard mus.count >= 2, zip(mus, mus.dropFirst()).allSatisfy({ $0 < $1 }), mus.allSatisfy(\.isFinite) else {
            throw RuntimeError("\(callee): mu must hold at least two finite, increasing chemical potentials")
        }
        let scale = EnergyScale(unit: m.expansion.energyUnit)
        let temperatures = try scale.kT(kelvin: try args.temperature, kT: try args.kT, callee: callee, model: "cluster expansion")
        let hysteresis = try args.hysteresis
        guard hysteresis > 0, hysteresis < 1 else { throw RuntimeError("\(callee): hysteresis must lie in (0, 1), got \(hysteresis)") }
        let seed = try args.seed.map { UInt64(truncatingIfNeeded: $0) } ?? args.context.random.next()
        let sweeps = try args.sweeps, equilibration = try args.equilibration

        // The two ends: none of `species`, and `species` on every site that allows it.
        let low = engineStart.occupation.indices.map { i in index[i] == nil ? engineStart.occupation[i] : 0 }
        let high = engineStart.occupation.indices.map { i in index[i].map { UInt8($0) } ?? engineStart.occupation[i] }
        let lowStart = try MonteCarlo.Configuration(occupation: low, speciesCounts: engineStart.speciesCounts, sublattices: engineStart.sublattices)
        let highStart = try MonteCarlo.Configuration(occupation: high, speciesCounts: engineStart.speciesCounts, sublattices: engineStart.sublattices)
        // μ per sublattice and species: `species` at μ, every other species at 0.
        var perSublattice = [Int?](repeating: nil, count: engineStart.sublatticeCount)
        for i in 0..<engineStart.siteCount where index[i] != nil { perSublattice[Int(engineStart.sublattices[i])] = index[i] }
        let width = engineStart.maxSpecies
        func table(_ mu: Double) -> [[Double]] {
            perSublattice.map { k in (0..<width).map { $0 == k ? mu : 0 } }
        }
        let upPath = mus.map(table), downPath = mus.reversed().map(table)

        let progress = args.context.progress
        progress?.begin(callee, total: temperatures.count)
        defer { progress?.end() }
        // Each temperature's two branches are tasks spread over the ranks of an MPI job and their threads;
        // a branch's μ points run in order, each from the last one's final state.
        let tasks = 2 * temperatures.count
        let runs = distributedMap(tasks) { task -> Result<SemigrandBranch, Error> in
            let t = temperatures[task / 2], up = task % 2 == 0
            return Result {
                SemigrandBranch(try sweepChemicalPotential(up ? lowStart : highStart, model: model, temperature: t,
                                                           path: up ? upPath : downPath, sweeps: sweeps,
                                                           equilibration: equilibration, seed: seed,
                                                           stream: UInt64(task) &* UInt64(mus.count)))
            }
        }
        for run in runs {
            guard case .success(let branch) = run else { continue }
            guard branch.points.count <= mus.count, branch.hasShape(species: engineStart.maxSpecies, siteCount: engineStart.siteCount) else {
                throw RankTransferError("a phase-diagram branch came back from another rank in another shape than \(mus.count) points of \(engineStart.siteCount) sites")
            }
        }
        let sites = Double(engineStart.siteCount)
        let flippable = Double(index.compactMap { $0 }.count)
        let pureLow = model.energy(of: low) / sites, pureHigh = model.energy(of: high) / sites
        var results: [PhaseDiagramObject.Temperature] = []
        var interrupted = false
        for (k, t) in temperatures.enumerated() {
            let up = try runs[2 * k].get(), down = try runs[2 * k + 1].get()
            if up.interrupted || down.interrupted || up.points.count < mus.count || down.points.count < mus.count {
                interrupted = true
                break
            }
            func fraction(_ p: SemigrandPoint) -> Estimate {
                // The fraction of sites holding `species` (several sublattices may number it differently).
                var mean = 0.0, variance = 0.0
                for (s, e) in p.composition.enumerated() where perSublattice.contains(s) {
                    mean += e.mean
                    variance += e.error * e.error
                }
                return Estimate(mean: mean, error: variance.squareRoot(), tau: .nan)
            }
            let xUp = up.points.map(fraction), xDown = Array(down.points.map(fraction).reversed())
            // Dilute ends: Ω = E_pure/N + kT (M/N) ln(1 - y), y the impurity fraction of the M flippable sites.
            let yLow = xUp[0].mean * sites / flippable, yHigh = 1 - xDown[mus.count - 1].mean * sites / flippable
            let omegaLow = pureLow + t * flippable / sites * log(max(1e-300, 1 - yLow))
            let omegaHigh = pureHigh - mus[mus.count - 1] * flippable / sites + t * flippable / sites * log(max(1e-300, 1 - yHigh))
            if max(yLow, yHigh) > 0.1 {
                args.context.print("phase_diagram: at kT \(Value.format(t, digits: 4)) an end of the μ range is not dilute (impurities \(Value.format(max(yLow, yHigh), digits: 3))); its grand potential is approximate: widen mu")
            }
            let omegaUp = try FreeEnergy.overChemicalPotential(mu: mus, composition: xUp.map(\.mean), reference: omegaLow)
            let omegaDown = Array(try FreeEnergy.overChemicalPotential(mu: Array(mus.reversed()), composition: xDown.reversed().map(\.mean),
                                                                       reference: omegaHigh).reversed())
            let finalsUp = up.points.map(\.final), finalsDown = Array(down.points.map(\.final).reversed())
            results.append(PhaseDiagramObject.Temperature(
                kT: t, xUp: xUp, xDown: xDown, omegaUp: omegaUp, omegaDown: omegaDown,
                boundaries: boundaries(mus, xUp.map(\.mean), xDown.map(\.mean), omegaUp, omegaDown, hysteresis: hysteresis),
                loops: loops(mus, xUp.map(\.mean), xDown.map(\.mean), hysteresis: hysteresis),
                lowPhase: finalsUp[0], highPhase: finalsDown[mus.count - 1]))
            progress?.update(k + 1)
        }
        if interrupted { args.context.print("phase_diagram: interrupted; returning the \(results.count) temperatures finished") }
        return .object(PhaseDiagramObject(mu: mus, species: species, temperatures: results, scale: scale, supercell: supercell,
                                          interrupted: interrupted))
    }

    /// Where the branches' grand potentials cross inside a hysteresis loop: (μ, x of the low phase, x of the high phase).
    static func boundaries(_ mu: [Double], _ up: [Double], _ down: [Double], _ omegaUp: [Double], _ omegaDown: [Double],
                           hysteresis: Double) -> [(mu: Double, low: Double, high: Double)] {
        var out: [(mu: Double, low: Double, high: Double)] = []
        for k in 0..<(mu.count - 1) {
            let a = omegaUp[k] - omegaDown[k], b = omegaUp[k + 1] - omegaDown[k + 1]
            guard a <= 0, b > 0 else { continue }
            let open = abs(up[k] - down[k]) > hysteresis || abs(up[k + 1] - down[k + 1]) > hysteresis
            guard open else { continue }
            let f = a == b ? 0.5 : a / (a - b)
            func at(_ x: [Double]) -> Double { x[k] + f * (x[k + 1] - x[k]) }
            out.append((mu[k] + f * (mu[k + 1] - mu[k]), at(up), at(down)))
        }
        return out
    }

    /// The μ ranges where the branches' compositions differ by more than `hysteresis`.
    static func loops(_ mu: [Double], _ up: [Double], _ down: [Double], hysteresis: Double) -> [(from: Double, to: Double)] {
        var out: [(from: Double, to: Double)] = []
        var begin: Double?
        for k in mu.indices {
            let open = abs(up[k] - down[k]) > hysteresis
            if open && begin == nil { begin = mu[k] }
            if !open, let b = begin { out.append((b, mu[k - 1])); begin = nil }
        }
        if let b = begin { out.append((b, mu[mu.count - 1])) }
        return out
    }
}

/// A replica-exchange run in the language: one row per temperature.
final class ReplicaExchangeObject: EngineObject {
    let run: ReplicaExchangeRun
    let species: [String]
    let scale: EnergyScale

    init(run: ReplicaExchangeRun, species: [String], scale: EnergyScale) {
        self.run = run
        self.species = species
        self.scale = scale
    }

    var typeName: String { "replica_exchange" }

    var fieldNames: [String] {
        ["temperature", "kT", "energy", "energy_error", "heat_capacity", "composition", "acceptance", "swap_acceptance", "swaps",
         "energy_series", "final", "sweeps", "interrupted"]
    }

    private func composition(_ s: Int) -> [Double] {
        run.compositionSeries.map { records in records.isEmpty ? .nan : records.reduce(0) { $0 + (s < $1.count ? $1[s] : 0) } / Double(records.count) }
    }

    func field(_ name: String) -> Value? {
        switch name {
        case "temperature": return scale.boltzmann.map { kB in .doubles(run.temperatures.map { $0 / kB }) } ?? .null
        case "kT": return .doubles(run.temperatures)
        case "energy": return .doubles(run.energy.map(\.mean))
        case "energy_error": return .doubles(run.energy.map(\.error))
        case "heat_capacity": return .doubles(run.heatCapacity)
        case "composition": return .record(species.enumerated().map { ($1, .doubles(composition($0))) })
        case "acceptance": return .doubles(run.acceptance)
        case "swap_acceptance": return .doubles(run.swapAcceptance)
        case "swaps": return .ints(run.swapsAttempted)
        case "energy_series": return .list(run.energySeries.map { .doubles($0) })
        case "final": return .list(run.finals.map { .ints($0.occupation.map { Int($0) }) })
        case "sweeps": return .int(run.sweeps)
        case "interrupted": return .bool(run.interrupted)
        default: return nil
        }
    }

    var summary: String {
        "replica_exchange: \(run.temperatures.count) temperatures, \(run.sweeps) sweeps each, \(run.energySeries.first?.count ?? 0) records per temperature, "
            + "swap acceptance \(run.swapAcceptance.map { Value.format($0, digits: 3) }.joined(separator: " "))"
            + (run.interrupted ? " (interrupted)" : "")
    }

    private var columns: [(name: String, values: [Value])] {
        let energy = run.energy
        var columns: [(name: String, values: [Value])] = []
        if let kB = scale.boltzmann { columns.append(("T (K)", run.temperatures.map { .double($0 / kB) })) }
        columns += [
            (scale.unit.map { "kT (\($0))" } ?? "kT", run.temperatures.map { .double($0) }),
            ("E (\(scale.perSupercell))", energy.map { .double($0.mean) }),
            ("error", energy.map { .double($0.error) }),
            ("tau", energy.map { .double($0.tau) }),
            ("C (k_B/supercell)", run.heatCapacity.map { .double($0) }),
        ]
        if let last = species.last { columns.append(("x(\(last))", composition(species.count - 1).map { .double($0) })) }
        columns += [
            ("acceptance", run.acceptance.map { .double($0) }),
            ("swap with next", run.temperatures.indices.map { $0 < run.swapAcceptance.count ? .double(run.swapAcceptance[$0]) : .null }),
        ]
        return columns
    }

    var table: String { summary + "\n" + ((try? TextTable(columns: columns, digits: 5))?.text ?? "") }

    var dataTable: DataTable? {
        DataTable(columns: columns.map { DataTable.Column($0.name, .list(ListValue($0.values))) },
                  attributes: [("species", .strings(species)), ("sweeps", .int(run.sweeps)), ("interrupted", .bool(run.interrupted))],
                  arrays: [DataTable.Column("energy_series", unit: scale.perSupercell, field("energy_series") ?? .null)])
    }
}
