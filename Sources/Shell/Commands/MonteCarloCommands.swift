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
            "lat", "\"triangular\" or \"square\" (a periodic L x L lattice), or a configuration (a supercell of a model's lattice; then give energy=model)")
        var size = Param("size", default: 48, unit: "sites per side", "L (a multiple of 3 for the Li/Mn ground state), 2 to 4096")
        var composition = Param<Either<MapValue, [Double]>?>(
            "composition", default: nil, "fractions by species name, e.g. {\"Li\": 1/3}, or a list of fractions; default Li 1/3 (charge balance), 1/2 (ising)")
        var energy = Param<Either<String, ModelObject>>(
            "energy", default: .first("charge-balance"), "\"charge-balance\" (|·|), \"charge-balance-squared\" ((·)²), \"ising\" (E = -Σ s s), or a model (with a configuration)")
    }

    /// How the system moves and what is recorded (after the command's own parameters).
    struct MoveParameters: Parameters {
        var moves = Param<Either<String, MapValue>?>("moves", default: nil, "\"neighbour\" (nearest-neighbour swaps; the default on built-in lattices), \"swap\" (any two sites; the default on a configuration), \"flip\" (semigrand), \"charge-flip\" (paired flips keeping the total charge; give charges=) or \"vcsgc\" (variance-constrained semigrand); or a mixture of the first four with weights, e.g. {\"swap\": 0.9, \"flip\": 0.1}")
        var mu = Param<MapValue?>("mu", default: nil, unit: "eV (the model's unit)", "chemical potentials by species name for moves=\"flip\" or \"charge-flip\" (semigrand at fixed total charge), e.g. {\"Li\": 0.2}")
        var charges = Param<Either<MapValue, [MapValue]>?>("charges", default: nil, "oxidation states by species name for moves=\"charge-flip\", e.g. {\"Li\": 1, \"Ni\": 3, \"O\": -2}, or a list of such maps, one per sublattice")
        var phi = Param<MapValue?>("phi", default: nil, "VCSGC φ by species name for moves=\"vcsgc\", e.g. {\"Pd\": -1} holds c(Pd) near -φ/2 = 0.5")
        var kappa = Param("kappa", default: 200.0, "VCSGC κ: how tightly the composition is held (icet's default 200)")
        var record = Param<[String]?>("record", default: nil, "observers: any of \"energy\", \"pairs\", \"triplets\", \"snapshots\" (default all but snapshots; on a configuration \"energy\", \"correlations\", \"sro\", \"snapshots\")")
        var every = Param("every", default: 10, unit: "sweeps", "sweeps between records")
        var shells = Param("shells", default: 2, "neighbour shells of the Warren–Cowley short-range order (record=[\"sro\"]), 1 to 20")
        var observe = Param<MapValue?>("observe", default: nil, "order parameters by name: {\"name\": fn(c) {...}} returning a number, called with each recorded configuration (a list of species indices on a built-in lattice)")
        var seed = Param<Int?>("seed", default: nil, "seed of the run's random streams (default: drawn from the session stream)")
    }

    /// A temperature schedule as a script gives it: one temperature, a list, or a map of steps or a ramp.
    typealias ScheduleValue = Either<Double, Either<[Double], MapValue>>

    struct AnnealParameters: Parameters {
        var system = SystemParameters()
        var temperature = Param<ScheduleValue?>(
            "temperature", default: nil, unit: "K",
            "temperatures in kelvin, for models in eV: a number, a list (one step each), {\"from\", \"to\", \"count\", \"spacing\": \"geometric\"|\"linear\"} steps, or {\"from\", \"to\", \"ramp\": true}")
        var kT = Param<ScheduleValue?>(
            "kT", default: nil, unit: "the model's energy unit",
            "k_B·T instead, in the model's own unit (the dimensionless charge-balance and Ising models take only this; default {\"from\": 1, \"to\": 0.01, \"count\": 20})")
        var sweeps = Param("sweeps", default: 100, unit: "sweeps", "sweeps per step (a ramp: in total)")
        var equilibration = Param("equilibration", default: 0, unit: "sweeps", "leading sweeps of each step left out of its averages")
        var bias = Param<MapValue?>("bias", default: nil, MonteCarloCommands.biasHelp)
        var moves = MoveParameters()
    }

    struct EquilibriumParameters: Parameters {
        var system = SystemParameters()
        var temperature = Param<Double?>("temperature", default: nil, unit: "K", "the fixed temperature in kelvin (> 0), for models in eV")
        var kT = Param<Double?>("kT", default: nil, unit: "the model's energy unit", "k_B·T instead, in the model's own unit (dimensionless models take only this)")
        var sweeps = Param("sweeps", default: 2000, unit: "sweeps", "sweeps recorded per chain after equilibration")
        var equilibration = Param("equilibration", default: 200, unit: "sweeps", "sweeps discarded at the start of each chain")
        var chains = Param("chains", default: 4, "independent chains (chain k uses stream k of the seed)")
        var bias = Param<MapValue?>("bias", default: nil, MonteCarloCommands.biasHelp)
        var moves = MoveParameters()
    }

    /// The help of bias=, which `anneal` and `sample` share.
    static let biasHelp = "umbrella bias W (units of kT) on \"x_S\" (fraction of species S) or \"energy\" (per site): {\"on\": \"x_Pd\", \"k\": 400, \"x0\": 0.4} for W = k/2 (q - x0)², or {\"on\": \"energy\", \"at\": [...], \"w\": [...]} tabulated, {\"on\": \"x_Pd\", \"fn\": fn(x) {...}}, or {\"fn\": fn(o) {...}} of o = {\"energy\", \"x_...\"} (slow)"

    static let anneal = Builtin(
        "anneal", AnnealParameters.self,
        summary: "Simulated annealing by Metropolis Monte Carlo; returns a run with energy, pairs and triplets over time.",
        doc: """
            One sweep is one attempted move per site; "time" counts attempted moves. Temperatures:
            temperature= in kelvin for a model whose energies are in eV (k_B = 8.617333262e-5
            eV/K, CODATA 2018, as smol and icet), or kT= in the model's own energy unit; the
            charge-balance and Ising energies are dimensionless and take kT= only. run.energy is
            the energy of the whole supercell (eV for a model; per prim: divide by its cells),
            run.temperature in K (models in eV), run.kT in the model's unit. With
            energy="charge-balance" the species are Mn ("+", charge 4) and Li ("-", charge 1) on
            the triangular lattice (science.md §2). On a configuration the energy is a model
            (energy=m): swaps ("swap") or flips ("flip", with mu= in eV by species) of its sites,
            numbered as the configuration numbers them; moves="charge-flip" with charges= (oxidation
            states by species) changes two sites at once keeping the total charge; moves={"swap": 0.9,
            "flip": 0.1} mixes kinds with fixed weights (each attempt draws its kind, then that kind's own
            Metropolis test; the summary names the mixture). save(run, "traj.extxyz") writes its
            snapshots (or its final state) as structures. Pairs are ordered nearest-neighbour pairs over
            6N (site, direction) pairs; triplets are windows (j+d1, j, j+d2) normalised per shape
            (run.triplets, keys "lin:++-", "ang:+-+", "tri:+--") or over all 30N windows
            (run.triplets_global = shape weight 1/5, 2/5, 2/5 times the per-shape value).
            Ctrl-C stops at the next sweep and returns the partial run. bias= adds an umbrella bias W
            to the acceptance as in sample (see help("sample")): e.g. a harmonic W on a species fraction holds a
            semigrand run near a composition while it cools; run.bias_series holds W at each record.
            Observers on a configuration, every `every` sweeps: record=["sro"] gives run.sro["Au-Cu"][k],
            the Warren–Cowley α = 1 - P(Cu | Au, shell k+1)/c(Cu) per record for each ordered species pair
            on the first shells= neighbour shells (active sites only; c(Cu) is the fraction of Cu among the
            shell's neighbours of every site that may hold Au: on one sublattice the concentration, on
            several the concentration where Au's neighbours sit; NaN for a pair that never meets). observe={"name": fn(c) {...}} gives
            run.observed["name"], the number fn returns for each recorded configuration c (c.species,
            c.occupation; a list of species indices on a built-in lattice); the functions run after the
            chain, in order, from snapshots kept for them (run.snapshots stays nil unless recorded).
            Example:
                run = anneal("triangular", size=48, composition={"Li": 1/3}, energy="charge-balance",
                             kT={"from": 1.0, "to": 0.01, "count": 40}, sweeps=300,
                             moves="neighbour", every=100, seed=7)
                run.energy[-1]
                run.pairs["+-"][-1]
                fcc = lattice("fcc", a=4.0, species=["Au", "Cu"])
                m = model(clusters(fcc, cutoffs={2: 5.0}), eci=[0, 0, 0.03, -0.004, 0.002], multiplicity=true)
                start = configuration(fcc, supercell=4, composition=[[0.5, 0.5]], seed=3)
                cooled = anneal(start, energy=m, temperature={"from": 2000, "to": 100, "count": 5}, sweeps=20, moves="swap", seed=5)
                cooled.temperature
                fn x_au(c) { return len(filter(fn(s) { return s == "Au" }, c.species)) / c.sites }
                ordered = anneal(start, energy=m, temperature={"from": 2000, "to": 100, "count": 5}, sweeps=20,
                                 record=["energy", "sro"], shells=2, observe={"x_au": x_au}, seed=5)
                ordered.sro["Au-Cu"][0][-1]
                ordered.observed["x_au"][-1]
                mixed = anneal(start, energy=m, temperature=[1200, 600], sweeps=20, moves={"swap": 0.9, "flip": 0.1}, mu={"Cu": 0.02}, seed=5)
                held = anneal(start, energy=m, temperature=[1200, 600], sweeps=20, moves="flip", bias={"on": "x_Au", "k": 2000, "x0": 0.4}, seed=5)
                held.bias_series[-1]
                ions = lattice("fcc", a=4.0, species=["Li", "Ni", "Co"])
                ionic = model(clusters(ions, cutoffs={2: 3.0}), eci=[0, 0.02, -0.01, 0.03, -0.02, 0.01], multiplicity=true)
                cell = configuration(ions, supercell=2, composition=[[0.25, 0.25, 0.5]], seed=3)
                neutral = anneal(cell, energy=ionic, kT=[0.5, 0.2], sweeps=20, moves="charge-flip", charges={"Li": 1, "Ni": 3, "Co": 2}, seed=4)
            """,
        category: "monte carlo"
    ) { args in
        let system = try System(args.system, args.moves)
        let schedule = try system.schedule(temperature: try args.temperature, kT: try args.kT, sweeps: try args.sweeps,
                                           equilibration: try args.equilibration, callee: "anneal")
        let seed = try system.seed(args.moves)
        let bias = try (try args.bias).map {
            try Self.bias($0, species: system.species, sites: system.start.siteCount, context: args.context, callee: "anneal")
        }
        let progress = args.context.progress
        progress?.begin("anneal", total: schedule.totalSweeps)
        defer { progress?.end() }
        let run = try MonteCarlo.anneal(system.start, model: system.model, moves: system.moves, schedule: schedule,
                                        observers: system.observers, bias: bias?.bias, seed: seed,
                                        progress: progress.map { p in { done, _ in p.update(done) } })
        if run.interrupted { args.context.print("anneal: interrupted after \(run.sweeps) sweeps; returning the partial run") }
        var observed: [[Double]] = []
        if !system.observe.isEmpty {
            // After the chain, on this thread: the interpreter is never called from the chain's loop.
            do {
                // Ctrl-C (during the chain or here) keeps the values evaluated so far.
                for r in run.records where !Interruption.isRequested {
                    observed.append(try system.observedValues(r.snapshot ?? [], context: args.context, callee: "anneal"))
                }
            } catch is Interrupted {}
            if observed.count < run.records.count {
                args.context.print("anneal: interrupted; run.observed holds the first \(observed.count) of \(run.records.count) records")
            }
        }
        return .object(AnnealRunObject(run: run, species: system.species, layout: system.layout, scale: system.scale,
                                       supercell: system.supercell, sro: system.observers.sro?.species,
                                       observed: system.observe.isEmpty ? nil : (system.observe.map(\.0), observed),
                                       keepsSnapshots: system.keepsSnapshots, mixture: system.mixtureName,
                                       moveNames: system.moves.kindNames, bias: try bias.map { b in
                                           (name: b.name, values: try run.records.map {
                                               try b.bias.value(energy: $0.energy, composition: $0.composition, sites: system.start.siteCount)
                                           })
                                       }))
    }

    /// The equilibrium form of `sample`: a lattice name or a configuration as first argument.
    static let equilibrium = Builtin(
        "sample", EquilibriumParameters.self,
        summary: "Equilibrium Monte Carlo at fixed temperature: averages with errors, heat capacity.",
        doc: """
            Errors come from the integrated autocorrelation time of each chain; the heat
            capacity is var(E)/(k_B T²) of the whole supercell, in units of k_B. temperature= is
            in kelvin (models in eV), kT= in the model's own unit (dimensionless models: kT=
            only); energies are per supercell. Output is identical for any thread count. moves=
            as for anneal: "charge-flip" with charges=, or a weighted mixture such as {"swap": 0.9, "flip": 0.1}.
            On a configuration, record=["sro"] gives s.sro["Au-Cu"] (the mean Warren–Cowley α per shell)
            and s.sro_error; observe={"name": fn(c) {...}} gives s.observed["name"] and s.observed_error.
            The observe= functions run after the parallel chains, chain by chain, on the calling thread
            (the interpreter is not called from several threads), from snapshots kept for them.
            A mixture reports each kind's attempts and acceptance: s.move_attempts, s.move_accepted,
            s.move_acceptance (records by move name) and in the summary. mu= with "charge-flip" samples
            exp(-(E - Σ μ N)/kT) over the states of the starting total charge.
            bias= adds an umbrella bias W (units of kT) to the acceptance, exp(-ΔE/kT - ΔW), on the fraction
            of a species ("on": "x_Pd") or the energy per site ("on": "energy", the model's unit), harmonic
            W = k/2 (q - x0)² ({"k", "x0"}) or interpolated linearly from a table ({"at": [...], "w": [...]},
            constant beyond its ends), or on a fraction any ce function {"fn": fn(x) {...}}, called before the
            run at every fraction n/N the cell can hold (N + 1 calls, an exact table). Moves report their change
            of the observable, so W costs a look-up per attempt. {"fn": fn(o) {...}} without "on" is W of the
            whole state, o = {"energy": E/N, "x_A": ..., ...}: called before and after every attempt that changes
            it, on the calling thread with the chains run one after another (slow: two calls per attempt). s.bias_series holds W per record, s.unbiased the means reweighted by exp(W) (energy,
            composition, observed) and s.unbiased_error their standard errors (the jackknife over 10 blocks of records per chain),
            s.effective_samples (Σw)²/Σw² of those weights.
            Example:
                s = sample("triangular", size=24, kT=0.4, sweeps=2000, chains=4, seed=1)
                fcc = lattice("fcc", a=4.0, species=["Au", "Cu"])
                m = model(clusters(fcc, cutoffs={2: 5.0}), eci=[0, 0, 0.03, -0.004, 0.002], multiplicity=true)
                start = configuration(fcc, supercell=4, composition=[[0.5, 0.5]], seed=3)
                hot = sample(start, energy=m, temperature=1500, sweeps=100, equilibration=20, chains=2,
                             record=["sro"], seed=2,
                             observe={"x_au": fn(c) { return len(filter(fn(s) { return s == "Au" }, c.species)) / c.sites }})
                hot.sro["Au-Cu"]
                hot.observed["x_au"]
                mixed = sample("square", size=8, energy="ising", kT=2.5, moves={"neighbour": 0.8, "flip": 0.2}, mu={"B": 0.1}, sweeps=200, seed=1)
                mixed.move_acceptance["flip"]
                held = sample("square", size=8, energy="ising", kT=2.5, moves="flip", bias={"on": "x_B", "k": 2000, "x0": 0.3}, sweeps=200, seed=1)
                held.unbiased["energy"]
                held.unbiased_error["energy"]
                held.effective_samples
                walled = sample("square", size=8, energy="ising", kT=2.5, moves="flip", bias={"on": "x_B", "fn": fn(x) { return 40 * abs(x - 0.5) }}, sweeps=100, seed=1)
                joint = sample("square", size=4, energy="ising", kT=2.5, moves="flip", bias={"fn": fn(o) { return 5 * abs(o["x_B"] - 0.5) - o["energy"] }}, sweeps=50, seed=1)
                tilted = sample("square", size=8, energy="ising", kT=2.0, bias={"on": "energy", "at": [-2, 0], "w": [3, 0]}, sweeps=200, seed=1)
                q = {"Li": 1, "Ni": 3, "Co": 2}
                ionic = lattice("fcc", a=4.0, species=["Li", "Ni", "Co"])
                mi = model(clusters(ionic, cutoffs={2: 3.0}), eci=[0, 0.02, -0.01, 0.03, -0.02, 0.01], multiplicity=true)
                cell = configuration(ionic, supercell=2, composition=[[0.25, 0.25, 0.5]], seed=3)
                semigrand = sample(cell, energy=mi, kT=0.3, moves="charge-flip", charges=q, mu={"Co": 0.05}, sweeps=50, equilibration=10, chains=2, seed=2)
            """,
        category: "monte carlo"
    ) { args in
        let system = try System(args.system, args.moves)
        let kT: Double
        switch (try args.temperature, try args.kT) {
        case (let t?, nil): kT = t * (try system.scale.factor(kelvin: true, callee: "sample", model: system.modelName))
        case (nil, let k?): kT = k
        case (nil, nil): throw RuntimeError("sample: give temperature= (K) or kT= (the model's energy unit)")
        case (_?, _?): throw RuntimeError("sample: give temperature= (K) or kT=, not both")
        }
        let seed = try system.seed(args.moves)
        let progress = args.context.progress
        let sweeps = try args.sweeps
        let equilibration = try args.equilibration
        progress?.begin("sample", total: sweeps + equilibration)
        defer { progress?.end() }
        let bias = try (try args.bias).map {
            try Self.bias($0, species: system.species, sites: system.start.siteCount, context: args.context, callee: "sample")
        }
        let s = try MonteCarlo.sampleEquilibrium(system.start, model: system.model, moves: system.moves,
                                                 temperature: kT, sweeps: sweeps,
                                                 equilibration: equilibration, chains: try args.chains,
                                                 observers: system.observers, bias: bias?.bias, seed: seed,
                                                 progress: progress.map { p in { done, _ in p.update(done) } },
                                                 observe: system.observe.isEmpty ? nil : { occupation in
                                                     try system.observedValues(occupation, context: args.context, callee: "sample")
                                                 })
        return .object(EquilibriumSampleObject(sample: s, species: system.species, scale: system.scale,
                                               sroSpecies: system.observers.sro?.species, observedNames: system.observe.map(\.0),
                                               mixture: system.mixtureName, moveNames: system.moves.kindNames, biasName: bias?.name))
    }

    /// bias= as an engine bias and the name of its observable ("x_Pd", "energy"): harmonic with "k" and
    /// "x0", tabulated with "at" and "w", or on a fraction a ce function "fn" of x, called here (on the
    /// command's thread) at every fraction n/N a cell of `sites` sites can hold, so the table is exact.
    ///
    ///     bias={"on": "x_Pd", "k": 400, "x0": 0.4}            // W = 200 (x_Pd - 0.4)²
    ///     bias={"on": "energy", "at": [-0.1, 0], "w": [0, 3]}   // W(E/N) interpolated
    ///     bias={"on": "x_Pd", "fn": fn(x) { return 50 * abs(x - 0.5) }}
    static func bias(_ map: MapValue, species: [String], sites: Int, context: CallContext, callee: String) throws -> (bias: Bias, name: String) {
        let known = ["on", "k", "x0", "at", "w", "fn"]
        for (key, _) in map.pairs {
            guard case .string(let k) = key.value, known.contains(k) else {
                throw RuntimeError("\(callee): bias keys are \"on\", \"k\", \"x0\", \"at\", \"w\", \"fn\", got \(key.value.formatted(quoteStrings: true))")
            }
        }
        let choices = (["energy"] + species.map { "x_" + $0 }).map { "\"\($0)\"" }.joined(separator: ", ")
        if map["on"] == nil, let function = map["fn"] {
            // A function of the whole state, called twice per attempt that changes it (slow).
            guard case .function = function else { throw RuntimeError("\(callee): bias[\"fn\"] must be a function fn(o) {...}, got \(function.typeName)") }
            guard map.count == 1 else { throw RuntimeError("\(callee): a bias fn(o) of the state takes no other keys (\"on\" names one observable instead)") }
            let names = ["energy"] + species.map { "x_" + $0 }
            let state = Bias.StateFunction { energy, fractions in
                let o = Value.record(zip(names, [energy] + fractions).map { ($0, .double($1)) })
                let v = try context.call(function, [o])
                guard let w = v.numberValue else { throw RuntimeError("\(callee): bias[\"fn\"] must return a number, got \(v.typeName)") }
                return w
            }
            return (try Bias(on: .state, shape: .function(state)), "fn(" + names.joined(separator: ", ") + ")")
        }
        guard case .string(let name)? = map["on"] else { throw RuntimeError("\(callee): bias needs \"on\": \(choices)") }
        let on: Bias.Observable
        if name == "energy" {
            on = .energyPerSite
        } else if name.hasPrefix("x_"), let s = species.firstIndex(of: String(name.dropFirst(2))) {
            on = .fraction(species: s)
        } else {
            throw RuntimeError("\(callee): bias \"on\" must be one of \(choices), got \"\(name)\"")
        }
        func number(_ key: String) throws -> Double {
            guard let v = map[key]?.numberValue, v.isFinite else { throw RuntimeError("\(callee): bias[\"\(key)\"] must be a finite number") }
            return v
        }
        func numbers(_ key: String) throws -> [Double] {
            guard case .list(let list)? = map[key] else { throw RuntimeError("\(callee): bias[\"\(key)\"] must be a list of numbers") }
            return try list.items.map { v in
                guard let x = v.numberValue, x.isFinite else { throw RuntimeError("\(callee): bias[\"\(key)\"] must be a list of finite numbers, found \(v.typeName)") }
                return x
            }
        }
        let harmonic = map["k"] != nil || map["x0"] != nil, table = map["at"] != nil || map["w"] != nil
        if let function = map["fn"] {
            guard case .function = function else { throw RuntimeError("\(callee): bias[\"fn\"] must be a function fn(x) {...}, got \(function.typeName)") }
            guard !harmonic && !table else { throw RuntimeError("\(callee): give a bias as \"fn\", as \"k\" and \"x0\", or as \"at\" and \"w\", one of them") }
            guard case .fraction = on else {
                throw RuntimeError("\(callee): bias \"fn\" takes a species fraction (\"on\": \"x_...\"); give the energy's bias as a table \"at\", \"w\"")
            }
            guard sites >= 1 else { throw RuntimeError("\(callee): bias \"fn\" needs at least one site") }
            let at = (0...sites).map { Double($0) / Double(sites) }
            let w = try at.map { x -> Double in
                let v = try context.call(function, [.double(x)])
                guard let y = v.numberValue, y.isFinite else {
                    throw RuntimeError("\(callee): bias[\"fn\"] must return a finite number, got \(v.formatted(quoteStrings: true)) at x = \(Value.format(x, digits: 6))")
                }
                return y
            }
            return (try Bias(on: on, shape: .table(at: at, values: w)), name)
        }
        let shape: Bias.Shape
        switch (harmonic, table) {
        case (true, false): shape = .harmonic(k: try number("k"), center: try number("x0"))
        case (false, true): shape = .table(at: try numbers("at"), values: try numbers("w"))   // `Bias` checks the table
        case (true, true): throw RuntimeError("\(callee): give a harmonic bias (\"k\", \"x0\") or a table (\"at\", \"w\"), not both")
        case (false, false): throw RuntimeError("\(callee): bias needs \"k\" and \"x0\" (harmonic), \"at\" and \"w\" (a table) or \"fn\" (a function of x)")
        }
        return (try Bias(on: on, shape: shape), name)
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
        /// The unit of the model's energies.
        let scale: EnergyScale
        /// The model as messages name it ("charge-balance", "cluster expansion").
        let modelName: String
        /// The supercell the sites belong to (a configuration's), for structures out; nil on a built-in 2D lattice.
        let supercell: Supercell?
        /// The species of each sublattice, in the order the engine numbers them.
        let sublatticeSpecies: [[String]]
        /// The observe= order parameters by name (evaluated after the chain, from snapshots).
        let observe: [(String, Value)]
        /// Whether the user asked for snapshots (observe= records them too, but the run does not show those).
        let keepsSnapshots: Bool

        /// The mixture's name with its weights for summaries ("swap 0.9 + flip 0.1"); nil for one kind of move.
        var mixtureName: String? {
            if case .mixture = moves { return moves.name }
            return nil
        }

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
                throw RuntimeError("\(name): energy=model needs a configuration as lat (a supercell of the model's lattice)")
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
            scale = .dimensionless
            modelName = energy
            supercell = nil
            layout = .grid(size: size, triangular: lattice == "triangular", species: species)
            sublatticeSpecies = [species]
            let n = size * size
            let fractions = try Self.fractions(try system.composition, species: species, defaultMinority: energy == "ising" ? 0.5 : 1.0 / 3, callee: name)
            let counts = try Configuration.counts(siteCount: n, fractions: fractions)
            var rng = try options.seed.map { RandomStream(seed: UInt64(truncatingIfNeeded: $0), stream: 1_000_003) } ?? options.context.random.split()
            start = try Configuration.random(siteCount: n, counts: counts, rng: &rng)
            moves = try Self.moveSet(options, of: [species], table: table, callee: name)
            let given = try options.record
            let record = given ?? ["energy", "pairs", "triplets"]
            for s in record where !["energy", "pairs", "triplets", "snapshots"].contains(s) {
                let hint = s == "sro" ? " (\"sro\" needs a configuration: Warren–Cowley shells of a supercell)" : ""
                throw RuntimeError("\(name): record takes \"energy\", \"pairs\", \"triplets\", \"snapshots\", got \"\(s)\"" + hint)
            }
            let triplets = record.contains("triplets") && lattice == "triangular"
            if record.contains("triplets") && !triplets && given != nil {
                throw RuntimeError("\(name): triplet windows are defined on the triangular lattice only")
            }
            observe = try Self.observeFunctions(options)
            keepsSnapshots = record.contains("snapshots")
            observers = ObserverSettings(every: try options.every,
                                         pairs: record.contains("pairs") || triplets ? table : nil,
                                         triplets: triplets, plus: 0, snapshots: keepsSnapshots || !observe.isEmpty)
        }

        /// A cluster expansion model (with its Ewald term) on a Lattice configuration's supercell.
        init(_ configuration: Lattice.Configuration, _ system: Arguments<SystemParameters>, _ options: Arguments<MoveParameters>) throws {
            let name = system.callee
            guard case .second(let m) = try system.energy else {
                throw RuntimeError("\(name): with a configuration, give energy=model (m = model(fit, features), or model(clusters, eci=..., multiplicity=...))")
            }
            guard configuration.supercell.lattice.matches(m.expansion.lattice) else {
                throw RuntimeError("\(name): the configuration is on \(configuration.supercell.lattice.name), not on the model's lattice \(m.expansion.lattice.name)")
            }
            let table = try m.clusters.table(for: configuration.supercell)
            model = try EnergyModel(expansion: m.expansion, table: table)
            scale = EnergyScale(unit: m.expansion.energyUnit)
            modelName = "cluster expansion"
            supercell = configuration.supercell
            let basis = m.expansion.basis
            start = try MonteCarlo.Configuration(configuration)
            layout = try? SiteLayout(supercell: configuration.supercell)
            let supercell = configuration.supercell
            species = Array((0..<supercell.siteCount).map { supercell.space($0).species.map(\.description) }
                .max { $0.count < $1.count } ?? [])
            // The species of each sublattice, in the order the engine numbers them.
            var perSublattice = [[String]](repeating: [], count: start.sublatticeCount)
            for i in 0..<start.siteCount where perSublattice[Int(start.sublattices[i])].isEmpty {
                perSublattice[Int(start.sublattices[i])] = supercell.space(i).species.map(\.description)
            }
            sublatticeSpecies = perSublattice
            moves = try Self.moveSet(options, of: perSublattice, table: nil, callee: name)
            var observers = ObserverSettings(every: try options.every)
            for s in try options.record ?? [] {
                switch s {
                case "energy": break
                case "correlations": observers.correlations = ObserverSettings.correlations(of: table, basis: basis)
                case "snapshots": observers.snapshots = true
                case "sro":
                    let shells = try options.shells
                    guard (1...20).contains(shells) else { throw RuntimeError("\(name): shells must be 1...20, got \(shells)") }
                    observers.sro = try ShortRangeOrder(supercell: supercell, shells: shells)
                default:
                    throw RuntimeError("\(name): on a configuration, record takes \"energy\", \"correlations\", \"sro\", \"snapshots\", got \"\(s)\"")
                }
            }
            observe = try Self.observeFunctions(options)
            keepsSnapshots = observers.snapshots
            // observe= functions run after the chain on recorded snapshots (see `observedValues`).
            if !observe.isEmpty { observers.snapshots = true }
            self.observers = observers
        }

        /// observe= as (name, function) pairs in the map's order.
        static func observeFunctions(_ options: Arguments<MoveParameters>) throws -> [(String, Value)] {
            try (options.observe.map { Array($0.pairs) } ?? []).map { key, value in
                guard case .string(let s) = key.value else {
                    throw RuntimeError("\(options.callee): observe keys are names (strings), got \(key.value.formatted(quoteStrings: true))")
                }
                guard case .function = value else {
                    throw RuntimeError("\(options.callee): observe[\"\(s)\"] must be a function fn(c) {...}, got \(value.typeName)")
                }
                return (s, value)
            }
        }

        /// The values of the observe= functions at one recorded occupation, called in the interpreter on the
        /// command's thread (never from a chain's thread): one number per function.
        func observedValues(_ occupation: [UInt8], context: CallContext, callee: String) throws -> [Double] {
            let argument: Value
            if let supercell {
                argument = .object(ConfigurationObject(try Lattice.Configuration(supercell: supercell, occupation: occupation.map { Int($0) })))
            } else {
                argument = .ints(occupation.map { Int($0) })
            }
            return try observe.map { name, function in
                let v = try context.call(function, [argument])
                guard let x = v.numberValue else { throw RuntimeError("\(callee): observe[\"\(name)\"] must return a number, got \(v.typeName)") }
                return x
            }
        }

        /// The annealing schedule in kT (model units) from temperature= (K) or kT=; a dimensionless
        /// model given neither anneals from kT 1 to 0.01 in 20 geometric steps.
        func schedule(temperature: ScheduleValue?, kT: ScheduleValue?, sweeps: Int, equilibration: Int,
                      callee: String) throws -> AnnealSchedule {
            switch (temperature, kT) {
            case (let t?, nil):
                return try parseSchedule(t, factor: try scale.factor(kelvin: true, callee: callee, model: modelName), sweeps: sweeps,
                                         equilibration: equilibration)
            case (nil, let k?):
                return try parseSchedule(k, factor: 1, sweeps: sweeps, equilibration: equilibration)
            case (nil, nil):
                guard scale.unit == nil else {
                    throw RuntimeError("\(callee): give temperature= in K (or kT= in \(scale.label)) for the \(modelName) model")
                }
                return try .geometric(from: 1, to: 0.01, count: 20, sweeps: sweeps, equilibration: equilibration)
            case (_?, _?):
                throw RuntimeError("\(callee): give temperature= (K) or kT= (\(scale.label)), not both")
            }
        }

        /// The run's seed: `seed=` or a draw from the session stream.
        func seed(_ options: Arguments<MoveParameters>) throws -> UInt64 {
            try options.seed.map { UInt64(truncatingIfNeeded: $0) } ?? options.context.random.next()
        }

        /// moves= as a move set: one kind by name, or a map of kinds to weights (a mixture, weights
        /// normalised). `table` is the neighbour table of a built-in lattice (nil on a configuration).
        ///
        ///     moves={"swap": 0.9, "flip": 0.1}   // .mixture([(.swap, 0.9), (.flip(μ), 0.1)])
        static func moveSet(_ options: Arguments<MoveParameters>, of sublattices: [[String]], table: NeighbourTable?,
                            callee name: String) throws -> MoveSet {
            let moves: MoveSet
            var kinds: [String] = []
            switch try options.moves {
            case nil:
                moves = table.map { .neighbourSwap($0) } ?? .swap
            case .first(let kind)?:
                moves = try Self.move(kind, options, of: sublattices, table: table, callee: name)
                kinds = [kind]
            case .second(let map)?:
                var parts: [(moves: MoveSet, weight: Double)] = []
                for (key, value) in map.pairs {
                    guard case .string(let kind) = key.value else {
                        throw RuntimeError("\(name): moves= mixture keys are move names, got \(key.value.formatted(quoteStrings: true))")
                    }
                    guard let w = value.numberValue, w > 0, w.isFinite else {
                        throw RuntimeError("\(name): moves[\"\(kind)\"] must be a weight > 0, got \(value.formatted(quoteStrings: true))")
                    }
                    guard kind != "vcsgc" else { throw RuntimeError("\(name): variance-constrained flips (\"vcsgc\") cannot be mixed with other moves") }
                    guard !kinds.contains(kind) else { throw RuntimeError("\(name): moves= names \"\(kind)\" twice") }
                    parts.append((try Self.move(kind, options, of: sublattices, table: table, callee: name), w))
                    kinds.append(kind)
                }
                guard !parts.isEmpty else { throw RuntimeError("\(name): moves= mixture is empty; name moves with weights, e.g. {\"swap\": 0.9, \"flip\": 0.1}") }
                let total = parts.reduce(0) { $0 + $1.weight }
                moves = parts.count == 1 ? parts[0].moves : .mixture(parts.map { ($0.moves, $0.weight / total) })
            }
            if try options.charges != nil && !kinds.contains("charge-flip") {
                throw RuntimeError("\(name): charges= is for moves=\"charge-flip\"")
            }
            return moves
        }

        /// One kind of move by name.
        static func move(_ kind: String, _ options: Arguments<MoveParameters>, of sublattices: [[String]], table: NeighbourTable?,
                         callee name: String) throws -> MoveSet {
            switch kind {
            case "neighbour", "neighbor":
                guard let table else {
                    throw RuntimeError("\(name): on a configuration use moves=\"swap\", \"flip\", \"charge-flip\" or \"vcsgc\" (neighbour swaps need a 2D built-in lattice)")
                }
                return .neighbourSwap(table)
            case "swap": return .swap
            case "flip": return .flip(chemicalPotentials: try Self.chemicalPotentials(try options.mu, of: sublattices, callee: name))
            case "charge-flip":
                // With mu= the paired flips sample the semigrand ensemble within the total charge.
                let mu = try options.mu.map { try Self.chemicalPotentials($0, of: sublattices, callee: name) }
                return .chargeConservingFlip(charges: try Self.charges(try options.charges, of: sublattices, callee: name), chemicalPotentials: mu)
            case "vcsgc": return try Self.constrainedFlip(options, of: sublattices, callee: name)
            default:
                let names = table == nil ? "\"swap\", \"flip\", \"charge-flip\" or \"vcsgc\"" : "\"neighbour\", \"swap\", \"flip\", \"charge-flip\" or \"vcsgc\""
                throw RuntimeError("\(name): moves must be \(names), got \"\(kind)\"")
            }
        }

        /// charges= as one list of charges per sublattice: every species of a sublattice with two or
        /// more species needs one (one-species sublattices never change; theirs default to 0).
        static func charges(_ given: Either<MapValue, [MapValue]>?, of sublattices: [[String]], callee name: String) throws -> [[Double]] {
            guard let given else {
                let example = sublattices.first(where: { $0.count >= 2 }) ?? sublattices.first ?? []
                throw RuntimeError("\(name): moves=\"charge-flip\" needs charges= by species name, e.g. {\(example.map { "\"\($0)\": 0" }.joined(separator: ", "))}")
            }
            let maps: [MapValue]
            switch given {
            case .first(let m): maps = Array(repeating: m, count: sublattices.count)
            case .second(let list):
                guard list.count == sublattices.count else {
                    throw RuntimeError("\(name): charges= as a list needs one map per sublattice (\(sublattices.count)), got \(list.count)")
                }
                maps = list
            }
            let known = Array(Set(sublattices.joined())).sorted()
            return try zip(sublattices, maps).map { names, map in
                var byName: [String: Double] = [:]
                for (key, value) in map.pairs {
                    guard case .string(let s) = key.value, known.contains(s) else {
                        throw RuntimeError("\(name): charges keys are species names (\(known.joined(separator: ", "))), got \(key.value.formatted(quoteStrings: true))")
                    }
                    guard let v = value.numberValue, v.isFinite else { throw RuntimeError("\(name): charges[\"\(s)\"] must be a number, got \(value.typeName)") }
                    byName[s] = v
                }
                return try names.map { species in
                    if let q = byName[species] { return q }
                    guard names.count < 2 else {
                        throw RuntimeError("\(name): charges= gives no charge for \"\(species)\" (sublattice \(names.joined(separator: ", ")))")
                    }
                    return 0
                }
            }
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

        /// phi= by species name and kappa= as variance-constrained flips: per binary sublattice, φ of its
        /// second species (φ given for the first converts as φ₂ = -2 - φ₁, icet's rule).
        static func constrainedFlip(_ options: Arguments<MoveParameters>, of sublattices: [[String]], callee: String) throws -> MoveSet {
            guard let given = try options.phi else { throw RuntimeError("\(callee): moves=\"vcsgc\" needs phi= by species name, e.g. {\"\(sublattices.first?.last ?? "B")\": -1}") }
            let known = Array(Set(sublattices.joined())).sorted()
            var byName: [String: Double] = [:]
            for (key, value) in given.pairs {
                guard case .string(let s) = key.value, known.contains(s) else {
                    throw RuntimeError("\(callee): phi keys are species names (\(known.joined(separator: ", "))), got \(key.value.formatted(quoteStrings: true))")
                }
                guard let v = value.numberValue else { throw RuntimeError("\(callee): phi[\"\(s)\"] must be a number, got \(value.typeName)") }
                byName[s] = v
            }
            let phi = try sublattices.map { names -> Double in
                guard names.count >= 2 else { return 0 }
                guard names.count == 2 else { throw RuntimeError("\(callee): moves=\"vcsgc\" needs binary sublattices, found one of \(names.joined(separator: ", "))") }
                if let second = byName[names[1]] { return second }
                if let first = byName[names[0]] { return -2 - first }
                throw RuntimeError("\(callee): phi names no species of the sublattice \(names.joined(separator: ", "))")
            }
            let kappa = try options.kappa
            guard kappa > 0, kappa.isFinite else { throw RuntimeError("\(callee): kappa must be finite and > 0, got \(Value.format(kappa, digits: 6))") }
            return .constrainedFlip(phi: phi, kappa: kappa)
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

    /// A schedule from one temperature, a list of temperatures or a map, each temperature times `factor`
    /// (k_B for kelvin, 1 for kT).
    static func parseSchedule(_ value: ScheduleValue, factor: Double, sweeps: Int, equilibration: Int) throws -> AnnealSchedule {
        switch value {
        case .second(.second(let m)):
            guard let given = m["from"]?.numberValue, let last = m["to"]?.numberValue else {
                throw RuntimeError("anneal: schedule maps need numeric \"from\" and \"to\"")
            }
            let (from, to) = (given * factor, last * factor)
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
            return try .steps(temperatures.map { $0 * factor }, sweeps: sweeps, equilibration: equilibration)
        case .first(let temperature):
            return try .steps([temperature * factor], sweeps: sweeps, equilibration: equilibration)
        }
    }
}

