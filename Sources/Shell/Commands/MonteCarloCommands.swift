// The Monte Carlo commands: `anneal` (a run object with energy, pairs and
// triplets per record) and the equilibrium sampler behind `sample(lattice...)`.
// Binds the MonteCarlo engine to the language; no simulation logic here.
import Language
import Lattice
import MonteCarlo
import Regression

/// The `anneal` builtin and the equilibrium-sampling form of `sample`.
public enum MonteCarloCommands {
    public static var all: [Builtin] { [anneal] }

    /// The system a Monte Carlo command works on: the lattice, its size, composition and energy.
    struct SystemParameters: Parameters {
        var lat = Param<Either<String, ConfigurationObject>>(
            "lat", "\"triangular\" or \"square\" (a periodic L x L lattice), or a configuration (a supercell of a lattice; then give clusters= and energy=fit or eci=)")
        var size = Param("size", default: 48, unit: "sites per side", "L (a multiple of 3 for the Li/Mn ground state), 2 to 4096")
        var composition = Param<Either<MapValue, [Double]>?>(
            "composition", default: nil, "fractions by species name, e.g. {\"Li\": 1/3}, or a list of fractions; default Li 1/3 (charge balance), 1/2 (ising)")
        var energy = Param<Either<String, FitObject>>(
            "energy", default: .first("charge-balance"), "\"charge-balance\" (|·|), \"charge-balance-squared\" ((·)²), \"ising\" (E = -Σ s s), or a fit (with a configuration)")
    }

    /// How the system moves and what is recorded (after the command's own parameters).
    struct MoveParameters: Parameters {
        var clusters = Param<ClusterSpaceObject?>("clusters", default: nil, "the cluster space of a fit or of eci= (with a configuration)")
        var eci = Param<[Double]?>("eci", default: nil, "ECIs per feature column: empty cluster first, one per correlation function, optionally the Ewald coefficient last")
        var basis = Param("basis", default: "sinusoid", "site basis of the ECIs")
        var moves = Param("moves", default: "neighbour", "\"neighbour\" (nearest-neighbour swaps), \"swap\" (any two sites) or \"flip\" (semigrand)")
        var mu = Param<MapValue?>("mu", default: nil, unit: "energy units per site", "chemical potentials by species name for moves=\"flip\", e.g. {\"Li\": 0.2}")
        var record = Param<[String]?>("record", default: nil, "observers: any of \"energy\", \"pairs\", \"triplets\", \"snapshots\" (default all but snapshots; on a configuration \"energy\", \"correlations\", \"snapshots\")")
        var every = Param("every", default: 10, unit: "sweeps", "sweeps between records")
        var seed = Param<Int?>("seed", default: nil, "seed of the run's random streams (default: drawn from the session stream)")
    }

    struct AnnealParameters: Parameters {
        var system = SystemParameters()
        var schedule = Param<Either<Double, Either<[Double], MapValue>>>(
            "schedule", default: .second(.second(MapValue(fields: [("from", .double(1)), ("to", .double(0.01)), ("count", .int(20))]))),
            "temperatures: a list (one step each), {\"from\", \"to\", \"count\", \"spacing\": \"geometric\"|\"linear\"} steps, or {\"from\", \"to\", \"ramp\": true}")
        var sweeps = Param("sweeps", default: 100, unit: "sweeps", "sweeps per step (a ramp: in total)")
        var equilibration = Param("equilibration", default: 0, unit: "sweeps", "leading sweeps of each step left out of its averages")
        var moves = MoveParameters()
    }

    struct EquilibriumParameters: Parameters {
        var system = SystemParameters()
        var temperature = Param<Double>("temperature", unit: "energy units (k_B = 1)", "the fixed temperature (> 0)")
        var sweeps = Param("sweeps", default: 2000, unit: "sweeps", "sweeps recorded per chain after equilibration")
        var equilibration = Param("equilibration", default: 200, unit: "sweeps", "sweeps discarded at the start of each chain")
        var chains = Param("chains", default: 4, "independent chains (chain k uses stream k of the seed)")
        var moves = MoveParameters()
    }

