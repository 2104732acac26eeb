// The thermodynamics commands: `density_of_states` (a Wang-Landau walk, or
// exact enumeration of a small supercell, at the composition of a
// configuration) and `thermodynamics` (U, F, S, C from it at any temperature).
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
enum ThermodynamicsCommands {
    static var all: [Builtin] { [densityOfStates, thermodynamics] }

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
            below final. windows=[[low, high], ...] splits the energies into overlapping
            windows walked in parallel (one seeded stream each, so the result is the same for
            any thread count, and under mpirun over the ranks) and joined by matching ln g where they overlap; the lowest window
            reaches down to the lowest energy and the highest up to the highest. Windows that do
            not overlap are an error. method="exact" enumerates every configuration instead (a
            check, and the answer on small cells). Energies are the model's (eV) per supercell,
            binned by bin (bin k holds energies nearest k·bin); ln g is normalised so that Σ g
            is the number of configurations (at the composition for swaps), so entropies are
            absolute. start="square", energy="ising" is the L x L Ising model (J = 1,
            dimensionless, size=L). Fields: energy (the mean energy of each bin, per
            supercell), ln_g, bins, ln_f, iterations, sweeps, converged, interrupted, cells,
            sites. Same seed, same bytes. Ctrl-C stops the walk and returns the partial density
            (converged false); resume=it carries on exactly where it stopped (or, converged,
            to a smaller final). thermodynamics(dos, temperature=...) gives U, F, S and C;
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
            """,
        category: "thermodynamics"
    ) { args in
        let system = try DensitySystem(args)
        let bin = try args.bin
        guard bin > 0, bin.isFinite else { throw RuntimeError("density_of_states: bin must be a finite energy > 0, got \(bin)") }
        let moves: WangLandauMoves
        switch try args.moves {
        case "swap": moves = .swap
        case "flip": moves = .flip
        case let other: throw RuntimeError("density_of_states: moves must be \"swap\" or \"flip\", got \"\(other)\"")
        }
        let dos: DensityOfStates
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
            let settings = WangLandauSettings(binWidth: bin, flatness: try args.flatness, finalLogFactor: try args.finalLogFactor,
                                              checkEvery: try args.check, maxSweeps: try args.maxSweeps, moves: moves, windows: windows)
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
                args.context.print("density_of_states: NOT converged: max_sweeps reached (\(dos.sweeps) sweeps in all) at ln f \(Value.format(dos.logFactor, digits: 3)) (final \(settings.finalLogFactor)); resume=it to carry on")
            }
        case let other:
            throw RuntimeError("density_of_states: method must be \"wang-landau\" or \"exact\", got \"\(other)\"")
        }
        return .object(DensityOfStatesObject(dos, method: try args.method, scale: system.scale, cells: system.cells, sites: system.start.siteCount))
    }

    /// What density_of_states walks on: a configuration of a model's lattice, or the square Ising model.
    struct DensitySystem {
        let start: MonteCarlo.Configuration
        let model: EnergyModel
        let scale: EnergyScale
        let cells: Int

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
                                        model: "cluster expansion")
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

    init(_ dos: DensityOfStates, method: String, scale: EnergyScale, cells: Int, sites: Int) {
        self.dos = dos
        self.method = method
        self.scale = scale
        self.cells = cells
        self.sites = sites
    }

    public var typeName: String { "density_of_states" }

    public var fieldNames: [String] {
        ["energy", "ln_g", "bins", "bin", "method", "ln_f", "iterations", "sweeps", "converged", "interrupted", "cells", "sites",
         "ln_configurations"]
    }

    public func field(_ name: String) -> Value? {
        switch name {
        case "energy": return .doubles(dos.energies)
        case "ln_g": return .doubles(dos.logDensity)
        case "bins": return .ints(dos.bins)
        case "bin": return .double(dos.binWidth)
        case "method": return .string(method)
        case "ln_f": return .double(dos.logFactor)
        case "iterations": return .int(dos.iterations)
        case "sweeps": return .int(dos.sweeps)
        case "converged": return .bool(dos.converged)
        case "interrupted": return .bool(dos.interrupted)
        case "cells": return .int(cells)
        case "sites": return .int(sites)
        case "ln_configurations": return .double(dos.logConfigurationCount)
        default: return nil
        }
    }

    public var summary: String {
        let how = method == "exact"
            ? "exact, \(dos.sweeps) configurations"
            : "Wang-Landau, \(dos.iterations) iterations, \(dos.sweeps) sweeps, ln f \(Value.format(dos.logFactor, digits: 3))"
                + (dos.converged ? "" : " (NOT converged)") + (dos.interrupted ? " (interrupted)" : "")
        let low = dos.energies.first.map { Value.format($0, digits: 6) } ?? "-"
        let high = dos.energies.last.map { Value.format($0, digits: 6) } ?? "-"
        return "density_of_states: \(dos.bins.count) bins of \(Value.format(dos.binWidth, digits: 4)) \(scale.perSupercell) from \(low) to \(high), "
            + "\(how); ln(configurations) \(Value.format(dos.logConfigurationCount, digits: 6)) on \(sites) sites"
    }

    private var columns: [(name: String, values: [Value])] {
        [("E (\(scale.perSupercell))", dos.energies.map { .double($0) }), ("ln g", dos.logDensity.map { .double($0) })]
    }

    public var table: String { summary + "\n" + ((try? TextTable(columns: columns))?.text ?? "") }

    public var dataTable: DataTable? {
        DataTable(columns: [DataTable.Column("energy", unit: scale.perSupercell, .doubles(dos.energies)),
                            DataTable.Column("ln_g", .doubles(dos.logDensity)), DataTable.Column("bin", .ints(dos.bins))],
                  attributes: [("method", .string(method)), ("bin_width", .double(dos.binWidth)), ("ln_f", .double(dos.logFactor)),
                               ("converged", .bool(dos.converged)), ("interrupted", .bool(dos.interrupted)),
                               ("cells", .int(cells)), ("sites", .int(sites))],
                  arrays: [])
    }

    public func exportValue() -> Value? {
        .record([("energy", .doubles(dos.energies)), ("ln_g", .doubles(dos.logDensity)), ("bin", .ints(dos.bins))])
    }
}
