// The thermodynamics commands: `density_of_states` (a Wang-Landau walk, or
// exact enumeration of a small supercell, at the composition of a
// configuration), `thermodynamics` (U, F, S, C from it at any temperature) and
// `free_energy` (F by thermodynamic integration of sampled energies over β).
// Binds the MonteCarlo engine to the language; no simulation logic here.
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Language
import Lattice
import MonteCarlo

/// Builtins of the "thermodynamics" category.
///
///     dos = density_of_states(start, energy=m, bin=0.002, seed=1)
///     thermodynamics(dos, temperature=[300, 600, 900])
///     free_energy("square", size=16, energy="ising", moves="flip", kT=[2, 3], seed=1)
enum ThermodynamicsCommands {
    static var all: [Builtin] { [densityOfStates, thermodynamics, freeEnergy] }

    struct DensityParameters: Parameters {
        var start = Param<Either<String, ConfigurationObject>>(
            "start", "a configuration (its supercell, and with swaps its composition on each sublattice, are kept), or \"square\" for the L x L Ising model")
        var energy = Param<Either<String, ModelObject>>("energy", "the model (m = model(...)) on the configuration's lattice, or \"ising\" (E = -Σ s s, J = 1) on \"square\"")
        var bin = Param<Double>("bin", unit: "the model's unit per supercell", "energy bin width (below the spacing of the levels to resolve)")
        var size = Param("size", default: 16, unit: "sites per side", "L of the square Ising lattice, 2 to 4096")
        var method = Param("method", default: "wang-landau", "\"wang-landau\" (a flat-histogram walk) or \"exact\" (every configuration, at most 20,000,000)")
        var moves = Param("moves", default: "swap", "\"swap\" (fixed composition) or \"flip\" (every composition: e.g. the Ising model at free magnetisation)")
        var windows = Param<[[Double]]?>(
            "windows", default: nil, unit: "the model's unit per supercell",
            "energy windows [[low, high], ...], ascending, each overlapping the next by two bins; walked in parallel and joined")
        var flatness = Param("flatness", default: 0.8, "a histogram is flat when its smallest bin holds this fraction of the mean")
        var finalLogFactor = Param("final", default: 1e-6, "the walk stops when ln f falls below this (ln f starts at 1, halves at each flat histogram)")
        var check = Param("check", default: 100, unit: "sweeps", "sweeps between flatness checks")
        var maxSweeps = Param("max_sweeps", default: 10_000_000, unit: "sweeps", "stop (not converged) after this many sweeps (per window)")
        var seed = Param<Int?>("seed", default: nil, "seed of the walk's random streams, one per window (default: drawn from the session stream)")
        var resume = Param<DensityOfStatesObject?>("resume", default: nil, "a density of states from an interrupted (or converged) walk: carry on where it stopped")
        var estimate = Param(
            "estimate", default: "transition-matrix",
            "\"transition-matrix\" (ln g from every proposed move's transition counts) or \"wang-landau\" (ln g as the walk accumulated it)")
        var production = Param(
            "production", default: 0, unit: "sweeps",
            "sweeps per window after ln f reaches final with ln g held fixed, counted for the transition-matrix estimate")
        var known = Param<[[Double]]?>(
            "known", default: nil, unit: "[the model's unit per supercell, configurations]",
            "degeneracies known beforehand [[E, g], ...] (e.g. the Ising ground state's g = 2): ln g is pinned to them, Σ g kept")
    }

