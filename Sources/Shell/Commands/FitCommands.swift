// The `fit` family of commands: cluster-expansion fitting, cross-validation
// schemes, prediction, model selection, duplicate rows, rank analysis and
// stand-in data, binding the Regression engine to the language.
import Language
import Lattice
import Regression

/// Builtins of the "fit" category.
///
///     eci = fit(data, method="sgl", alpha=0.056, mix=0.5, cv=splits(50, test=0.2), seed=1)
///     eci.cv_rmse
///     save(eci, "eci.json")
enum FitCommands {
    /// `predict` is registered with the model's form (`ModelCommands.predict`).
    static var all: [Builtin] { [fit, splits, kfold, loo, fitGrid, unique, groupRanks, standin] }

    /// The data a fit is of: a dataset, or the feature matrix, energies and groups given apart.
    struct FitData: Parameters {
        var data = Param<Either<FitDataObject, FeaturesObject>?>("data", default: nil, "features(...) or standin(...); or give features/energies/groups")
        var features = Param<Value?>("features", default: nil, "feature matrix: \"X.npy\", \"X.csv\" or a list of rows (n x p)")
        var energies = Param<Value?>("energies", default: nil, "energies, one per structure (path or list); overrides data's")
        var groups = Param<Value?>("groups", default: nil, "group (orbit) id of each column (path or list); default one per column")
    }

    /// The estimator: method and penalty.
    struct FitModel: Parameters {
        var method = Param("method", default: "ols", "ols | ridge | lasso | enet | group-lasso | sgl | groupwise-enet")
        var alpha = Param<Double?>("alpha", default: nil, "penalty strength (required except for ols)")
        var mix = Param("mix", default: 0.5, "l1 share λ of SGL (1 lasso, 0 group lasso) or the elastic net")
    }

    /// How the loss treats the data.
    struct FitOptions: Parameters {
        var weights = Param<Value?>("weights", default: nil, "weight of each structure in the loss (path or list)")
        var unit = Param("unit", default: "eV/prim", "unit of the energies, e.g. \"eV/prim\" or \"eV/atom\"")
        var intercept = Param("intercept", default: InterceptMode.fitted, "fitted (unpenalised J_0), mean (J_0 = mean energy) or none")
    }

    /// Which columns are held at zero or left unpenalised, the protocol, when the solver stops.
    struct FitControl: Parameters {
        var free = Param<Value?>("free", default: nil, "columns fitted without penalty: indices, names, \"constant\", \"points\", \"ewald\"")
        var stepwise = Param("stepwise", default: false, "smol's two-stage protocol: J_0 and the free columns first, the rest on their residual")
        var point_groups = Param<[Int]?>("point_groups", default: nil, "groups of point functions: fix charge-neutrality redundancies")
        var points = Param<Value?>("points", default: nil, "groupwise-enet's point columns (default: the features' point functions)")
        var tol = Param("tol", default: 1e-8, "relative duality gap to stop at: the objective is then within tol of the optimum")
        var max_iter = Param("max_iter", default: 20_000, "most coordinate-descent sweeps and Newton steps of one fit")
    }

    struct FitParameters: Parameters {
        var input = FitData()
        var model = FitModel()
        var cv = Param<Value?>("cv", default: nil, "score by kfold(k), splits(...), loo(), an int k, or folds: [[train, test], ...] or a .json/.npy file")
        var seed = Param("seed", default: 0, "seed of the cross-validation splits")
        var options = FitOptions()
        var control = FitControl()
        var orders = Param<Value?>("orders", default: nil, "cluster order of each column (nil: no cluster), with diameters=; features(...) data carry them")
        var diameters = Param<Value?>("diameters", default: nil, unit: "Å", "cluster diameter of each column (nil: no cluster), with orders=")
    }

