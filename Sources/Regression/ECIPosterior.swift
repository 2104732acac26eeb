// The Bayesian cluster expansion of a fit: the negative log posterior of its
// ECIs (Gaussian likelihood from the residuals, prior from the regularisation),
// its noise variance, proposal scales from its curvature, and predictions.
import CLapack

/// The posterior of a fit's ECIs, exp(-J(w)), whose mode is the fitted ECIs.
///
/// Every fit minimises F(w) = 1/(2n) ||ỹ - X̃w||² + Ω(w) (science.md Eq. 6, with
/// Ω the `Penalty` of its method), where X̃, ỹ are the prepared rows: centred
/// for a fitted J_0, scaled by sqrt(weight) with weights normalised to mean 1.
/// The model y_i = J_0 + x_i·w + e_i with e_i ~ N(0, σ²/weight_i) gives
/// -log L = ||ỹ - X̃w||²/(2σ²) + const (a fitted J_0 with a flat prior
/// integrates out exactly into the centring). The prior exp(-(n/σ²) Ω(w)) is
/// flat for least squares, Gaussian N(0, σ²/(nα)) for ridge, Laplace of rate
/// nα/σ² for the lasso and the Eq. 6 density for the (sparse) group lasso. So
///
///     J(w) = ||ỹ - X̃w||²/(2σ²) + (n/σ²) Ω(w) = (n/σ²) F(w),
///
/// exactly, with no additive constant: the MAP is the fit. Ridge's posterior is
/// N((X̃ᵀX̃ + nαI)⁻¹X̃ᵀỹ, σ²(X̃ᵀX̃ + nαI)⁻¹).
///
/// σ² is RSS/(n - p_eff) (weighted residuals of the prepared rows), not the
/// training MSE RSS/n: that is the unbiased estimate for least squares, and
/// the MSE would narrow the posterior by sqrt(n/(n - p_eff)), a lot for the
/// 20-50 structure sets of typical cluster expansions. p_eff is the degrees of
/// freedom of the fit: tr(X_A(X_AᵀX_A + nρI)⁻¹X_Aᵀ) over the nonzero columns A
/// with ridge weight ρ (the rank for least squares and the lasso, Zou et al.
/// 2007; the ridge/elastic-net trace otherwise; an approximation for the group
/// penalties), plus one for an estimated J_0.
///
/// The sampled parameters are the nonzero free ECIs (or all free ones with
/// `sampleAll`); the others stay at their fitted value 0, so the default is the
/// posterior conditional on the fit's support. Columns the problem fixes
/// (constant columns, charge-neutrality redundancies) are never sampled.
///
///     let post = try ECIPosterior(problem: problem, fit: fit)
///     post.cost(post.start)          // (n/σ²) F(fit)
///     post.scales.first              // proposal half-widths from the curvature
public struct ECIPosterior: Sendable {
    /// The original feature columns sampled, ascending.
    public let columns: [Int]
    /// The fitted ECIs of `columns`: the posterior mode.
    public let start: [Double]
    /// σ² of the likelihood.
    public let noiseVariance: Double
    /// The fit's degrees of freedom p_eff (J_0 included) used for σ².
    public let effectiveParameters: Double
    /// Training structures n.
    public let rows: Int
    /// The penalty Ω of the fit.
    public let penalty: Penalty
    /// Half-widths of the delayed-rejection proposals along the ECI axes (see `init`).
    public let scales: (first: [Double], second: [Double])
    /// Proposals along the posterior's principal shape: L (row-major, lower triangular,
    /// L Lᵀ = σ² H⁻¹, the Laplace covariance at the mode) and half-widths in its units.
    /// Collinear clusters give strongly correlated ECIs, which axis steps cross slowly.
    public let whitenedProposal: (basis: [Double], first: [Double], second: [Double])