    static let densityOfStates = Builtin(
        "density_of_states", DensityParameters.self,
        summary: "The density of states g(E) at fixed composition: Wang-Landau, or exact enumeration of a small supercell.",
        doc: """
            A Wang-Landau walk at the composition of start (moves="swap": two sites of one
            sublattice exchange species) or over every composition (moves="flip": one site
            changes species): each step is accepted with min(1, g(E)/g(E')), ln g of the
            current bin grows by ln f, and ln f halves each time the histogram of energies is
            flat (every bin seen at least flatness x the mean), then follows 1/t, until it falls
            below final. ln g is then, by default (estimate="transition-matrix"), solved from
            the walk's transition counts: once ln f is halfway to final (on a log scale), every
            proposed move, accepted or not, counts where it would lead, and with flips every
            sweep counts all moves of the current configuration; detailed balance at infinite
            temperature, g(E) T(E→E') = g(E') T(E'→E), gives ln g by weighted least squares over
            all pairs of bins, from all proposals rather than from visits alone.
            production=M walks M more sweeps (per window) once ln f is below final, with ln g
            held fixed: a multicanonical walk in detailed balance, whose counts, unlike those
            taken while ln g still moves, are unbiased; they add to the transition counts.
            estimate="wang-landau" returns the ln g the walk accumulated instead (resume= a
            converged walk with the other estimate gives both from one walk). windows=[[low, high], ...] splits the energies into overlapping
            windows walked in parallel (one seeded stream each, so the result is the same for
            any thread count, and under mpirun over the ranks) and joined by matching ln g where they overlap
            (their transition counts simply add up); the lowest window
            reaches down to the lowest energy and the highest up to the highest. Windows that do
            not overlap are an error. method="exact" enumerates every configuration instead (a
            check, and the answer on small cells). Energies are the model's (eV) per supercell,
            binned by bin (bin k holds energies nearest k·bin); ln g is normalised so that Σ g
            is the number of configurations (at the composition for swaps), so entropies are
            absolute. start="square", energy="ising" is the L x L Ising model (J = 1,
            dimensionless, size=L). Fields: energy (the mean energy of each bin, per
            supercell), ln_g, bins, estimate, ln_f, iterations, sweeps, converged, interrupted, cells,
            sites, ln_configurations, normalisation. Same seed, same bytes. Ctrl-C stops the walk and returns the partial density
            (converged false); resume=it carries on exactly where it stopped (or, converged,
            to a smaller final). known=[[E, g], ...] gives degeneracies known beforehand (the
            Ising model's two ground states, g(-2N) = 2, as Wang and Landau normalise): ln g
            is corrected by a function of E, piecewise linear between nodes and constant
            beyond them, that makes ln g(E) the given ln g exactly at each known E and, with one more
            node at the bin of largest g, keeps Σ g the number of configurations (a known
            point in that bin leaves Σ g as it falls; the summary says by how much). Σ g
            alone carries the walk's statistical error from the slowly mixing ordered
            energies to the extreme levels, where ln g is small; a known end removes it. The
            summary and the field normalisation say how ln g was normalised.
            thermodynamics(dos, temperature=...) gives U, F, S and C;
            plot(dos) draws ln g(E), plot(dos, "heat_capacity") C(T).
            Example:
                fcc = lattice("fcc", a=4.0, species=["Au", "Cu"])
                m = model(clusters(fcc, cutoffs={2: 5.0}), eci=[0, 0, 0.03, -0.004, 0.002], multiplicity=true)
                start = configuration(fcc, supercell=[2, 2, 3], composition=[[0.5, 0.5]], seed=1)
                dos = density_of_states(start, energy=m, bin=0.001, final=1e-3, check=20, seed=1)
                exact = density_of_states(start, energy=m, bin=0.001, method="exact")
                dos.ln_g[0]
                exact.ln_g[0]
                ising = density_of_states("square", size=4, energy="ising", moves="flip", bin=4, final=1e-3,
                                          windows=[[-32, 0], [-12, 32]], seed=1)
                more = density_of_states("square", size=4, energy="ising", moves="flip", bin=4, final=1e-4,
                                         windows=[[-32, 0], [-12, 32]], resume=ising)
                more.ln_f
                pinned = density_of_states("square", size=4, energy="ising", moves="flip", bin=4, final=1e-3,
                                           known=[[-32, 2], [32, 2]], seed=1)
                pinned.normalisation
                exp(pinned.ln_g[0])
            """,
        category: "thermodynamics"
    ) { args in
        let system = try DensitySystem(args)
        let bin = try args.bin
        guard bin > 0, bin.isFinite else { throw RuntimeError("density_of_states: bin must be a finite energy > 0, got \(bin)") }
        // Checked before the walk, so that a mistyped point does not cost a walk.
        var known: [KnownDegeneracy] = []
        for (k, p) in (try args.known ?? []).enumerated() {
            guard p.count == 2, p[0].isFinite, p[1] > 0, p[1].isFinite else {
                throw RuntimeError("density_of_states: known point \(k + 1) must be [E, g] with a finite energy E and g > 0, got [\(p.map { Value.format($0, digits: 6) }.joined(separator: ", "))]")
            }
            known.append(KnownDegeneracy(energy: p[0], degeneracy: p[1]))
        }
        let moves: WangLandauMoves
        switch try args.moves {
        case "swap": moves = .swap
        case "flip": moves = .flip
        case let other: throw RuntimeError("density_of_states: moves must be \"swap\" or \"flip\", got \"\(other)\"")
        }
        var dos: DensityOfStates
        switch try args.method {
        case "exact":
            dos = try DensityOfStates.exact(system.start, model: system.model, binWidth: bin, everyComposition: moves == .flip)
        case "wang-landau":
            var windows: [ClosedRange<Double>] = []
            for (k, w) in (try args.windows ?? []).enumerated() {
                guard w.count == 2, w[0] < w[1] else {
                    throw RuntimeError("density_of_states: window \(k + 1) must be [low, high] with low < high, got \(w.map { Value.format($0, digits: 6) })")
                }
                windows.append(w[0]...w[1])
            }
            guard let estimate = DensityEstimate(rawValue: try args.estimate) else {
                throw RuntimeError("density_of_states: estimate must be \"transition-matrix\" or \"wang-landau\", got \"\(try args.estimate)\"")
            }
            let settings = WangLandauSettings(binWidth: bin, flatness: try args.flatness, finalLogFactor: try args.finalLogFactor,
                                              checkEvery: try args.check, maxSweeps: try args.maxSweeps, moves: moves, windows: windows,
                                              estimate: estimate, productionSweeps: try args.production)
            let previous = try args.resume
            if let previous, previous.dos.state == nil {
                throw RuntimeError("density_of_states: resume= takes a Wang-Landau density of states, not an exact one")
            }
            let seed = try args.seed.map { UInt64(truncatingIfNeeded: $0) } ?? args.context.random.next()
            let progress = args.context.progress
            // The total is unknown: the bar counts ln f halvings from 1 down to the final value.
            let halvings = max(1, Int((-log2(settings.finalLogFactor)).rounded(.up)))
            progress?.begin("density_of_states", total: halvings)
            defer { progress?.end() }
            dos = try wangLandau(system.start, model: system.model, settings: settings, seed: seed, resume: previous?.dos.state,
                                 progress: progress.map { p in { _, lnf in p.update(max(0, Int((-log2(lnf)).rounded()))) } })
            if dos.interrupted {
                args.context.print("density_of_states: interrupted after \(dos.sweeps) sweeps at ln f \(Value.format(dos.logFactor, digits: 3)); returning the partial density (resume=it to carry on)")
            } else if !dos.converged {
                // ln f below final: the walk converged and max_sweeps cut the production stage short.
                let stage = dos.logFactor < settings.finalLogFactor ? "in the production stage, before production=\(settings.productionSweeps) sweeps per window, "
                    : ""
                args.context.print("density_of_states: NOT converged: max_sweeps reached \(stage)(\(dos.sweeps) sweeps in all) at ln f \(Value.format(dos.logFactor, digits: 3)) (final \(settings.finalLogFactor)); resume=it to carry on")
            }
        case let other:
            throw RuntimeError("density_of_states: method must be \"wang-landau\" or \"exact\", got \"\(other)\"")
        }
        do {
            dos = try dos.normalised(to: known)
        } catch let error as MonteCarloError where !dos.converged {
            // A stopped walk (Ctrl-C, max_sweeps) returns what it has to resume; a level it has not
            // reached yet must not lose it.
            args.context.print("density_of_states: known= not applied to the unconverged density (\(error.description)); normalised to Σ g = configurations")
        }
        return .object(DensityOfStatesObject(dos, method: try args.method, scale: system.scale, cells: system.cells, sites: system.start.siteCount,
                                             model: system.modelName))
    }