extension Value {
    /// The value as a Double when it is a number.
    var numberValue: Double? {
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
    /// The unit of the model's energies (the run's records hold kT in it).
    let scale: EnergyScale
    /// The supercell of a run on a configuration (site i of the run is its site i); nil on a built-in 2D lattice.
    let supercell: Supercell?
    /// The species of the recorded short-range order (nil when not recorded).
    let sroSpecies: [String]?
    /// The observe= names and their values per evaluated record (nil without observe=).
    let observed: (names: [String], values: [[Double]])?
    /// The moves of a mixture with their weights, for the summary; nil for one kind of move.
    let mixture: String?
    /// Whether `snapshots` shows the recorded occupations (false when only observe= needed them).
    let keepsSnapshots: Bool
    /// The name of each kind of move, in the order of the stages' per-kind counts.
    let moveNames: [String]
    /// The biased observable ("x_Pd", "energy") and W at each record; nil without a bias.
    let bias: (name: String, values: [Double])?

    init(run: AnnealRun, species: [String], layout: SiteLayout? = nil, scale: EnergyScale = .dimensionless, supercell: Supercell? = nil,
         sro: [String]? = nil, observed: (names: [String], values: [[Double]])? = nil, keepsSnapshots: Bool = true, mixture: String? = nil,
         moveNames: [String] = [], bias: (name: String, values: [Double])? = nil) {
        self.run = run
        self.bias = bias
        self.moveNames = moveNames
        self.mixture = mixture
        self.species = species
        self.layout = layout
        self.scale = scale
        self.supercell = supercell
        self.sroSpecies = sro
        self.observed = observed
        self.keepsSnapshots = keepsSnapshots
    }

    public var fieldNames: [String] {
        ["energy", "time", "sweep", "temperature", "kT", "acceptance", "composition", "pairs", "triplets", "triplets_global",
         "correlations", "sro", "observed", "final", "final_energy", "configuration", "species", "stages", "snapshots", "interrupted"]
            + MoveCounts.fieldNames + ["bias_series"]
    }

    /// Per kind of move: attempts and accepted moves over the stages' averaged sweeps.
    var moveCounts: MoveCounts {
        func total(_ counts: (StageSummary) -> [Int]) -> [Int] {
            moveNames.indices.map { m in run.stages.reduce(0) { $0 + (m < counts($1).count ? counts($1)[m] : 0) } }
        }
        return MoveCounts(names: moveNames, attempts: total(\.moveAttempts), accepted: total(\.moveAccepted))
    }

    /// Warren–Cowley α per "i-j" species pair: one series over records per shell (shell 1 first).
    var sroColumns: [(pair: String, shells: [[Double]])]? {
        guard let names = sroSpecies, run.records.first?.sro != nil else { return nil }
        let m = names.count, shells = (run.records.first?.sro?.count ?? 0) / max(m * m, 1)
        return names.indices.flatMap { a in names.indices.map { b in
            (pair: names[a] + "-" + names[b],
             shells: (0..<shells).map { s in run.records.map { $0.sro?[(s * m + a) * m + b] ?? .nan } })
        } }
    }

    /// Each record's temperature in kelvin, when the model's unit converts (nil for dimensionless models).
    var kelvin: [Double]? { scale.boltzmann.map { kB in run.temperatures.map { $0 / kB } } }

    public func field(_ name: String) -> Value? {
        switch name {
        case "energy": return .doubles(run.energies)
        case "time": return .ints(run.times)
        case "sweep": return .ints(run.records.map(\.sweep))
        case "temperature": return kelvin.map { .doubles($0) } ?? .null
        case "kT": return .doubles(run.temperatures)
        case "configuration":
            guard let supercell, let c = try? Lattice.Configuration(supercell: supercell, occupation: run.final.occupation.map { Int($0) }) else { return .null }
            return .object(ConfigurationObject(c))
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
        case "sro":
            guard let columns = sroColumns else { return .null }
            return .record(columns.map { ($0.pair, .list($0.shells.map { .doubles($0) })) })
        case "observed":
            guard let observed else { return .null }
            return .record(observed.names.enumerated().map { k, name in (name, .doubles(observed.values.map { $0[k] })) })
        case "final": return .ints(run.final.occupation.map { Int($0) })
        case "final_energy": return .double(run.finalEnergy)
        case "species": return .strings(species)
        case "stages": return stageTable.map { .object($0) } ?? .null
        case "snapshots":
            guard keepsSnapshots, run.records.first?.snapshot != nil else { return .null }
            return .list(run.records.map { .ints(($0.snapshot ?? []).map { Int($0) }) })
        case "interrupted": return .bool(run.interrupted)
        case "move_attempts", "move_accepted", "move_acceptance": return moveCounts.field(name)
        case "bias_series": return bias.map { .doubles($0.values) } ?? .null
        default: return nil
        }
    }

    private var stageTable: TextTable? {
        var columns: [(name: String, values: [Value])] = []
        if let kB = scale.boltzmann { columns.append((name: "T (K)", values: run.stages.map { Value.double($0.to / kB) })) }
        columns += [
            (name: scale.unit.map { "kT (\($0))" } ?? "kT", values: run.stages.map { Value.double($0.to) }),
            (name: "sweeps", values: run.stages.map { Value.int($0.samples) }),
            (name: "mean E (\(scale.perSupercell))", values: run.stages.map { Value.double($0.meanEnergy) }),
            (name: "sd E", values: run.stages.map { Value.double($0.energySD) }),
            (name: "acceptance", values: run.stages.map { Value.double($0.acceptance) }),
        ]
        return try? TextTable(columns: columns)
    }

    public var summary: String {
        var s = "run: \(run.stages.count) steps, \(run.sweeps) sweeps, \(run.attempts) attempted moves\(mixture.map { " (\($0))" } ?? ""), final energy \(Value.format(run.finalEnergy, digits: 6)) \(scale.perSupercell)"
        if let cells = supercell?.cellCount, let unit = scale.unit {
            s += " (\(Value.format(run.finalEnergy / Double(cells), digits: 6)) \(unit)/prim)"
        }
        if let p = run.records.last?.pairs {
            s += ", C++ \(Value.format(p.plusPlus, digits: 4)) C+- \(Value.format(p.plusMinus, digits: 4)) C-- \(Value.format(p.minusMinus, digits: 4))"
        }
        if mixture != nil {
            s += ", acceptance " + moveCounts.phrase
        }
        if let bias { s += ", biased on \(bias.name) (W \(Value.format(bias.values.last ?? .nan, digits: 4)) kT at the last record)" }
        if run.interrupted { s += " (interrupted)" }
        return s
    }

    public var table: String { summary + "\n" + (stageTable?.text ?? "") }

    /// One row per record (the exported columns, with units); the final configuration,
    /// snapshots and correlation vectors beside it; the species and final energy as attributes.
    public var dataTable: DataTable? {
        guard case .map(let columns)? = exportValue() else { return nil }
        let units = ["time": "attempted moves", "sweep": "sweeps", "temperature": "K", "kT": scale.unit ?? "model units",
                     "energy": scale.perSupercell]
        var arrays = [DataTable.Column("final", field("final") ?? .null)]
        for name in ["snapshots", "correlations"] {
            if let v = field(name), case .list = v { arrays.append(DataTable.Column(name, v)) }
        }
        return DataTable(
            columns: columns.pairs.map { DataTable.Column($0.0.value.description, unit: units[$0.0.value.description], $0.1) },
            attributes: [("species", .strings(species)), ("final_energy", .double(run.finalEnergy)),
                         ("sweeps", .int(run.sweeps)), ("interrupted", .bool(run.interrupted))],
            arrays: arrays)
    }

    /// Columns per record: time, sweep, temperature (K, models in eV), kT, energy (per supercell),
    /// acceptance, pairs, per-shape triplets.
    public func exportValue() -> Value? {
        var columns: [(String, Value)] = [("time", .ints(run.times)), ("sweep", .ints(run.records.map(\.sweep)))]
        if let kelvin { columns.append(("temperature", .doubles(kelvin))) }
        columns += [("kT", .doubles(run.temperatures)), ("energy", .doubles(run.energies)),
                    ("acceptance", .doubles(run.records.map(\.acceptance)))]
        if run.records.first?.pairs != nil {
            columns += PairConcentrations.names.map { ("C" + $0, .doubles(run.column($0) ?? [])) }
        }
        if run.records.first?.triplets != nil {
            columns += TripletConcentrations.names.map { ($0, .doubles(run.column($0) ?? [])) }
        }
        for (pair, shells) in sroColumns ?? [] {
            columns += shells.enumerated().map { s, series in ("sro \(pair) \(s + 1)", .doubles(series)) }
        }
        // observe= values of an interrupted evaluation are shorter than the records: left out of the table.
        if let observed, observed.values.count == run.records.count {
            columns += observed.names.enumerated().map { k, name in ("observed " + name, .doubles(observed.values.map { $0[k] })) }
        }
        return .record(columns)
    }
}

/// An equilibrium sample in the language.
public final class EquilibriumSampleObject: EngineObject {
    public let sample: EquilibriumSample
    public let species: [String]
    /// The unit of the model's energies (the sample's temperature is kT in it).
    let scale: EnergyScale
    /// The moves of a mixture with their weights, for the summary; nil for one kind of move.
    let mixture: String?