    /// X̃_Sᵀ X̃_S over the sampled columns, row-major s x s (when s <= n).
    private let gram: [Double]
    /// X̃_S column-major n x s, used instead of the Gram matrix when s > n.
    private let sampledFeatures: [Double]
    /// X̃_Sᵀ r̂ with r̂ = ỹ - X̃ŵ, the residuals of the fit.
    private let residualCorrelation: [Double]
    private let fittedRSS: Double
    /// Sampled parameters of each group, flat, with group offsets and n·group·sqrt(p_B).
    private let groupMembers: [Int]
    private let groupOffsets: [Int]
    private let groupWeights: [Double]
    /// Column means subtracted by the centring (0 unless J_0 is fitted), per sampled column.
    private let centring: [Double]
    private let fit: Fit

    /// The posterior of `fit`, which must have been fitted on all rows of `problem`.
    ///
    /// `noiseVariance` overrides the estimate of σ². Proposal scales come from the
    /// curvature at the mode, H = X̃_SᵀX̃_S + nρI plus the Laplace prior's
    /// variance 2b² as a precision 1/(2b²) per column (b = σ²/(n(l1 + group·sqrt(p_B))),
    /// which also keeps H invertible when p > n): the first stage takes
    /// 1.6·sqrt(3/d) marginal posterior sds σ·sqrt((H⁻¹)_ii) (a bold move along the
    /// ECIs' correlations), the second the same multiple of the conditional sds
    /// σ/sqrt(H_ii) (a timid move that is accepted even when the ECIs are strongly
    /// correlated). sqrt(3) turns an sd into a uniform half-width; 1.6/sqrt(d) did
    /// slightly better on lno (9 ECIs) than the Gaussian-optimal 2.38/sqrt(d) and than
    /// other splits of the two stages. The paper's 0.1 x |start| would give ECIs near 0
    /// no room at all.
    public init(problem: RegressionProblem, fit: Fit, sampleAll: Bool = false, noiseVariance: Double? = nil) throws {
        guard fit.eci.count == problem.columns, fit.residuals.count == problem.rows else {
            throw RegressionError.invalidInput(
                "the fit does not belong to these data (\(fit.eci.count) ECIs, \(fit.residuals.count) structures "
                + "for \(problem.columns) columns, \(problem.rows) structures)")
        }
        guard fit.freeColumns.isEmpty else {
            throw RegressionError.invalidInput(
                "sampling a fit with free= columns is not supported: their ECIs are profiled out of the penalised fit; refit without free=")
        }
        let prepared = try problem.prepare(grouped: fit.method.usesGroups)
        guard let design = prepared.design else {
            throw RegressionError.invalidInput("every ECI of this fit is fixed; there is nothing to sample")
        }
        let free = prepared.penalised
        let sampled = free.indices.filter { sampleAll || fit.eci[free[$0]] != 0 }
        guard !sampled.isEmpty else {
            throw RegressionError.invalidInput("the fit has no nonzero ECI; sample all of them with all=true")
        }
        let n = design.rows, s = sampled.count
        let x = design.materialised()
        let coefficients = free.map { fit.eci[$0] }
        let fitted = x.times(coefficients)
        let residuals = zip(design.targets, fitted).map { $0 - $1 }
        let rss = residuals.reduce(0) { $0 + $1 * $1 }
        let penalty = fit.penalty
        let xs = x.selectingColumns(sampled)
        var g = xs.gram()

        let flat = penalty.l1 == 0 && penalty.group == 0 && penalty.ridge == 0
        if flat, try ChargeNeutrality.rank(xs) < s {
            throw RegressionError.invalidInput(
                "the least-squares posterior is improper: the \(s) sampled columns have rank "
                + "\(try ChargeNeutrality.rank(xs)), so the data cannot fix every ECI; fix the redundant "
                + "columns (point_groups= for charge neutrality) or use a penalised method")
        }
        let intercept = fit.interceptMode == .none ? 0.0 : 1.0
        let dof = try Self.degreesOfFreedom(x, active: free.indices.filter { fit.eci[free[$0]] != 0 },
                                            ridge: penalty.ridge, rank: fit.rank) + intercept
        let variance: Double
        if let noiseVariance {
            guard noiseVariance > 0, noiseVariance.isFinite else {
                throw RegressionError.invalidInput("the noise variance must be > 0, got \(noiseVariance)")
            }
            variance = noiseVariance
        } else {
            guard Double(n) - dof >= 0.5 else {
                throw RegressionError.invalidInput(
                    "the fit has \(Self.format(dof)) effective parameters for \(n) structures: no residual degrees "
                    + "of freedom to estimate the noise from; give noise= (the noise variance, in \(fit.unit)²)")
            }
            variance = rss / (Double(n) - dof)
            guard variance > 0 else {
                throw RegressionError.invalidInput("the fit interpolates its data (zero residuals); give noise= (the noise variance)")
            }
        }

        // Groups over the free columns, as the solver weighs them.
        let groups = try FeatureGroups(ids: free.map { problem.groups.ids[$0] })
        let parameterOfFree = Dictionary(uniqueKeysWithValues: sampled.enumerated().map { ($1, $0) })
        var members: [Int] = [], offsets = [0], weights: [Double] = []
        var laplaceRate = [Double](repeating: 0, count: s)
        for (b, cols) in groups.columns.enumerated() {
            let inGroup = cols.compactMap { parameterOfFree[$0] }
            guard !inGroup.isEmpty else { continue }
            members += inGroup
            offsets.append(members.count)
            weights.append(penalty.group * groups.weights[b])
            for k in inGroup { laplaceRate[k] = Double(n) * (penalty.l1 + penalty.group * groups.weights[b]) / variance }
        }

        // Curvature at the mode, in units of 1/σ² (J_smooth = dᵀ H d / (2σ²)).
        for k in 0..<s {
            g[k, k] += Double(n) * penalty.ridge + variance * laplaceRate[k] * laplaceRate[k] / 2
        }
        let covariance: Matrix, shape: [Double]
        do {
            covariance = try g.cholesky().solve(Matrix.identity(s))
            shape = try covariance.cholesky().lower
        } catch {
            throw RegressionError.invalidInput(
                "the posterior is improper: the sampled columns are linearly dependent (rank-deficient least "
                + "squares); fix columns, drop orbits or use a penalised method")
        }
        let step = 1.6 * (3 / Double(s)).squareRoot()
        let sigma = variance.squareRoot()
        let first = (0..<s).map { step * sigma * covariance[$0, $0].squareRoot() }
        let second = (0..<s).map { step * sigma / g[$0, $0].squareRoot() }

        let byGram = s <= n
        let exact = byGram ? xs.gram() : Matrix(rows: 0, columns: 0)
        self.columns = sampled.map { free[$0] }
        self.start = sampled.map { coefficients[$0] }
        self.noiseVariance = variance
        self.effectiveParameters = dof
        self.rows = n
        self.penalty = penalty
        self.scales = (first, second)
        // Round in these units: a bold first stage (Haario's 2.38/sqrt(s) sd as a uniform
        // half-width) and a second stage a quarter of it.
        let bold = 2.38 * (3 / Double(s)).squareRoot()
        let sd = variance.squareRoot()
        self.whitenedProposal = (shape.map { sd * $0 }, [Double](repeating: bold, count: s),
                                 [Double](repeating: bold / 4, count: s))
        self.gram = byGram ? (0..<s).flatMap { i in (0..<s).map { exact[i, $0] } } : []
        self.sampledFeatures = byGram ? [] : xs.storage
        self.residualCorrelation = xs.transposeTimes(residuals)
        self.fittedRSS = rss
        self.groupMembers = members
        self.groupOffsets = offsets
        self.groupWeights = weights
        // J_0 = ȳ - x̄·w moves with w when it is fitted (x̄ the weighted column means).
        let rowWeights = problem.weights ?? [Double](repeating: 1, count: problem.rows)
        self.centring = sampled.map { k in
            fit.interceptMode != .fitted ? 0
                : Statistics.mean(problem.features.column(free[k]), weights: rowWeights)
        }
        self.fit = fit
    }

