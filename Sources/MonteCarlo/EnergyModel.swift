// The energy model a run uses: cluster tables (which also express the
// charge-balance and pair models) plus an optional Ewald term.

/// A complete energy model: cluster lookup tables and, for ionic systems, an Ewald term.
///
///     let model = EnergyModel(clusters: try ChargeBalance.model(size: 48))
///     model.energy(of: config.occupation)
public struct EnergyModel: Sendable {
    /// The cluster part (cluster expansion, charge balance, pair shells).
    public let clusters: ClusterTableModel
    /// The electrostatic part, if any.
    public let ewald: EwaldTerm?

    /// Combines cluster tables with an optional Ewald term on the same sites.
    public init(clusters: ClusterTableModel, ewald: EwaldTerm? = nil) throws {
        if let ewald, ewald.siteCount != clusters.siteCount {
            throw MonteCarloError("the Ewald term has \(ewald.siteCount) sites but the cluster model \(clusters.siteCount)")
        }
        self.clusters = clusters
        self.ewald = ewald
    }

    /// A model of cluster tables only.
    public init(clusters: ClusterTableModel) {
        self.clusters = clusters
        self.ewald = nil
    }

    /// The number of sites.
    public var siteCount: Int { clusters.siteCount }

    /// The total energy of an occupation (a full recomputation).
    public func energy(of occupation: [UInt8]) -> Double {
        clusters.energy(of: occupation) + (ewald?.energy(of: occupation) ?? 0)
    }
}
