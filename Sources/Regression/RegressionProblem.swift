// A structure-inversion problem as the user states it (features, energies, groups,
// weights, intercept convention, unit) and its preparation for a set of training rows.

/// How the constant energy J_0 is handled.
///
/// `.fitted` is the default: it equals least squares with the empty-cluster column
/// (smol's lno fit: 11.03 meV/prim, 7.37 with Ewald). `.mean` is the paper's literal
/// recipe and fits worse whenever feature columns do not average to zero.
///
///     var problem = try RegressionProblem(features: x, energies: y, groups: g)
///     problem.intercept = .fitted
public enum InterceptMode: String, Sendable, Codable, CaseIterable {
    /// The paper's convention: centre the energies, J_0 = their (weighted) mean; constant columns are left out.
    case mean
    /// An unpenalised intercept: centre features and energies (scikit-learn's `fit_intercept`), J_0 = ȳ - x̄·J.
    case fitted
    /// No intercept: fit the energies as given.
    case none
}

/// A column whose ECI is held at zero, and why.
public struct FixedColumn: Sendable, Equatable, Codable {
    public var column: Int
    public var reason: String
}

/// Features X (n x p), energies y (n), the group of each column, optional sample weights.
///
///     let problem = try RegressionProblem(features: x, energies: y, groups: groups, unit: "eV/prim")
///     let fit = try Estimator(method: .sparseGroupLasso, alpha: 0.056, mix: 0.5).fit(problem)
public struct RegressionProblem: Sendable {
    public let features: Matrix
    public let energies: [Double]
    public let groups: FeatureGroups
    /// Non-negative weight of each structure in the loss (nil: all 1).
    public let weights: [Double]?
    public var intercept: InterceptMode = .fitted
    /// The energies' unit, carried into every report (e.g. "eV/prim", "eV/atom").
    public var unit: String
    /// Columns held at zero in every fit (constant columns, charge-neutrality redundancies, user choices).
    public private(set) var fixedColumns: [FixedColumn] = []

    public init(features: Matrix, energies: [Double], groups: FeatureGroups? = nil, weights: [Double]? = nil,
                intercept: InterceptMode = .fitted, unit: String = "eV/prim") throws {
        guard features.rows == energies.count else {
            throw RegressionError.invalidInput(
                "the feature matrix has \(features.rows) rows but there are \(energies.count) energies")
        }
        guard features.rows >= 2, features.columns >= 1 else {
            throw RegressionError.invalidInput("a fit needs at least 2 structures and 1 feature column")
        }
        let groups = groups ?? FeatureGroups.singletons(features.columns)
        guard groups.columnCount == features.columns else {
            throw RegressionError.invalidInput(
                "the group layout has \(groups.columnCount) entries but the feature matrix has \(features.columns) columns")
        }
        guard features.storage.allSatisfy(\.isFinite) else {
            throw RegressionError.invalidInput("the feature matrix contains NaN or infinite values")
        }
        guard energies.allSatisfy(\.isFinite) else {
            throw RegressionError.invalidInput("the energies contain NaN or infinite values")
        }
        if let w = weights {
            guard w.count == energies.count else {
                throw RegressionError.invalidInput("\(w.count) weights for \(energies.count) structures")
            }
            guard w.allSatisfy({ $0 >= 0 && $0.isFinite }), w.contains(where: { $0 > 0 }) else {
                throw RegressionError.invalidInput("weights must be finite, non-negative and not all zero")
            }
        }
        self.features = features
        self.energies = energies
        self.groups = groups
        self.weights = weights
        self.intercept = intercept
        self.unit = unit
        if intercept != .none { fixConstantColumns() }
    }

    /// Structures n.
    public var rows: Int { features.rows }
    /// Feature columns p.
    public var columns: Int { features.columns }

    /// Holds `column` at zero in every fit, recording `reason`.
    public mutating func fix(column: Int, reason: String) throws {
        guard column >= 0 && column < columns else {
            throw RegressionError.invalidInput("column \(column) is out of range 0..<\(columns)")
        }
        if !fixedColumns.contains(where: { $0.column == column }) {
            fixedColumns.append(FixedColumn(column: column, reason: reason))
            fixedColumns.sort { $0.column < $1.column }
        }
    }

