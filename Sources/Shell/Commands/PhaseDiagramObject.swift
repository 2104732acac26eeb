// The result of `phase_diagram` in the language: per temperature the two
// branches of the μ sweep, their grand potentials, hysteresis loops and
// boundaries; its pictures are the composition–temperature diagram and the
// x(μ) loops.
import Language
import Lattice
import MonteCarlo

/// A phase diagram from semigrand sweeps (see `phase_diagram`).
final class PhaseDiagramObject: EngineObject, Plottable {
    /// One temperature's sweeps.
    struct Temperature {
        let kT: Double
        /// The fraction of sites holding the swept species at each μ, going up and coming down.
        let xUp: [Estimate]
        let xDown: [Estimate]
        /// The grand potential per site of each branch.
        let omegaUp: [Double]
        let omegaDown: [Double]
        let boundaries: [(mu: Double, low: Double, high: Double)]
        let loops: [(from: Double, to: Double)]
        /// The phases, one per μ interval between boundaries, each with its lowest-energy configuration.
        let phases: [Phase]
    }

    /// One phase at one temperature: the μ range where it is stable (between boundaries, or the
    /// sweep's ends) and the lowest-energy configuration the stable branch ended a point with there.
    struct Phase {
        let muFrom: Double
        let muTo: Double
        /// The fraction of sites holding the swept species, and the energy per site, of that configuration.
        let x: Double
        let energy: Double
        let configuration: MonteCarlo.Configuration
    }

    let mu: [Double]
    let species: String
    let temperatures: [Temperature]
    let scale: EnergyScale
    let supercell: Supercell
    let interrupted: Bool

    init(mu: [Double], species: String, temperatures: [Temperature], scale: EnergyScale, supercell: Supercell, interrupted: Bool) {
        self.mu = mu
        self.species = species
        self.temperatures = temperatures
        self.scale = scale
        self.supercell = supercell
        self.interrupted = interrupted
    }

    var typeName: String { "phase_diagram" }

    var fieldNames: [String] {
        ["temperature", "kT", "mu", "x_up", "x_down", "x_up_error", "x_down_error", "omega_up", "omega_down", "boundaries",
         "hysteresis", "phases", "phase_table", "species", "interrupted"]
    }

    /// Temperatures in K when the model is in eV, else kT.
    private func shown(_ kT: Double) -> Double { scale.boltzmann.map { kT / $0 } ?? kT }
    private var temperatureName: String { scale.boltzmann == nil ? "kT" : "T (K)" }

    func field(_ name: String) -> Value? {
        switch name {
        case "temperature": return scale.boltzmann.map { kB in .doubles(temperatures.map { $0.kT / kB }) } ?? .null
        case "kT": return .doubles(temperatures.map(\.kT))
        case "mu": return .doubles(mu)
        case "x_up": return .list(temperatures.map { .doubles($0.xUp.map(\.mean)) })
        case "x_down": return .list(temperatures.map { .doubles($0.xDown.map(\.mean)) })
        case "x_up_error": return .list(temperatures.map { .doubles($0.xUp.map(\.error)) })
        case "x_down_error": return .list(temperatures.map { .doubles($0.xDown.map(\.error)) })
        case "omega_up": return .list(temperatures.map { .doubles($0.omegaUp) })
        case "omega_down": return .list(temperatures.map { .doubles($0.omegaDown) })
        case "boundaries": return (try? boundaryTable()).map { .object($0) } ?? .null
        case "hysteresis": return (try? loopTable()).map { .object($0) } ?? .null
        case "phases":
            return .list(temperatures.map { t in
                .list(t.phases.map { p in
                    let structure = (try? Lattice.Configuration(supercell: supercell, occupation: p.configuration.occupation.map { Int($0) }))
                        .map { Value.object(ConfigurationObject($0)) } ?? .null
                    return .record([("mu_from", .double(p.muFrom)), ("mu_to", .double(p.muTo)), ("x", .double(p.x)),
                                    ("energy", .double(p.energy)), ("configuration", structure)])
                })
            })
        case "phase_table": return (try? phaseTable()).map { .object($0) } ?? .null
        case "species": return .string(species)
        case "interrupted": return .bool(interrupted)
        default: return nil
        }
    }

    private func boundaryTable() throws -> TextTable {
        let rows = temperatures.flatMap { t in t.boundaries.map { (t.kT, $0) } }
        return try TextTable(columns: [
            (temperatureName, rows.map { .double(shown($0.0)) }),
            ("mu (\(scale.unit ?? "model units")/site)", rows.map { .double($0.1.mu) }),
            ("x_low (\(species))", rows.map { .double($0.1.low) }),
            ("x_high (\(species))", rows.map { .double($0.1.high) }),
        ], digits: 4)
    }

