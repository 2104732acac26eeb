// The estimators `fit` offers and how alpha and mix enter each penalty.

/// An estimator: least squares or a penalised least-squares method.
///
///     let m = try FitMethod(name: "sgl")      // .sparseGroupLasso
public enum FitMethod: String, Sendable, Codable, CaseIterable {
    /// Ordinary least squares, rank revealing (LAPACK dgelsd).
    case leastSquares = "ols"
    /// Ridge: + alpha/2 ||J||².
    case ridge
    /// Lasso: + alpha ||J||_1.
    case lasso
    /// Elastic net (scikit-learn's form): + alpha mix ||J||_1 + alpha (1 - mix)/2 ||J||².
    case elasticNet = "enet"
    /// Group lasso: + alpha Σ_B sqrt(p_B) ||J_B||_2.
    case groupLasso = "group-lasso"
    /// Sparse group lasso, science.md Eq. 6: + alpha mix ||J||_1 + alpha (1 - mix) Σ_B sqrt(p_B) ||J_B||_2.
    case sparseGroupLasso = "sgl"

    /// The method named `name` (`ols`, `ridge`, `lasso`, `enet`, `group-lasso`, `sgl`).
    public init(name: String) throws {
        let key = name.lowercased()
        let aliases: [String: FitMethod] = ["least-squares": .leastSquares, "lstsq": .leastSquares,
                                            "elastic-net": .elasticNet, "group_lasso": .groupLasso,
                                            "sparse-group-lasso": .sparseGroupLasso]
        if let m = FitMethod(rawValue: key) ?? aliases[key] {
            self = m
        } else {
            let known = FitMethod.allCases.map(\.rawValue).joined(separator: ", ")
            throw RegressionError.invalidInput("unknown fit method '\(name)'; use one of \(known)")
        }
    }

    /// Whether the method needs a penalty strength alpha.
    public var isPenalised: Bool { self != .leastSquares }

    /// The penalty weights this method puts on a problem for `alpha` and `mix`.
    public func penalty(alpha: Double, mix: Double) -> Penalty {
        switch self {
        case .leastSquares: return Penalty(l1: 0, group: 0, ridge: 0)
        case .ridge: return Penalty(l1: 0, group: 0, ridge: alpha)
        case .lasso: return Penalty(l1: alpha, group: 0, ridge: 0)
        case .elasticNet: return Penalty(l1: alpha * mix, group: 0, ridge: alpha * (1 - mix))
        case .groupLasso: return Penalty(l1: 0, group: alpha, ridge: 0)
        case .sparseGroupLasso: return Penalty(l1: alpha * mix, group: alpha * (1 - mix), ridge: 0)
        }
    }
}