    /// J(w) = (n/σ²) F(w) for the sampled ECIs `w` (the others at their fitted values).
    ///
    /// ||ỹ - X̃w||² = RSS(ŵ) - 2 dᵀX̃ᵀr̂ + ||X̃d||² with d = w - ŵ: no cancellation
    /// between large sums near the mode. ||X̃d||² = dᵀX̃ᵀX̃d costs s² operations with
    /// the Gram matrix when s <= n, else one n x s dgemv into a stack buffer; no heap
    /// allocation either way for the sizes of cluster expansions.
    public func cost(_ w: [Double]) -> Double {
        let s = start.count, n = rows
        var linear = 0.0, quadratic = 0.0
        let ok: Bool = withUnsafeTemporaryAllocation(of: Double.self, capacity: s + (sampledFeatures.isEmpty ? 0 : n)) { buffer in
            guard let d = buffer.baseAddress else { return false }
            for i in 0..<s {
                d[i] = w[i] - start[i]
                linear += d[i] * residualCorrelation[i]
            }
            if sampledFeatures.isEmpty {
                for i in 0..<s {
                    var row = 0.0
                    for j in 0..<s { row += gram[i * s + j] * d[j] }
                    quadratic += d[i] * row
                }
            } else {
                let r = d + s
                BLAS.library.cblas_dgemv(CblasColMajor, CblasNoTrans, Int32(n), Int32(s), 1, sampledFeatures, Int32(n), d, 1, 0, r, 1)
                for i in 0..<n { quadratic += r[i] * r[i] }
            }
            return true
        }
        if !ok { return .infinity }
        let rss = max(fittedRSS - 2 * linear + quadratic, 0)
        var omega = 0.0
        for b in 0..<groupWeights.count {
            var a = 0.0, q = 0.0
            for m in groupOffsets[b] ..< groupOffsets[b + 1] {
                let v = w[groupMembers[m]]
                a += abs(v); q += v * v
            }
            omega += penalty.l1 * a + groupWeights[b] * q.squareRoot() + 0.5 * penalty.ridge * q
        }
        return (0.5 * rss + Double(rows) * omega) / noiseVariance
    }

