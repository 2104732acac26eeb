// Enumerating cluster orbits up to per-size diameter cutoffs, and the layout of
// the correlation functions they carry (empty cluster first).

/// The orbits of a lattice up to diameter cutoffs, and their correlation functions.
///
///     let fcc = try CrystalLattice.builtin("fcc", a: 4.0, species: [["Ag", "Pd"]])
///     let space = try ClusterSpace(lattice: fcc, cutoffs: [2: 5.0, 3: 4.1])
///     space.orbits.map(\.multiplicity)   // [1, 6, 3, 12, 8, 12]
///     print(space.table)
public struct ClusterSpace: Sendable {
    /// The lattice.
    public let lattice: CrystalLattice
    /// Diameter cutoff per cluster size, ascending by size.
    public let cutoffs: [(order: Int, cutoff: Double)]
    /// The non-empty orbits, by order, diameter, decreasing multiplicity.
    public let orbits: [Orbit]
    /// Distances within this of a cutoff count as inside (shells often sit exactly on a cutoff).
    public static let tolerance = 1e-5

    /// The most neighbours per site a cutoff may reach (cutoffs are a few neighbour shells in practice).
    static let maximumNeighbours = 50_000.0

    /// Enumerates the orbits of `lattice` with diameter <= cutoff for each size in `cutoffs` (points always).
    public init(lattice: CrystalLattice, cutoffs: [Int: Double]) throws {
        for (k, c) in cutoffs {
            guard k >= 2 else { throw LatticeError("cutoff keys are cluster sizes >= 2 (points are always included), got \(k)") }
            guard k <= 6 else { throw LatticeError("clusters of more than 6 sites are not supported (got size \(k))") }
            guard c >= 0, c.isFinite else { throw LatticeError("cutoff for size \(k) must be a non-negative number of Å, got \(c)") }
        }
        self.lattice = lattice
        self.cutoffs = cutoffs.sorted { $0.key < $1.key }.map { (order: $0.key, cutoff: $0.value) }
        let active = lattice.activeSites
        guard !active.isEmpty else { throw LatticeError("the lattice has no active site (every site space has one species)") }
        // Each k-site cluster enumerates up to (m - 1)^k labelings: bound it before enumerating.
        let species = active.map { lattice.sites[$0].space.count }.max() ?? 2
        for (k, _) in cutoffs {
            let labelings = (0..<k).reduce(1.0) { product, _ in product * Double(species - 1) }
            guard labelings <= 1e6 else {
                throw LatticeError("clusters of \(k) sites on a site with \(species) species would have \(species - 1)^\(k) labelings each, more than the 10^6 ce handles; use fewer species or smaller clusters")
            }
        }
        let action = SymmetryAction(lattice: lattice)
        var found: [Orbit] = []
        let maxCut = self.cutoffs.map(\.cutoff).max() ?? 0
        // A cutoff far beyond any cluster expansion would scan (and keep) billions of neighbours: refuse it.
        let sphere: Double = 4.0 / 3.0 * Double.pi * (maxCut + 1) * (maxCut + 1) * (maxCut + 1)
        let perSite: Double = sphere / lattice.volume * Double(active.count)
        let box: Double = (0..<3).map { (k: Int) -> Double in 2 * (maxCut * norm(lattice.inverseVectors.column(k)) + 2) + 1 }.reduce(1, *)
        guard perSite <= ClusterSpace.maximumNeighbours, box <= 1e7 else {
            throw LatticeError("a cutoff of \(maxCut) Å reaches about \(Int(min(perSite, 1e15))) neighbours per site, more than the \(Int(ClusterSpace.maximumNeighbours)) ce handles; use a smaller cutoff")
        }
        let neighbours = maxCut > 0 ? ClusterSpace.neighbourCandidates(lattice: lattice, active: active, cutoff: maxCut + ClusterSpace.tolerance) : [:]
        var orders: [(Int, Double)] = [(1, 0)]
        orders += self.cutoffs
        // Each candidate is either of an orbit already found or starts a new one; every orbit's images
        // (and their keys) are what memory holds, so that is what the session's limit bounds.
        var keptBytes = 0
        for (order, cutoff) in orders {
            var seen = Set<[Int]>()
            var examined = 0
            // Per image: its key (4 Ints a point), its points (a LatticePoint is 64 bytes) and the set's slot.
            let keyBytes = 128 + 96 * order
            func consider(_ cluster: [LatticePoint]) throws {
                examined += 1
                if examined & 0xFFF == 0, Interruption.isRequested { throw LatticeError("interrupted") }
                let key = canonicalKey(cluster)
                if seen.contains(key) { return }
                let orbit = action.orbit(of: cluster, lattice: lattice)
                keptBytes = MemoryBudget.sum(keptBytes, MemoryBudget.product(keyBytes, orbit.images.count))
                if keptBytes > MemoryBudget.limit {
                    throw MemoryLimitExceeded(what: "clusters of \(order) sites within \(cutoff) Å (more than \(seen.count) distinct clusters, and counting)",
                                              bytes: keptBytes, limit: MemoryBudget.limit)
                }
                for image in orbit.images { seen.insert(canonicalKey(image)) }
                found.append(orbit)
            }
            if order == 1 {
                for s in active { try consider([LatticePoint(site: s, cell: .zero)]) }
                continue
            }
            for s0 in active {
                let list = (neighbours[s0] ?? []).filter { $0.distance <= cutoff + ClusterSpace.tolerance }
                try ClusterSpace.combinations(first: LatticePoint(site: s0, cell: .zero), list: list, size: order - 1,
                                              cutoff: cutoff + ClusterSpace.tolerance, lattice: lattice, consider)
            }
        }
        // Stable sort: order, diameter (to 1e-6 Å), decreasing multiplicity, generation order.
        orbits = found.enumerated().sorted { x, y in
            let (a, b) = (x.element, y.element)
            if a.order != b.order { return a.order < b.order }
            let da = (a.diameter * 1e6).rounded(.toNearestOrAwayFromZero), db = (b.diameter * 1e6).rounded(.toNearestOrAwayFromZero)
            if da != db { return da < db }
            if a.multiplicity != b.multiplicity { return a.multiplicity > b.multiplicity }
            return x.offset < y.offset
        }.map(\.element)
    }