    /// One row per phase and temperature: its μ range, and the x and energy of its lowest-energy configuration.
    private func phaseTable() throws -> TextTable {
        let rows = temperatures.flatMap { t in t.phases.map { (t.kT, $0) } }
        let unit = scale.unit ?? "model units"
        return try TextTable(columns: [
            (temperatureName, rows.map { .double(shown($0.0)) }),
            ("mu from (\(unit)/site)", rows.map { .double($0.1.muFrom) }), ("mu to (\(unit)/site)", rows.map { .double($0.1.muTo) }),
            ("x (\(species))", rows.map { .double($0.1.x) }),
            ("E lowest (\(unit)/site)", rows.map { .double($0.1.energy) }),
        ], digits: 4)
    }

    private func loopTable() throws -> TextTable {
        let rows = temperatures.flatMap { t in t.loops.map { (t.kT, $0) } }
        return try TextTable(columns: [
            (temperatureName, rows.map { .double(shown($0.0)) }),
            ("mu from", rows.map { .double($0.1.from) }), ("mu to", rows.map { .double($0.1.to) }),
        ], digits: 4)
    }

    private var headline: String {
        "phase_diagram: \(temperatures.count) temperatures x \(mu.count) chemical potentials of \(species), "
            + "\(temperatures.reduce(0) { $0 + $1.loops.count }) hysteresis loops, \(temperatures.reduce(0) { $0 + $1.boundaries.count }) boundaries"
            + (interrupted ? " (interrupted)" : "")
    }

    /// The headline and the boundary table (T, μ, coexisting compositions).
    var summary: String {
        guard temperatures.contains(where: { !$0.boundaries.isEmpty }) else {
            return headline + "\nno boundary: the branches' grand potentials cross inside no hysteresis loop (one phase, or transitions without hysteresis in this cell)"
        }
        return headline + "\n" + ((try? boundaryTable())?.text ?? "")
    }

    var dataTable: DataTable? {
        let rows = temperatures.flatMap { t in t.boundaries.map { (t.kT, $0) } }
        return DataTable(columns: [
            DataTable.Column("kT", unit: scale.unit, .doubles(rows.map(\.0))),
            DataTable.Column("mu", unit: scale.unit.map { "\($0)/site" }, .doubles(rows.map(\.1.mu))),
            DataTable.Column("x_low", .doubles(rows.map(\.1.low))), DataTable.Column("x_high", .doubles(rows.map(\.1.high))),
        ], attributes: [("species", .string(species)), ("interrupted", .bool(interrupted))],
        arrays: [DataTable.Column("mu_grid", .doubles(mu)), DataTable.Column("x_up", field("x_up") ?? .null),
                 DataTable.Column("x_down", field("x_down") ?? .null)])
    }

    var figureNames: [String] { ["diagram", "loops"] }

    /// "diagram": the coexisting compositions at each temperature (the two-phase region between them)
    /// over every sampled state; "loops": x against μ, up and down, per temperature.
    func figure(_ name: String?) throws -> Figure {
        switch name ?? "diagram" {
        case "diagram":
            let rows = temperatures.flatMap { t in t.boundaries.map { (shown(t.kT), $0) } }
            let found = rows.isEmpty ? "no phase boundary in the μ range" : "\(rows.count) boundaries"
            var figure = Figure(kind: .scatter, title: "phase diagram of \(species) from semigrand μ sweeps up and down (\(found))")
            figure.xlabel = "\(species) fraction x"
            figure.ylabel = temperatureName
            let states = temperatures.flatMap { t in (t.xUp + t.xDown).map { ($0.mean, shown(t.kT)) } }
            figure.series.append(Figure.Series(label: "sampled states", x: states.map(\.0), y: states.map(\.1), style: .points))
            // The boundaries only when there are some: an empty series would still take a legend line.
            if !rows.isEmpty {
                figure.series.append(Figure.Series(label: "boundary (low side)", x: rows.map(\.1.low), y: rows.map(\.0), style: .linespoints))
                figure.series.append(Figure.Series(label: "boundary (high side)", x: rows.map(\.1.high), y: rows.map(\.0), style: .linespoints))
            }
            return figure
        case "loops":
            var figure = Figure(kind: .lines, title: "\(species) fraction against μ, swept up and down: hysteresis marks a first-order transition")
            figure.xlabel = "chemical potential μ (\(scale.unit ?? "model units")/site)"
            figure.ylabel = "\(species) fraction x"
            for t in temperatures {
                let label = scale.boltzmann == nil ? "kT \(Value.format(t.kT, digits: 4))" : "\(Value.format(shown(t.kT), digits: 4)) K"
                figure.series.append(Figure.Series(label: label + " up", x: mu, y: t.xUp.map(\.mean), style: .linespoints))
                figure.series.append(Figure.Series(label: label + " down", x: mu, y: t.xDown.map(\.mean), style: .linespoints))
            }
            return figure
        default:
            throw RuntimeError("plot: a phase diagram has the figures \"diagram\" and \"loops\", not \"\(name ?? "")\"")
        }
    }
}
