// The ready-made pictures of an anneal run: energy and pair concentrations
// against sweeps with the temperature schedule on the right-hand axis (the
// source paper's Fig. 2), the schedule alone, and the final configuration
// (its Fig. 3).
import Language
import MonteCarlo

extension AnnealRunObject: Plottable {
    public var figureNames: [String] {
        var names = ["energy", "temperature"]
        if run.records.first?.pairs != nil { names.insert("pairs", at: 1) }
        if layout != nil { names.append("final") }
        return names
    }

    /// Energies per primitive cell on a supercell of a lattice (the cluster expansion's
    /// normalisation), per site on the built-in lattices.
    private var normalisation: (count: Double, name: String) {
        if let supercell { return (Double(max(1, supercell.cellCount)), "prim") }
        return (Double(max(1, run.final.siteCount)), "site")
    }

    /// The schedule as a series on the right-hand axis: K for models in eV, kT otherwise.
    private var scheduleSeries: (series: Figure.Series, label: String) {
        let sweeps = run.records.map { Double($0.sweep) }
        if let kelvin {
            var s = Figure.Series(label: "T (K)", x: sweeps, y: kelvin, style: .lines)
            s.onSecondAxis = true
            return (s, "temperature (K)")
        }
        var s = Figure.Series(label: "kT", x: sweeps, y: run.temperatures, style: .lines)
        s.onSecondAxis = true
        return (s, scale.unit.map { "kT (\($0))" } ?? "kT (dimensionless)")
    }

    public func figure(_ name: String?) throws -> Figure {
        let sweeps = run.records.map { Double($0.sweep) }
        let what = "anneal of \(run.final.siteCount) sites, \(run.sweeps) sweeps"
            + (run.interrupted ? " (stopped by Ctrl-C)" : "")
        /// Columns against sweeps, the schedule on the right-hand axis.
        func againstSweeps(_ title: String, _ ylabel: String, _ columns: [(label: String, values: [Double])]) -> Figure {
            var f = Figure(kind: .lines, title: title + ": " + what)
            f.xlabel = "sweep (attempted moves per site)"
            f.ylabel = ylabel
            f.series = columns.map { Figure.Series(label: $0.label, x: sweeps, y: $0.values) }
            let schedule = scheduleSeries
            f.series.append(schedule.series)
            f.y2label = schedule.label
            return f
        }
        switch name ?? "energy" {
        case "energy":
            let (count, per) = normalisation
            let unit = scale.unit.map { "\($0)/\(per)" } ?? "per \(per), dimensionless"
            return againstSweeps("energy", "energy (\(unit))", [("E", run.energies.map { $0 / count })])
        case "pairs":
            return againstSweeps("pair concentrations", "pair concentration (fraction of neighbour pairs)",
                                 ["++", "+-", "--"].map { ("C" + $0, run.column($0) ?? []) })
        case "temperature":
            var f = Figure(kind: .lines, title: "temperature schedule: " + what)
            f.xlabel = "sweep (attempted moves per site)"
            var schedule = scheduleSeries
            schedule.series.onSecondAxis = false
            f.ylabel = schedule.label
            f.series = [schedule.series]
            return f
        default:
            guard let layout else { throw RuntimeError("plot: this run has no site positions to draw") }
            return try layout.figure(occupation: run.final.occupation.map { Int($0) },
                                     title: "final configuration, energy \(Value.format(run.finalEnergy, digits: 6)) "
                                         + (scale.unit ?? "") + " per supercell")
        }
    }
}
