// The `fit` family of commands: cluster-expansion fitting, cross-validation
// schemes, prediction, grid search, rank analysis and stand-in data, binding
// the Regression engine to the language.
import Formats
import Language
import Lattice
import Regression

/// Builtins of the "fit" category.
///
///     eci = fit(data, method="sgl", alpha=0.056, mix=0.5, cv=splits(50, test=0.2), seed=1)
///     eci.cv_rmse
///     save(eci, "eci.json")
enum FitCommands {
    static var all: [Builtin] { [fit, splits, kfold, loo, predict, fitGrid, groupRanks, standin] }

    static let fit = Builtin(
        "fit",
        [Parameter("data", default: .null, "features(...) or standin(...); or give features/energies/groups"),
         Parameter("features", default: .null, "feature matrix: \"X.npy\", \"X.csv\" or a list of rows (n x p)"),
         Parameter("energies", default: .null, "energies, one per structure (path or list); overrides data's"),
         Parameter("groups", default: .null, "group (orbit) id of each column (path or list); default one per column"),
         Parameter("method", default: .string("ols"), "ols | ridge | lasso | enet | group-lasso | sgl"),
         Parameter("alpha", default: .null, "penalty strength (required except for ols)"),
         Parameter("mix", default: .double(0.5), "l1 share λ of SGL (1 lasso, 0 group lasso) or the elastic net"),
         Parameter("cv", default: .null, "score by splits(...), kfold(k), loo() or an int k (k-fold)"),
         Parameter("seed", default: .int(0), "seed of the cross-validation splits"),
         Parameter("weights", default: .null, "weight of each structure in the loss"),
         Parameter("unit", default: .null, "unit of the energies, e.g. \"eV/prim\" or \"eV/atom\""),
         Parameter("intercept", default: .string("fitted"), "fitted (unpenalised J_0) | mean (J_0 = mean energy) | none"),
         Parameter("point_groups", default: .null, "groups of point functions: fix charge-neutrality redundancies"),
         Parameter("orders", default: .null, "cluster order of each column (nil: no cluster), with diameters=; features(...) data carry them"),
         Parameter("diameters", default: .null, "cluster diameter of each column, Å (nil: no cluster), with orders=")],
        summary: "Fit ECIs by least squares or a (sparse group) penalised method, optionally cross-validated.",
        doc: """
        Minimises 1/(2n)||y - XJ||² + alpha·mix·||J||_1 + alpha·(1-mix)·Σ_B sqrt(p_B)||J_B||_2
        (science.md Eq. 6) for method="sgl"; "lasso", "group-lasso", "enet", "ridge" and
        "ols" (rank revealing) are the special cases. Fields: eci, intercept, rmse,
        cv_rmse, cv_se, nonzero, predictions, residuals, rank, fixed, converged, kkt,
        orders, diameters. A fit of features(...) keeps each column's cluster order and
        diameter (largest distance between two sites, Å) for its table and its ECI picture,
        plot(eci): the nonzero ECIs of pairs and larger clusters against diameter, one
        series per order (the empty cluster and points are in its table). A fit of bare matrices
        takes them as orders= and diameters= lists (nil for a column without a cluster,
        e.g. Ewald: orders=f.orders, diameters=f.diameters); without them the picture
        plots ECIs against column index.
            eci = fit(standin(342), method="sgl", alpha=0.056, mix=0.5, cv=splits(10), seed=1)
            eci.cv_rmse
        """,
        category: "fit"
    ) { args in
        var problem = try FitInputs.problem(args)
        if !args.isNull("point_groups") {
            try problem.fixChargeNeutralityRedundancy(pointGroups: try args.ints("point_groups"))
        }
        let estimator = try FitInputs.estimator(args)
        let clusters = try FitInputs.clusters(args, columns: problem.features.columns)
        try args.context.checkInterrupt()
        let result: Fit
        if args.isNull("cv") {
            result = try estimator.fit(problem)
        } else {
            result = try estimator.fit(problem, scoredBy: try FitInputs.scheme(args["cv"], callee: "fit"),
                                       seed: UInt64(truncatingIfNeeded: try args.int("seed")))
        }
        return .object(FitObject(result, problem: problem, columnNames: FitInputs.columnNames(args), clusters: clusters))
    }

