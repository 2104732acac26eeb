// The ready-made pictures of an anneal run: energy and pair concentrations
// against time (the source paper's Fig. 2), the temperature schedule, and the
// final configuration (its Fig. 3).
import Language
import MonteCarlo

extension AnnealRunObject: Plottable {
    public var figureNames: [String] {
        var names = ["energy", "temperature"]
        if run.records.first?.pairs != nil { names.insert("pairs", at: 1) }
        if layout != nil { names.append("final") }
        return names
    }

    public func figure(_ name: String?) throws -> Figure {
        let time = run.times.map(Double.init)
        /// A figure of some columns against the attempted moves.
        func againstTime(_ title: String, _ ylabel: String, _ columns: [(label: String, values: [Double])]) -> Figure {
            var f = Figure(kind: .lines, title: title)
            f.xlabel = "attempted moves"
            f.ylabel = ylabel
            f.series = columns.map { Figure.Series(label: $0.label, x: time, y: $0.values) }
            return f
        }
        switch name ?? "energy" {
        case "energy":
            return againstTime("energy during the anneal", "energy (\(scale.perSupercell))", [("E", run.energies)])
        case "pairs":
            return againstTime("pair concentrations during the anneal", "concentration",
                               ["++", "+-", "--"].map { ("C" + $0, run.column($0) ?? []) })
        case "temperature":
            if let kelvin { return againstTime("temperature schedule", "T (K)", [("T", kelvin)]) }
            return againstTime("temperature schedule", scale.unit.map { "kT (\($0))" } ?? "kT", [("kT", run.temperatures)])
        default:
            guard let layout else { throw RuntimeError("plot: this run has no site positions to draw") }
            return try layout.figure(occupation: run.final.occupation.map { Int($0) },
                                     title: "final configuration, energy \(Value.format(run.finalEnergy, digits: 6))")
        }
    }
}