    static let anneal = Builtin(
        "anneal", AnnealParameters.self,
        summary: "Simulated annealing by Metropolis Monte Carlo; returns a run with energy, pairs and triplets over time.",
        doc: """
            One sweep is one attempted move per site; "time" counts attempted moves. With
            energy="charge-balance" the species are Mn ("+", charge 4) and Li ("-", charge 1) on
            the triangular lattice (science.md §2). Pairs are ordered nearest-neighbour pairs over
            6N (site, direction) pairs; triplets are windows (j+d1, j, j+d2) normalised per shape
            (run.triplets, keys "lin:++-", "ang:+-+", "tri:+--") or over all 30N windows
            (run.triplets_global = shape weight 1/5, 2/5, 2/5 times the per-shape value).
            Ctrl-C stops at the next sweep and returns the partial run.
            Example:
                run = anneal("triangular", size=48, composition={"Li": 1/3}, energy="charge-balance",
                             schedule={"from": 1.0, "to": 0.01, "count": 40}, sweeps=300,
                             moves="neighbour", every=100, seed=7)
                run.energy[-1]
                run.pairs["+-"][-1]
            """,
        category: "monte carlo"
    ) { args in
        let system = try System(args.system, args.moves)
        let schedule = try parseSchedule(try args.schedule, sweeps: try args.sweeps, equilibration: try args.equilibration)
        let seed = try system.seed(args.moves)
        let progress = args.context.progress
        progress?.begin("anneal", total: schedule.totalSweeps)
        defer { progress?.end() }
        let run = try MonteCarlo.anneal(system.start, model: system.model, moves: system.moves, schedule: schedule,
                                        observers: system.observers, seed: seed,
                                        progress: progress.map { p in { done, _ in p.update(done) } })
        if run.interrupted { args.context.print("anneal: interrupted after \(run.sweeps) sweeps; returning the partial run") }
        return .object(AnnealRunObject(run: run, species: system.species, layout: system.layout))
    }

    /// The equilibrium form of `sample`: a lattice name or a configuration as first argument.
    static let equilibrium = Builtin(
        "sample", EquilibriumParameters.self,
        summary: "Equilibrium Monte Carlo at fixed temperature: averages with errors, heat capacity.",
        doc: """
            Errors come from the integrated autocorrelation time of each chain; the heat
            capacity is var(E)/T² of the whole cell. Output is identical for any thread count.
            Example:
                s = sample("triangular", size=24, temperature=0.4, sweeps=2000, chains=4, seed=1)
            """,
        category: "monte carlo"
    ) { args in
        let system = try System(args.system, args.moves)
        let seed = try system.seed(args.moves)
        let progress = args.context.progress
        let sweeps = try args.sweeps
        let equilibration = try args.equilibration
        progress?.begin("sample", total: sweeps + equilibration)
        defer { progress?.end() }
        let s = try MonteCarlo.sampleEquilibrium(system.start, model: system.model, moves: system.moves,
                                                 temperature: try args.temperature, sweeps: sweeps,
                                                 equilibration: equilibration, chains: try args.chains,
                                                 observers: system.observers, seed: seed,
                                                 progress: progress.map { p in { done, _ in p.update(done) } })
        return .object(EquilibriumSampleObject(sample: s, species: system.species))
    }

    /// The system a Monte Carlo command works on, parsed from its arguments.
    struct System {
        let species: [String]
        let start: MonteCarlo.Configuration
        let model: EnergyModel
        let moves: MoveSet
        let observers: ObserverSettings
        /// Site positions for pictures (nil for a 3D lattice).
        let layout: SiteLayout?

        /// The system of a built-in 2D lattice or of a configuration object.
        init(_ system: Arguments<SystemParameters>, _ moves: Arguments<MoveParameters>) throws {
            switch try system.lat {
            case .first(let lattice): try self.init(builtin: lattice, system, moves)
            case .second(let configuration): try self.init(configuration.configuration, system, moves)
            }
        }