    static let splits = Builtin(
        "splits", [Parameter("count", default: .int(50), "number of random splits"),
                   Parameter("test", default: .double(0.2), "test fraction of each split")],
        summary: "Repeated random train/test splits for cv= (the paper's: splits(50, test=0.2)).",
        doc: "    fit(data, method=\"sgl\", alpha=0.056, cv=splits(50, test=0.2), seed=1)", category: "fit"
    ) { args in
        .record([("scheme", .string("random")), ("count", .int(try args.int("count"))),
                 ("test", .double(try args.double("test")))])
    }

    static let kfold = Builtin(
        "kfold", [Parameter("k", default: .int(10), "number of folds")],
        summary: "k-fold cross-validation for cv=.", doc: "    fit(data, cv=kfold(10))", category: "fit"
    ) { args in .record([("scheme", .string("kfold")), ("k", .int(try args.int("k")))]) }

    static let loo = Builtin(
        "loo", [], summary: "Leave-one-out cross-validation for cv=.", doc: "    fit(data, cv=loo())", category: "fit"
    ) { _ in .record([("scheme", .string("loo"))]) }

    static let predict = Builtin(
        "predict", [Parameter("fit", "a fit"), Parameter("features", "dataset or list of feature rows")],
        summary: "Energies J_0 + X·J a fit predicts for feature rows.",
        doc: "    predict(eci, [[1, 0.5, -0.2]])", category: "fit"
    ) { args in
        let f = try args.object("fit", as: FitObject.self, typeName: "fit")
        let x = try FitInputs.features(args["features"], context: args.context, callee: "predict")
        return .doubles(try FitInputs.engine { try f.fit.predict(x) })
    }

    static let fitGrid = Builtin(
        "fit_grid",
        [Parameter("data", default: .null, "a dataset, or give features/energies/groups"),
         Parameter("features", default: .null), Parameter("energies", default: .null), Parameter("groups", default: .null),
         Parameter("method", default: .string("sgl"), "lasso | enet | group-lasso | sgl | ridge"),
         Parameter("alphas", default: .null, "alphas; default the paper's 25 points 10^-1.5 ... 10^-0.5"),
         Parameter("mixes", default: .null, "mixes; default [0, 0.25, 0.5, 0.75, 1] (sgl, enet) or [1]"),
         Parameter("cv", default: .null, "splits(...), kfold(k) or loo(); default splits(50, test=0.2)"),
         Parameter("seed", default: .int(0)), Parameter("weights", default: .null), Parameter("unit", default: .null),
         Parameter("intercept", default: .string("fitted"))],
        summary: "Cross-validated grid search over alpha x mix with the best and one-standard-error choices.",
        doc: "    g = fit_grid(data, method=\"sgl\", cv=splits(50, test=0.2), seed=1)\n    g.best",
        category: "fit"
    ) { args in
        let problem = try FitInputs.problem(args)
        let method = try FitInputs.engine { try FitMethod(name: try args.string("method")) }
        let alphas = args.isNull("alphas") ? ModelSelection.logSpaced(from: -1.5, to: -0.5, count: 25)
            : try args.doubles("alphas")
        let mixes = args.isNull("mixes")
            ? (method == .sparseGroupLasso || method == .elasticNet ? [0, 0.25, 0.5, 0.75, 1] : [1])
            : try args.doubles("mixes")
        let scheme = args.isNull("cv") ? CrossValidationScheme.randomSplits(count: 50, testFraction: 0.2)
            : try FitInputs.scheme(args["cv"], callee: "fit_grid")
        let grid = try FitInputs.engine {
            try ModelSelection.search(problem, method: method, alphas: alphas, mixes: mixes, scheme: scheme,
                                      seed: UInt64(truncatingIfNeeded: try args.int("seed")))
        }
        return .object(FitGridObject(grid))
    }

    static let groupRanks = Builtin(
        "group_ranks",
        [Parameter("data", default: .null), Parameter("features", default: .null),
         Parameter("energies", default: .null), Parameter("groups", default: .null)],
        summary: "rank(X_B) against p_B for every group: which orbits the data cannot resolve.",
        doc: "    group_ranks(data)", category: "fit"
    ) { args in
        let problem = try FitInputs.problem(args, requireEnergies: false)
        let ranks = try FitInputs.engine { try problem.groupRanks() }
        return .list(ranks.map { r in
            .record([("group", .int(r.group)), ("size", .int(r.size)), ("rank", .int(r.rank)),
                     ("deficient", .bool(r.isDeficient))])
        })
    }

