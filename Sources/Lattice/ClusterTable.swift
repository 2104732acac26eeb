// Per-supercell cluster tables, indexed by translation: every orbit image as
// points (prim site, coordinates in the supercell's translation group), the
// clusters through each prim site as offsets from its cell, and the labelings
// of every correlation function. Nothing is stored per site or per cluster, so
// building a table costs microseconds and no memory grows with the supercell;
// correlation vectors and Monte Carlo tables are computed from it.

/// The clusters of a cluster space laid out on one supercell.
///
/// - Orbit o (counting non-empty orbits from 0, in `ClusterSpace.orbits` order) has its
///   translation classes `images` (from `Orbit.images`); the clusters of the supercell are
///   every image translated to every cell.
/// - `siteClusters[s]` lists the clusters through prim site s, relative to its cell.
/// - Correlation function f (0 = the empty cluster) belongs to orbit `functionOrbit[f]` (-1 for
///   f = 0) and averages the labelings `labelings[functionLabelingStart[f] ..< functionLabelingStart[f + 1]]`,
///   `orbitOrder[o]` α indices per labeling, in cluster site order.
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
    /// Orbit of each correlation function (-1 for the empty cluster).
    public let functionOrbit: [Int32]
    /// Start of each function's labelings in `labelings` (count = functions + 1).
    public let functionLabelingStart: [Int]
    /// α indices of all labelings, `order` per labeling.
    public let labelings: [Int32]
    /// The clusters through each prim site, relative to its cell.
    public let siteClusters: [SiteClusters]
    /// Images of orbit o: `imageStart[o] ..< imageStart[o + 1]`; image m's points are
    /// `imagePoints[m * ... ]` from `pointStart[m]`, as prim site and translation coordinates.
    let imageStart: [Int]
    let pointStart: [Int]
    let pointSite: [Int32]
    let pointShift: [SIMD3<Int32>]
    /// Each cell's bit in a slab of parity rows (`BitPlanes`): x · slab + y · lane + z.
    let cellBit: [Int32]

    /// Builds the tables of `space` on `supercell`.
    public init(space: ClusterSpace, supercell: Supercell) throws {
        guard supercell.lattice.sites.count == space.lattice.sites.count else {
            throw LatticeError("the supercell is not of the cluster space's lattice")
        }
        self.space = space
        self.supercell = supercell
        let group = supercell.translations
        var imageStart = [0], pointStart = [0], pointSite: [Int32] = [], pointShift: [SIMD3<Int32>] = []
        for orbit in space.orbits {
            for image in orbit.images {
                for p in image {
                    pointSite.append(Int32(p.site))
                    let u = group.coordinates(p.cell)
                    pointShift.append(SIMD3(Int32(u.x), Int32(u.y), Int32(u.z)))
                }
                pointStart.append(pointSite.count)
            }
            imageStart.append(imageStart[imageStart.count - 1] + orbit.images.count)
        }
        self.imageStart = imageStart
        self.pointStart = pointStart
        self.pointSite = pointSite
        self.pointShift = pointShift
        orbitOrder = space.orbits.map(\.order)
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
        siteClusters = (0..<supercell.lattice.sites.count).map { SiteClusters(space: space, site: $0) }
        let d = group.orders
        if let lane = BitPlanes.lane(d) {
            let slab = (d.y * lane + 63) / 64 * 64
            cellBit = supercell.translationOfCell.map { u in
                let c = group.coordinates(index: Int(u))
                return Int32(c.x * slab + c.y * lane + c.z)
            }
        } else {
            cellBit = []
        }
    }

    /// Number of clusters in the supercell (every image in every cell).
    public var clusterCount: Int { (imageStart.last ?? 0) * supercell.cellCount }

    /// The basis values of every prim site, for repeated correlation calls.
    public func basisTable(_ basis: SiteBasis) -> BasisTable { BasisTable(lattice: space.lattice, basis: basis) }

    /// The correlation vector (empty cluster first) of an occupation (σ per supercell site).
    public func correlations(of occupation: [Int], basis: SiteBasis) -> [Double] {
        correlations(of: occupation, table: basisTable(basis))
    }

    /// The correlation vector with a precomputed basis table (the fast path).
    ///
    /// Site values are laid out by translation coordinates, one row per (x, y) with z
    /// contiguous, and copied once per distinct z shift of a cluster point, so every cluster
    /// image is a sum over rows of contiguous products. On two-species sites whose function
    /// takes the values ±c (the sinusoid basis), a product is c^k times a parity, so rows are
    /// words of bits and a row's sum is a popcount.
    public func correlations(of occupation: [Int], table: BasisTable) -> [Double] {
        let nFunctions = functionOrbit.count
        var result = [Double](repeating: 0, count: nFunctions)
        result[0] = 1
        guard nFunctions > 1 else { return result }
        let layout = TranslationLayout(table: self)
        let lane = BitPlanes.lane(layout.orders)
        var bits: BitPlanes? = nil
        var values: ValuePlanes? = nil
        for f in 1..<nFunctions {
            let o = Int(functionOrbit[f])
            let k = orbitOrder[o]
            let l0 = functionLabelingStart[f], l1 = functionLabelingStart[f + 1]
            let images = imageStart[o]..<imageStart[o + 1]
            var sum = 0.0
            if let lane, layout.isParity(orbit: o, table: table) {
                if bits == nil { bits = BitPlanes(layout: layout, occupation: occupation, table: table, lane: lane) }
                for m in images { sum += bits.unsafelyUnwrapped.sum(image: m, layout: layout) }
            } else {
                if values == nil { values = ValuePlanes(layout: layout, occupation: occupation, table: table) }
                for lb in stride(from: l0, to: l1, by: k) {
                    for m in images { sum += values.unsafelyUnwrapped.sum(image: m, labeling: lb, layout: layout) }
                }
            }
            result[f] = sum / Double(images.count * supercell.cellCount * ((l1 - l0) / k))
        }
        return result
    }
}