    /// What density_of_states walks on: a configuration of a model's lattice, or the square Ising model.
    struct DensitySystem {
        let start: MonteCarlo.Configuration
        let model: EnergyModel
        let scale: EnergyScale
        let cells: Int
        /// The model as messages name it ("cluster expansion", "ising").
        let modelName: String

        init(_ args: Arguments<DensityParameters>) throws {
            switch (try args.start, try args.energy) {
            case (.second(let object), .second(let m)):
                let configuration = object.configuration
                guard configuration.supercell.lattice.matches(m.expansion.lattice) else {
                    throw RuntimeError("density_of_states: the configuration is on \(configuration.supercell.lattice.name), not on the model's lattice \(m.expansion.lattice.name)")
                }
                model = try EnergyModel(expansion: m.expansion, table: try m.clusters.table(for: configuration.supercell))
                start = try MonteCarlo.Configuration(configuration)
                scale = EnergyScale(unit: m.expansion.energyUnit)
                cells = configuration.supercell.cellCount
                modelName = "cluster expansion"
            case (.first("square"), .first("ising")):
                let size = try args.size
                guard size >= 2, size <= 4096 else { throw RuntimeError("density_of_states: size must be 2...4096, got \(size)") }
                model = EnergyModel(clusters: try PairModel.ising(neighbours: .square(size), coupling: 1))
                // Half of each spin: the composition of swaps; flips visit every magnetisation from here.
                start = try MonteCarlo.Configuration(occupation: (0..<(size * size)).map { UInt8((($0 / size) + $0) % 2) },
                                                     speciesCounts: Array(repeating: 2, count: size * size),
                                                     sublattices: Array(repeating: 0, count: size * size))
                scale = .dimensionless
                cells = size * size
                modelName = "ising"
            case (.first(let name), _):
                throw RuntimeError("density_of_states: start must be a configuration or \"square\" (with energy=\"ising\"), got \"\(name)\"")
            case (.second, .first(let name)):
                throw RuntimeError("density_of_states: on a configuration energy must be a model, got \"\(name)\"")
            }
        }
    }