    static let standin = Builtin(
        "standin",
        [Parameter("rows", default: .int(342), "structures"),
         Parameter("groups", default: .null, "group id per column; default a small 40-column layout"),
         Parameter("seed", default: .int(1)), Parameter("noise", default: .double(0.05), "energy noise, eV/prim")],
        summary: "A synthetic CE dataset (features, energies, groups, true ECIs) with a given group layout.",
        doc: "    data = standin(342, groups=load(\"groups.npy\"), seed=1)", category: "fit"
    ) { args in
        let ids = args.isNull("groups") ? (0..<12).flatMap { [Int](repeating: $0, count: 1 + $0 % 5) }
            : try args.ints("groups")
        let data = try FitInputs.engine {
            try StandInData(groupIDs: ids, rows: try args.int("rows"), seed: UInt64(truncatingIfNeeded: try args.int("seed")),
                            noise: try args.double("noise"))
        }
        return .object(FitDataObject(features: data.features, energies: data.energies, groups: data.groups.ids,
                                     trueECI: data.trueECI))
    }
}

/// Turning language values into engine inputs, with messages that name the argument.
enum FitInputs {
    /// Runs engine code, turning its errors into runtime errors.
    static func engine<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as RegressionError {
            throw RuntimeError(e.description)
        } catch let e as LinearAlgebraError {
            throw RuntimeError(e.description)
        }
    }

    static func problem(_ args: Arguments, requireEnergies: Bool = true) throws -> RegressionProblem {
        var x: Matrix, y: [Double]?, ids: [Int]?
        if case .object(let o) = args["data"] {
            if let data = o as? FitDataObject {
                x = data.features; y = data.energies; ids = data.groups
            } else if let f = o as? FeaturesObject {
                x = try engine { try Matrix(rows: f.matrix.rows, columns: f.matrix.columns, rowMajor: f.matrix.values) }
                y = f.matrix.energies; ids = f.matrix.groups
            } else {
                throw RuntimeError("\(args.callee): data must be features(...) or a dataset, got \(o.typeName)")
            }
        } else {
            guard !args.isNull("features") else {
                throw RuntimeError("\(args.callee) needs data or features=; usage: \(args.callee)(features=\"X.npy\", energies=\"y.npy\", groups=\"groups.npy\")")
            }
            x = try matrix(args["features"], name: "features", context: args.context, callee: args.callee)
            y = nil; ids = nil
        }
        if !args.isNull("energies") { y = try numbers(args["energies"], name: "energies", context: args.context, callee: args.callee) }
        if !args.isNull("groups") {
            let g = try numbers(args["groups"], name: "groups", context: args.context, callee: args.callee)
            guard g.allSatisfy({ $0.rounded() == $0 && abs($0) < 1e15 }) else {
                throw RuntimeError("\(args.callee): groups must be integers")
            }
            ids = g.map { Int($0) }
        }
        if !requireEnergies && y == nil { y = [Double](repeating: 0, count: x.rows) }
        guard let energies = y else { throw RuntimeError("\(args.callee) needs energies=") }
        let weights = args.isNull("weights") ? nil
            : try numbers(args["weights"], name: "weights", context: args.context, callee: args.callee)
        let unit = args.isNull("unit") ? "eV/prim" : try args.string("unit")
        let mode = args.isNull("intercept") ? InterceptMode.fitted : try args.choice("intercept", as: InterceptMode.self)
        return try engine {
            try RegressionProblem(features: x, energies: energies, groups: try ids.map { try FeatureGroups(ids: $0) },
                                  weights: weights, intercept: mode, unit: unit)
        }
    }

    /// The cluster of each column: features(...) data's own, or the orders= and diameters= lists
    /// (nil entries for columns without a cluster, like Ewald); nil when neither says.
    static func clusters(_ args: Arguments, columns: Int) throws -> [ColumnCluster?]? {
        let callee = args.callee
        guard !args.isNull("orders") || !args.isNull("diameters") else {
            if case .object(let o) = args["data"], let f = o as? FeaturesObject { return f.matrix.clusters }
            return nil
        }
        guard !args.isNull("orders"), !args.isNull("diameters") else {
            throw RuntimeError("\(callee): give orders= and diameters= together, one per feature column")
        }
        let orders = try optionalNumbers(args["orders"], name: "orders", context: args.context, callee: callee)
        let diameters = try optionalNumbers(args["diameters"], name: "diameters", context: args.context, callee: callee)
        guard orders.count == columns, diameters.count == columns else {
            throw RuntimeError("\(callee): \(orders.count) orders and \(diameters.count) diameters for \(columns) feature columns")
        }
        return try zip(orders, diameters).enumerated().map { k, pair -> ColumnCluster? in
            switch pair {
            case (nil, nil): return nil
            case (let order?, let diameter?):
                guard order >= 0, order.rounded() == order, order < 1e6 else {
                    throw RuntimeError("\(callee): orders[\(k)] must be a cluster size 0, 1, 2, ..., got \(Value.format(order))")
                }
                guard diameter >= 0, diameter.isFinite else {
                    throw RuntimeError("\(callee): diameters[\(k)] must be a distance >= 0 Å, got \(Value.format(diameter))")
                }
                return ColumnCluster(order: Int(order), diameter: diameter)
            default:
                throw RuntimeError("\(callee): column \(k) has an order or a diameter but not both (nil in both for a column without a cluster)")
            }
        }
    }

    /// Numbers and nils from a list, or numbers from a .npy/.csv file.
    static func optionalNumbers(_ value: Value, name: String, context: CallContext, callee: String) throws -> [Double?] {
        guard case .list(let list) = value else { return try numbers(value, name: name, context: context, callee: callee) }
        return try list.items.map { v in
            if case .null = v { return nil }
            return try numbers(.list(ListValue([v])), name: name, context: context, callee: callee)[0]
        }
    }

    /// Numbers from a list, or from a .npy/.csv file (any shape, flattened in C order).
    static func numbers(_ value: Value, name: String, context: CallContext, callee: String) throws -> [Double] {
        if case .string = value {
            return try matrix(value, name: name, context: context, callee: callee).rowMajor
        }
        guard case .list(let list) = value else {
            throw RuntimeError("\(callee): \(name) must be a list of numbers or a .npy/.csv path, got \(value.typeName)")
        }
        return try list.items.map { v in
            switch v {
            case .int(let k): return Double(k)
            case .double(let d): return d
            default: throw RuntimeError("\(callee): \(name) must hold numbers, found \(v.typeName)")
            }
        }
    }

    static func estimator(_ args: Arguments) throws -> Estimator {
        let method = try engine { try FitMethod(name: try args.string("method")) }
        if method.isPenalised && args.isNull("alpha") {
            throw RuntimeError("\(args.callee): method \"\(method.rawValue)\" needs alpha=")
        }
        let alpha = args.isNull("alpha") ? 0 : try args.double("alpha")
        let est = Estimator(method: method, alpha: alpha, mix: try args.double("mix"))
        try engine { try est.validate() }
        return est
    }

    /// A matrix from a list of equally long numeric rows, or from a .npy or .csv file.
    static func matrix(_ value: Value, name: String, context: CallContext, callee: String) throws -> Matrix {
        if case .string(let path) = value {
            let resolved = context.resolve(path)
            if path.lowercased().hasSuffix(".npy") {
                return try NpyArray.read(resolved).matrix()
            }
            if path.lowercased().hasSuffix(".csv") {
                return try matrix(.list(CSVTable.read(resolved).rows.map { .list(ListValue($0.map(Value.init))) }), name: name,
                                  context: context, callee: callee)
            }
            throw RuntimeError("\(callee): \(name) file '\(path)' must end in .npy or .csv")
        }
        guard case .list(let rows) = value else {
            throw RuntimeError("\(callee): \(name) must be a list of rows or a .npy/.csv path, got \(value.typeName)")
        }
        var flat: [Double] = []
        var width = -1
        for (i, row) in rows.items.enumerated() {
            guard case .list(let items) = row else {
                throw RuntimeError("\(callee): \(name)[\(i)] must be a list of numbers, got \(row.typeName)")
            }
            if width < 0 { width = items.items.count }
            guard items.items.count == width else {
                throw RuntimeError("\(callee): \(name)[\(i)] has \(items.items.count) values, row 0 has \(width)")
            }
            for v in items.items {
                switch v {
                case .int(let k): flat.append(Double(k))
                case .double(let d): flat.append(d)
                default: throw RuntimeError("\(callee): \(name)[\(i)] must hold numbers, found \(v.typeName)")
                }
            }
        }
        return try engine { try Matrix(rows: rows.items.count, columns: max(width, 0), rowMajor: flat) }
    }

    /// Feature rows from a dataset, features(...), a list of rows or a .npy/.csv path.
    static func features(_ value: Value, context: CallContext, callee: String) throws -> Matrix {
        if case .object(let o) = value {
            if let data = o as? FitDataObject { return data.features }
            if let f = o as? FeaturesObject {
                return try engine { try Matrix(rows: f.matrix.rows, columns: f.matrix.columns, rowMajor: f.matrix.values) }
            }
        }
        return try matrix(value, name: "features", context: context, callee: callee)
    }

    /// A cross-validation scheme from splits(...), kfold(k), loo() or an int k.
    static func scheme(_ value: Value, callee: String) throws -> CrossValidationScheme {
        switch value {
        case .int(let k): return .kFold(k)
        case .map(let m):
            func number(_ key: String) -> Double? {
                switch m[key] { case .int(let i)?: return Double(i); case .double(let d)?: return d; default: return nil }
            }
            if case .string(let kind)? = m["scheme"] {
                switch kind {
                case "random": if let c = number("count"), let t = number("test") { return .randomSplits(count: Int(c), testFraction: t) }
                case "kfold": if let k = number("k") { return .kFold(Int(k)) }
                case "loo": return .leaveOneOut
                default: break
                }
            }
        default: break
        }
        throw RuntimeError("\(callee): cv must be splits(...), kfold(k), loo() or an int, got \(value.typeName)")
    }
}

