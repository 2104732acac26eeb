// The fit commands' results as the language sees them: datasets, fits (ECIs,
// errors, convergence, cross-validation per fold), model-selection grids and
// the rows `unique` kept.
import Language
import Lattice
import Regression

/// Features, energies and groups held together (a stand-in, or loaded data).
final class FitDataObject: EngineObject {
    let features: Matrix
    let energies: [Double]
    let groups: [Int]
    let trueECI: [Double]?
    /// Whole-data fit preparations (projections, Gram products) kept between fits of this dataset.
    let designCache = DesignCache()

    init(features: Matrix, energies: [Double], groups: [Int], trueECI: [Double]?) {
        self.features = features; self.energies = energies; self.groups = groups; self.trueECI = trueECI
    }

    var fieldNames: [String] { ["rows", "columns", "energies", "groups", "true_eci"] }
    func field(_ name: String) -> Value? {
        switch name {
        case "rows": return .int(features.rows)
        case "columns": return .int(features.columns)
        case "energies": return .doubles(energies)
        case "groups": return .ints(groups)
        case "true_eci": return trueECI.map { .doubles($0) } ?? .null
        default: return nil
        }
    }
    var summary: String {
        "dataset: \(features.rows) structures x \(features.columns) features in \(Set(groups).count) groups"
    }
    func exportValue() -> Value? {
        .record([("features", .list((0..<features.rows).map { .doubles(features.row($0)) })),
                 ("energies", .doubles(energies)), ("groups", .ints(groups))])
    }

    /// One row per structure: its energy, then one column per feature; the groups beside it.
    var dataTable: DataTable? {
        var columns = [DataTable.Column("energy", .doubles(energies))]
        for j in 0..<features.columns {
            columns.append(DataTable.Column("x\(j)", .doubles((0..<features.rows).map { features[$0, j] })))
        }
        var arrays = [DataTable.Column("groups", .ints(groups))]
        if let trueECI { arrays.append(DataTable.Column("true_eci", .doubles(trueECI))) }
        return DataTable(columns: columns, arrays: arrays)
    }
}

/// A fit as the language sees it.
final class FitObject: EngineObject {
    let fit: Fit
    /// The data it was fitted on, for `sample(fit)` (nil for a fit loaded from a file).
    let problem: RegressionProblem?
    /// Names of the feature columns ("pair 2"), when the features had names.
    let columnNames: [String]?
    /// The cluster (order, diameter) of each column, when known; nil entries for columns without one.
    let clusters: [ColumnCluster?]?
    init(_ fit: Fit, problem: RegressionProblem? = nil, columnNames: [String]? = nil, clusters: [ColumnCluster?]? = nil) {
        self.fit = fit; self.problem = problem; self.columnNames = columnNames; self.clusters = clusters
    }

    var fieldNames: [String] {
        ["method", "alpha", "mix", "unit", "intercept", "eci", "groups", "nonzero", "rmse", "cv_rmse", "cv_se",
         "cv_rmse_mean", "cv_rmse_root_mse", "cv_folds", "cv_predictions", "cv_unconverged",
         "predictions", "residuals", "rank", "fixed", "free", "protocol", "converged", "gap", "objective", "kkt",
         "sweeps", "orders", "diameters"]
    }