    struct ThermodynamicsParameters: Parameters {
        var dos = Param<DensityOfStatesObject>("dos", "a density of states (from density_of_states)")
        var temperature = Param<Either<Double, [Double]>?>("temperature", default: nil, unit: "K", "a temperature or a list, in kelvin (models in eV)")
        var kT = Param<Either<Double, [Double]>?>("kT", default: nil, unit: "the model's energy unit", "k_B·T instead, a number or a list")
    }

    static let thermodynamics = Builtin(
        "thermodynamics", ThermodynamicsParameters.self,
        summary: "U, F, S and C at any temperature from a density of states.",
        doc: """
            From ln g(E): Z = Σ g(E) exp(-E/kT), F = -kT ln Z, U = ⟨E⟩, S = (U - F)/T and
            C = (⟨E²⟩ - ⟨E⟩²)/(k_B T²), canonical at the density's composition. A table, one row
            per temperature: T (K), kT (eV), U and F (eV per supercell), S and C (k_B per
            supercell), and F and S per prim (divided by the supercell's primitive cells); its
            columns are fields (t.F, t.C). k_B = 8.617333262e-5 eV/K.
            Example:
                fcc = lattice("fcc", a=4.0, species=["Au", "Cu"])
                m = model(clusters(fcc, cutoffs={2: 5.0}), eci=[0, 0, 0.03, -0.004, 0.002], multiplicity=true)
                start = configuration(fcc, supercell=[2, 2, 3], composition=[[0.5, 0.5]], seed=1)
                dos = density_of_states(start, energy=m, bin=0.001, method="exact")
                t = thermodynamics(dos, temperature=[100, 300, 1000])
                t.C
            """,
        category: "thermodynamics"
    ) { args in
        let object = try args.dos
        guard !object.dos.bins.isEmpty else {
            throw RuntimeError("thermodynamics: the density of states is empty (stopped before its walk began): resume= it first")
        }
        let scale = object.scale
        let temperatures = try scale.kT(kelvin: try args.temperature?.list, kT: try args.kT?.list, callee: "thermodynamics",
                                        model: object.model)
        if object.method != "exact" && !object.dos.converged {
            let why = object.dos.interrupted ? "interrupted" : "stopped at max_sweeps"
            args.context.print("thermodynamics: the density of states is NOT converged (\(why) at ln f \(Value.format(object.dos.logFactor, digits: 3))): "
                               + "U, F, S and C below carry an error of order that ln f; resume= the walk to converge it")
        }
        let rows = temperatures.map { object.dos.thermodynamics(kT: $0) }
        let unit = scale.unit ?? "model units"
        let cells = Double(object.cells)
        var columns: [(name: String, values: [Value])] = []
        if let kB = scale.boltzmann { columns.append(("T (K)", rows.map { .double($0.kT / kB) })) }
        columns += [
            ("kT (\(unit))", rows.map { .double($0.kT) }),
            ("U (\(unit)/supercell)", rows.map { .double($0.energy) }),
            ("F (\(unit)/supercell)", rows.map { .double($0.freeEnergy) }),
            ("S (k_B/supercell)", rows.map { .double($0.entropy) }),
            ("C (k_B/supercell)", rows.map { .double($0.heatCapacity) }),
            ("F_prim (\(unit)/prim)", rows.map { .double($0.freeEnergy / cells) }),
            ("S_prim (k_B/prim)", rows.map { .double($0.entropy / cells) }),
        ]
        return .object(try TextTable(columns: columns))
    }