    static let fit = Builtin(
        "fit", FitParameters.self,
        summary: "Fit ECIs by least squares, a penalised method or the paper's procedure, optionally cross-validated.",
        doc: """
        Objectives (n structures, y energies, X features, J ECIs, scikit-learn's scaling):
          ols            ||y - XJ||²   (rank revealing, minimum norm)
          ridge          ||y - XJ||² + alpha·||J||²                       (scikit-learn's Ridge)
          lasso          1/(2n)·||y - XJ||² + alpha·||J||_1                (scikit-learn's Lasso)
          enet           1/(2n)·||y - XJ||² + alpha·mix·||J||_1 + alpha·(1-mix)/2·||J||²  (ElasticNet, l1_ratio = mix)
          group-lasso    1/(2n)·||y - XJ||² + alpha·Σ_B sqrt(p_B)·||J_B||_2
          sgl            1/(2n)·||y - XJ||² + alpha·mix·||J||_1 + alpha·(1-mix)·Σ_B sqrt(p_B)·||J_B||_2  (science.md Eq. 6)
        J_0 is unpenalised (intercept="fitted"), and so are the free= columns ("constant", "points",
        "ewald", names or indices); stepwise=true fits them first, alone, and the rest uncentred
        on their residual (smol's protocol), inside every training fold. weights= weigh the loss
        (normalised to mean 1; ridge: Σ w·r² + alpha·||J||²). Only the group penalties read groups=.
        groupwise-enet is seed 000's own procedure, not the Eq. 6 minimiser: the point columns
        (points=) by a LassoCV (100 alphas, 5 contiguous folds), then one pass over the other groups
        in group order, each either zero (||S(X_Bᵀr/n, alpha·mix)|| < alpha·(1-mix)·sqrt(p_B), the
        soft threshold without max(0, ·)) or an elastic net (a squared ridge term, not sqrt(p_B)·||J_B||)
        on what the groups before it left; it gives sparser, different ECIs than sgl.
        Every solver stops when the duality gap, relative to the objective, is below tol= (so the
        objective is within tol of the optimum), or after max_iter= sweeps; a fit that did not get
        there says NOT CONVERGED, and a cross-validated fit counts its fold fits that did not.
        Fields: eci, intercept, rmse, nonzero, predictions, residuals, rank, fixed, free, protocol,
        converged, gap (relative), objective, kkt, sweeps, orders, diameters; with cv=: cv_rmse (the
        mean of the fold RMSEs; root of the mean MSE for loo()), cv_se, cv_rmse_mean, cv_rmse_root_mse,
        cv_folds (per fold), cv_predictions (each structure's out-of-fold prediction), cv_unconverged.
        plot(eci) draws the nonzero ECIs of pairs and larger clusters against cluster diameter (Å),
        one series per order (features(...) data, or orders= and diameters= lists).
        Example:
            eci = fit(standin(342), method="sgl", alpha=0.056, mix=0.5, cv=splits(10), seed=1)
            eci.cv_rmse
            fit(standin(60), method="lasso", alpha=0.01, free=[1, 2], cv=kfold(5, repeats=2), seed=1)
        """,
        category: "fit"
    ) { args in
        var problem = try FitInputs.problem(args.input, args.options)
        let clusters = try FitInputs.clusters(orders: try args.orders, diameters: try args.diameters, data: try args.input.data,
                                              columns: problem.features.columns, context: args.context, callee: "fit")
        try FitInputs.configure(&problem, args.control, clusters: clusters)
        let estimator = try FitInputs.estimator(args.model, args.control, problem: problem, clusters: clusters)
        try args.context.checkInterrupt()
        let result: Fit
        if let cv = try args.cv {
            result = try estimator.fit(problem, scoredBy: try FitInputs.scheme(cv, rows: problem.rows, context: args.context, callee: "fit"),
                                       seed: UInt64(truncatingIfNeeded: try args.seed))
        } else {
            result = try estimator.fit(problem)
        }
        try args.context.checkInterrupt()
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
        var repeats = Param("repeats", default: 1, "independent shuffles, each split into k folds")
    }

    static let kfold = Builtin(
        "kfold", KFoldParameters.self,
        summary: "k-fold cross-validation for cv=, optionally repeated with fresh shuffles.",
        doc: """
        Each repeat shuffles the structures (seeded by the fit's seed=) and tests each of k
        folds once; the scores average all k·repeats folds.
        Example:
            fit(standin(100), cv=kfold(10))
            fit(standin(100), method="ridge", alpha=1, cv=kfold(5, repeats=3), seed=2)
        """, category: "fit"
    ) { args in
        let k = try args.k, repeats = try args.repeats
        try CrossValidationScheme.kFold(k, repeats: repeats).validate()
        return .record([("scheme", .string("kfold")), ("k", .int(k)), ("repeats", .int(repeats))])
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
        var method = Param<Either<String, [String]>>("method", default: .first("sgl"), "a method, or a list of methods to compare")
        var alphas = Param<[Double]?>("alphas", default: nil, "alphas; default the paper's 25 points 10^-1.5 ... 10^-0.5")
        var mixes = Param<[Double]?>("mixes", default: nil, "mixes of sgl, enet, groupwise-enet; default [0, 0.25, 0.5, 0.75, 1]")
        var cv = Param<Value?>("cv", default: nil, "kfold(k), splits(...), loo(), an int k or given folds; default splits(50, test=0.2)")
        var seed = Param("seed", default: 0, "seed of the cross-validation splits")
        var options = FitOptions()
        var control = FitControl()
    }

