// The bridge from the Lattice module to the Monte Carlo engine: a cluster
// expansion (cluster table + ECIs + site basis) folded into cluster lookup
// tables, the supercell's Ewald interaction matrix, and configurations.
import Lattice

extension ClusterTableModel {
    /// The cluster expansion of a supercell as lookup tables:
    /// E = cells · (J_0 + Σ_f J_f m_f Φ_f(σ)), with `eci[f]` per correlation function in
    /// `ClusterTable.correlations` order (f = 0 the empty cluster) and m_f its orbit's multiplicity,
    /// i.e. ECIs that multiply the feature columns m_f Φ_f, energies per primitive cell.
    ///
    ///     let table = try ClusterTable(space: space, supercell: Supercell(lattice: fcc, size: 10))
    ///     let model = try ClusterTableModel(clusterTable: table, eci: fit.eci, basis: .sinusoid)
    public init(clusterTable table: ClusterTable, eci: [Double], basis: SiteBasis) throws {
        let functions = table.functionOrbit.count
        guard eci.count == functions else {
            throw MonteCarloError("the cluster space has \(functions) correlation functions (empty cluster first) but \(eci.count) ECIs were given")
        }
        let supercell = table.supercell
        let cells = Double(supercell.cellCount)
        let counts = (0..<supercell.siteCount).map { supercell.space($0).count }
        guard counts.allSatisfy({ $0 >= 1 && $0 <= 255 }) else { throw MonteCarloError("site spaces must have 1...255 species") }
        var bases: [Int: [[Double]]] = [:]
        for m in Set(counts) { bases[m] = basis.values(count: m) }
        var functionsOfOrbit = [[Int]](repeating: [], count: table.orbitOrder.count)
        for f in 1..<functions { functionsOfOrbit[Int(table.functionOrbit[f])].append(f) }
        let multiplicities = table.space.orbits.map(\.multiplicity)

        var terms: [ClusterTerm] = []
        var cache: [[Int]: [Double]] = [:]
        for o in 0..<table.orbitOrder.count where functionsOfOrbit[o].contains(where: { eci[$0] != 0 }) {
            let k = table.orbitOrder[o]
            let c0 = table.orbitClusterStart[o], c1 = table.orbitClusterStart[o + 1]
            let scale = cells * Double(multiplicities[o]) / Double(c1 - c0)
            for c in c0..<c1 {
                let sites = table.clusterSites[table.clusterSiteStart[c]..<table.clusterSiteStart[c + 1]].map { Int($0) }
                let radices = sites.map { counts[$0] }
                let key = [o] + radices
                if let cached = cache[key] {
                    terms.append(ClusterTerm(sites: sites, table: cached))
                    continue
                }
                var values = [Double](repeating: 0, count: radices.reduce(1, *))
                for index in values.indices {
                    var rest = index
                    let sigma = radices.map { r -> Int in defer { rest /= r }; return rest % r }
                    var value = 0.0
                    for f in functionsOfOrbit[o] where eci[f] != 0 {
                        let l0 = table.functionLabelingStart[f], l1 = table.functionLabelingStart[f + 1]
                        var sum = 0.0
                        for lb in stride(from: l0, to: l1, by: k) {
                            var product = 1.0
                            for j in 0..<k { product *= bases[radices[j]]?[Int(table.labelings[lb + j])][sigma[j]] ?? 0 }
                            sum += product
                        }
                        value += eci[f] * scale * sum / Double((l1 - l0) / k)
                    }
                    values[index] = value
                }
                cache[key] = values
                terms.append(ClusterTerm(sites: sites, table: values))
            }
        }
        try self.init(speciesCounts: counts.map { UInt8($0) }, terms: terms, constant: cells * eci[0])
    }
}

extension EwaldTerm {
    /// The Ewald term of a supercell: `coefficient` times the electrostatic energy of the whole
    /// supercell (`EwaldSummation.interactionMatrix`, E = ½ qᵀ W q in eV), with each species'
    /// oxidation state as its charge.
    ///
    ///     let ewald = try EwaldTerm(supercell: sc, coefficient: 0.2)
    public init(supercell: Supercell, coefficient: Double, accuracy: Double = 1e-12) throws {
        let n = supercell.siteCount
        let summation = EwaldSummation(vectors: supercell.vectors, positions: (0..<n).map { supercell.position($0) }, accuracy: accuracy)
        let charges = (0..<n).map { supercell.space($0).species.map(\.charge) }
        try self.init(matrix: summation.interactionMatrix(), charges: charges, coefficient: coefficient)
    }
}

extension Configuration {
    /// The Monte Carlo form of a Lattice configuration: occupation, species counts, and
    /// sublattices (swaps stay within a sublattice of the lattice).
    public init(_ configuration: Lattice.Configuration) throws {
        let sc = configuration.supercell
        let n = sc.siteCount
        guard configuration.occupation.allSatisfy({ $0 >= 0 && $0 <= 255 }) else { throw MonteCarloError("occupations must be 0...255") }
        try self.init(occupation: configuration.occupation.map { UInt8($0) },
                      speciesCounts: (0..<n).map { UInt8(sc.space($0).count) },
                      sublattices: (0..<n).map { Int32(sc.lattice.sublatticeOfSite[sc.primSite($0)]) })
    }
}

extension ObserverSettings {
    /// A correlation-vector observer for the supercell of `table`.
    ///
    ///     var obs = ObserverSettings(every: 10)
    ///     obs.correlations = ObserverSettings.correlations(of: table, basis: .sinusoid)
    public static func correlations(of table: ClusterTable, basis: SiteBasis) -> @Sendable ([UInt8]) -> [Double] {
        let values = table.basisTable(basis)
        return { occupation in table.correlations(of: occupation.map { Int($0) }, table: values) }
    }
}
