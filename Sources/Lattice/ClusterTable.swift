// Per-supercell cluster tables as flat arrays: every cluster image of every
// orbit as supercell site indices, the clusters touching each site, and the
// labelings of every correlation function. Correlation vectors and Monte
// Carlo energy differences both run on these tables.

/// The clusters of a cluster space laid out on one supercell.
///
/// Layout (all flat, clusters of an orbit contiguous):
/// - cluster c of orbit o has `orbitOrder[o]` sites at
///   `clusterSites[clusterSiteStart[c] ..< clusterSiteStart[c + 1]]`;
///   orbit o's clusters are `orbitClusterStart[o] ..< orbitClusterStart[o + 1]`
///   (o counts non-empty orbits from 0, in `ClusterSpace.orbits` order);
/// - `clusterOrbit[c]` is c's orbit;
/// - the clusters containing site i are `siteClusters[siteClusterStart[i] ..< siteClusterStart[i + 1]]`
///   (a cluster appears once per occurrence of the site in it);
/// - correlation function f (0 = empty cluster) belongs to orbit `functionOrbit[f]` (-1 for f = 0) and
///   averages the labelings stored in `labelings[functionLabelingStart[f] ..< functionLabelingStart[f + 1]]`,
///   `order` α indices per labeling, in cluster site order.
///
///     let table = try ClusterTable(space: space, supercell: Supercell(lattice: fcc, size: 4))
///     let x = table.correlations(of: configuration.occupation, basis: .sinusoid)
public struct ClusterTable: Sendable {
    /// The supercell.
    public let supercell: Supercell
    /// The cluster space.
    public let space: ClusterSpace
    /// Sites per cluster, per orbit.
    public let orbitOrder: [Int]
    /// Cluster index range of each orbit (count = orbits + 1).
    public let orbitClusterStart: [Int]
    /// Start of each cluster's sites in `clusterSites` (count = clusters + 1).
    public let clusterSiteStart: [Int]
    /// Supercell site indices of all clusters.
    public let clusterSites: [Int32]
    /// Orbit of each cluster.
    public let clusterOrbit: [Int32]
    /// Start of each site's cluster list in `siteClusters` (count = sites + 1).
    public let siteClusterStart: [Int]
    /// Clusters containing each site.
    public let siteClusters: [Int32]
    /// Orbit of each correlation function (-1 for the empty cluster).
    public let functionOrbit: [Int32]
    /// Start of each function's labelings in `labelings` (count = functions + 1).
    public let functionLabelingStart: [Int]
    /// α indices of all labelings, `order` per labeling.
    public let labelings: [Int32]

    /// Builds the tables of `space` on `supercell`.
    public init(space: ClusterSpace, supercell: Supercell) throws {
        guard supercell.lattice.sites.count == space.lattice.sites.count else {
            throw LatticeError("the supercell is not of the cluster space's lattice")
        }
        self.space = space
        self.supercell = supercell
        let nCells = supercell.cellCount
        var order: [Int] = [], orbitStart: [Int] = [0], siteStart: [Int] = [0], sites: [Int32] = [], clusterOrbit: [Int32] = []
        for (o, orbit) in space.orbits.enumerated() {
            order.append(orbit.order)
            for image in orbit.images {
                for t in supercell.cells {
                    for p in image {
                        sites.append(Int32(supercell.siteIndex(site: p.site, cell: p.cell &+ t)))
                    }
                    siteStart.append(sites.count)
                    clusterOrbit.append(Int32(o))
                }
            }
            orbitStart.append(orbitStart[orbitStart.count - 1] + orbit.images.count * nCells)
        }
        orbitOrder = order
        orbitClusterStart = orbitStart
        clusterSiteStart = siteStart
        clusterSites = sites
        self.clusterOrbit = clusterOrbit
        // Clusters per site, by counting sort.
        let nSites = supercell.siteCount
        var counts = [Int](repeating: 0, count: nSites + 1)
        for s in sites { counts[Int(s) + 1] += 1 }
        for i in 0..<nSites { counts[i + 1] += counts[i] }
        var fill = counts
        var lists = [Int32](repeating: 0, count: sites.count)
        for c in 0..<clusterOrbit.count {
            for k in siteStart[c]..<siteStart[c + 1] {
                let s = Int(sites[k])
                lists[fill[s]] = Int32(c)
                fill[s] += 1
            }
        }
        siteClusterStart = counts
        siteClusters = lists
        var fOrbit: [Int32] = [-1], fStart: [Int] = [0, 0], labels: [Int32] = []
        for (o, orbit) in space.orbits.enumerated() {
            for function in orbit.functions {
                fOrbit.append(Int32(o))
                for l in function { labels += l.map { Int32($0) } }
                fStart.append(labels.count)
            }
        }
        functionOrbit = fOrbit
        functionLabelingStart = fStart
        labelings = labels
    }

