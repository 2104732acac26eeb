// The fitting input of a cluster expansion: correlation features of many
// structures (optionally times multiplicity, plus an Ewald column), their
// energies per primitive cell, and the group of every column.

/// Features (structures × functions), energies per prim and column groups.
///
///     let fm = try FeatureMatrix(configurations: confs, energies: totals, space: space, basis: .sinusoid, ewald: true)
///     fm.values[r * fm.columns + c]     // row-major
public struct FeatureMatrix: Sendable {
    /// Number of structures.
    public let rows: Int
    /// Number of features (correlation functions, then Ewald if asked).
    public let columns: Int
    /// Row-major values.
    public let values: [Double]
    /// Energy per primitive cell of each structure (NaN when unknown).
    public let energies: [Double]
    /// Group of each column: 0 empty cluster, k the k-th orbit, orbits + 1 for Ewald (the groups B of SGL).
    public let groups: [Int]
    /// Column labels ("empty", "point 1", "pair 2", ..., "ewald").
    public let columnNames: [String]
    /// Whether the cluster columns carry their orbit's multiplicity.
    public let includesMultiplicity: Bool

    /// Builds the features of configurations; `totalEnergies` are per supercell (divided by its cell count here).
    /// With `multiplicity` each cluster column is m_β·Φ_β (E = Σ J_β m_β Φ_β); without, plain correlations (smol's layout).
    public init(configurations: [Configuration], totalEnergies: [Double?], space: ClusterSpace, basis: SiteBasis,
                ewald: Bool = false, multiplicity: Bool = true) throws {
        guard configurations.count == totalEnergies.count else {
            throw LatticeError("\(configurations.count) configurations but \(totalEnergies.count) energies")
        }
        let basisTable = BasisTable(lattice: space.lattice, basis: basis)
        var tables: [[Int]: ClusterTable] = [:]
        let mult = space.functionMultiplicities.map(Double.init)
        let nf = space.functionCount
        let width = nf + (ewald ? 1 : 0)
        var vals: [Double] = []
        vals.reserveCapacity(width * configurations.count)
        for conf in configurations {
            let key = conf.supercell.matrix
            let table: ClusterTable
            if let t = tables[key] { table = t } else {
                table = try ClusterTable(space: space, supercell: conf.supercell)
                tables[key] = table
            }
            var x = table.correlations(of: conf.occupation, table: basisTable)
            if multiplicity { for k in 0..<nf { x[k] *= mult[k] } }
            if ewald { x.append(conf.ewaldEnergyPerPrim()) }
            vals += x
        }
        rows = configurations.count
        columns = width
        values = vals
        energies = zip(configurations, totalEnergies).map { c, e in e.map { $0 / Double(c.supercell.cellCount) } ?? .nan }
        groups = space.functionOrbits + (ewald ? [space.orbits.count + 1] : [])
        var names = ["empty"]
        let orderNames = [1: "point", 2: "pair", 3: "triplet", 4: "quadruplet", 5: "quintuplet", 6: "sextuplet"]
        for (k, o) in space.orbits.enumerated() {
            for f in 0..<o.functionCount {
                names.append("\(orderNames[o.order] ?? "cluster") \(k + 1)" + (o.functionCount > 1 ? ".\(f + 1)" : ""))
            }
        }
        if ewald { names.append("ewald") }
        columnNames = names
        includesMultiplicity = multiplicity
    }

    /// Row r as an array.
    public func row(_ r: Int) -> [Double] { Array(values[(r * columns)..<((r + 1) * columns)]) }
}
