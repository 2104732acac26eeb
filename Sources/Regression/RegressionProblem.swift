// A structure-inversion problem as the user states it (features, energies, groups,
// weights, intercept convention, columns held at zero or left unpenalised, the
// fitting protocol, unit) and its checks, with messages that name rows and columns.
import CLapack

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

/// How unpenalised columns enter a penalised fit.
///
///     problem.protocol = .stepwise    // smol's: free columns first, the rest on the residual
public enum FitProtocol: String, Sendable, Codable, CaseIterable {
    /// One objective: the free columns (and J_0) are fitted jointly with the penalised ones, without penalty.
    case joint
    /// smol's two-stage protocol (sparse-lm's StepwiseEstimator): J_0 and the free columns by least
    /// squares first, then the penalised columns, uncentred and without intercept, on that residual.
    case stepwise
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
    /// A name for each column ("pair 3", "ewald"), used in messages; nil: "column j".
    public var columnNames: [String]?
    /// How the unpenalised columns are fitted with the rest.
    public var `protocol`: FitProtocol = .joint
    /// Columns held at zero in every fit (constant columns, charge-neutrality redundancies, user choices).
    public private(set) var fixedColumns: [FixedColumn] = []
    /// Columns fitted without penalty (ascending), besides J_0.
    public private(set) var unpenalisedColumns: [Int] = []
    /// Where whole-data preparations of these features are kept between fits (nil: none kept).
    public var designCache: DesignCache?

    public init(features: Matrix, energies: [Double], groups: FeatureGroups? = nil, weights: [Double]? = nil,
                intercept: InterceptMode = .fitted, unit: String = "eV/prim", columnNames: [String]? = nil) throws {
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
        if let names = columnNames, names.count != features.columns {
            throw RegressionError.invalidInput("\(names.count) column names for \(features.columns) feature columns")
        }
        try Self.checkFinite(features, energies)
        if let w = weights {
            guard w.count == energies.count else {
                throw RegressionError.invalidInput("\(w.count) weights for \(energies.count) structures")
            }
            let bad = w.indices.filter { !(w[$0] >= 0 && w[$0].isFinite) }
            guard bad.isEmpty else {
                throw RegressionError.invalidInput("weights must be finite and >= 0: \(Self.rowList(bad)) \(bad.count == 1 ? "is" : "are") not")
            }
            guard w.contains(where: { $0 > 0 }) else {
                throw RegressionError.invalidInput("the weights are all zero")
            }
        }
        self.features = features
        self.energies = energies
        self.groups = groups
        self.weights = weights
        self.intercept = intercept
        self.unit = unit
        self.columnNames = columnNames
        if intercept != .none { fixConstantColumns() }
    }

    /// Rows with a NaN or infinite energy or feature, named in the error (rows count from 0).
    private static func checkFinite(_ features: Matrix, _ energies: [Double]) throws {
        let badEnergies = energies.indices.filter { !energies[$0].isFinite }
        if !badEnergies.isEmpty {
            throw RegressionError.invalidInput(
                "the energies of \(rowList(badEnergies)) are NaN or infinite; leave those structures out or fix their energies")
        }
        // One BLAS sum first (NaN and ±inf propagate into it); rows are looked for only when it fails.
        let total = features.storage.withUnsafeBufferPointer { BLAS.library.cblas_dasum(Int32(clamping: $0.count), $0.baseAddress, 1) }
        if total.isFinite && features.storage.count < Int(Int32.max) { return }
        let n = features.rows
        var badRows = Set<Int>(), firstColumn: [Int: Int] = [:]
        features.storage.withUnsafeBufferPointer { x in
            for j in 0..<features.columns {
                for i in 0..<n where !x[i + j * n].isFinite {
                    if badRows.insert(i).inserted { firstColumn[i] = j }
                }
            }
        }
        if !badRows.isEmpty {
            let rows = badRows.sorted()
            let example = rows[0]
            throw RegressionError.invalidInput(
                "the features of \(rowList(rows)) contain NaN or infinite values (row \(example), column \(firstColumn[example] ?? 0))")
        }
    }