    /// Points within `cutoff` of each active home site that sort after it.
    static func neighbourCandidates(lattice: CrystalLattice, active: [Int], cutoff: Double) -> [Int: [(point: LatticePoint, distance: Double, position: Vector3)]] {
        let inv = lattice.inverseVectors
        // Reach along each axis: cutoff · |column of A⁻¹| plus one cell for the basis spread.
        let reach = (0..<3).map { Int((cutoff * norm(inv.column($0))).rounded(.up)) + 1 }
        var result: [Int: [(point: LatticePoint, distance: Double, position: Vector3)]] = [:]
        for s0 in active {
            let origin = LatticePoint(site: s0, cell: .zero)
            let p0 = lattice.cartesian(site: s0, cell: .zero)
            var list: [(point: LatticePoint, distance: Double, position: Vector3)] = []
            for s in active {
                for x in -reach[0]...reach[0] { for y in -reach[1]...reach[1] { for z in -reach[2]...reach[2] {
                    let p = LatticePoint(site: s, cell: SIMD3(x, y, z))
                    guard origin < p else { continue }
                    let r = lattice.cartesian(site: s, cell: p.cell)
                    let d = norm(r - p0)
                    if d <= cutoff { list.append((p, d, r)) }
                } } }
            }
            list.sort { $0.point < $1.point }
            result[s0] = list
        }
        return result
    }

    /// Calls `body` with every cluster {first} ∪ (size points of `list`, increasing) whose sites are pairwise within cutoff.
    static func combinations(first: LatticePoint, list: [(point: LatticePoint, distance: Double, position: Vector3)], size: Int, cutoff: Double, lattice: CrystalLattice, _ body: ([LatticePoint]) throws -> Void) rethrows {
        var chosen: [Int] = []
        func extend(_ start: Int) throws {
            if chosen.count == size {
                try body([first] + chosen.map { list[$0].point })
                return
            }
            var j = start
            while j < list.count {
                let pj = list[j].position
                if chosen.allSatisfy({ norm(list[$0].position - pj) <= cutoff }) {
                    chosen.append(j)
                    try extend(j + 1)
                    chosen.removeLast()
                }
                j += 1
            }
        }
        try extend(0)
    }