    /// The species of the recorded short-range order (nil when not recorded).
    let sroSpecies: [String]?
    /// The observe= names, in the order of `sample.observed`.
    let observedNames: [String]
    /// The name of each kind of move, in the order of `sample.moveAttempts`.
    let moveNames: [String]
    /// The biased observable ("x_Pd", "energy"), nil without a bias.
    let biasName: String?

    init(sample: EquilibriumSample, species: [String], scale: EnergyScale = .dimensionless, sroSpecies: [String]? = nil,
         observedNames: [String] = [], mixture: String? = nil, moveNames: [String] = [], biasName: String? = nil) {
        self.sample = sample
        self.moveNames = moveNames
        self.biasName = biasName
        self.mixture = mixture
        self.species = species
        self.scale = scale
        self.sroSpecies = sroSpecies
        self.observedNames = observedNames
    }

    /// Warren–Cowley α estimates per "i-j" species pair, one per shell (shell 1 first).
    var sroEstimates: [(pair: String, shells: [Estimate])]? {
        guard let names = sroSpecies, let sro = sample.sro else { return nil }
        let m = names.count, shells = sro.count / max(m * m, 1)
        return names.indices.flatMap { a in names.indices.map { b in
            (pair: names[a] + "-" + names[b], shells: (0..<shells).map { s in sro[(s * m + a) * m + b] })
        } }
    }

