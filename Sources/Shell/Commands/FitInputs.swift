// Turning the fit commands' arguments into engine inputs: the problem (features,
// energies, groups, weights, fixed and free columns, protocol), the estimator
// (method, alpha, mix, tolerance), cross-validation schemes, with messages that
// name the argument.
import Formats
import Language
import Lattice
import Regression

extension Matrix {
    /// A feature matrix's values, column-major (the layout fits read).
    init(columnsOf f: FeatureMatrix) {
        self.init(rows: f.rows, columns: f.columns)
        f.values.withUnsafeBufferPointer { v in
            storage.withUnsafeMutableBufferPointer { x in
                for i in 0..<f.rows { for j in 0..<f.columns { x[i + j * f.rows] = v[i * f.columns + j] } }
            }
        }
    }
}

/// Turning language values into engine inputs, with messages that name the argument.
enum FitInputs {
    static func problem(_ args: Arguments<FitCommands.FitData>, _ options: Arguments<FitCommands.FitOptions>?,
                        requireEnergies: Bool = true) throws -> RegressionProblem {
        let callee = args.callee, context = args.context
        var x: Matrix, y: [Double]?, ids: [Int]?, names: [String]? = nil
        var cache: DesignCache? = nil
        switch try args.data {
        case .first(let data)?:
            x = data.features; y = data.energies; ids = data.groups; cache = data.designCache
        case .second(let f)?:
            x = f.fitMatrix; y = f.matrix.energies; ids = f.matrix.groups; names = f.matrix.columnNames
            cache = f.designCache
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
        var problem = try RegressionProblem(features: x, energies: energies, groups: try ids.map { try FeatureGroups(ids: $0) },
                                            weights: weights, intercept: try options?.intercept ?? .fitted,
                                            unit: try options?.unit ?? "eV/prim", columnNames: names)
        problem.designCache = cache
        return problem
    }

    /// Applies the columns held at zero (point_groups=), the free columns and the protocol to a problem.
    static func configure(_ problem: inout RegressionProblem, _ args: Arguments<FitCommands.FitControl>,
                          clusters: [ColumnCluster?]?) throws {
        if let pointGroups = try args.point_groups {
            try problem.fixChargeNeutralityRedundancy(pointGroups: pointGroups)
        }
        if let free = try args.free {
            let chosen = try catalogue(problem, clusters: clusters).resolve(free, argument: "free", callee: args.callee)
            try problem.leaveUnpenalised(chosen)
        }
        if try args.stepwise {
            guard !problem.unpenalisedColumns.isEmpty || problem.intercept == .fitted else {
                throw RuntimeError("\(args.callee): stepwise=true fits J_0 and the free= columns first: give free= (or intercept=\"fitted\")")
            }
            problem.protocol = .stepwise
        }
    }

    /// What the problem knows about its columns: names, clusters and the constant ones.
    static func catalogue(_ problem: RegressionProblem, clusters: [ColumnCluster?]?) -> ColumnCatalogue {
        ColumnCatalogue(count: problem.columns, names: problem.columnNames, clusters: clusters, constant: problem.constantColumns)
    }

    /// The estimator of the model arguments with the solver settings of the control arguments;
    /// for groupwise-enet, its point columns (points=, else the features' point functions).
    static func estimator(_ args: Arguments<FitCommands.FitModel>, _ control: Arguments<FitCommands.FitControl>? = nil,
                          problem: RegressionProblem? = nil, clusters: [ColumnCluster?]? = nil) throws -> Estimator {
        let method = try FitMethod(name: try args.method)
        let alpha = try args.alpha
        if method.isPenalised && alpha == nil {
            throw RuntimeError("\(args.callee): method \"\(method.rawValue)\" needs alpha=")
        }
        var est = Estimator(method: method, alpha: alpha ?? 0, mix: try args.mix)
        if let control {
            est.settings.tolerance = try control.tol
            est.settings.maxIterations = try control.max_iter
            if method == .groupwiseElasticNet, let problem {
                let spec = try control.points ?? .string("points")
                est.pointColumns = try catalogue(problem, clusters: clusters).resolve(spec, argument: "points", callee: args.callee)
            }
        }
        try est.validate()
        return est
    }

    /// The cross-validation scheme of a cv= value for `rows` structures.
    static func scheme(_ value: Value, rows: Int, context: CallContext, callee: String) throws -> CrossValidationScheme {
        let scheme = try FitFolds.scheme(value, rows: rows, context: context, callee: callee)
        try scheme.validate()
        return scheme
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
            if let f = o as? FeaturesObject { return f.fitMatrix }
        }
        return try matrix(value, name: "features", context: context, callee: callee)
    }
}
