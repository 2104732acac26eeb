// The training data a penalised solver works on, ready for BLAS: centred,
// weighted features (column-major), targets, Xᵀy/n and the working-set Gram cache.
import CLapack

/// Centred (and weighted) training features and targets, with Xᵀy/n and a growing Gram cache.
///
/// Build one per training set; solvers along an alpha path (and for every mix) share it.
///
///     let design = try RegressionDesign(features: x, targets: y, groups: groups)
///     var solver = SparseGroupSolver(design: design)
public final class RegressionDesign: @unchecked Sendable {
    /// Training rows n.
    public let rows: Int
    /// Feature columns p.
    public let columns: Int
    /// Features after centring/weighting (n x p).
    public let features: Matrix
    /// Targets after centring/weighting.
    public let targets: [Double]
    /// The groups of the columns.
    public let groups: FeatureGroups
    /// Xᵀy / n.
    let correlation: [Double]
    /// ||y||² / n.
    let targetPower: Double
    /// Gram products of the columns solvers have needed so far.
    let cache: GramCache

    /// A design over already prepared features (rows already centred and weighted as wanted).
    public init(features: Matrix, targets: [Double], groups: FeatureGroups) throws {
        guard features.rows == targets.count else {
            throw RegressionError.invalidInput(
                "the feature matrix has \(features.rows) rows but there are \(targets.count) energies")
        }
        guard groups.columnCount == features.columns else {
            throw RegressionError.invalidInput(
                "the group layout has \(groups.columnCount) columns but the feature matrix has \(features.columns)")
        }
        guard features.rows > 0 else { throw RegressionError.invalidInput("no training structures") }
        guard Self.allFinite(features.storage), Self.allFinite(targets) else {
            throw RegressionError.invalidInput("features or energies contain NaN or infinite values")
        }
        rows = features.rows
        columns = features.columns
        self.features = features
        self.targets = targets
        self.groups = groups
        let n = Double(rows)
        correlation = features.transposeTimes(targets).map { $0 / n }
        targetPower = targets.reduce(0) { $0 + $1 * $1 } / n
        cache = GramCache(features: features, groups: groups)
    }

    /// Whether no value is NaN or infinite: one BLAS sum (NaN and ±inf propagate into it),
    /// checked element by element only if the sum overflowed.
    private static func allFinite(_ values: [Double]) -> Bool {
        BLAS.ensureSingleThreaded()
        return cblas_dasum(Int32(values.count), values, 1).isFinite || values.allSatisfy(\.isFinite)
    }

    /// The smallest penalty scale t at which J = 0 solves the problem with penalty `t * base`
    /// (alpha_max of the path; ridge ignored).
    public func zeroSolutionScale(_ base: Penalty) -> Double {
        var top = 0.0
        let w = groups.weights
        for (g, cols) in groups.columns.enumerated() {
            if base.group == 0 {
                for j in cols { top = max(top, base.dualNorm([correlation[j]], weight: 0)) }
            } else {
                top = max(top, base.dualNorm(cols.map { correlation[$0] }, weight: w[g]))
            }
        }
        return top.isFinite ? top : 0
    }

    /// Loss gradient Xᵀ(XJ - y)/n at `eci` (all columns) and the residual y - XJ.
    func lossGradient(eci: [Double]) -> (gradient: [Double], residual: [Double]) {
        let fitted = features.times(eci)
        var r = targets
        for i in 0..<rows { r[i] -= fitted[i] }
        let n = Double(rows)
        let g = features.transposeTimes(r).map { -$0 / n }
        return (g, r)
    }
}