    public var typeName: String { "sample" }

    public var fieldNames: [String] {
        ["temperature", "kT", "energy", "energy_error", "tau", "heat_capacity", "heat_capacity_error", "acceptance",
         "composition", "composition_error", "pairs", "pairs_error", "triplets", "sro", "sro_error", "observed", "observed_error",
         "chains", "samples", "energy_series"]
            + MoveCounts.fieldNames + ["bias_series", "unbiased", "unbiased_error", "effective_samples"]
    }

    /// Per kind of move: attempts and accepted moves after equilibration over all chains.
    var moveCounts: MoveCounts { MoveCounts(names: moveNames, attempts: sample.moveAttempts, accepted: sample.moveAccepted) }

    public func field(_ name: String) -> Value? {
        let s = sample
        switch name {
        case "temperature": return scale.boltzmann.map { .double(s.temperature / $0) } ?? .null
        case "kT": return .double(s.temperature)
        case "energy": return .double(s.energy.mean)
        case "energy_error": return .double(s.energy.error)
        case "tau": return .double(s.energy.tau)
        case "heat_capacity": return .double(s.heatCapacity.mean)
        case "heat_capacity_error": return .double(s.heatCapacity.error)
        case "acceptance": return .double(s.acceptance)
        case "composition": return .record(species.enumerated().map { k, n in (n, .double(k < s.composition.count ? s.composition[k].mean : .nan)) })
        case "composition_error": return .record(species.enumerated().map { k, n in (n, .double(k < s.composition.count ? s.composition[k].error : .nan)) })
        case "pairs":
            guard let p = s.pairs else { return .null }
            return .record(zip(PairConcentrations.names, p).map { ($0, .double($1.mean)) })
        case "pairs_error":
            guard let p = s.pairs else { return .null }
            return .record(zip(PairConcentrations.names, p).map { ($0, .double($1.error)) })
        case "triplets":
            guard let t = s.triplets else { return .null }
            return .record(zip(TripletConcentrations.names, t).map { ($0, .double($1.mean)) })
        case "sro", "sro_error":
            guard let estimates = sroEstimates else { return .null }
            return .record(estimates.map { ($0.pair, .doubles($0.shells.map { name == "sro" ? $0.mean : $0.error })) })
        case "observed", "observed_error":
            guard let observed = s.observed else { return .null }
            return .record(zip(observedNames, observed).map { ($0, .double(name == "observed" ? $1.mean : $1.error)) })
        case "chains": return .int(s.chains)
        case "samples": return .int(s.samplesPerChain)
        case "energy_series": return .list(s.energySeries.map { .doubles($0) })
        case "move_attempts", "move_accepted", "move_acceptance": return moveCounts.field(name)
        case "bias_series": return s.bias.map { .list($0.values.map { .doubles($0) }) } ?? .null
        case "unbiased", "unbiased_error":
            guard let b = s.bias else { return .null }
            let means = name == "unbiased"
            var fields: [(String, Value)] = [("energy", .double(means ? b.energy : b.energyError)),
                                             ("composition", .record(zip(species, means ? b.composition : b.compositionError).map { ($0, .double($1)) }))]
            if let o = means ? b.observed : b.observedError { fields.append(("observed", .record(zip(observedNames, o).map { ($0, .double($1)) }))) }
            return .record(fields)
        case "effective_samples": return s.bias.map { .double($0.effectiveSamples) } ?? .null
        default: return nil
        }
    }