    func field(_ name: String) -> Value? {
        let cv = fit.crossValidation
        switch name {
        case "method": return .string(fit.method.rawValue)
        case "alpha": return .double(fit.alpha)
        case "mix": return .double(fit.mix)
        case "unit": return .string(fit.unit)
        case "intercept": return .double(fit.intercept)
        case "eci": return .doubles(fit.eci)
        case "groups": return .ints(fit.groupIDs)
        case "nonzero": return .int(fit.nonzero)
        case "rmse": return .double(fit.trainRMSE)
        case "cv_rmse": return cv.map { .double($0.rmse) } ?? .null
        case "cv_se": return cv.map { .double($0.standardError) } ?? .null
        case "cv_rmse_mean": return cv.map { .double($0.meanFoldRMSE) } ?? .null
        case "cv_rmse_root_mse": return cv.map { .double($0.rootMeanFoldMSE) } ?? .null
        case "cv_folds": return cv.map { FitObject.foldTable($0) } ?? .null
        case "cv_predictions": return cv.map { .list(ListValue($0.outOfFold.map { $0.map(Value.double) ?? .null })) } ?? .null
        case "cv_unconverged": return cv.map { .int($0.unconverged) } ?? .null
        case "predictions": return .doubles(fit.predictions)
        case "residuals": return .doubles(fit.residuals)
        case "rank": return fit.rank.map { .int($0) } ?? .null
        case "fixed": return .list(fit.fixedColumns.map { .record([("column", .int($0.column)), ("reason", .string($0.reason))]) })
        case "free": return .ints(fit.freeColumns)
        case "protocol": return .string(fit.protocol.rawValue)
        case "converged": return .bool(fit.convergence.converged)
        case "gap": return .double(fit.convergence.relativeGap)
        case "objective": return .double(fit.convergence.objective)
        case "kkt": return .double(fit.convergence.kktResidual)
        case "sweeps": return .int(fit.convergence.sweeps)
        case "orders": return clusters.map { c in .list(ListValue(c.map { $0.map { .int($0.order) } ?? .null })) } ?? .null
        case "diameters": return clusters.map { c in .list(ListValue(c.map { $0.map { .double($0.diameter) } ?? .null })) } ?? .null
        default: return nil
        }
    }

    /// Every split's result as a list of records (fold, test RMSE, train RMSE, nonzero ECIs, converged).
    static func foldTable(_ cv: CrossValidationScore) -> Value {
        .list(ListValue(cv.folds.enumerated().map { k, f in
            .record([("fold", .int(k)), ("test_rmse", .double(f.testRMSE)), ("train_rmse", .double(f.trainRMSE)),
                     ("test_count", .int(f.testCount)), ("nonzero", .int(f.nonzero)), ("converged", .bool(f.converged))])
        }))
    }

    var summary: String {
        let f = fit
        var head = "fit: \(f.method.rawValue)"
        if f.method.isPenalised { head += " alpha=\(Value.format(f.alpha, digits: 4))" }
        if f.method.usesMix { head += " mix=\(Value.format(f.mix, digits: 4))" }
        if !f.freeColumns.isEmpty {
            head += " (\(f.freeColumns.count) free column\(f.freeColumns.count == 1 ? "" : "s")\(f.protocol == .stepwise ? ", stepwise" : ""))"
        } else if f.protocol == .stepwise {
            head += " (stepwise)"
        }
        head += ", \(f.nonzero) nonzero of \(f.eci.count) ECIs, rmse \(Value.format(f.trainRMSE, digits: 4)) \(f.unit)"
        if let cv = f.crossValidation {
            head += ", cv \(Value.format(cv.rmse, digits: 4)) ± \(Value.format(cv.standardError, digits: 2)) \(f.unit) (\(cv.scheme))"
        }
        if let r = f.rank { head += ", rank \(r)" }
        if !f.convergence.converged {
            head += " [NOT CONVERGED: relative duality gap \(Value.format(f.convergence.relativeGap, digits: 3))"
                + (f.convergence.reason.isEmpty ? "" : ", \(f.convergence.reason)") + "]"
        }
        if let cv = f.crossValidation, cv.unconverged > 0 {
            head += " [\(cv.unconverged) of \(cv.folds.count) fold fits NOT CONVERGED]"
        }
        return head
    }