    struct FreeEnergyParameters: Parameters {
        var system = MonteCarloCommands.SystemParameters()
        var temperature = Param<[Double]?>("temperature", default: nil, unit: "K", "the temperatures at which to report F, in kelvin (models in eV)")
        var kT = Param<[Double]?>("kT", default: nil, unit: "the model's energy unit", "k_B·T instead (dimensionless models take only this)")
        var steps = Param("steps", default: 12, "equal steps of β = 1/kT from 0 to the lowest temperature (each temperature asked for replaces its nearest point)")
        var sweeps = Param("sweeps", default: 2000, unit: "sweeps", "sweeps recorded at each point of the β grid")
        var equilibration = Param("equilibration", default: 200, unit: "sweeps", "sweeps discarded at each point")
        var path = Param<[Double]?>(
            "path", default: nil, unit: "the model's unit per site",
            "with moves=\"flip\", one temperature and mu= naming one species: further chemical potentials of it to integrate over, from the mu= value")
        var moves = MonteCarloCommands.MoveParameters()
    }

    static let freeEnergy = Builtin(
        "free_energy", FreeEnergyParameters.self,
        summary: "The free energy by thermodynamic integration over temperature, from the infinite-temperature entropy.",
        doc: """
            βF(β) = -S(∞) + ∫₀^β ⟨H⟩ dβ': one chain per point of a grid of β = 1/kT from 0
            (infinite temperature, where F = -kT S(∞) and S(∞) is the logarithm of the number
            of configurations the moves reach) to the lowest temperature asked for; each
            interval adds h/2 (H₀ + H₁) + h²/12 (var H₁ - var H₀), the cubic rule that uses
            d⟨H⟩/dβ = -var(H), so a dozen steps suffice even across a transition. moves="swap"
            or "neighbour" keep the composition (S(∞) = ln of the arrangements on each
            sublattice; H = E); moves="flip" visits every composition (S(∞) = Σ ln of each
            site's species count; H = E - Σ μ N, and the result is the grand potential
            Ω = F - Σ μ N, labelled so when a μ is not 0). A table, one row per temperature:
            T (K, models in eV), kT, F per site with its statistical error (the points'
            autocorrelation errors through the quadrature weights), U = ⟨H⟩ and S per site,
            and for a configuration F per prim; the quadrature column is how much the cubic
            term moved F (large means too few steps). Columns are fields (t.F, t.error).
            Each point runs its own seeded stream, in parallel: same seed, same bytes.
            Over chemical potential: with moves="flip", one temperature, mu={"B": μ₀} and
            path=[μ₁, μ₂, ...], Ω(T, μ₀) from the temperature integration is carried along
            the path by Ω(μ) = Ω(μ₀) - ∫ x dμ (x the fraction of sites holding B, sampled by one
            flip chain walking the path, trapezoid rule); the table has one row per μ: x, Ω
            and F = Ω + μ x per site, with errors. The path must stay in one phase.
            Ctrl-C stops the chains and returns nothing (the session goes on).
            Example:
                t = free_energy("square", size=8, energy="ising", moves="flip", kT=[2, 3], steps=6,
                                sweeps=400, seed=1)
                t.F
                t.error
                g = free_energy("square", size=8, energy="ising", moves="flip", kT=[3], mu={"B": 0}, path=[0.5, 1, 1.5],
                                steps=6, sweeps=400, seed=1)
                g.F
            """,
        category: "thermodynamics"
    ) { args in
        let callee = "free_energy"
        let system = try MonteCarloCommands.System(args.system, args.moves)
        let temperatures = try system.scale.kT(kelvin: try args.temperature, kT: try args.kT, callee: callee, model: system.modelName)
        let steps = try args.steps
        guard steps >= 1, steps <= 100_000 else { throw RuntimeError("\(callee): steps must be 1...100000, got \(steps)") }
        let betas: [Double]
        do { betas = try integrationGrid(kT: temperatures, steps: steps) } catch let e as MonteCarloError { throw RuntimeError("\(callee): \(e.message)") }
        let progress = args.context.progress
        progress?.begin(callee, total: betas.count)
        defer { progress?.end() }
        let ti = try integrateOverTemperature(system.start, model: system.model, moves: system.moves, betas: betas,
                                              sweeps: try args.sweeps, equilibration: try args.equilibration,
                                              every: try args.moves.every, seed: try system.seed(args.moves),
                                              progress: progress.map { p in { p.update($0) } })
        if ti.interrupted { throw Interrupted() }
        if let path = try args.path {
            return .object(try integrateOverChemicalPotential(args, system: system, temperatures: temperatures, path: path, ti: ti))
        }
        let sites = Double(system.start.siteCount)
        let grand: Bool
        if case .flip(let mu) = system.moves { grand = mu.joined().contains { $0 != 0 } } else { grand = false }
        let name = grand ? "Omega" : "F"
        let unit = system.scale.unit ?? "dimensionless", perSite = system.scale.unit.map { "\($0)/site" } ?? "per site"
        let rows = temperatures.map { kT -> Int in (betas.firstIndex(of: 1 / kT) ?? 1) - 1 }
        var columns: [(name: String, values: [Value])] = []
        if let kB = system.scale.boltzmann { columns.append(("T (K)", temperatures.map { .double($0 / kB) })) }
        columns += [
            ("kT (\(unit))", temperatures.map { .double($0) }),
            ("\(name) (\(perSite))", rows.map { .double(ti.freeEnergy[$0] / sites) }),
            ("error (\(perSite))", rows.map { .double(ti.freeEnergyError[$0] / sites) }),
            ("U (\(perSite))", rows.map { .double(ti.enthalpy[$0 + 1].mean / sites) }),
            ("S (k_B/site)", rows.map { .double((ti.enthalpy[$0 + 1].mean - ti.freeEnergy[$0]) * betas[$0 + 1] / sites) }),
        ]
        if let cells = system.supercell?.cellCount {
            columns.append(("\(name)_prim (\(unit)/prim)", rows.map { .double(ti.freeEnergy[$0] / Double(cells)) }))
        }
        columns.append(("quadrature (\(perSite))", rows.map { .double(ti.quadratureCorrection[$0] / sites) }))
        return .object(try TextTable(columns: columns))
    }