        /// Charge balance or Ising on a periodic L x L lattice.
        init(builtin lattice: String, _ system: Arguments<SystemParameters>, _ options: Arguments<MoveParameters>) throws {
            let name = system.callee
            guard ["triangular", "square"].contains(lattice) else {
                throw RuntimeError("\(name): lat must be \"triangular\", \"square\" or a configuration, got \"\(lattice)\"")
            }
            let size = try system.size
            guard size >= 2, size <= 4096 else { throw RuntimeError("\(name): size must be 2...4096, got \(size)") }
            let table: NeighbourTable = lattice == "triangular" ? .triangular(size) : .square(size)
            guard case .first(let energy) = try system.energy else {
                throw RuntimeError("\(name): energy=fit needs a configuration as lat (a supercell of the fit's lattice)")
            }
            let clusters: ClusterTableModel
            switch energy {
            case "charge-balance", "charge-balance-squared":
                guard lattice == "triangular" else { throw RuntimeError("\(name): the charge-balance model lives on the triangular lattice") }
                species = ["Mn", "Li"]
                clusters = try ChargeBalance.model(size: size, penalty: energy == "charge-balance" ? .absolute : .squared)
            case "ising":
                species = ["A", "B"]
                clusters = try PairModel.ising(neighbours: table, coupling: 1)
            default:
                throw RuntimeError("\(name): energy must be \"charge-balance\", \"charge-balance-squared\", \"ising\" or a fit, got \"\(energy)\"")
            }
            model = EnergyModel(clusters: clusters)
            layout = .grid(size: size, triangular: lattice == "triangular", species: species)
            let n = size * size
            let fractions = try Self.fractions(try system.composition, species: species, defaultMinority: energy == "ising" ? 0.5 : 1.0 / 3, callee: name)
            let counts = try Configuration.counts(siteCount: n, fractions: fractions)
            var rng = try options.seed.map { RandomStream(seed: UInt64(truncatingIfNeeded: $0), stream: 1_000_003) } ?? options.context.random.split()
            start = try Configuration.random(siteCount: n, counts: counts, rng: &rng)
            switch try options.moves {
            case "neighbour", "neighbor": moves = .neighbourSwap(table)
            case "swap": moves = .swap
            case "flip":
                let mu = try Self.chemicalPotentials(try options.mu, of: [species], callee: name)
                moves = .flip(chemicalPotentials: mu)
            case let other:
                throw RuntimeError("\(name): moves must be \"neighbour\", \"swap\" or \"flip\", got \"\(other)\"")
            }
            let given = try options.record
            let record = given ?? ["energy", "pairs", "triplets"]
            for s in record where !["energy", "pairs", "triplets", "snapshots"].contains(s) {
                throw RuntimeError("\(name): record takes \"energy\", \"pairs\", \"triplets\", \"snapshots\", got \"\(s)\"")
            }
            let triplets = record.contains("triplets") && lattice == "triangular"
            if record.contains("triplets") && !triplets && given != nil {
                throw RuntimeError("\(name): triplet windows are defined on the triangular lattice only")
            }
            observers = ObserverSettings(every: try options.every,
                                         pairs: record.contains("pairs") || triplets ? table : nil,
                                         triplets: triplets, plus: 0, snapshots: record.contains("snapshots"))
        }

        /// A cluster expansion (with optional Ewald) on a Lattice configuration's supercell.
        init(_ configuration: Lattice.Configuration, _ system: Arguments<SystemParameters>, _ options: Arguments<MoveParameters>) throws {
            let name = system.callee
            guard let space = try options.clusters else {
                throw RuntimeError("\(name): with a configuration, give clusters= (the cluster space of the ECIs)")
            }
            var eci: [Double]
            var intercept = 0.0
            if case .second(let fit) = try system.energy {
                eci = fit.fit.eci
                intercept = fit.fit.intercept
            } else if let given = try options.eci {
                eci = given
            } else {
                throw RuntimeError("\(name): with a configuration, give energy=fit or eci=[...]")
            }
            let functions = space.space.functionCount
            var ewaldCoefficient: Double?
            if eci.count == functions + 1 {
                ewaldCoefficient = eci.removeLast()
            } else if eci.count != functions {
                throw RuntimeError("\(name): the cluster space has \(functions) correlation functions (empty cluster first); got \(eci.count) ECIs (give \(functions), or \(functions + 1) with Ewald last)")
            }
            eci[0] += intercept
            let basis = try SiteBasis(name: try options.basis)
            let table = try space.table(for: configuration.supercell)
            let clusters = try ClusterTableModel(clusterTable: table, eci: eci, basis: basis)
            let ewald = try ewaldCoefficient.map { try EwaldTerm(supercell: configuration.supercell, coefficient: $0) }
            model = try EnergyModel(clusters: clusters, ewald: ewald)
            start = try MonteCarlo.Configuration(configuration)
            layout = try? SiteLayout(supercell: configuration.supercell)
            let supercell = configuration.supercell
            species = Array((0..<supercell.siteCount).map { supercell.space($0).species.map(\.description) }
                .max { $0.count < $1.count } ?? [])
            switch try options.moves {
            case "swap": moves = .swap
            case "flip":
                // The species of each sublattice, in the order the engine numbers them.
                var perSublattice = [[String]](repeating: [], count: start.sublatticeCount)
                for i in 0..<start.siteCount where perSublattice[Int(start.sublattices[i])].isEmpty {
                    perSublattice[Int(start.sublattices[i])] = supercell.space(i).species.map(\.description)
                }
                moves = .flip(chemicalPotentials: try Self.chemicalPotentials(try options.mu, of: perSublattice, callee: name))
            case "neighbour", "neighbor":
                throw RuntimeError("\(name): on a configuration use moves=\"swap\" or \"flip\" (neighbour swaps need a 2D built-in lattice)")
            case let other:
                throw RuntimeError("\(name): moves must be \"swap\" or \"flip\", got \"\(other)\"")
            }
            var observers = ObserverSettings(every: try options.every)
            for s in try options.record ?? [] {
                switch s {
                case "energy": break
                case "correlations": observers.correlations = ObserverSettings.correlations(of: table, basis: basis)
                case "snapshots": observers.snapshots = true
                default:
                    throw RuntimeError("\(name): on a configuration, record takes \"energy\", \"correlations\", \"snapshots\", got \"\(s)\"")
                }
            }
            self.observers = observers
        }