    /// ECIs by group: one row per group with a nonzero ECI, with its cluster's order and diameter when known.
    var table: String {
        var lines = [summary, "J_0 = \(Value.format(fit.intercept, digits: 8)) \(fit.unit)"]
        for fixed in fit.fixedColumns { lines.append("column \(fixed.column) fixed at 0: \(fixed.reason)") }
        if !fit.freeColumns.isEmpty {
            let names = fit.freeColumns.map { j in columnNames.map { "\(j) (\($0[j]))" } ?? "\(j)" }
            lines.append("free (unpenalised) columns: " + names.joined(separator: ", ")
                         + (fit.protocol == .stepwise ? "; fitted first with J_0, the rest on their residual" : ""))
        }
        if let cv = fit.crossValidation {
            lines.append("cv: mean of the fold RMSEs \(Value.format(cv.meanFoldRMSE, digits: 5)) \(fit.unit), root of the mean fold MSE "
                         + "\(Value.format(cv.rootMeanFoldMSE, digits: 5)) \(fit.unit); cv_rmse is the \(cv.definition == "mean of the fold RMSEs" ? "first" : "second")"
                         + (cv.unconverged > 0 ? "; \(cv.unconverged) of \(cv.folds.count) fold fits did not converge" : ""))
        }
        let rows = fit.eciByGroup.filter { g in g.values.contains { $0 != 0 } }
        var columns: [(name: String, values: [Value])] = [("group", rows.map { .int($0.group) })]
        if let clusters {
            let first = rows.map { g in g.columns.first.flatMap { $0 < clusters.count ? clusters[$0] : nil } }
            columns += [("order", first.map { $0.map { .int($0.order) } ?? .null }),
                        ("diameter (Å)", first.map { $0.map { .double($0.diameter) } ?? .null })]
        }
        columns += [("size", rows.map { .int($0.values.count) }),
                    ("nonzero", rows.map { g in .int(g.values.filter { $0 != 0 }.count) }),
                    ("ECIs (\(fit.unit))", rows.map { g in .string(g.values.map { Value.format($0, digits: 5) }.joined(separator: " ")) })]
        if let text = try? TextTable(columns: columns, digits: 5).text { lines.append(text) }
        return lines.joined(separator: "\n")
    }

    var methodNames: [String] { ["predict"] }
    func callMethod(_ name: String, _ arguments: [Value], keywords: [(String, Value)], context: CallContext) throws -> Value {
        guard name == "predict", let first = arguments.first else { throw RuntimeError("fit.predict needs feature rows") }
        let x = try FitInputs.features(first, context: context, callee: "predict")
        return .doubles(try fit.predict(x))
    }

    /// The eci.json form that `anneal` and `sample` load: format tag, E = J_0 + Σ x_j J_j.
    func exportValue() -> Value? {
        var fields: [(String, Value)] = [
            ("format", .string("ce-eci-1")), ("method", .string(fit.method.rawValue)), ("alpha", .double(fit.alpha)),
            ("mix", .double(fit.mix)), ("unit", .string(fit.unit)), ("intercept_mode", .string(fit.interceptMode.rawValue)),
            ("intercept", .double(fit.intercept)), ("eci", .doubles(fit.eci)), ("groups", .ints(fit.groupIDs)),
            ("fixed", field("fixed") ?? .null), ("nonzero", .int(fit.nonzero)), ("rmse", .double(fit.trainRMSE)),
        ]
        if !fit.freeColumns.isEmpty { fields += [("free", .ints(fit.freeColumns)), ("protocol", .string(fit.protocol.rawValue))] }
        if let cv = fit.crossValidation {
            fields += [("cv_rmse", .double(cv.rmse)), ("cv_se", .double(cv.standardError)), ("cv_scheme", .string(cv.scheme))]
        }
        fields += [("converged", .bool(fit.convergence.converged)), ("gap", .double(fit.convergence.relativeGap))]
        // What each ECI belongs to, so a reader of the file can plot or filter by cluster.
        if let columnNames { fields.append(("columns", .list(ListValue(columnNames.map { .string($0) })))) }
        if clusters != nil { fields += [("orders", field("orders") ?? .null), ("diameters", field("diameters") ?? .null)] }
        return .record(fields)
    }

