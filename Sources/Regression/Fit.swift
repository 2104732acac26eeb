// The result of a fit: ECIs by column and group, errors in the user's unit,
// predictions, residuals and the convergence certificate; Codable for eci.json.

/// A fitted cluster expansion E = J_0 + Σ_j x_j J_j.
///
///     let fit = try Estimator(method: .lasso, alpha: 0.01).fit(problem)
///     print(fit.trainRMSE, fit.unit, fit.nonzero)
///     let e = try fit.predict(newFeatures)
public struct Fit: Sendable, Codable, Equatable {
    public var method: FitMethod
    public var alpha: Double
    public var mix: Double
    /// The penalty weights on the 1/(2n) loss (weights normalised to mean 1) that alpha and mix gave.
    public var penalty: Penalty
    /// Unit of energies, RMSEs, predictions and residuals.
    public var unit: String
    public var interceptMode: InterceptMode
    /// How the free columns were fitted with the rest.
    public var `protocol`: FitProtocol
    /// J_0.
    public var intercept: Double
    /// One ECI per feature column (fixed columns hold 0).
    public var eci: [Double]
    /// The group id of every column.
    public var groupIDs: [Int]
    /// Columns held at zero, with the reason.
    public var fixedColumns: [FixedColumn]
    /// Columns fitted without penalty.
    public var freeColumns: [Int]
    /// Numerical rank of the fitted design (least squares only).
    public var rank: Int?
    /// RMSE over the fitted structures.
    public var trainRMSE: Double
    /// Predicted energies of the fitted structures.
    public var predictions: [Double]
    /// Energies minus predictions.
    public var residuals: [Double]
    public var convergence: Convergence
    /// Cross-validation score when the fit was scored.
    public var crossValidation: CrossValidationScore?

    /// Number of nonzero ECIs (J_0 not counted).
    public var nonzero: Int { eci.filter { $0 != 0 }.count }

    /// The ECIs of each group, in order of first appearance: (group id, columns, values).
    public var eciByGroup: [(group: Int, columns: [Int], values: [Double])] {
        guard let groups = try? FeatureGroups(ids: groupIDs) else { return [] }
        return groups.columns.enumerated().map { g, cols in (groups.labels[g], cols, cols.map { eci[$0] }) }
    }

    /// Predicted energies J_0 + X J of the rows of `features`.
    public func predict(_ features: Matrix) throws -> [Double] {
        guard features.columns == eci.count else {
            throw RegressionError.invalidInput(
                "the fit has \(eci.count) ECIs but the feature matrix has \(features.columns) columns")
        }
        return features.times(eci).map { $0 + intercept }
    }
}