        /// The run's seed: `seed=` or a draw from the session stream.
        func seed(_ options: Arguments<MoveParameters>) throws -> UInt64 {
            try options.seed.map { UInt64(truncatingIfNeeded: $0) } ?? options.context.random.next()
        }

        /// mu= by species name, as one list of chemical potentials per sublattice (0 for a species not named).
        static func chemicalPotentials(_ mu: MapValue?, of sublattices: [[String]], callee: String) throws -> [[Double]] {
            var byName: [String: Double] = [:]
            let known = Array(Set(sublattices.joined())).sorted()
            for (key, value) in mu.map({ Array($0.pairs) }) ?? [] {
                guard case .string(let s) = key.value, known.contains(s) else {
                    throw RuntimeError("\(callee): mu keys are species names (\(known.joined(separator: ", "))), got \(key.value.formatted(quoteStrings: true))")
                }
                guard let v = value.numberValue else { throw RuntimeError("\(callee): mu[\"\(s)\"] must be a number, got \(value.typeName)") }
                byName[s] = v
            }
            return sublattices.map { names in names.map { byName[$0] ?? 0 } }
        }

        static func fractions(_ composition: Either<MapValue, [Double]>?, species: [String], defaultMinority: Double,
                              callee name: String) throws -> [Double] {
            switch composition {
            case nil:
                return [1 - defaultMinority, defaultMinority]
            case .first(let m)?:
                var given = [Double?](repeating: nil, count: species.count)
                for (key, value) in m.pairs {
                    guard case .string(let s) = key.value, let k = species.firstIndex(of: s) else {
                        throw RuntimeError("\(name): composition keys are species names \(species)")
                    }
                    guard let v = value.numberValue else { throw RuntimeError("\(name): composition[\"\(s)\"] must be a number") }
                    given[k] = v
                }
                let known = given.compactMap { $0 }.reduce(0, +)
                let missing = given.filter { $0 == nil }.count
                return given.map { $0 ?? (missing > 0 ? (1 - known) / Double(missing) : 0) }
            case .second(let fractions)?:
                return fractions
            }
        }
    }

    /// A schedule from one temperature, a list of temperatures or a map.
    static func parseSchedule(_ value: Either<Double, Either<[Double], MapValue>>, sweeps: Int, equilibration: Int) throws -> AnnealSchedule {
        switch value {
        case .second(.second(let m)):
            guard let from = m["from"]?.numberValue, let to = m["to"]?.numberValue else {
                throw RuntimeError("anneal: schedule maps need numeric \"from\" and \"to\"")
            }
            if case .bool(true)? = m["ramp"] { return try .ramp(from: from, to: to, sweeps: sweeps) }
            guard case .int(let count)? = m["count"] else { throw RuntimeError("anneal: schedule needs an integer \"count\" of steps (or \"ramp\": true)") }
            let spacing: String
            if case .string(let s)? = m["spacing"] { spacing = s } else { spacing = "geometric" }
            switch spacing {
            case "geometric": return try .geometric(from: from, to: to, count: count, sweeps: sweeps, equilibration: equilibration)
            case "linear": return try .linear(from: from, to: to, count: count, sweeps: sweeps, equilibration: equilibration)
            default: throw RuntimeError("anneal: schedule spacing must be \"geometric\" or \"linear\", got \"\(spacing)\"")
            }
        case .second(.first(let temperatures)):
            return try .steps(temperatures, sweeps: sweeps, equilibration: equilibration)
        case .first(let temperature):
            return try .steps([temperature], sweeps: sweeps, equilibration: equilibration)
        }
    }
}

