// The estimators `fit` offers and how alpha and mix enter each penalty, in
// scikit-learn's scaling (loss 1/(2n)·||y - XJ||², Ridge's alpha on the unscaled loss).

/// An estimator: least squares, a penalised least-squares method, or the paper's procedure.
///
///     let m = try FitMethod(name: "sgl")      // .sparseGroupLasso
public enum FitMethod: String, Sendable, Codable, CaseIterable {
    /// Ordinary least squares, rank revealing (LAPACK dgelsd): min ||y - XJ||².
    case leastSquares = "ols"
    /// Ridge as scikit-learn's Ridge: min ||y - XJ||² + alpha ||J||².
    case ridge
    /// Lasso as scikit-learn's Lasso: min 1/(2n)||y - XJ||² + alpha ||J||_1.
    case lasso
    /// Elastic net as scikit-learn's ElasticNet: + alpha mix ||J||_1 + alpha (1 - mix)/2 ||J||².
    case elasticNet = "enet"
    /// Group lasso: min 1/(2n)||y - XJ||² + alpha Σ_B sqrt(p_B) ||J_B||_2.
    case groupLasso = "group-lasso"
    /// Sparse group lasso, science.md Eq. 6: + alpha mix ||J||_1 + alpha (1 - mix) Σ_B sqrt(p_B) ||J_B||_2.
    case sparseGroupLasso = "sgl"
    /// Seed 000's own procedure (not the Eq. 6 minimiser): the point terms by a LassoCV, then one
    /// pass over the other groups in group order, each an elastic net on what the earlier left.
    case groupwiseElasticNet = "groupwise-enet"

    /// The method named `name` (`ols`, `ridge`, `lasso`, `enet`, `group-lasso`, `sgl`, `groupwise-enet`).
    public init(name: String) throws {
        let key = name.lowercased()
        let aliases: [String: FitMethod] = ["least-squares": .leastSquares, "lstsq": .leastSquares,
                                            "elastic-net": .elasticNet, "group_lasso": .groupLasso,
                                            "sparse-group-lasso": .sparseGroupLasso, "yang2022": .groupwiseElasticNet]
        if let m = FitMethod(rawValue: key) ?? aliases[key] {
            self = m
        } else {
            let known = FitMethod.allCases.map(\.rawValue).joined(separator: ", ")
            throw RegressionError.invalidInput("unknown fit method '\(name)'; use one of \(known)")
        }
    }

    /// Whether the method needs a penalty strength alpha.
    public var isPenalised: Bool { self != .leastSquares }

    /// Whether the method's penalty (or procedure) reads the group layout.
    public var usesGroups: Bool { self == .groupLasso || self == .sparseGroupLasso || self == .groupwiseElasticNet }

    /// Whether mix enters the method.
    public var usesMix: Bool { self == .elasticNet || self == .sparseGroupLasso || self == .groupwiseElasticNet }

    /// The objective as a formula, for help and reports.
    public var objective: String {
        switch self {
        case .leastSquares: return "||y - XJ||²"
        case .ridge: return "||y - XJ||² + alpha·||J||²"
        case .lasso: return "1/(2n)·||y - XJ||² + alpha·||J||_1"
        case .elasticNet: return "1/(2n)·||y - XJ||² + alpha·mix·||J||_1 + alpha·(1-mix)/2·||J||²"
        case .groupLasso: return "1/(2n)·||y - XJ||² + alpha·Σ_B sqrt(p_B)·||J_B||_2"
        case .sparseGroupLasso: return "1/(2n)·||y - XJ||² + alpha·mix·||J||_1 + alpha·(1-mix)·Σ_B sqrt(p_B)·||J_B||_2"
        case .groupwiseElasticNet: return "no single objective (a sequence of fits)"
        }
    }

    /// The penalty weights this method puts on the 1/(2n) loss for `alpha` and `mix`, with
    /// weights normalised to mean 1; `weightTotal` is the sum of the raw weights (n when
    /// unweighted), which turns Ridge's alpha on the unscaled loss into the ridge weight alpha/Σw.
    public func penalty(alpha: Double, mix: Double, weightTotal: Double) -> Penalty {
        switch self {
        case .leastSquares: return Penalty(l1: 0, group: 0, ridge: 0)
        case .ridge: return Penalty(l1: 0, group: 0, ridge: alpha / weightTotal)
        case .lasso: return Penalty(l1: alpha, group: 0, ridge: 0)
        case .elasticNet, .groupwiseElasticNet: return Penalty(l1: alpha * mix, group: 0, ridge: alpha * (1 - mix))
        case .groupLasso: return Penalty(l1: 0, group: alpha, ridge: 0)
        case .sparseGroupLasso: return Penalty(l1: alpha * mix, group: alpha * (1 - mix), ridge: 0)
        }
    }
}
