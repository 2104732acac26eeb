// One training set of a problem (all structures, or a cross-validation fold's
// training rows) ready for a method: weights normalised, J_0 and the free columns
// turned into a projection, the penalised columns as a design over row views, and
// the map from the solver's coefficients back to J_0 and every ECI.

/// The training rows of a problem prepared for a solver.
///
///     let set = try problem.prepare(rows: split.train, grouped: true)
///     let (j0, eci) = set.expand(solver.coefficients)
struct TrainingSet {
    let problem: RegressionProblem
    /// Training rows, in order.
    let rows: [Int]
    /// Square roots of the weights normalised to mean 1 over the training rows (nil: unweighted).
    let rootWeights: [Double]?
    /// The sum of the raw weights of the training rows (n when unweighted): ridge's scale.
    let weightTotal: Double
    /// J_0 when it is the mean energy (`.mean`), else 0.
    let energyMean: Double
    /// J_0 (when fitted) and the free columns, orthonormalised on the training rows.
    let basis: UnpenalisedBasis?
    /// The penalised columns (nil when every estimated column is free or fixed).
    let design: RegressionDesign?
    /// Problem column of each design column.
    let penalised: [Int]

    /// The columns' group layout in the design: the problem's groups for the group penalties,
    /// one group per column otherwise (so a lasso does not depend on groups=).
    init(_ problem: RegressionProblem, rows selected: [Int]?, grouped: Bool) throws {
        let rowList = selected ?? Array(0..<problem.rows)
        guard !rowList.isEmpty else { throw RegressionError.invalidInput("no training structures") }
        let n = rowList.count
        self.problem = problem
        rows = rowList
        var root: [Double]? = nil
        if let w = problem.weights {
            let total = rowList.reduce(0) { $0 + w[$1] }
            guard total > 0 else { throw RegressionError.invalidInput("the training structures all have weight 0") }
            root = rowList.map { (w[$0] * Double(n) / total).squareRoot() }
            weightTotal = total
        } else {
            weightTotal = Double(n)
        }
        rootWeights = root
        var y = rowList.map { problem.energies[$0] }
        var mean = 0.0
        if problem.intercept == .mean {
            let w = rowList.map { problem.weights?[$0] ?? 1 }
            mean = Statistics.mean(y, weights: w)
            for i in 0..<n { y[i] -= mean }
        }
        energyMean = mean
        let constant = problem.intercept == .fitted
        let basis = constant || !problem.unpenalisedColumns.isEmpty
            ? try UnpenalisedBasis(problem, rows: rowList, rootWeights: root, constant: constant) : nil
        self.basis = basis
        if let root { for i in 0..<n { y[i] *= root[i] } }
        basis?.project(&y)
        penalised = problem.penalisedColumns
        if penalised.isEmpty {
            design = nil
        } else {
            let ids = penalised.map { problem.groups.ids[$0] }
            let groups = grouped ? try FeatureGroups(ids: ids) : FeatureGroups.singletons(penalised.count)
            let everyRow = selected == nil
            design = RegressionDesign(source: problem.features, rows: everyRow ? nil : rowList, columns: penalised,
                                      rootWeights: root, basis: problem.protocol == .joint ? basis : nil,
                                      targets: y, groups: groups)
        }
    }

    /// (J_0, ECIs over all problem columns) from the solver's coefficients over the penalised columns:
    /// the free coefficients and J_0 by least squares of what the penalised part leaves (joint),
    /// or of the energies alone (stepwise: they were fitted first).
    func expand(_ coefficients: [Double]) -> (intercept: Double, eci: [Double]) {
        var eci = [Double](repeating: 0, count: problem.columns)
        for (k, j) in penalised.enumerated() { eci[j] = coefficients[k] }
        var j0 = energyMean
        if let basis {
            var z = rows.map { problem.energies[$0] - energyMean }
            if problem.protocol == .joint {
                let active = penalised.indices.filter { coefficients[$0] != 0 }
                for (i, row) in rows.enumerated() {
                    var s = 0.0
                    for k in active { s += problem.features[row, penalised[k]] * coefficients[k] }
                    z[i] -= s
                }
            }
            if let rootWeights { for i in z.indices { z[i] *= rootWeights[i] } }
            let c = basis.coefficients(of: z)
            let offset = basis.hasConstant ? 1 : 0
            if basis.hasConstant { j0 += c[0] }
            for (k, j) in basis.columns.enumerated() { eci[j] = c[k + offset] }
        }
        return (j0, eci)
    }

    /// Energies J_0 + X J of problem rows `rowList` (a sparse product: only nonzero ECIs are read).
    func predict(_ intercept: Double, _ eci: [Double], rows rowList: [Int]) -> [Double] {
        let nonzero = eci.indices.filter { eci[$0] != 0 }
        return rowList.map { row in
            var s = intercept
            for j in nonzero { s += problem.features[row, j] * eci[j] }
            return s
        }
    }
}

extension RegressionProblem {
    /// All structures prepared for a method with (`grouped`) or without a group penalty.
    func prepare(rows: [Int]? = nil, grouped: Bool = true) throws -> TrainingSet {
        if rows == nil, let designCache { return try designCache.trainingSet(self, grouped: grouped) }
        return try TrainingSet(self, rows: rows, grouped: grouped)
    }
}
