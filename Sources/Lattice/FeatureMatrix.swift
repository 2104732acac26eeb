// The fitting input of a cluster expansion: correlation features of many
// structures (optionally times multiplicity, plus an Ewald column), their
// energies per primitive cell, and the group and cluster of every column.

/// Features (structures × functions), energies per prim, column groups and clusters.
///
///     let fm = try FeatureMatrix(configurations: confs, totalEnergies: totals, space: space, basis: .sinusoid, ewald: true)
///     fm.values[r * fm.columns + c]     // row-major
///     fm.clusters[c]?.diameter          // Å; nil for the Ewald column
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
    /// The cluster behind each column (order, diameter); nil for the Ewald column, which has none.
    public let clusters: [ColumnCluster?]
    /// Whether the cluster columns carry their orbit's multiplicity.
    public let includesMultiplicity: Bool

    /// Builds the features of configurations; `totalEnergies` are per supercell (divided by its cell count here).
    /// With `multiplicity` each cluster column is m_β·Φ_β (E = Σ J_β m_β Φ_β); without, plain correlations (smol's layout).
    /// `tables` gives the cluster table of a supercell (a cache kept across calls); by default they are built here.
    public init(configurations: [Configuration], totalEnergies: [Double?], space: ClusterSpace, basis: SiteBasis,
                ewald: Bool = false, multiplicity: Bool = true, tables provider: ((Supercell) throws -> ClusterTable)? = nil) throws {
        guard configurations.count == totalEnergies.count else {
            throw LatticeError("\(configurations.count) configurations but \(totalEnergies.count) energies")
        }
        if ewald && !space.lattice.sites.contains(where: { $0.space.species.contains { $0.charge != 0 } }) {
            // Every charge would be zero, and so would every Ewald energy.
            throw LatticeError(
                "ewald=true needs oxidation states, but no species of the lattice has a charge (its Ewald column would be all "
                + "zeros). Give them in the lattice: species with charges, e.g. lattice(\"rocksalt\", species=[[\"Li+\", \"Mn3+\"], "
                + "[\"O2-\", \"F-\"]]); a lat.in whose site lines name them (0 0 0 Li+,Mn3+); or a prim.json whose species "
                + "carry oxidation_state")
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
            if let provider {
                table = try provider(conf.supercell)
            } else if let t = tables[key] { table = t } else {
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
        clusters = space.functionClusters + (ewald ? [nil] : [])
        var names = ["empty"]
        for (k, o) in space.orbits.enumerated() {
            for f in 0..<o.functionCount {
                names.append("\(ColumnCluster.names[o.order] ?? "cluster") \(k + 1)" + (o.functionCount > 1 ? ".\(f + 1)" : ""))
            }
        }
        if ewald { names.append("ewald") }
        columnNames = names
        includesMultiplicity = multiplicity
    }

    /// Row r as an array.
    public func row(_ r: Int) -> [Double] { Array(values[(r * columns)..<((r + 1) * columns)]) }

    /// The features of rows `kept` (in that order), with the same columns.
    ///
    ///     let unique = fm.selectingRows([0, 2, 5])
    public func selectingRows(_ kept: [Int]) -> FeatureMatrix {
        FeatureMatrix(rows: kept.count, columns: columns, values: kept.flatMap { row($0) }, energies: kept.map { energies[$0] },
                      groups: groups, columnNames: columnNames, clusters: clusters, includesMultiplicity: includesMultiplicity)
    }

    private init(rows: Int, columns: Int, values: [Double], energies: [Double], groups: [Int], columnNames: [String],
                 clusters: [ColumnCluster?], includesMultiplicity: Bool) {
        self.rows = rows; self.columns = columns; self.values = values; self.energies = energies; self.groups = groups
        self.columnNames = columnNames; self.clusters = clusters; self.includesMultiplicity = includesMultiplicity
    }
}

/// The cluster behind a feature column: its body order and diameter.
///
/// The diameter is the largest distance between two sites of the orbit's representative
/// cluster, in Å, as smol and ATAT measure clusters (and as the cutoffs are given); icet's
/// plots use the radius instead (mean distance of the sites from their centroid, `Orbit.radius`).
///
///     space.functionClusters[2]   // ColumnCluster(order: 2, diameter: 2.8284...) on fcc at a = 4
public struct ColumnCluster: Sendable, Equatable {
    /// Number of sites: 0 empty cluster, 1 point, 2 pair, 3 triplet, ...
    public let order: Int
    /// Largest distance between two of its sites, Å (0 for the empty cluster and points).
    public let diameter: Double

    public init(order: Int, diameter: Double) { self.order = order; self.diameter = diameter }

    /// The name of one cluster of each order up to six sites ("point", "pair", ...), as column names use it.
    static let names = [0: "empty", 1: "point", 2: "pair", 3: "triplet", 4: "quadruplet", 5: "quintuplet", 6: "sextuplet"]

    /// The plural name of clusters of an order ("points", "pairs", "triplets", ...), for legends.
    public static func orderName(_ order: Int) -> String {
        guard let one = names[order] else { return "\(order)-site clusters" }
        return order == 0 ? one : one + "s"
    }
}