extension Value {
    /// The value as a Double when it is a number.
    fileprivate var numberValue: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }
}

/// An annealing run in the language: plain-valued fields, a stage table, columns for `save`.
public final class AnnealRunObject: EngineObject {
    public let run: AnnealRun
    public let species: [String]
    /// Where the sites are, for the picture of the final configuration.
    let layout: SiteLayout?

    init(run: AnnealRun, species: [String], layout: SiteLayout? = nil) {
        self.run = run
        self.species = species
        self.layout = layout
    }


    public var fieldNames: [String] {
        ["energy", "time", "sweep", "temperature", "acceptance", "composition", "pairs", "triplets", "triplets_global",
         "correlations", "final", "final_energy", "species", "stages", "snapshots", "interrupted"]
    }

    public func field(_ name: String) -> Value? {
        switch name {
        case "energy": return .doubles(run.energies)
        case "time": return .ints(run.times)
        case "sweep": return .ints(run.records.map(\.sweep))
        case "temperature": return .doubles(run.temperatures)
        case "acceptance": return .doubles(run.records.map(\.acceptance))
        case "composition":
            return .record(species.enumerated().map { k, s in (s, .doubles(run.records.map { k < $0.composition.count ? $0.composition[k] : 0 })) })
        case "pairs":
            guard run.records.first?.pairs != nil else { return .null }
            return .record(PairConcentrations.names.map { ($0, .doubles(run.column($0) ?? [])) })
        case "triplets":
            guard run.records.first?.triplets != nil else { return .null }
            return .record(TripletConcentrations.names.map { ($0, .doubles(run.column($0) ?? [])) })
        case "triplets_global":
            guard run.records.first?.triplets != nil else { return .null }
            return .record(TripletConcentrations.names.map { ($0, .doubles(run.column("global:" + $0) ?? [])) })
        case "correlations":
            guard run.records.first?.correlations != nil else { return .null }
            return .list(run.records.map { .doubles($0.correlations ?? []) })
        case "final": return .ints(run.final.occupation.map { Int($0) })
        case "final_energy": return .double(run.finalEnergy)
        case "species": return .strings(species)
        case "stages": return stageTable.map { .object($0) } ?? .null
        case "snapshots":
            guard run.records.first?.snapshot != nil else { return .null }
            return .list(run.records.map { .ints(($0.snapshot ?? []).map { Int($0) }) })
        case "interrupted": return .bool(run.interrupted)
        default: return nil
        }
    }

    private var stageTable: TextTable? {
        try? TextTable(columns: [
            (name: "T", values: run.stages.map { Value.double($0.to) }),
            (name: "sweeps", values: run.stages.map { Value.int($0.samples) }),
            (name: "mean E", values: run.stages.map { Value.double($0.meanEnergy) }),
            (name: "sd E", values: run.stages.map { Value.double($0.energySD) }),
            (name: "acceptance", values: run.stages.map { Value.double($0.acceptance) }),
        ])
    }

    public var summary: String {
        var s = "run: \(run.stages.count) steps, \(run.sweeps) sweeps, \(run.attempts) attempted moves, final energy \(Value.format(run.finalEnergy, digits: 6))"
        if let p = run.records.last?.pairs {
            s += ", C++ \(Value.format(p.plusPlus, digits: 4)) C+- \(Value.format(p.plusMinus, digits: 4)) C-- \(Value.format(p.minusMinus, digits: 4))"
        }
        if run.interrupted { s += " (interrupted)" }
        return s
    }

    public var table: String { summary + "\n" + (stageTable?.text ?? "") }

