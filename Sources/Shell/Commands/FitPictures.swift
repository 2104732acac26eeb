// The ready-made pictures of fits: a fit's ECIs against column index, and the
// RMSE of learning and capacity curves against training size or orbit count.
import Language
import Regression

extension FitObject: Plottable {
    var figureNames: [String] { ["eci"] }

    /// ECIs against feature column, one point series per group so orbits stand apart.
    func figure(_ name: String?) throws -> Figure {
        guard (name ?? "eci") == "eci" else { throw RuntimeError("plot: a fit has the figure \"eci\", not \"\(name ?? "")\"") }
        var f = Figure(kind: .lines, title: "ECIs of the \(fit.method.rawValue) fit (\(fit.nonzero) nonzero)")
        f.xlabel = "feature column"
        f.ylabel = "ECI (\(fit.unit))"
        f.series = [Figure.Series(label: "J", x: fit.eci.indices.map(Double.init), y: fit.eci, style: .linespoints)]
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