/// Features, energies and groups held together (a stand-in, or loaded data).
final class FitDataObject: EngineObject {
    let features: Matrix
    let energies: [Double]
    let groups: [Int]
    let trueECI: [Double]?

    init(features: Matrix, energies: [Double], groups: [Int], trueECI: [Double]?) {
        self.features = features; self.energies = energies; self.groups = groups; self.trueECI = trueECI
    }

    var typeName: String { "dataset" }
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

    var typeName: String { "fit" }
    var fieldNames: [String] {
        ["method", "alpha", "mix", "unit", "intercept", "eci", "groups", "nonzero", "rmse", "cv_rmse", "cv_se",
         "predictions", "residuals", "rank", "fixed", "converged", "kkt", "gap", "sweeps", "orders", "diameters"]
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
        case "predictions": return .doubles(fit.predictions)
        case "residuals": return .doubles(fit.residuals)
        case "rank": return fit.rank.map { .int($0) } ?? .null
        case "fixed": return .list(fit.fixedColumns.map { .record([("column", .int($0.column)), ("reason", .string($0.reason))]) })
        case "converged": return .bool(fit.convergence.converged)
        case "kkt": return .double(fit.convergence.kktResidual)
        case "gap": return fit.convergence.dualityGap.map { .double($0) } ?? .null
        case "sweeps": return .int(fit.convergence.sweeps)
        case "orders": return clusters.map { c in .list(ListValue(c.map { $0.map { .int($0.order) } ?? .null })) } ?? .null
        case "diameters": return clusters.map { c in .list(ListValue(c.map { $0.map { .double($0.diameter) } ?? .null })) } ?? .null
        default: return nil
        }
    }

    var summary: String {
        let f = fit
        var head = "fit: \(f.method.rawValue)"
        if f.method.isPenalised { head += " alpha=\(Value.format(f.alpha, digits: 4))" }
        if f.method == .sparseGroupLasso || f.method == .elasticNet { head += " mix=\(Value.format(f.mix, digits: 4))" }
        head += ", \(f.nonzero) nonzero of \(f.eci.count) ECIs, rmse \(Value.format(f.trainRMSE, digits: 4)) \(f.unit)"
        if let cv = f.crossValidation {
            head += ", cv \(Value.format(cv.rmse, digits: 4)) ± \(Value.format(cv.standardError, digits: 2)) \(f.unit) (\(cv.scheme))"
        }
        if let r = f.rank { head += ", rank \(r)" }
        if !f.convergence.converged { head += " [NOT CONVERGED: KKT residual \(Value.format(f.convergence.kktResidual, digits: 3))]" }
        return head
    }

    /// ECIs by group: one row per group with a nonzero ECI, with its cluster's order and diameter when known.
    var table: String {
        var lines = [summary, "J_0 = \(Value.format(fit.intercept, digits: 8)) \(fit.unit)"]
        for fixed in fit.fixedColumns { lines.append("column \(fixed.column) fixed at 0: \(fixed.reason)") }
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
        return .doubles(try FitInputs.engine { try fit.predict(x) })
    }

    /// The eci.json form that `anneal` and `sample` load: format tag, E = J_0 + Σ x_j J_j.
    func exportValue() -> Value? {
        var fields: [(String, Value)] = [
            ("format", .string("ce-eci-1")), ("method", .string(fit.method.rawValue)), ("alpha", .double(fit.alpha)),
            ("mix", .double(fit.mix)), ("unit", .string(fit.unit)), ("intercept_mode", .string(fit.interceptMode.rawValue)),
            ("intercept", .double(fit.intercept)), ("eci", .doubles(fit.eci)), ("groups", .ints(fit.groupIDs)),
            ("fixed", field("fixed") ?? .null), ("nonzero", .int(fit.nonzero)), ("rmse", .double(fit.trainRMSE)),
        ]
        if let cv = fit.crossValidation {
            fields += [("cv_rmse", .double(cv.rmse)), ("cv_se", .double(cv.standardError)), ("cv_scheme", .string(cv.scheme))]
        }
        fields += [("converged", .bool(fit.convergence.converged)), ("kkt", .double(fit.convergence.kktResidual))]
        // What each ECI belongs to, so a reader of the file can plot or filter by cluster.
        if let columnNames { fields.append(("columns", .list(ListValue(columnNames.map { .string($0) })))) }
        if clusters != nil { fields += [("orders", field("orders") ?? .null), ("diameters", field("diameters") ?? .null)] }
        return .record(fields)
    }
}

