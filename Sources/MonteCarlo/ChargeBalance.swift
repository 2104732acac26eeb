// The charge-balance model of Harris et al. (science.md §2): one transition-
// metal layer as an L x L triangular lattice, one oxygen over every up and
// down triangle, each penalising its deviation from local charge neutrality.

/// Builds the Li/Mn charge-balance energy on the periodic L x L triangular lattice.
///
/// Species 0 is Mn (charge +4, "+"), species 1 is Li (charge +1, "−"). Each oxygen over a
/// triangle (up: (a,b),(a+1,b),(a,b+1); down: (a,b),(a-1,b),(a,b-1); 2 per site) costs
/// f((q1+q2+q3+3)/6 - 2) with f = |·| or (·)²: 0.5, 0, 0.5, 1 for 0..3 Li with |·|.
///
///     let model = try ChargeBalance.model(size: 48, penalty: .absolute)
public enum ChargeBalance {
    /// The penalty f applied to the charge deviation of each oxygen.
    public enum Penalty: String, Sendable, CaseIterable {
        /// f = |d|
        case absolute
        /// f = d²
        case squared

        func apply(_ d: Double) -> Double { self == .absolute ? abs(d) : d * d }
    }

    /// The oxygen triangles of the L x L lattice: up triangles then down triangles, 3 sites each.
    public static func triangles(size: Int) -> [[Int]] {
        var up: [[Int]] = [], down: [[Int]] = []
        for a in 0..<size {
            for b in 0..<size {
                let s = NeighbourTable.site
                up.append([s(a, b, size), s(a + 1, b, size), s(a, b + 1, size)])
                down.append([s(a, b, size), s(a - 1, b, size), s(a, b - 1, size)])
            }
        }
        return up + down
    }

    /// The energy model: one 3-site cluster per oxygen with table f((Σq + layer)/6 - target).
    public static func model(size: Int, penalty: Penalty = .absolute, charges: [Double] = [4, 1],
                             layerCharge: Double = 3, target: Double = 2) throws -> ClusterTableModel {
        guard size >= 2 else { throw MonteCarloError("the charge-balance lattice needs L >= 2, got \(size)") }
        guard charges.count >= 1, charges.count <= 255 else { throw MonteCarloError("charge-balance needs 1...255 species charges") }
        let m = charges.count
        var table = [Double](repeating: 0, count: m * m * m)
        for index in table.indices {
            let q = charges[index % m] + charges[(index / m) % m] + charges[index / (m * m)]
            table[index] = penalty.apply((q + layerCharge) / 6 - target)
        }
        let terms = triangles(size: size).map { ClusterTerm(sites: $0, table: table) }
        return try ClusterTableModel(speciesCounts: Array(repeating: UInt8(m), count: size * size), terms: terms)
    }
}
