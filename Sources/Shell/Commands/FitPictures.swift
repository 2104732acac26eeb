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
        let x = points.map { Double($0.trainingSize) }
        var f = Figure(kind: .lines, title: "learning curve")
        f.xlabel = "training structures"
        f.ylabel = "RMSE (\(unit))"
        f.series = [Figure.Series(label: "train", x: x, y: points.map(\.trainRMSE), style: .linespoints),
                    Figure.Series(label: "test", x: x, y: points.map(\.testRMSE),
                                  errors: points.map(\.testStandardError), style: .linespoints)]
        return f
    }
}

extension CapacityCurveObject: Plottable {
    var figureNames: [String] { ["rmse"] }

    /// Train and CV RMSE against the number of orbits, the CV RMSE with its standard error.
    func figure(_ name: String?) throws -> Figure {
        guard (name ?? "rmse") == "rmse" else { throw RuntimeError("plot: a capacity curve has the figure \"rmse\", not \"\(name ?? "")\"") }
        let x = points.map { Double($0.orbits) }
        var f = Figure(kind: .lines, title: "capacity curve")
        f.xlabel = "orbits in the model"
        f.ylabel = "RMSE (\(unit))"
        f.series = [Figure.Series(label: "train", x: x, y: points.map(\.trainRMSE), style: .linespoints),
                    Figure.Series(label: "cv", x: x, y: points.map(\.score.rmse),
                                  errors: points.map(\.score.standardError), style: .linespoints)]
        return f
    }
}