    /// free_energy's path=: Ω(T, μ₀) from the temperature integration `ti`, carried along μ₀, path... at one temperature.
    private static func integrateOverChemicalPotential(_ args: Arguments<FreeEnergyParameters>, system: MonteCarloCommands.System,
                                                       temperatures: [Double], path: [Double], ti: TemperatureIntegration) throws -> TextTable {
        let callee = "free_energy"
        guard case .flip(let table) = system.moves else { throw RuntimeError("\(callee): path= integrates over μ: give moves=\"flip\"") }
        guard temperatures.count == 1, let kT = temperatures.first else {
            throw RuntimeError("\(callee): path= integrates over μ at one temperature; got \(temperatures.count)")
        }
        let named = (try args.moves.mu).map { Array($0.pairs) } ?? []
        guard named.count == 1, case .string(let species) = named[0].0.value else {
            throw RuntimeError("\(callee): path= needs mu= naming the one species whose chemical potential it sweeps, e.g. {\"B\": 0}")
        }
        // The swept species must have one index wherever it occurs (x is then the fraction of that index).
        let indices = Set(system.sublatticeSpecies.compactMap { $0.firstIndex(of: species) })
        guard indices.count == 1, let index = indices.first else {
            throw RuntimeError("\(callee): path= needs \(species) in the same place of every sublattice's species list that holds it")
        }
        guard path.allSatisfy(\.isFinite), !path.isEmpty else { throw RuntimeError("\(callee): path must hold finite chemical potentials") }
        let mu0 = table.lazy.compactMap { $0.count > index ? $0[index] : nil }.first ?? 0
        let mus = [mu0] + path
        let tables = mus.map { mu in system.sublatticeSpecies.map { names in names.indices.map { $0 == index && names[$0] == species ? mu : 0 } } }
        let sweep = try sweepChemicalPotential(system.start, model: system.model, temperature: kT, path: tables, sweeps: try args.sweeps,
                                               equilibration: try args.equilibration, every: try args.moves.every,
                                               seed: try system.seed(args.moves), stream: UInt64(ti.betas.count))
        if sweep.interrupted { throw Interrupted() }
        let sites = Double(system.start.siteCount)
        let x: [Estimate] = sweep.points.map { $0.composition[index] }
        let means: [Double] = x.map { $0.mean }
        guard let k = ti.betas.firstIndex(of: 1 / kT), k >= 1 else { throw RuntimeError("\(callee): the temperature is not on the β grid") }
        let omega0 = ti.freeEnergy[k - 1] / sites, error0 = ti.freeEnergyError[k - 1] / sites
        let omega = try FreeEnergy.overChemicalPotential(mu: mus, composition: means, reference: omega0)
        // Errors: the reference's, and each x's through its trapezoid weight.
        var weights = [Double](repeating: 0, count: mus.count)
        var errors = [error0]
        for j in 1..<mus.count {
            let h = abs(mus[j] - mus[j - 1])
            weights[j - 1] += 0.5 * h
            weights[j] = 0.5 * h
            var variance = error0 * error0
            for i in 0...j { variance += weights[i] * weights[i] * x[i].error * x[i].error }
            errors.append(variance.squareRoot())
        }
        let unit = system.scale.unit.map { "\($0)/site" } ?? "per site"
        let free: [Value] = mus.indices.map { .double(omega[$0] + mus[$0] * means[$0]) }
        let columns: [(name: String, values: [Value])] = [
            ("mu (\(unit))", mus.map { Value.double($0) }),
            ("x (\(species))", means.map { Value.double($0) }),
            ("x_error", x.map { Value.double($0.error) }),
            ("Omega (\(unit))", omega.map { Value.double($0) }),
            ("error (\(unit))", errors.map { Value.double($0) }),
            ("F (\(unit))", free),
        ]
        return try TextTable(columns: columns)
    }
}