/// The clusters through one prim site, relative to its cell: the same in every cell.
///
/// Clusters come in groups, one per (orbit, position of the site in the cluster), in orbit
/// order then position order; group g's clusters are `groupStart[g] ..< groupStart[g + 1]`, and
/// cluster c's other points, in position order, are the slots `others[othersStart[c] ..< othersStart[c + 1]]`.
/// Slots of two-point groups come first, each group's contiguous, in group order.
///
///     let around = table.siteClusters[0]
///     around.slots.count        // 42 on fcc with cutoffs {2: 5.0, 3: 4.1}: the site's neighbourhood
public struct SiteClusters: Sendable {
    /// The other points of the clusters through the site, each once: prim site and cell offset.
    public let slots: [LatticePoint]
    /// Orbit and position of each group.
    public let groupOrbit: [Int32]
    public let groupPosition: [Int32]
    /// Cluster range of each group (count = groups + 1).
    public let groupStart: [Int]
    /// Range of each cluster's other points in `others` (count = clusters + 1).
    public let othersStart: [Int]
    /// Slots of the other points of every cluster.
    public let others: [Int32]

    init(space: ClusterSpace, site: Int) {
        var slots: [LatticePoint] = [], slotOf: [LatticePoint: Int32] = [:]
        var groupOrbit: [Int32] = [], groupPosition: [Int32] = [], groupStart = [0], othersStart = [0], others: [Int32] = []
        for (o, orbit) in space.orbits.enumerated() {
            for p in 0..<orbit.order {
                var found = false
                for image in orbit.images where image[p].site == site {
                    found = true
                    for q in 0..<orbit.order where q != p {
                        let point = LatticePoint(site: image[q].site, cell: image[q].cell &- image[p].cell)
                        if let slot = slotOf[point] {
                            others.append(slot)
                        } else {
                            slotOf[point] = Int32(slots.count)
                            others.append(Int32(slots.count))
                            slots.append(point)
                        }
                    }
                    othersStart.append(others.count)
                }
                if found {
                    groupOrbit.append(Int32(o))
                    groupPosition.append(Int32(p))
                    groupStart.append(othersStart.count - 1)
                }
            }
        }
        self.slots = slots
        self.groupOrbit = groupOrbit
        self.groupPosition = groupPosition
        self.groupStart = groupStart
        self.othersStart = othersStart
        self.others = others
    }

    /// The number of groups.
    public var groupCount: Int { groupOrbit.count }
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

    /// φ_α(σ) of prim site s.
    @inline(__always) public func value(site s: Int, alpha: Int, sigma: Int) -> Double { values[siteStart[s] + alpha * counts[s] + sigma] }

    /// c when φ_1 of a two-species site takes the values -c (σ = 0) and c (σ = 1), c ≠ 0; else nil.
    func parityScale(site s: Int) -> Double? {
        guard counts[s] == 2 else { return nil }
        let a = value(site: s, alpha: 1, sigma: 0), b = value(site: s, alpha: 1, sigma: 1)
        return a == -b && b != 0 ? b : nil
    }
}