    public var summary: String {
        let s = sample
        let temperature = scale.boltzmann.map { "T \(Value.format(s.temperature / $0, digits: 6)) K (kT \(Value.format(s.temperature, digits: 6)) \(scale.label))" }
            ?? "kT \(Value.format(s.temperature, digits: 6))"
        return "sample: \(temperature), \(s.chains) chains x \(s.samplesPerChain) records\(mixture.map { " (\($0))" } ?? ""), "
            + "E \(Value.format(s.energy.mean, digits: 6)) ± \(Value.format(s.energy.error, digits: 2)) \(scale.perSupercell) (τ \(Value.format(s.energy.tau, digits: 3))), "
            + "C \(Value.format(s.heatCapacity.mean, digits: 4)) ± \(Value.format(s.heatCapacity.error, digits: 2)) k_B per supercell, acceptance \(Value.format(s.acceptance, digits: 3))"
            + (mixture == nil ? "" : " (" + moveCounts.phrase + ")")
            + (s.bias.map { b in
                ", biased on \(biasName ?? "?"): unbiased E \(Value.format(b.energy, digits: 6)) ± \(Value.format(b.energyError, digits: 2)) \(scale.perSupercell) from \(Value.format(b.effectiveSamples, digits: 4)) effective of \(s.chains * s.samplesPerChain) records"
            } ?? "")
            + (s.interrupted ? " (interrupted)" : "")
    }