/// A grid search result as the language sees it.
final class FitGridObject: EngineObject {
    let grid: GridSearchResult
    init(_ grid: GridSearchResult) { self.grid = grid }

    var typeName: String { "fit_grid" }
    var fieldNames: [String] { ["best", "one_se", "alphas", "mixes", "cv_rmse", "cv_se", "nonzero"] }

    private func point(_ p: GridSearchResult.Point) -> Value {
        .record([("alpha", .double(p.alpha)), ("mix", .double(p.mix)), ("cv_rmse", .double(p.score.rmse)),
                 ("cv_se", .double(p.score.standardError)), ("nonzero", .double(p.score.meanNonzero))])
    }

    func field(_ name: String) -> Value? {
        switch name {
        case "best": return point(grid.best)
        case "one_se": return point(grid.oneStandardError)
        case "alphas": return .doubles(grid.alphas)
        case "mixes": return .doubles(grid.mixes)
        case "cv_rmse": return .doubles(grid.points.map(\.score.rmse))
        case "cv_se": return .doubles(grid.points.map(\.score.standardError))
        case "nonzero": return .doubles(grid.points.map(\.score.meanNonzero))
        default: return nil
        }
    }

    var summary: String {
        let b = grid.best, o = grid.oneStandardError, u = grid.unit
        return "fit_grid: \(grid.method.rawValue), \(grid.alphas.count) alphas x \(grid.mixes.count) mixes; "
            + "best alpha=\(Value.format(b.alpha, digits: 4)) mix=\(Value.format(b.mix, digits: 3)) cv \(Value.format(b.score.rmse, digits: 4)) \(u); "
            + "one-SE alpha=\(Value.format(o.alpha, digits: 4)) mix=\(Value.format(o.mix, digits: 3)) cv \(Value.format(o.score.rmse, digits: 4)) \(u)"
    }

    var table: String {
        var lines = [summary, "alpha       mix   cv_rmse     cv_se      nonzero"]
        for p in grid.points {
            lines.append([Value.format(p.alpha, digits: 4), Value.format(p.mix, digits: 3), Value.format(p.score.rmse, digits: 5),
                          Value.format(p.score.standardError, digits: 3), Value.format(p.score.meanNonzero, digits: 4)]
                .map { $0 + String(repeating: " ", count: max(0, 10 - $0.count)) }.joined(separator: "  "))
        }
        return lines.joined(separator: "\n")
    }
}
