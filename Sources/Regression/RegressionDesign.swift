// The training data a penalised solver works on, as a view of the user's feature
// matrix: training rows, square-root weights and the penalised columns, with the
// unpenalised basis (J_0, free columns) projected out. Nothing is copied: the Gram
// cache gathers the few columns a fit needs, and Xᵀr runs on the full matrix.
import CLapack

/// Weighted training features with the unpenalised basis projected out, the targets,
/// Xᵀy/n and a growing Gram cache, all over a view of one feature matrix.
///
/// Build one per training set; solvers along an alpha path (and for every mix) share it.
///
///     let design = try RegressionDesign(features: x, targets: y, groups: groups)
///     let solver = SparseGroupSolver(design: design)
public final class RegressionDesign: @unchecked Sendable {
    /// Training rows n.
    public let rows: Int
    /// Feature columns p (the penalised ones).
    public let columns: Int
    /// Targets after weighting and projection.
    public let targets: [Double]
    /// The groups of the columns.
    public let groups: FeatureGroups
    /// The matrix viewed (never copied).
    let source: Matrix
    /// Source row of each training row (nil: all rows in order).
    let rowIndex: [Int]?
    /// Source column of each design column.
    let columnIndex: [Int]
    /// Square roots of the normalised weights of the training rows (nil: all 1).
    let rootWeights: [Double]?
    /// The basis projected out of the features (nil: features used as they are, e.g. stepwise).
    let basis: UnpenalisedBasis?
    /// Xᵀy / n.
    private(set) var correlation: [Double] = []
    /// ||y||² / n.
    let targetPower: Double
    /// Gram products of the columns solvers have needed so far.
    let cache: GramCache

    /// A design over already prepared features (rows already centred and weighted as wanted).
    public convenience init(features: Matrix, targets: [Double], groups: FeatureGroups) throws {
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
        self.init(source: features, rows: nil, columns: Array(0..<features.columns), rootWeights: nil,
                  basis: nil, targets: targets, groups: groups)
    }

    /// A view of `source`: `rows` (nil: all), `columns`, weighted by `rootWeights`, with `basis`
    /// projected out of every gathered column; `targets` are already weighted and projected.
    init(source: Matrix, rows rowIndex: [Int]?, columns: [Int], rootWeights: [Double]?, basis: UnpenalisedBasis?,
         targets: [Double], groups: FeatureGroups) {
        self.source = source
        self.rowIndex = rowIndex
        self.columnIndex = columns
        self.rootWeights = rootWeights
        self.basis = basis
        self.targets = targets
        self.groups = groups
        rows = targets.count
        self.columns = columns.count
        let n = Double(rows)
        targetPower = targets.reduce(0) { $0 + $1 * $1 } / n
        cache = GramCache(rows: rows, groups: groups)
        correlation = transposeTimes(targets, scale: 1 / n)
    }

    /// Whether no value is NaN or infinite: one BLAS sum (NaN and ±inf propagate into it),
    /// checked element by element only if the sum overflowed.
    private static func allFinite(_ values: [Double]) -> Bool {
        return BLAS.library.cblas_dasum(Int32(values.count), values, 1).isFinite || values.allSatisfy(\.isFinite)
    }

    /// `scale` X̃ᵀ v over every design column, for v over the training rows (orthogonal to the
    /// basis, as residuals and targets are; it is projected again so that rounding cannot leak).
    ///
    /// One BLAS pass over the whole source matrix: v is scattered (times the root weights) into
    /// a vector over all source rows, zero outside the training rows.
    func transposeTimes(_ v: [Double], scale: Double) -> [Double] {
        var u = v
        if let basis { basis.project(&u) }
        let m = source.rows, p = source.columns
        var full = [Double](repeating: 0, count: m)
        for i in 0..<rows {
            let value = u[i] * (rootWeights?[i] ?? 1)
            if let rowIndex { full[rowIndex[i]] += value } else { full[i] = value }
        }
        var all = [Double](repeating: 0, count: p)
        source.storage.withUnsafeBufferPointer { x in
            BLAS.library.cblas_dgemv(CblasColMajor, CblasTrans, Int32(m), Int32(p), scale, x.baseAddress!, Int32(m),
                        full, 1, 0, &all, 1)
        }
        if columns == p, columnIndex.last == p - 1 { return all }
        return columnIndex.map { all[$0] }
    }

    /// Writes design columns `cols` (weighted, projected) as an n x cols.count column-major block.
    func gather(_ cols: [Int], into block: UnsafeMutablePointer<Double>) {
        let n = rows, m = source.rows
        source.storage.withUnsafeBufferPointer { x in
            for (k, c) in cols.enumerated() {
                let column = x.baseAddress! + columnIndex[c] * m, out = block + k * n
                if let rowIndex {
                    for i in 0..<n { out[i] = column[rowIndex[i]] }
                } else {
                    out.update(from: column, count: n)
                }
                if let rootWeights { for i in 0..<n { out[i] *= rootWeights[i] } }
            }
        }
        basis?.project(block: block, columns: cols.count)
    }

    /// The whole design as a matrix (n x p): for the closed-form methods and rank analysis.
    func materialised() -> Matrix {
        var x = Matrix(rows: rows, columns: columns)
        x.storage.withUnsafeMutableBufferPointer { gather(Array(0..<columns), into: $0.baseAddress!) }
        return x
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

    /// Loss gradient Xᵀ(XJ - y)/n at `eci` (all design columns) and the residual y - XJ.
    func lossGradient(eci: [Double]) -> (gradient: [Double], residual: [Double]) {
        let active = eci.indices.filter { eci[$0] != 0 }
        var r = targets
        if !active.isEmpty {
            var block = [Double](repeating: 0, count: rows * active.count)
            block.withUnsafeMutableBufferPointer { gather(active, into: $0.baseAddress!) }
            for (k, j) in active.enumerated() {
                for i in 0..<rows { r[i] -= block[i + k * rows] * eci[j] }
            }
        }
        return (transposeTimes(r, scale: -1 / Double(rows)), r)
    }
}
