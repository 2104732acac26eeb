// Per-group rank analysis (science.md §1): rank(X_B) against p_B shows which
// orbits the data cannot resolve, the reason for group-sparse fitting.

/// The rank of one group's feature block.
public struct GroupRank: Sendable, Codable, Equatable {
    /// Group id.
    public var group: Int
    /// p_B.
    public var size: Int
    /// Numerical rank of X_B over the structures.
    public var rank: Int
    /// Whether rank < p_B.
    public var isDeficient: Bool { rank < size }
}

extension RegressionProblem {
    /// rank(X_B) against p_B for every group, in group order.
    ///
    ///     let deficient = try problem.groupRanks().filter(\.isDeficient)
    public func groupRanks() throws -> [GroupRank] {
        try groups.columns.enumerated().map { g, cols in
            GroupRank(group: groups.labels[g], size: cols.count,
                      rank: try ChargeNeutrality.rank(features.selectingColumns(cols)))
        }
    }
}