    /// One row per ECI: its column, name, group, cluster order and diameter when known, and value;
    /// the fit's method, penalty, intercept, errors and convergence as attributes.
    var dataTable: DataTable? {
        var columns = [DataTable.Column("column", .ints(Array(fit.eci.indices)))]
        if let columnNames { columns.append(DataTable.Column("name", .strings(columnNames))) }
        columns.append(DataTable.Column("group", .ints(fit.groupIDs)))
        if clusters != nil {
            columns += [DataTable.Column("order", field("orders") ?? .null),
                        DataTable.Column("diameter", unit: "Å", field("diameters") ?? .null)]
        }
        columns.append(DataTable.Column("eci", unit: fit.unit, .doubles(fit.eci)))
        var attributes: [(String, Value)] = [
            ("method", .string(fit.method.rawValue)), ("alpha", .double(fit.alpha)), ("mix", .double(fit.mix)),
            ("unit", .string(fit.unit)), ("intercept", .double(fit.intercept)), ("rmse", .double(fit.trainRMSE)),
            ("converged", .bool(fit.convergence.converged)), ("gap", .double(fit.convergence.relativeGap)),
        ]
        if let cv = fit.crossValidation { attributes += [("cv_rmse", .double(cv.rmse)), ("cv_se", .double(cv.standardError))] }
        return DataTable(columns: columns, attributes: attributes,
                         arrays: [DataTable.Column("predictions", unit: fit.unit, .doubles(fit.predictions)),
                                  DataTable.Column("residuals", unit: fit.unit, .doubles(fit.residuals))])
    }
}

/// A model-selection grid as the language sees it: every point's CV score, the best, the
/// one-standard-error choice and that choice refitted on all structures.
final class FitGridObject: EngineObject {
    let grid: GridSearchResult
    let choice: FitObject
    init(_ grid: GridSearchResult, choice: FitObject) { self.grid = grid; self.choice = choice }

    var typeName: String { "fit_grid" }
    var fieldNames: [String] {
        ["best", "one_se", "choice", "methods", "alphas", "mixes", "points", "cv_rmse", "cv_se", "nonzero", "unconverged"]
    }

    private func point(_ p: GridSearchResult.Point) -> Value {
        .record([("method", .string(p.method.rawValue)), ("alpha", .double(p.alpha)), ("mix", .double(p.mix)),
                 ("cv_rmse", .double(p.score.rmse)), ("cv_se", .double(p.score.standardError)),
                 ("nonzero", .double(p.score.meanNonzero)), ("unconverged", .int(p.score.unconverged))])
    }

    func field(_ name: String) -> Value? {
        switch name {
        case "best": return point(grid.best)
        case "one_se": return point(grid.oneStandardError)
        case "choice": return .object(choice)
        case "methods": return .list(ListValue(grid.methods.map { .string($0.rawValue) }))
        case "alphas": return .doubles(grid.alphas)
        case "mixes": return .doubles(grid.mixes)
        case "points": return .list(ListValue(grid.points.map(point)))
        case "cv_rmse": return .doubles(grid.points.map(\.score.rmse))
        case "cv_se": return .doubles(grid.points.map(\.score.standardError))
        case "nonzero": return .doubles(grid.points.map(\.score.meanNonzero))
        case "unconverged": return .int(grid.unconverged)
        default: return nil
        }
    }

    private func describe(_ p: GridSearchResult.Point) -> String {
        "\(grid.methods.count > 1 ? p.method.rawValue + " " : "")alpha=\(Value.format(p.alpha, digits: 4))"
            + (p.method.usesMix ? " mix=\(Value.format(p.mix, digits: 3))" : "")
            + " cv \(Value.format(p.score.rmse, digits: 4)) ± \(Value.format(p.score.standardError, digits: 2)) \(grid.unit)"
            + ", \(Value.format(p.score.meanNonzero, digits: 4)) nonzero"
    }