    /// Every estimate with its standard error and autocorrelation time, one row each.
    private var estimates: [(String, Estimate)] {
        let s = sample
        var rows: [(String, Estimate)] = [("energy (\(scale.perSupercell))", s.energy), ("heat capacity (k_B per supercell)", s.heatCapacity)]
        rows += species.enumerated().compactMap { k, name in k < s.composition.count ? ("x(\(name))", s.composition[k]) : nil }
        if let p = s.pairs { rows += zip(PairConcentrations.names, p).map { ("C" + $0, $1) } }
        if let t = s.triplets { rows += zip(TripletConcentrations.names, t).map { ($0, $1) } }
        for (pair, shells) in sroEstimates ?? [] {
            rows += shells.enumerated().map { k, e in ("α(\(pair)) shell \(k + 1)", e) }
        }
        if let o = s.observed { rows += zip(observedNames, o).map { ($0, $1) } }
        return rows
    }

    private var estimateColumns: [(name: String, values: [Value])] {
        let rows = estimates
        return [
            ("quantity", rows.map { .string($0.0) }), ("mean", rows.map { .double($0.1.mean) }),
            ("error", rows.map { .double($0.1.error) }),
            // The heat capacity's error comes from blocks, not from an autocorrelation time: left blank.
            ("tau", rows.map { $0.1.tau.isFinite ? .double($0.1.tau) : .null }),
        ]
    }

    public var table: String {
        guard let table = try? TextTable(columns: estimateColumns, digits: 5) else { return summary }
        return summary + "\n" + table.text
    }

    /// One row per estimate (quantity, mean, error, tau in sweeps); each chain's energy series
    /// (chains × records) beside it; kT (and the temperature in K for models in eV), chains and
    /// acceptance as attributes.
    public var dataTable: DataTable? {
        var temperatures: [(String, Value)] = [("kT", .double(sample.temperature))]
        if let kB = scale.boltzmann { temperatures.append(("temperature", .double(sample.temperature / kB))) }
        return DataTable(
            columns: estimateColumns.map { DataTable.Column($0.name, unit: $0.name == "tau" ? "sweeps" : nil, .list(ListValue($0.values))) },
            attributes: temperatures + [("chains", .int(sample.chains)),
                         ("samples", .int(sample.samplesPerChain)), ("acceptance", .double(sample.acceptance)),
                         ("species", .strings(species)), ("interrupted", .bool(sample.interrupted))],
            arrays: [DataTable.Column("energy_series", unit: scale.perSupercell, field("energy_series") ?? .null)])
    }
}