    /// Number of correlation functions, the empty cluster included.
    public var functionCount: Int { 1 + orbits.reduce(0) { $0 + $1.functionCount } }

    /// For each correlation function, its orbit index + 1 (0 for the empty cluster): the groups B.
    public var functionOrbits: [Int] {
        [0] + orbits.enumerated().flatMap { k, o in Array(repeating: k + 1, count: o.functionCount) }
    }

    /// For each correlation function, the multiplicity of its orbit (1 for the empty cluster).
    public var functionMultiplicities: [Int] {
        [1] + orbits.flatMap { o in Array(repeating: o.multiplicity, count: o.functionCount) }
    }

    /// For each correlation function, the cluster it belongs to: body order and diameter (order 0, diameter 0 for the empty cluster).
    public var functionClusters: [ColumnCluster] {
        [ColumnCluster(order: 0, diameter: 0)]
            + orbits.flatMap { o in Array(repeating: ColumnCluster(order: o.order, diameter: o.diameter), count: o.functionCount) }
    }

    /// The effective cutoff per size: the largest diameter present.
    public func effectiveCutoff(order: Int) -> Double? {
        orbits.filter { $0.order == order }.map(\.diameter).max()
    }

    /// A table like icet's cluster-space table.
    public var table: String {
        var lines: [String] = []
        let cut = cutoffs.map { "\($0.order): \(formatFixed($0.cutoff, 2))" }.joined(separator: ", ")
        lines.append("cluster space: \(lattice.name), space group \(lattice.spaceGroup.symbol), cutoffs {\(cut)} Å, \(orbits.count + 1) orbits, \(functionCount) functions")
        lines.append("index | order | diameter | radius | multiplicity | functions | sublattices")
        lines.append("    0 |     0 |   0.0000 | 0.0000 |            1 |         1 | -")
        for (k, o) in orbits.enumerated() {
            let subs = o.sublattices.map { lattice.sublattices[$0].label }.joined(separator: "-")
            lines.append(padLeft(String(k + 1), 5) + " | " + padLeft(String(o.order), 5) + " | " + padLeft(formatFixed(o.diameter, 4), 8) + " | "
                + padLeft(formatFixed(o.radius, 4), 6) + " | " + padLeft(String(o.multiplicity), 12) + " | " + padLeft(String(o.functionCount), 9) + " | " + subs)
        }
        return lines.joined(separator: "\n")
    }
}

/// Sorted, translated so that its first site is in the home cell: one key per translation class.
func canonicalKey(_ cluster: [LatticePoint]) -> [Int] {
    let sorted = cluster.sorted()
    let shift = sorted[0].cell
    var key: [Int] = []
    key.reserveCapacity(4 * sorted.count)
    for p in sorted { key += [p.site, p.cell.x - shift.x, p.cell.y - shift.y, p.cell.z - shift.z] }
    return key
}

/// The action of the space-group operations on lattice points.
///
///     let action = SymmetryAction(lattice: fcc)
///     action.siteImage[g][s]      // the prim site that operation g takes site s to
public struct SymmetryAction: Sendable {
    /// For operation g and site s: the image site and the integer offset d with R·x_s + τ = x_s' + d.
    public let siteImage: [[Int]]
    public let offset: [[SIMD3<Int>]]
    /// The rotation of each operation (row-major, acting on fractional column vectors).
    public let rotations: [[Int]]