    private mutating func fixConstantColumns() {
        for j in 0..<columns {
            let first = features[0, j]
            var constant = true
            for i in 1..<rows where features[i, j] != first { constant = false; break }
            if constant {
                fixedColumns.append(FixedColumn(column: j, reason: "constant column (empty cluster): J_0 carries it"))
            }
        }
    }

    /// The columns a fit estimates (all but the fixed ones), ascending.
    public var freeColumns: [Int] {
        let fixed = Set(fixedColumns.map(\.column))
        return (0..<columns).filter { !fixed.contains($0) }
    }

    /// The problem restricted to `columnsKept` (in order), keeping weights, intercept and unit.
    public func restricted(toColumns columnsKept: [Int]) throws -> RegressionProblem {
        let ids = columnsKept.map { groups.ids[$0] }
        var sub = try RegressionProblem(features: features.selectingColumns(columnsKept), energies: energies,
                                        groups: try FeatureGroups(ids: ids), weights: weights,
                                        intercept: intercept, unit: unit)
        for f in fixedColumns {
            if let k = columnsKept.firstIndex(of: f.column), !sub.fixedColumns.contains(where: { $0.column == k }) {
                try sub.fix(column: k, reason: f.reason)
            }
        }
        return sub
    }

    /// The training data of `rows` (all when nil) prepared for a solver.
    func prepare(rows selected: [Int]? = nil) throws -> PreparedRows {
        let rowList = selected ?? Array(0..<rows)
        guard !rowList.isEmpty else { throw RegressionError.invalidInput("no training structures") }
        let free = freeColumns
        let n = rowList.count
        var w = rowList.map { weights?[$0] ?? 1 }
        let total = w.reduce(0, +)
        guard total > 0 else { throw RegressionError.invalidInput("the training structures all have weight 0") }
        for i in 0..<n { w[i] *= Double(n) / total }
        var x = Matrix(rows: n, columns: free.count)
        for (k, j) in free.enumerated() {
            for (i, row) in rowList.enumerated() { x[i, k] = features[row, j] }
        }
        var y = rowList.map { energies[$0] }
        var yMean = 0.0
        var means = [Double](repeating: 0, count: free.count)
        if intercept != .none {
            yMean = Statistics.mean(y, weights: w)
            for i in 0..<n { y[i] -= yMean }
        }
        if intercept == .fitted {
            for k in 0..<free.count {
                var s = 0.0
                for i in 0..<n { s += w[i] * x[i, k] }
                means[k] = s / Double(n)
                for i in 0..<n { x[i, k] -= means[k] }
            }
        }
        if weights != nil {
            for i in 0..<n {
                let s = w[i].squareRoot()
                y[i] *= s
                for k in 0..<free.count { x[i, k] *= s }
            }
        }
        let ids = free.map { groups.ids[$0] }
        let design = free.isEmpty ? nil
            : try RegressionDesign(features: x, targets: y, groups: try FeatureGroups(ids: ids))
        return PreparedRows(design: design, freeColumns: free, columnMeans: means, energyMean: yMean,
                            columns: columns)
    }
}

/// Training rows ready for a solver, and the map from solver coefficients back to ECIs.
struct PreparedRows {
    let design: RegressionDesign?
    let freeColumns: [Int]
    let columnMeans: [Double]
    let energyMean: Double
    let columns: Int

    /// (J_0, ECIs over all original columns) from coefficients over the free columns.
    func expand(_ coefficients: [Double]) -> (intercept: Double, eci: [Double]) {
        var eci = [Double](repeating: 0, count: columns)
        var j0 = energyMean
        for (k, j) in freeColumns.enumerated() {
            eci[j] = coefficients[k]
            j0 -= columnMeans[k] * coefficients[k]
        }
        return (j0, eci)
    }
}
