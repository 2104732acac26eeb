// The ready-made pictures of fits: a fit's ECIs against cluster diameter (or
// column index when the fit does not know its clusters), the RMSE of learning
// and capacity curves against training size or orbit count, and the CV curves
// of a model-selection grid against alpha.
import Language
import Lattice
import Regression

extension FitObject: Plottable {
    var figureNames: [String] { ["eci"] }

    /// The nonzero ECIs against cluster diameter (largest distance between two sites, Å), one
    /// point series per order from pairs up, like icet's and smol's ECI plots. The empty cluster
    /// and the points (an energy offset and a chemical-potential-like term that would swamp the
    /// scale; the table lists them) and columns without a cluster (Ewald) are left out, and the
    /// title says so. A fit that does not know its clusters draws ECIs against column index.
    func figure(_ name: String?) throws -> Figure {
        guard (name ?? "eci") == "eci" else { throw RuntimeError("plot: a fit has the figure \"eci\", not \"\(name ?? "")\"") }
        guard let clusters, clusters.count == fit.eci.count else {
            var f = Figure(kind: .lines, title: "ECIs of the \(fit.method.rawValue) fit (\(fit.nonzero) nonzero)")
            f.xlabel = "feature column (no cluster diameters: fit features(...) or give orders=, diameters=)"
            f.ylabel = "ECI (\(fit.unit))"
            f.series = [Figure.Series(label: "J", x: fit.eci.indices.map(Double.init), y: fit.eci, style: .linespoints)]
            return f
        }
        var byOrder: [Int: (x: [Double], y: [Double])] = [:]
        var hidden = (empty: false, points: false, other: false)
        for (j, value) in fit.eci.enumerated() where value != 0 {
            guard let cluster = clusters[j] else { hidden.other = true; continue }
            switch cluster.order {
            case 0: hidden.empty = true
            case 1: hidden.points = true
            default:
                byOrder[cluster.order, default: ([], [])].x.append(cluster.diameter)
                byOrder[cluster.order, default: ([], [])].y.append(value)
            }
        }
        let notShown = [(hidden.empty, "empty cluster"), (hidden.points, "points"), (hidden.other, "columns without a cluster")]
            .filter(\.0).map(\.1)
        let note = "\(fit.nonzero) nonzero" + (notShown.isEmpty ? "" : "; not shown: " + notShown.joined(separator: ", "))
        var f = Figure(kind: .scatter, title: "ECIs of the \(fit.method.rawValue) fit (\(note))")
        f.xlabel = "cluster diameter (Å)"
        f.ylabel = "ECI (\(fit.unit))"
        f.series = byOrder.keys.sorted().compactMap { order in
            byOrder[order].map { Figure.Series(label: ColumnCluster.orderName(order), x: $0.x, y: $0.y, style: .points) }
        }
        guard !f.series.isEmpty else {
            throw RuntimeError("plot: the fit has no nonzero ECI of a pair or larger cluster to draw against diameter (see its table)")
        }
        return f
    }
}

extension LearningCurveObject: Plottable {
    var figureNames: [String] { ["rmse"] }

    /// Train and test RMSE against training size, the test RMSE with its standard error.
    func figure(_ name: String?) throws -> Figure {
        guard (name ?? "rmse") == "rmse" else { throw RuntimeError("plot: a learning curve has the figure \"rmse\", not \"\(name ?? "")\"") }
        return rmseFigure(title: "learning curve", xlabel: "training structures", unit: unit,
                          x: points.map { Double($0.trainingSize) }, train: points.map(\.trainRMSE),
                          heldOut: ("test", points.map(\.testRMSE), points.map(\.testStandardError)))
    }
}

extension CapacityCurveObject: Plottable {
    var figureNames: [String] { ["rmse"] }

    /// Train and CV RMSE against the number of orbits, the CV RMSE with its standard error.
    func figure(_ name: String?) throws -> Figure {
        guard (name ?? "rmse") == "rmse" else { throw RuntimeError("plot: a capacity curve has the figure \"rmse\", not \"\(name ?? "")\"") }
        return rmseFigure(title: "capacity curve", xlabel: "orbits in the model", unit: unit,
                          x: points.map { Double($0.orbits) }, train: points.map(\.trainRMSE),
                          heldOut: ("cv", points.map(\.score.rmse), points.map(\.score.standardError)))
    }
}

/// Train RMSE and a held-out RMSE with error bars against `x`: the picture of both fit curves.
private func rmseFigure(
    title: String, xlabel: String, unit: String, x: [Double], train: [Double],
    heldOut: (label: String, rmse: [Double], standardError: [Double])
) -> Figure {
    var f = Figure(kind: .lines, title: title)
    f.xlabel = xlabel
    f.ylabel = "RMSE (\(unit))"
    f.series = [Figure.Series(label: "train", x: x, y: train, style: .linespoints),
                Figure.Series(label: heldOut.label, x: x, y: heldOut.rmse, errors: heldOut.standardError, style: .linespoints)]
    return f
}

extension FitGridObject: Plottable {
    var figureNames: [String] { ["cv"] }

    /// The CV RMSE ± its standard error against alpha (log scale), one curve per method and mix,
    /// with the best point, the one-standard-error threshold and the choice marked.
    func figure(_ name: String?) throws -> Figure {
        guard (name ?? "cv") == "cv" else { throw RuntimeError("plot: a fit_grid has the figure \"cv\", not \"\(name ?? "")\"") }
        let best = grid.best, chosen = grid.oneStandardError
        var f = Figure(kind: .lines, title: "CV RMSE by alpha (\(grid.best.score.scheme)); one-SE choice: "
                       + "\(chosen.method.rawValue) alpha=\(Value.format(chosen.alpha, digits: 3))"
                       + (chosen.method.usesMix ? " mix=\(Value.format(chosen.mix, digits: 3))" : ""))
        f.xlabel = "alpha"
        f.ylabel = "CV RMSE (\(grid.unit))"
        f.logx = true
        f.series = grid.curves.map { c in
            let points = grid.curve(method: c.method, mix: c.mix)
            var parts = grid.methods.count > 1 ? [c.method.rawValue] : []
            if c.method.usesMix { parts.append("mix=\(Value.format(c.mix, digits: 3))") }
            return Figure.Series(label: parts.isEmpty ? c.method.rawValue : parts.joined(separator: " "), x: points.map(\.alpha),
                                 y: points.map(\.score.rmse), errors: points.map(\.score.standardError), style: .linespoints)
        }
        let threshold = best.score.rmse + best.score.standardError
        f.series.append(Figure.Series(label: "best + 1 SE", x: [grid.alphas.min() ?? best.alpha, grid.alphas.max() ?? best.alpha],
                                      y: [threshold, threshold], style: .lines))
        f.series.append(Figure.Series(label: "best", x: [best.alpha], y: [best.score.rmse], style: .points))
        f.series.append(Figure.Series(label: "one-SE choice", x: [chosen.alpha], y: [chosen.score.rmse], style: .points))
        return f
    }
}