    public init(lattice: CrystalLattice) {
        var images: [[Int]] = []
        var offsets: [[SIMD3<Int>]] = []
        for op in lattice.spaceGroup.operations {
            var im: [Int] = [], off: [SIMD3<Int>] = []
            for s in lattice.sites.indices {
                let x = op.apply(lattice.sites[s].position)
                var best = 0, bestD = Double.infinity, bestT = SIMD3<Int>(0, 0, 0)
                for (j, site) in lattice.sites.enumerated() where site.space == lattice.sites[s].space {
                    let d = x - site.position
                    let t = d.rounded(.toNearestOrAwayFromZero)
                    let e = norm(lattice.vectors.leftMultiply(d - t))
                    if e < bestD { bestD = e; best = j; bestT = SIMD3(Int(t.x), Int(t.y), Int(t.z)) }
                }
                im.append(best); off.append(bestT)
            }
            images.append(im); offsets.append(off)
        }
        siteImage = images
        offset = offsets
        rotations = lattice.spaceGroup.operations.map(\.rotation)
    }

    @inline(__always) func apply(_ g: Int, _ p: LatticePoint) -> LatticePoint {
        let r = rotations[g], t = p.cell
        let rt = SIMD3(r[0] * t.x + r[1] * t.y + r[2] * t.z, r[3] * t.x + r[4] * t.y + r[5] * t.z, r[6] * t.x + r[7] * t.y + r[8] * t.z)
        return LatticePoint(site: siteImage[g][p.site], cell: rt &+ offset[g][p.site])
    }

    /// The orbit of a cluster: its translation classes, geometry and labeling classes.
    func orbit(of cluster: [LatticePoint], lattice: CrystalLattice) -> Orbit {
        let sorted = cluster.sorted()
        let rep = sorted.map { $0.shifted(SIMD3(0, 0, 0) &- sorted[0].cell) }
        let repKey = canonicalKey(rep)
        var keys: [[Int]: Int] = [repKey: 0]
        var images: [[LatticePoint]] = [rep]
        var permutations: [[Int]] = []
        for g in rotations.indices {
            let image = rep.map { apply(g, $0) }
            let first = image.min()!.cell
            let shiftedImage = image.map { $0.shifted(SIMD3(0, 0, 0) &- first) }
            let key = canonicalKey(image)
            if key == repKey {
                permutations.append(shiftedImage.map { p in rep.firstIndex(of: p) ?? 0 })
            }
            if keys[key] == nil {
                keys[key] = images.count
                images.append(shiftedImage)
            }
        }
        let positions = rep.map { lattice.cartesian(site: $0.site, cell: $0.cell) }
        var distances: [Double] = []
        for i in 0..<rep.count { for j in (i + 1)..<rep.count { distances.append(norm(positions[i] - positions[j])) } }
        distances.sort()
        let centre = positions.reduce(Vector3.zero, +) / Double(positions.count)
        let radius = positions.reduce(0) { $0 + norm($1 - centre) } / Double(positions.count)
        let counts = rep.map { lattice.sites[$0.site].space.count }
        return Orbit(order: rep.count, representative: rep, images: images, diameter: distances.last ?? 0, radius: radius,
                     distances: distances, sublattices: rep.map { lattice.sublatticeOfSite[$0.site] },
                     functions: labelingClasses(counts: counts, permutations: permutations))
    }
}

/// Multi-indices (α_i in 1..<M_i, first index fastest) grouped into classes under the permutations.
func labelingClasses(counts: [Int], permutations: [[Int]]) -> [[[Int]]] {
    var all: [[Int]] = [[]]
    for m in counts {
        var next: [[Int]] = []
        for a in 1..<max(m, 2) where a < m { for tuple in all { next.append(tuple + [a]) } }
        all = next
    }
    // Reorder so that the first index varies fastest.
    all.sort { x, y in
        for i in stride(from: x.count - 1, through: 0, by: -1) where x[i] != y[i] { return x[i] < y[i] }
        return false
    }
    var classOf: [[Int]: Int] = [:]
    var classes: [[[Int]]] = []
    for tuple in all where classOf[tuple] == nil {
        var members: [[Int]] = []
        for perm in permutations {
            var image = tuple
            for i in 0..<tuple.count { image[perm[i]] = tuple[i] }
            if classOf[image] == nil { classOf[image] = classes.count; members.append(image) }
        }
        if classOf[tuple] == nil { classOf[tuple] = classes.count; members.insert(tuple, at: 0) }
        classes.append(members)
    }
    return classes
}