    /// Columns per record: time, sweep, temperature, energy, acceptance, pairs, per-shape triplets.
    public func exportValue() -> Value? {
        var columns: [(String, Value)] = [
            ("time", .ints(run.times)), ("sweep", .ints(run.records.map(\.sweep))),
            ("temperature", .doubles(run.temperatures)), ("energy", .doubles(run.energies)),
            ("acceptance", .doubles(run.records.map(\.acceptance))),
        ]
        if run.records.first?.pairs != nil {
            columns += PairConcentrations.names.map { ("C" + $0, .doubles(run.column($0) ?? [])) }
        }
        if run.records.first?.triplets != nil {
            columns += TripletConcentrations.names.map { ($0, .doubles(run.column($0) ?? [])) }
        }
        return .record(columns)
    }
}

/// An equilibrium sample in the language.
public final class EquilibriumSampleObject: EngineObject {
    public let sample: EquilibriumSample
    public let species: [String]

    public init(sample: EquilibriumSample, species: [String]) {
        self.sample = sample
        self.species = species
    }

    public var typeName: String { "sample" }

    public var fieldNames: [String] {
        ["temperature", "energy", "energy_error", "tau", "heat_capacity", "heat_capacity_error", "acceptance",
         "composition", "pairs", "pairs_error", "triplets", "chains", "samples", "energy_series"]
    }

    public func field(_ name: String) -> Value? {
        let s = sample
        switch name {
        case "temperature": return .double(s.temperature)
        case "energy": return .double(s.energy.mean)
        case "energy_error": return .double(s.energy.error)
        case "tau": return .double(s.energy.tau)
        case "heat_capacity": return .double(s.heatCapacity.mean)
        case "heat_capacity_error": return .double(s.heatCapacity.error)
        case "acceptance": return .double(s.acceptance)
        case "composition": return .record(species.enumerated().map { k, n in (n, .double(k < s.composition.count ? s.composition[k].mean : .nan)) })
        case "pairs":
            guard let p = s.pairs else { return .null }
            return .record(zip(PairConcentrations.names, p).map { ($0, .double($1.mean)) })
        case "pairs_error":
            guard let p = s.pairs else { return .null }
            return .record(zip(PairConcentrations.names, p).map { ($0, .double($1.error)) })
        case "triplets":
            guard let t = s.triplets else { return .null }
            return .record(zip(TripletConcentrations.names, t).map { ($0, .double($1.mean)) })
        case "chains": return .int(s.chains)
        case "samples": return .int(s.samplesPerChain)
        case "energy_series": return .list(s.energySeries.map { .doubles($0) })
        default: return nil
        }
    }

    public var summary: String {
        let s = sample
        return "sample: T \(Value.format(s.temperature, digits: 6)), \(s.chains) chains x \(s.samplesPerChain) records, "
            + "E \(Value.format(s.energy.mean, digits: 6)) ± \(Value.format(s.energy.error, digits: 2)) (τ \(Value.format(s.energy.tau, digits: 3))), "
            + "C \(Value.format(s.heatCapacity.mean, digits: 4)) ± \(Value.format(s.heatCapacity.error, digits: 2)), acceptance \(Value.format(s.acceptance, digits: 3))"
            + (s.interrupted ? " (interrupted)" : "")
    }

    /// Every estimate with its standard error and autocorrelation time, one row each.
    public var table: String {
        let s = sample
        var rows: [(String, Estimate)] = [("energy", s.energy), ("heat capacity (k_B = 1)", s.heatCapacity)]
        rows += species.enumerated().compactMap { k, name in k < s.composition.count ? ("x(\(name))", s.composition[k]) : nil }
        if let p = s.pairs { rows += zip(PairConcentrations.names, p).map { ("C" + $0, $1) } }
        if let t = s.triplets { rows += zip(TripletConcentrations.names, t).map { ($0, $1) } }
        let columns: [(name: String, values: [Value])] = [
            ("quantity", rows.map { .string($0.0) }), ("mean", rows.map { .double($0.1.mean) }),
            ("error", rows.map { .double($0.1.error) }),
            // The heat capacity's error comes from blocks, not from an autocorrelation time: left blank.
            ("tau", rows.map { $0.1.tau.isFinite ? .double($0.1.tau) : .null }),
        ]
        guard let table = try? TextTable(columns: columns, digits: 5) else { return summary }
        return summary + "\n" + table.text
    }
}
