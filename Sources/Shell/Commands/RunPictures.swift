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
        switch name ?? "energy" {
        case "energy":
            var f = Figure(kind: .lines, title: "energy during the anneal")
            f.xlabel = "attempted moves"
            f.ylabel = "energy"
            f.series = [Figure.Series(label: "E", x: time, y: run.energies)]
            return f
        case "pairs":
            var f = Figure(kind: .lines, title: "pair concentrations during the anneal")
            f.xlabel = "attempted moves"
            f.ylabel = "concentration"
            f.series = ["++", "+-", "--"].map { Figure.Series(label: "C" + $0, x: time, y: run.column($0) ?? []) }
            return f
        case "temperature":
            var f = Figure(kind: .lines, title: "temperature schedule")
            f.xlabel = "attempted moves"
            f.ylabel = "T"
            f.series = [Figure.Series(label: "T", x: time, y: run.temperatures)]
            return f
        default:
            guard let layout else { throw RuntimeError("plot: this run has no site positions to draw") }
            return try layout.figure(occupation: run.final.occupation.map { Int($0) },
                                     title: "final configuration, energy \(Value.format(run.finalEnergy, digits: 6))")
        }
    }
}