    var summary: String {
        let methods = grid.methods.map(\.rawValue).joined(separator: ", ")
        var text = "fit_grid: \(methods), \(grid.points.count) points; best \(describe(grid.best)); "
            + "one-SE choice \(describe(grid.oneStandardError))"
        if grid.unconverged > 0 {
            let fits = grid.points.reduce(0) { $0 + $1.score.folds.count }
            text += " [\(grid.unconverged) of \(fits) fold fits NOT CONVERGED]"
        }
        return text
    }

    var table: String {
        var columns: [(name: String, values: [Value])] = []
        if grid.methods.count > 1 { columns.append(("method", grid.points.map { .string($0.method.rawValue) })) }
        columns += [("alpha", grid.points.map { .double($0.alpha) }), ("mix", grid.points.map { .double($0.mix) }),
                    ("cv_rmse (\(grid.unit))", grid.points.map { .double($0.score.rmse) }),
                    ("cv_se", grid.points.map { .double($0.score.standardError) }),
                    ("nonzero", grid.points.map { .double($0.score.meanNonzero) }),
                    ("unconverged", grid.points.map { .int($0.score.unconverged) })]
        let text = (try? TextTable(columns: columns, digits: 4).text) ?? ""
        return summary + "\n" + text
    }

    func exportValue() -> Value? {
        .record([("points", field("points") ?? .null), ("best", point(grid.best)), ("one_se", point(grid.oneStandardError))])
    }

    /// One row per grid point: method, alpha, mix, cross-validated error and its standard error,
    /// mean nonzero ECIs and unconverged fold fits.
    var dataTable: DataTable? {
        let points = grid.points
        return DataTable(columns: [
            DataTable.Column("method", .strings(points.map(\.method.rawValue))),
            DataTable.Column("alpha", .doubles(points.map(\.alpha))), DataTable.Column("mix", .doubles(points.map(\.mix))),
            DataTable.Column("cv_rmse", unit: grid.unit, .doubles(points.map(\.score.rmse))),
            DataTable.Column("cv_se", unit: grid.unit, .doubles(points.map(\.score.standardError))),
            DataTable.Column("nonzero", .doubles(points.map(\.score.meanNonzero))),
            DataTable.Column("unconverged", .ints(points.map(\.score.unconverged))),
        ])
    }
}

/// The rows `unique` kept of a dataset, and the ones it dropped as duplicates.
final class UniqueRowsObject: EngineObject {
    let rows: UniqueRows
    /// The kept rows, as the same kind of data as given (features or dataset).
    let data: Value
    let ids: [String]?
    init(_ rows: UniqueRows, data: Value, ids: [String]?) { self.rows = rows; self.data = data; self.ids = ids }

    var typeName: String { "unique" }
    var fieldNames: [String] { ["data", "kept", "dropped", "duplicate_of"] }
    func field(_ name: String) -> Value? {
        switch name {
        case "data": return data
        case "kept": return .ints(rows.kept)
        case "dropped": return .ints(rows.dropped.map(\.row))
        case "duplicate_of": return .ints(rows.dropped.map(\.keptRow))
        default: return nil
        }
    }

    private func name(_ row: Int) -> String { ids.map { "\(row) (\($0[row]))" } ?? "\(row)" }

    var summary: String {
        let total = rows.kept.count + rows.dropped.count
        guard !rows.dropped.isEmpty else { return "unique: all \(total) structures have distinct correlation vectors" }
        return "unique: \(rows.kept.count) of \(total) structures kept (the lowest energy of each set with one correlation "
            + "vector); dropped " + rows.dropped.map { "\(name($0.row)), duplicate of \(name($0.keptRow))" }.joined(separator: "; ")
    }
}
