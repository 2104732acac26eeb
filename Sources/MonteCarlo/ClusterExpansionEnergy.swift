// The Hamiltonian of a cluster expansion model on a supercell: its ECIs in the
// m_f Φ_f convention folded into cluster tables, plus its Ewald term summed
// to the model's accuracy, so a run's energies are the model's energies per
// primitive cell times the cells of the supercell.
import Lattice

extension EnergyModel {
    /// The energy model of `expansion` on the supercell of `table` (a table of the expansion's cluster space).
    ///
    ///     let table = try ClusterTable(space: model.space, supercell: sc)
    ///     let energy = try EnergyModel(expansion: model, table: table)   // E of the supercell, model.energyUnit
    public init(expansion: ClusterExpansion, table: ClusterTable) throws {
        guard table.supercell.lattice.matches(expansion.lattice), table.space.orbits.count == expansion.space.orbits.count else {
            throw MonteCarloError("the cluster table is not of the model's cluster space")
        }
        let clusters = try ClusterTableModel(clusterTable: table, eci: expansion.eci, basis: expansion.basis)
        let ewald = try expansion.ewald.map {
            try EwaldTerm(supercell: table.supercell, coefficient: $0.coefficient, accuracy: $0.accuracy)
        }
        try self.init(clusters: clusters, ewald: ewald)
    }
}