    /// Number of clusters.
    public var clusterCount: Int { clusterOrbit.count }

    /// The basis values of every prim site, for repeated correlation calls.
    public func basisTable(_ basis: SiteBasis) -> BasisTable { BasisTable(lattice: space.lattice, basis: basis) }

    /// The correlation vector (empty cluster first) of an occupation (σ per supercell site).
    public func correlations(of occupation: [Int], basis: SiteBasis) -> [Double] {
        correlations(of: occupation, table: basisTable(basis))
    }

    /// The correlation vector with a precomputed basis table (the fast path).
    public func correlations(of occupation: [Int], table: BasisTable) -> [Double] {
        let n = supercell.siteCount
        let nPrim = supercell.lattice.sites.count
        let width = table.width
        // values[i * width + α] = φ_α(σ_i): one lookup per site, then clusters multiply.
        var values = [Double](repeating: 0, count: n * width)
        values.withUnsafeMutableBufferPointer { v in
            table.values.withUnsafeBufferPointer { t in
                for i in 0..<n {
                    let s = i % nPrim
                    let sigma = occupation[i]
                    let base = table.siteStart[s]
                    let m = table.counts[s]
                    for a in 0..<m { v[i * width + a] = t[base + a * m + sigma] }
                }
            }
        }
        let nFunctions = functionOrbit.count
        var result = [Double](repeating: 0, count: nFunctions)
        result[0] = 1
        values.withUnsafeBufferPointer { v in
            clusterSites.withUnsafeBufferPointer { cs in
                labelings.withUnsafeBufferPointer { lab in
                    for f in 1..<nFunctions {
                        let o = Int(functionOrbit[f])
                        let k = orbitOrder[o]
                        let c0 = orbitClusterStart[o], c1 = orbitClusterStart[o + 1]
                        let l0 = functionLabelingStart[f], l1 = functionLabelingStart[f + 1]
                        var sum = 0.0
                        for lb in stride(from: l0, to: l1, by: k) {
                            switch k {
                            case 1:
                                let a = Int(lab[lb])
                                let p = clusterSiteStart[c0]
                                for c in 0..<(c1 - c0) { sum += v[Int(cs[p + c]) * width + a] }
                            case 2:
                                let a = Int(lab[lb]), b = Int(lab[lb + 1])
                                var p = clusterSiteStart[c0]
                                for _ in c0..<c1 {
                                    sum += v[Int(cs[p]) * width + a] * v[Int(cs[p + 1]) * width + b]
                                    p += 2
                                }
                            case 3:
                                let a = Int(lab[lb]), b = Int(lab[lb + 1]), d = Int(lab[lb + 2])
                                var p = clusterSiteStart[c0]
                                for _ in c0..<c1 {
                                    sum += v[Int(cs[p]) * width + a] * v[Int(cs[p + 1]) * width + b] * v[Int(cs[p + 2]) * width + d]
                                    p += 3
                                }
                            default:
                                var p = clusterSiteStart[c0]
                                for _ in c0..<c1 {
                                    var prod = 1.0
                                    for j in 0..<k { prod *= v[Int(cs[p + j]) * width + Int(lab[lb + j])] }
                                    sum += prod
                                    p += k
                                }
                            }
                        }
                        result[f] = sum / Double((c1 - c0) * ((l1 - l0) / k))
                    }
                }
            }
        }
        return result
    }
}

/// Site basis values per primitive site, flat: φ_α(σ) of prim site s at `values[siteStart[s] + α * counts[s] + σ]`.
public struct BasisTable: Sendable {
    /// The basis.
    public let basis: SiteBasis
    /// Species per prim site.
    public let counts: [Int]
    /// Start of each prim site's M×M block.
    public let siteStart: [Int]
    /// The values.
    public let values: [Double]
    /// Largest M over prim sites.
    public let width: Int

    /// Tabulates `basis` for every site of `lattice`.
    public init(lattice: CrystalLattice, basis: SiteBasis) {
        self.basis = basis
        counts = lattice.sites.map(\.space.count)
        var start: [Int] = [], vals: [Double] = []
        for m in counts {
            start.append(vals.count)
            vals += basis.values(count: m).flatMap { $0 }
        }
        siteStart = start
        values = vals
        width = counts.max() ?? 1
    }
}