    /// The energies of the rows of `features` (all columns) as a function of the sampled ECIs:
    /// J_0(w) + x·w, where a fitted J_0 = ȳ - x̄·w moves with w.
    ///
    ///     let energies = try post.predictor(features: x)
    ///     energies(post.start) == fit.predict(x)
    public func predictor(features: Matrix) throws -> @Sendable ([Double]) -> [Double] {
        let base = try fit.predict(features)
        let m = features.rows, s = columns.count
        var shifts = [Double](repeating: 0, count: m * s)
        for (k, j) in columns.enumerated() {
            for i in 0..<m { shifts[i * s + k] = features[i, j] - centring[k] }
        }
        let design = shifts, start = self.start
        return { w in
            (0..<m).map { i in
                var e = base[i]
                for k in 0..<s { e += design[i * s + k] * (w[k] - start[k]) }
                return e
            }
        }
    }

    /// p_eff = tr(X_A (X_AᵀX_A + nρI)⁻¹ X_Aᵀ) over the active columns A (numerical rank when ρ = 0).
    static func degreesOfFreedom(_ x: Matrix, active: [Int], ridge: Double, rank: Int?) throws -> Double {
        guard !active.isEmpty else { return 0 }
        let xa = x.selectingColumns(active)
        if ridge == 0 { return Double(try rank ?? ChargeNeutrality.rank(xa)) }
        var h = xa.gram()
        let c = h
        for k in 0..<h.rows { h[k, k] += Double(x.rows) * ridge }
        let solved = try h.cholesky().solve(c)
        return (0..<h.rows).reduce(0) { $0 + solved[$1, $1] }
    }

    private static func format(_ x: Double) -> String {
        x == x.rounded() ? String(Int(x)) : String((x * 100).rounded() / 100)
    }
}