extension Either where First == Double, Second == [Double] {
    /// One number as a one-element list.
    fileprivate var list: [Double] {
        switch self {
        case .first(let x): return [x]
        case .second(let xs): return xs
        }
    }
}

extension DensityOfStatesObject: ObjectArgument { public static var typeName: String { "density_of_states" } }

/// A density of states in the language.
public final class DensityOfStatesObject: EngineObject {
    public let dos: DensityOfStates
    /// "wang-landau" or "exact".
    let method: String
    /// The unit of the model's energies.
    let scale: EnergyScale
    /// Primitive cells and sites of the supercell.
    let cells: Int
    let sites: Int
    /// The model as messages name it ("cluster expansion", "ising").
    let model: String

    init(_ dos: DensityOfStates, method: String, scale: EnergyScale, cells: Int, sites: Int, model: String = "cluster expansion") {
        self.dos = dos
        self.method = method
        self.scale = scale
        self.cells = cells
        self.sites = sites
        self.model = model
    }

    public var typeName: String { "density_of_states" }

    public var fieldNames: [String] {
        ["energy", "ln_g", "bins", "bin", "method", "estimate", "ln_f", "iterations", "sweeps", "converged", "interrupted", "cells", "sites",
         "ln_configurations", "normalisation"]
    }

    public func field(_ name: String) -> Value? {
        switch name {
        case "energy": return .doubles(dos.energies)
        case "ln_g": return .doubles(dos.logDensity)
        case "bins": return .ints(dos.bins)
        case "bin": return .double(dos.binWidth)
        case "method": return .string(method)
        case "estimate": return .string(estimate)
        case "ln_f": return .double(dos.logFactor)
        case "iterations": return .int(dos.iterations)
        case "sweeps": return .int(dos.sweeps)
        case "converged": return .bool(dos.converged)
        case "interrupted": return .bool(dos.interrupted)
        case "cells": return .int(cells)
        case "sites": return .int(sites)
        case "ln_configurations": return .double(dos.logConfigurationCount)
        case "normalisation": return .string(normalisation)
        default: return nil
        }
    }

