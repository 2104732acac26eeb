// Pair interactions by neighbour shell (Ising, Potts) on any neighbour table:
// the teaching and testing models, expressed as cluster tables.

/// Pair-interaction energy models built from neighbour tables.
///
///     let ising = try PairModel.ising(neighbours: .square(4), coupling: 1)   // E = -J Σ_<ij> s_i s_j
public enum PairModel {
    /// E = Σ_shells Σ_<ij> in shell  J_shell[σi][σj] (each unordered bond once), plus Σ_i field[σi].
    ///
    /// Every shell is a symmetric neighbour table (j a neighbour of i ⇔ i a neighbour of j),
    /// so each bond is listed twice and counted with weight ½.
    public static func shells(_ shells: [NeighbourTable], couplings: [[[Double]]], field: [Double] = [],
                              species: Int) throws -> ClusterTableModel {
        guard species >= 1, species <= 255 else { throw MonteCarloError("species count must be 1...255, got \(species)") }
        guard let n = shells.first?.siteCount, shells.count == couplings.count else {
            throw MonteCarloError("give one coupling matrix per neighbour shell (\(shells.count) shells, \(couplings.count) matrices)")
        }
        var terms: [ClusterTerm] = []
        for (shell, matrix) in zip(shells, couplings) {
            guard shell.siteCount == n else { throw MonteCarloError("neighbour shells cover different numbers of sites") }
            guard matrix.count == species, matrix.allSatisfy({ $0.count == species }) else {
                throw MonteCarloError("each coupling matrix must be \(species) x \(species)")
            }
            var table = [Double](repeating: 0, count: species * species)
            for a in 0..<species { for b in 0..<species { table[a + species * b] = 0.5 * matrix[a][b] } }
            for i in 0..<n {
                for d in 0..<shell.degree {
                    terms.append(ClusterTerm(sites: [i, shell.neighbour(of: i, direction: d)], table: table))
                }
            }
        }
        if !field.isEmpty {
            guard field.count == species else { throw MonteCarloError("the field needs one value per species (\(species))") }
            for i in 0..<n { terms.append(ClusterTerm(sites: [i], table: field)) }
        }
        return try ClusterTableModel(speciesCounts: Array(repeating: UInt8(species), count: n), terms: terms)
    }

    /// The Ising model E = -J Σ_<ij> s_i s_j - h Σ_i s_i, with s = +1 for species 0 and -1 for species 1.
    public static func ising(neighbours: NeighbourTable, coupling: Double, field: Double = 0) throws -> ClusterTableModel {
        try shells([neighbours], couplings: [[[-coupling, coupling], [coupling, -coupling]]],
                   field: field == 0 ? [] : [-field, field], species: 2)
    }

    /// The q-state Potts model E = -J Σ_<ij> δ(σi, σj).
    public static func potts(neighbours: NeighbourTable, states: Int, coupling: Double) throws -> ClusterTableModel {
        let matrix = (0..<states).map { a in (0..<states).map { b in a == b ? -coupling : 0 } }
        return try shells([neighbours], couplings: [matrix], species: states)
    }
}
