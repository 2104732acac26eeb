// Detecting the rank deficiency that charge neutrality puts into the point
// functions of an ionic cluster expansion (science.md §1, Fitting).

/// Finds point-function columns made redundant by a linear constraint such as charge
/// neutrality (Σ q N = 0 ties the point correlations to a constant).
///
/// Columns are taken in order; a column that does not raise the rank of the point block
/// (with the constant column, when an intercept is fitted) is redundant, so its ECI is
/// fixed to zero. The number found equals p_point - rank.
///
///     let redundant = try ChargeNeutrality.redundantColumns(in: x, pointColumns: [1, 2, 3, 4, 5, 6, 7])
public enum ChargeNeutrality {
    /// Redundant columns among `pointColumns` (ascending), judged on the given rows.
    public static func redundantColumns(in features: Matrix, pointColumns: [Int], withConstant: Bool = true) throws -> [Int] {
        var kept: [Int] = []
        var redundant: [Int] = []
        var baseRank = withConstant ? 1 : 0
        for j in pointColumns.sorted() {
            guard j >= 0 && j < features.columns else {
                throw RegressionError.invalidInput("point column \(j) is out of range 0..<\(features.columns)")
            }
            var block = features.selectingColumns(kept + [j])
            if withConstant {
                block = try Matrix(rows: features.rows, columns: block.columns + 1,
                                   columnMajor: block.storage + [Double](repeating: 1, count: features.rows))
            }
            let r = try rank(block)
            if r > baseRank {
                kept.append(j); baseRank = r
            } else {
                redundant.append(j)
            }
        }
        return redundant
    }

    /// Numerical rank with a tolerance that ignores round-off in correlation functions.
    static func rank(_ m: Matrix) throws -> Int {
        do {
            let s = try m.singularValues()
            guard let top = s.first, top > 0 else { return 0 }
            let tol = top * 1e-10 * Double(max(m.rows, m.columns))
            return s.filter { $0 > tol }.count
        } catch {
            throw RegressionError.numerical("\(error)")
        }
    }
}

extension RegressionProblem {
    /// Fixes to zero the point columns (of the groups labelled `pointGroups`) that charge
    /// neutrality makes redundant; returns them. Energies then have one fewer free direction
    /// per constraint, as the paper requires.
    ///
    ///     let fixed = try problem.fixChargeNeutralityRedundancy(pointGroups: [1, 2, 3])
    @discardableResult
    public mutating func fixChargeNeutralityRedundancy(pointGroups: [Int]) throws -> [Int] {
        var pointColumns: [Int] = []
        for label in pointGroups {
            guard let g = groups.labels.firstIndex(of: label) else {
                throw RegressionError.invalidInput("there is no group \(label) in the group layout")
            }
            pointColumns += groups.columns[g]
        }
        let fixed = Set(fixedColumns.map(\.column))
        let candidates = pointColumns.filter { !fixed.contains($0) }
        let redundant = try ChargeNeutrality.redundantColumns(in: features, pointColumns: candidates,
                                                              withConstant: intercept != .none)
        for j in redundant {
            try fix(column: j, reason: "point function made redundant by charge neutrality (rank deficiency of the point block)")
        }
        return redundant
    }
}