    public var summary: String {
        let how = method == "exact"
            ? "exact, \(dos.sweeps) configurations"
            : "Wang-Landau (\(estimate) estimate), \(dos.iterations) iterations, \(dos.sweeps) sweeps, ln f \(Value.format(dos.logFactor, digits: 3))"
                + (dos.converged ? "" : " (NOT converged)") + (dos.interrupted ? " (interrupted)" : "")
        let low = dos.energies.first.map { Value.format($0, digits: 6) } ?? "-"
        let high = dos.energies.last.map { Value.format($0, digits: 6) } ?? "-"
        return "density_of_states: \(dos.bins.count) bins of \(Value.format(dos.binWidth, digits: 4)) \(scale.perSupercell) from \(low) to \(high), "
            + "\(how); ln(configurations) \(Value.format(dos.logConfigurationCount, digits: 6)) on \(sites) sites; \(normalisation)"
    }

    /// Which estimate ln g is: "transition-matrix", "wang-landau", or "exact".
    var estimate: String { dos.estimate?.rawValue ?? "exact" }

    /// How ln g was normalised, in words: Σ g alone, or known degeneracies and what became of Σ g.
    var normalisation: String {
        guard !dos.known.isEmpty else { return "normalised to Σ g = configurations" }
        let points = dos.known.map { "g(\(Value.format($0.energy, digits: 6))) = \(Value.format($0.degeneracy, digits: 6))" }
            .joined(separator: ", ")
        if let node = dos.sumNodeEnergy {
            return "normalised to \(points) and Σ g = configurations (piecewise-linear correction in E, Σ g node at E \(Value.format(node, digits: 6)))"
        }
        return "normalised to \(points) (Σ g = configurations x e^\(Value.format(dos.logSumExcess, digits: 3)): a known point is at the largest g)"
    }

    private var columns: [(name: String, values: [Value])] {
        [("E (\(scale.perSupercell))", dos.energies.map { .double($0) }), ("ln g", dos.logDensity.map { .double($0) })]
    }

    public var table: String { summary + "\n" + ((try? TextTable(columns: columns))?.text ?? "") }

    public var dataTable: DataTable? {
        DataTable(columns: [DataTable.Column("energy", unit: scale.perSupercell, .doubles(dos.energies)),
                            DataTable.Column("ln_g", .doubles(dos.logDensity)), DataTable.Column("bin", .ints(dos.bins))],
                  attributes: [("method", .string(method)), ("estimate", .string(estimate)), ("bin_width", .double(dos.binWidth)), ("ln_f", .double(dos.logFactor)),
                               ("converged", .bool(dos.converged)), ("interrupted", .bool(dos.interrupted)),
                               ("cells", .int(cells)), ("sites", .int(sites)), ("normalisation", .string(normalisation))],
                  arrays: [])
    }

    public func exportValue() -> Value? {
        .record([("energy", .doubles(dos.energies)), ("ln_g", .doubles(dos.logDensity)), ("bin", .ints(dos.bins))])
    }
}