    /// "row 3" or "rows 3, 8, 12" (the first 10, then how many more).
    static func rowList(_ rows: [Int]) -> String {
        let shown = rows.prefix(10).map(String.init).joined(separator: ", ")
        let more = rows.count > 10 ? " and \(rows.count - 10) more" : ""
        return (rows.count == 1 ? "row " : "rows ") + shown + more
    }

    /// Structures n.
    public var rows: Int { features.rows }
    /// Feature columns p.
    public var columns: Int { features.columns }

    /// The column's name for messages: `column 7 ("pair 3")`, or `column 7`.
    public func describe(column j: Int) -> String {
        if let names = columnNames, j >= 0, j < names.count { return "column \(j) (\(names[j]))" }
        return "column \(j)"
    }

    /// Holds `column` at zero in every fit, recording `reason`.
    public mutating func fix(column: Int, reason: String) throws {
        guard column >= 0 && column < columns else {
            throw RegressionError.invalidInput("column \(column) is out of range 0..<\(columns)")
        }
        if unpenalisedColumns.contains(column) {
            throw RegressionError.invalidInput("\(describe(column: column)) cannot be both free and fixed at 0")
        }
        if !fixedColumns.contains(where: { $0.column == column }) {
            fixedColumns.append(FixedColumn(column: column, reason: reason))
            fixedColumns.sort { $0.column < $1.column }
        }
    }

    /// Leaves `columns` unpenalised in every method (fixed columns among them stay fixed: J_0 or
    /// charge neutrality already accounts for them).
    ///
    ///     try problem.leaveUnpenalised([1, 2, 387])    // points and Ewald
    public mutating func leaveUnpenalised(_ chosen: [Int]) throws {
        let fixed = Set(fixedColumns.map(\.column))
        for j in chosen where j < 0 || j >= columns {
            throw RegressionError.invalidInput("free column \(j) is out of range 0..<\(columns)")
        }
        unpenalisedColumns = Array(Set(unpenalisedColumns + chosen.filter { !fixed.contains($0) })).sorted()
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

    /// The columns whose constant value makes them the empty cluster (held at 0 when J_0 is fitted).
    public var constantColumns: [Int] {
        (0..<columns).filter { j in
            let first = features[0, j]
            for i in 1..<rows where features[i, j] != first { return false }
            return true
        }
    }

    /// The columns a fit estimates (all but the fixed ones), ascending.
    public var estimatedColumns: [Int] {
        let fixed = Set(fixedColumns.map(\.column))
        return (0..<columns).filter { !fixed.contains($0) }
    }

    /// The estimated columns that carry a penalty, ascending.
    public var penalisedColumns: [Int] {
        let free = Set(unpenalisedColumns)
        return estimatedColumns.filter { !free.contains($0) }
    }

    /// The problem restricted to `columnsKept` (in order), keeping weights, intercept, protocol and unit.
    public func restricted(toColumns columnsKept: [Int]) throws -> RegressionProblem {
        let ids = columnsKept.map { groups.ids[$0] }
        var sub = try RegressionProblem(features: features.selectingColumns(columnsKept), energies: energies,
                                        groups: try FeatureGroups(ids: ids), weights: weights,
                                        intercept: intercept, unit: unit,
                                        columnNames: columnNames.map { names in columnsKept.map { names[$0] } })
        sub.protocol = `protocol`
        for f in fixedColumns {
            if let k = columnsKept.firstIndex(of: f.column), !sub.fixedColumns.contains(where: { $0.column == k }) {
                try sub.fix(column: k, reason: f.reason)
            }
        }
        try sub.leaveUnpenalised(unpenalisedColumns.compactMap { columnsKept.firstIndex(of: $0) })
        return sub
    }

    /// The problem on a subset of its structures (a row selection that copies; folds use row views instead).
    public func restricted(toRows kept: [Int]) throws -> RegressionProblem {
        var sub = try RegressionProblem(features: features.selectingRows(kept), energies: kept.map { energies[$0] },
                                        groups: groups, weights: weights.map { w in kept.map { w[$0] } },
                                        intercept: intercept, unit: unit, columnNames: columnNames)
        sub.protocol = `protocol`
        for f in fixedColumns where !sub.fixedColumns.contains(where: { $0.column == f.column }) {
            try sub.fix(column: f.column, reason: f.reason)
        }
        try sub.leaveUnpenalised(unpenalisedColumns)
        return sub
    }
}