    static let fitGrid = Builtin(
        "fit_grid", GridParameters.self,
        summary: "Choose a model: methods x alphas x mixes scored on the same splits, the one-standard-error choice refitted.",
        doc: """
        Every point is scored by cv= on the same splits, under the same free=/stepwise= protocol
        as fit, the splits in parallel (identical results for any --threads). best is the lowest
        CV RMSE; one_se the sparsest point (fewest mean nonzero ECIs, then the larger alpha) within
        one standard error of it; choice that point refitted on every structure. The summary
        counts fold fits that did not converge. plot(g) draws the CV curves with their standard
        errors against alpha and marks both choices; show(g) lists every point.
        Example:
            g = fit_grid(standin(120), method=["lasso", "sgl"], alphas=[0.003, 0.01, 0.03, 0.1], mixes=[0.5], cv=kfold(5), seed=1)
            g.one_se
            g.choice
        """,
        category: "fit"
    ) { args in
        var problem = try FitInputs.problem(args.input, args.options)
        let clusters = try FitInputs.clusters(orders: nil, diameters: nil, data: try args.input.data,
                                              columns: problem.columns, context: args.context, callee: "fit_grid")
        try FitInputs.configure(&problem, args.control, clusters: clusters)
        let names: [String]
        switch try args.method {
        case .first(let one): names = [one]
        case .second(let many): names = many
        }
        let methods = try names.map { try FitMethod(name: $0) }
        guard !methods.isEmpty else { throw RuntimeError("fit_grid: method= lists no method") }
        if methods.contains(.leastSquares) { throw RuntimeError("fit_grid: ols has no alpha to choose; compare penalised methods") }
        let alphas = try args.alphas ?? ModelSelection.logSpaced(from: -1.5, to: -0.5, count: 25)
        let mixes = try args.mixes ?? [0, 0.25, 0.5, 0.75, 1]
        let scheme = try args.cv.map { try FitInputs.scheme($0, rows: problem.rows, context: args.context, callee: "fit_grid") }
            ?? CrossValidationScheme.randomSplits(count: 50, testFraction: 0.2)
        var template = Estimator(method: methods[0], alpha: alphas[0], mix: mixes[0])
        template.settings.tolerance = try args.control.tol
        template.settings.maxIterations = try args.control.max_iter
        if methods.contains(.groupwiseElasticNet) {
            template.pointColumns = try FitInputs.catalogue(problem, clusters: clusters)
                .resolve(try args.control.points ?? .string("points"), argument: "points", callee: "fit_grid")
        }
        try args.context.checkInterrupt()
        let grid = try ModelSelection.search(problem, methods: methods, alphas: alphas, mixes: mixes, scheme: scheme,
                                             seed: UInt64(truncatingIfNeeded: try args.seed), template: template)
        try args.context.checkInterrupt()
        let choice = FitObject(grid.choice, problem: problem, columnNames: FitInputs.columnNames(try args.input.data),
                               clusters: clusters)
        return .object(FitGridObject(grid, choice: choice))
    }

    struct UniqueParameters: Parameters {
        var data = Param<Either<FitDataObject, FeaturesObject>>("data", "features(...) or a dataset")
        var decimals = Param("decimals", default: 12, "correlations are compared after rounding to this many decimals (smol's)")
    }

    static let unique = Builtin(
        "unique", UniqueParameters.self,
        summary: "One structure per distinct correlation vector: the lowest energy of each set is kept, the rest reported.",
        doc: """
        As smol's unique_corr_vector_indices: correlation vectors are compared after rounding to
        decimals= (the Ewald column left out), and of each set of equal ones the structure with the
        lowest energy per prim stays. Fields: data (the kept rows, as the same kind of data),
        kept, dropped (row indices into the input), duplicate_of (the kept row each dropped row
        duplicates).
        Example:
            u = unique(standin(40, seed=3))
            u.dropped
            fit(u.data, method="lasso", alpha=0.01)
        """,
        category: "fit"
    ) { args in
        let decimals = try args.decimals
        guard (0...15).contains(decimals) else { throw RuntimeError("unique: decimals must be in 0...15, got \(decimals)") }
        switch try args.data {
        case .first(let d):
            let rows = try UniqueRows(features: d.features, energies: d.energies, columns: Array(0..<d.features.columns),
                                      decimals: decimals)
            let kept = FitDataObject(features: d.features.selectingRows(rows.kept), energies: rows.kept.map { d.energies[$0] },
                                     groups: d.groups, trueECI: d.trueECI)
            return .object(UniqueRowsObject(rows, data: .object(kept), ids: nil))
        case .second(let f):
            let compared = f.matrix.columnNames.indices.filter { f.matrix.columnNames[$0] != "ewald" }
            let rows = try UniqueRows(features: f.fitMatrix, energies: f.matrix.energies, columns: compared, decimals: decimals)
            let kept = FeaturesObject(f.matrix.selectingRows(rows.kept), ids: rows.kept.map { f.ids[$0] }, basis: f.basis, clusters: f.clusters)
            return .object(UniqueRowsObject(rows, data: .object(kept), ids: f.ids))
        }
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
