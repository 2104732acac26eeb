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

    /// The data a fit is of: a dataset, or the feature matrix, energies and groups given apart.
    struct FitData: Parameters {
        var data = Param<Either<FitDataObject, FeaturesObject>?>("data", default: nil, "features(...) or standin(...); or give features/energies/groups")
        var features = Param<Value?>("features", default: nil, "feature matrix: \"X.npy\", \"X.csv\" or a list of rows (n x p)")
        var energies = Param<Value?>("energies", default: nil, "energies, one per structure (path or list); overrides data's")
        var groups = Param<Value?>("groups", default: nil, "group (orbit) id of each column (path or list); default one per column")
    }

    /// The estimator: method and penalty.
    struct FitModel: Parameters {
        var method = Param("method", default: "ols", "ols | ridge | lasso | enet | group-lasso | sgl")
        var alpha = Param<Double?>("alpha", default: nil, "penalty strength (required except for ols)")
        var mix = Param("mix", default: 0.5, "l1 share λ of SGL (1 lasso, 0 group lasso) or the elastic net")
    }

    /// How the loss treats the data.
    struct FitOptions: Parameters {
        var weights = Param<Value?>("weights", default: nil, "weight of each structure in the loss (path or list)")
        var unit = Param("unit", default: "eV/prim", "unit of the energies, e.g. \"eV/prim\" or \"eV/atom\"")
        var intercept = Param("intercept", default: InterceptMode.fitted, "fitted (unpenalised J_0), mean (J_0 = mean energy) or none")
    }

    struct FitParameters: Parameters {
        var input = FitData()
        var model = FitModel()
        var cv = Param<Either<Int, MapValue>?>("cv", default: nil, "score by splits(...), kfold(k), loo() or an int k (k-fold)")
        var seed = Param("seed", default: 0, "seed of the cross-validation splits")
        var options = FitOptions()
        var point_groups = Param<[Int]?>("point_groups", default: nil, "groups of point functions: fix charge-neutrality redundancies")
        var orders = Param<Value?>("orders", default: nil, "cluster order of each column (nil: no cluster), with diameters=; features(...) data carry them")
        var diameters = Param<Value?>("diameters", default: nil, unit: "Å", "cluster diameter of each column (nil: no cluster), with orders=")
    }

    static let fit = Builtin(
        "fit", FitParameters.self,
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
        Example:
            eci = fit(standin(342), method="sgl", alpha=0.056, mix=0.5, cv=splits(10), seed=1)
            eci.cv_rmse
        """,
        category: "fit"
    ) { args in
        var problem = try FitInputs.problem(args.input, args.options)
        if let pointGroups = try args.point_groups {
            try problem.fixChargeNeutralityRedundancy(pointGroups: pointGroups)
        }
        let estimator = try FitInputs.estimator(args.model)
        let clusters = try FitInputs.clusters(orders: try args.orders, diameters: try args.diameters, data: try args.input.data,
                                              columns: problem.features.columns, context: args.context, callee: "fit")
        try args.context.checkInterrupt()
        let result: Fit
        if let cv = try args.cv {
            result = try estimator.fit(problem, scoredBy: try FitInputs.scheme(cv, callee: "fit"),
                                       seed: UInt64(truncatingIfNeeded: try args.seed))
        } else {
            result = try estimator.fit(problem)
        }
        return .object(FitObject(result, problem: problem, columnNames: FitInputs.columnNames(try args.input.data),
                                 clusters: clusters))
    }

    struct SplitsParameters: Parameters {
        var count = Param("count", default: 50, "number of random splits (1 or more)")
        var test = Param("test", default: 0.2, "test fraction of each split, in (0, 1)")
    }

    static let splits = Builtin(
        "splits", SplitsParameters.self,
        summary: "Repeated random train/test splits for cv= (the paper's: splits(50, test=0.2)).",
        doc: "Example:\n    fit(standin(342), method=\"sgl\", alpha=0.056, cv=splits(50, test=0.2), seed=1)", category: "fit"
    ) { args in
        let count = try args.count, test = try args.test
        try CrossValidationScheme.randomSplits(count: count, testFraction: test).validate()
        return .record([("scheme", .string("random")), ("count", .int(count)), ("test", .double(test))])
    }

    struct KFoldParameters: Parameters {
        var k = Param("k", default: 10, "number of folds (2 or more)")
    }

    static let kfold = Builtin(
        "kfold", KFoldParameters.self,
        summary: "k-fold cross-validation for cv=.", doc: "Example:\n    fit(standin(100), cv=kfold(10))", category: "fit"
    ) { args in
        let k = try args.k
        try CrossValidationScheme.kFold(k).validate()
        return .record([("scheme", .string("kfold")), ("k", .int(k))])
    }

    static let loo = Builtin(
        "loo", NoParameters.self, summary: "Leave-one-out cross-validation for cv=.", doc: "Example:\n    fit(standin(60), cv=loo())",
        category: "fit"
    ) { _ in .record([("scheme", .string("loo"))]) }

    struct PredictParameters: Parameters {
        var fit = Param<FitObject>("fit", "a fit")
        var features = Param<Value>("features", "a dataset, features(...), a list of feature rows or a .npy/.csv path")
    }

    static let predict = Builtin(
        "predict", PredictParameters.self,
        summary: "Energies J_0 + X·J a fit predicts for feature rows.",
        doc: "Example:\n    data = standin(60, seed=2)\n    eci = fit(data)\n    predict(eci, data)", category: "fit"
    ) { args in
        let f = try args.fit
        let x = try FitInputs.features(try args.features, context: args.context, callee: "predict")
        return .doubles(try f.fit.predict(x))
    }

    struct GridParameters: Parameters {
        var input = FitData()
        var method = Param("method", default: "sgl", "lasso | enet | group-lasso | sgl | ridge")
        var alphas = Param<[Double]?>("alphas", default: nil, "alphas; default the paper's 25 points 10^-1.5 ... 10^-0.5")
        var mixes = Param<[Double]?>("mixes", default: nil, "mixes; default [0, 0.25, 0.5, 0.75, 1] (sgl, enet) or [1]")
        var cv = Param<Either<Int, MapValue>?>("cv", default: nil, "splits(...), kfold(k) or loo(); default splits(50, test=0.2)")
        var seed = Param("seed", default: 0, "seed of the cross-validation splits")
        var options = FitOptions()
    }

    static let fitGrid = Builtin(
        "fit_grid", GridParameters.self,
        summary: "Cross-validated grid search over alpha x mix with the best and one-standard-error choices.",
        doc: "Example:\n    g = fit_grid(standin(120), method=\"sgl\", alphas=[0.01, 0.1], mixes=[0.5], cv=splits(5, test=0.2), seed=1)\n    g.best",
        category: "fit"
    ) { args in
        let problem = try FitInputs.problem(args.input, args.options)
        let method = try FitMethod(name: try args.method)
        let alphas = try args.alphas ?? ModelSelection.logSpaced(from: -1.5, to: -0.5, count: 25)
        let mixes = try args.mixes ?? (method == .sparseGroupLasso || method == .elasticNet ? [0, 0.25, 0.5, 0.75, 1] : [1])
        let scheme = try args.cv.map { try FitInputs.scheme($0, callee: "fit_grid") }
            ?? CrossValidationScheme.randomSplits(count: 50, testFraction: 0.2)
        let grid = try ModelSelection.search(problem, method: method, alphas: alphas, mixes: mixes, scheme: scheme,
                                             seed: UInt64(truncatingIfNeeded: try args.seed))
        return .object(FitGridObject(grid))
    }

    struct RanksParameters: Parameters {
        var input = FitData()
    }

    static let groupRanks = Builtin(
        "group_ranks", RanksParameters.self,
        summary: "rank(X_B) against p_B for every group: which orbits the data cannot resolve.",
        doc: "Example:\n    group_ranks(standin(30))", category: "fit"
    ) { args in
        let problem = try FitInputs.problem(args.input, nil, requireEnergies: false)
        return .list(try problem.groupRanks().map { r in
            .record([("group", .int(r.group)), ("size", .int(r.size)), ("rank", .int(r.rank)),
                     ("deficient", .bool(r.isDeficient))])
        })
    }

    struct StandinParameters: Parameters {
        var rows = Param("rows", default: 342, "structures")
        var groups = Param<[Int]?>("groups", default: nil, "group id per column; default a small 40-column layout")
        var seed = Param("seed", default: 1, "seed of the features, ECIs and noise")
        var noise = Param("noise", default: 0.05, unit: "eV/prim", "energy noise")
    }

    static let standin = Builtin(
        "standin", StandinParameters.self,
        summary: "A synthetic CE dataset (features, energies, groups, true ECIs) with a given group layout.",
        doc: "Example:\n    data = standin(342, groups=load(\"../shared/data/yang2022/groups.npy\"), seed=1)", category: "fit"
    ) { args in
        let ids = try args.groups ?? (0..<12).flatMap { [Int](repeating: $0, count: 1 + $0 % 5) }
        let data = try StandInData(groupIDs: ids, rows: try args.rows, seed: UInt64(truncatingIfNeeded: try args.seed),
                                   noise: try args.noise)
        return .object(FitDataObject(features: data.features, energies: data.energies, groups: data.groups.ids,
                                     trueECI: data.trueECI))
    }
}

/// Turning language values into engine inputs, with messages that name the argument.
enum FitInputs {
    static func problem(_ args: Arguments<FitCommands.FitData>, _ options: Arguments<FitCommands.FitOptions>?,
                        requireEnergies: Bool = true) throws -> RegressionProblem {
        let callee = args.callee, context = args.context
        var x: Matrix, y: [Double]?, ids: [Int]?
        switch try args.data {
        case .first(let data)?:
            x = data.features; y = data.energies; ids = data.groups
        case .second(let f)?:
            x = try Matrix(rows: f.matrix.rows, columns: f.matrix.columns, rowMajor: f.matrix.values)
            y = f.matrix.energies; ids = f.matrix.groups
        case nil:
            guard let features = try args.features else {
                throw RuntimeError("\(callee) needs data or features=; usage: \(callee)(features=\"X.npy\", energies=\"y.npy\", groups=\"groups.npy\")")
            }
            x = try matrix(features, name: "features", context: context, callee: callee)
            y = nil; ids = nil
        }
        if let energies = try args.energies { y = try numbers(energies, name: "energies", context: context, callee: callee) }
        if let groups = try args.groups {
            let g = try numbers(groups, name: "groups", context: context, callee: callee)
            guard g.allSatisfy({ $0.rounded() == $0 && abs($0) < 1e15 }) else {
                throw RuntimeError("\(callee): groups must be integers")
            }
            ids = g.map { Int($0) }
        }
        if !requireEnergies && y == nil { y = [Double](repeating: 0, count: x.rows) }
        guard let energies = y else { throw RuntimeError("\(callee) needs energies=") }
        let weights = try options?.weights.map { try numbers($0, name: "weights", context: context, callee: callee) }
        return try RegressionProblem(features: x, energies: energies, groups: try ids.map { try FeatureGroups(ids: $0) },
                                     weights: weights, intercept: try options?.intercept ?? .fitted,
                                     unit: try options?.unit ?? "eV/prim")
    }

    /// The cluster of each column: features(...) data's own, or the orders= and diameters= lists
    /// (nil entries for columns without a cluster, like Ewald); nil when neither says.
    static func clusters(orders: Value?, diameters: Value?, data: Either<FitDataObject, FeaturesObject>?, columns: Int,
                         context: CallContext, callee: String) throws -> [ColumnCluster?]? {
        guard orders != nil || diameters != nil else {
            if case .second(let f)? = data { return f.matrix.clusters }
            return nil
        }
        guard let orders, let diameters else {
            throw RuntimeError("\(callee): give orders= and diameters= together, one per feature column")
        }
        let orderList = try optionalNumbers(orders, name: "orders", context: context, callee: callee)
        let diameterList = try optionalNumbers(diameters, name: "diameters", context: context, callee: callee)
        guard orderList.count == columns, diameterList.count == columns else {
            throw RuntimeError("\(callee): \(orderList.count) orders and \(diameterList.count) diameters for \(columns) feature columns")
        }
        return try zip(orderList, diameterList).enumerated().map { k, pair -> ColumnCluster? in
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

    static func estimator(_ args: Arguments<FitCommands.FitModel>) throws -> Estimator {
        let method = try FitMethod(name: try args.method)
        let alpha = try args.alpha
        if method.isPenalised && alpha == nil {
            throw RuntimeError("\(args.callee): method \"\(method.rawValue)\" needs alpha=")
        }
        let est = Estimator(method: method, alpha: alpha ?? 0, mix: try args.mix)
        try est.validate()
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
        return try Matrix(rows: rows.items.count, columns: max(width, 0), rowMajor: flat)
    }

    /// Feature rows from a dataset, features(...), a list of rows or a .npy/.csv path.
    static func features(_ value: Value, context: CallContext, callee: String) throws -> Matrix {
        if case .object(let o) = value {
            if let data = o as? FitDataObject { return data.features }
            if let f = o as? FeaturesObject {
                return try Matrix(rows: f.matrix.rows, columns: f.matrix.columns, rowMajor: f.matrix.values)
            }
        }
        return try matrix(value, name: "features", context: context, callee: callee)
    }

    /// A cross-validation scheme from splits(...), kfold(k), loo() or an int k.
    static func scheme(_ value: Either<Int, MapValue>, callee: String) throws -> CrossValidationScheme {
        let scheme: CrossValidationScheme?
        switch value {
        case .first(let k): scheme = .kFold(k)
        case .second(let m):
            func number(_ key: String) -> Double? { m[key].flatMap(Double.from) }
            switch m["scheme"].flatMap(String.from) {
            case "random":
                scheme = number("count").flatMap { c in number("test").map { .randomSplits(count: Int(c), testFraction: $0) } }
            case "kfold": scheme = number("k").map { .kFold(Int($0)) }
            case "loo": scheme = .leaveOneOut
            default: scheme = nil
            }
        }
        guard let scheme else { throw RuntimeError("\(callee): cv must be splits(...), kfold(k), loo() or an int") }
        try scheme.validate()
        return scheme
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
