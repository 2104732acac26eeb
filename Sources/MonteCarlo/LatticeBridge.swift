// The bridge from the Lattice module to the Monte Carlo engine: a cluster
// expansion (cluster table + ECIs + site basis) folded into cluster lookup
// tables, the supercell's Ewald interaction matrix, and configurations.
import Lattice

extension ClusterTableModel {
    /// The cluster expansion of a supercell as lookup tables:
    /// E = cells · (J_0 + Σ_f J_f m_f Φ_f(σ)), with `eci[f]` per correlation function in
    /// `ClusterTable.functionOrbit` order (f = 0 the empty cluster) and m_f its orbit's multiplicity,
    /// i.e. ECIs that multiply the feature columns m_f Φ_f, energies per primitive cell.
    ///
    /// One energy table per orbit (Σ_f J_f times the average of the cluster functions over the
    /// function's labelings) and one template per prim site, from `ClusterTable.siteClusters`;
    /// only the slot rows are per site. A supercell so small that a cluster holds a site twice
    /// gets explicit terms instead (repeats merged).
    ///
    ///     let table = try ClusterTable(space: space, supercell: Supercell(lattice: fcc, size: 10))
    ///     let model = try ClusterTableModel(clusterTable: table, eci: fit.eci, basis: .sinusoid)
    public init(clusterTable table: ClusterTable, eci: [Double], basis: SiteBasis) throws {
        let functions = table.functionOrbit.count
        guard eci.count == functions else {
            throw MonteCarloError("the cluster space has \(functions) correlation functions (empty cluster first) but \(eci.count) ECIs were given")
        }
        let supercell = table.supercell
        let nPrim = supercell.lattice.sites.count
        let primCounts = supercell.lattice.sites.map(\.space.count)
        guard primCounts.allSatisfy({ $0 >= 1 && $0 <= 255 }) else { throw MonteCarloError("site spaces must have 1...255 species") }
        let base = primCounts.max() ?? 1
        let values = table.basisTable(basis)
        let orbits = table.space.orbits
        var functionsOfOrbit = [[Int]](repeating: [], count: orbits.count)
        for f in 1..<functions where eci[f] != 0 { functionsOfOrbit[Int(table.functionOrbit[f])].append(f) }

        // One table per orbit with a nonzero ECI: E[σ_0 + base σ_1 + ...], sites in representative order.
        var kindOfOrbit = [Int32](repeating: -1, count: orbits.count)
        var kindTable: [Int32] = [], kindOrder: [Int32] = [], tables: [Double] = []
        for (o, orbit) in orbits.enumerated() where !functionsOfOrbit[o].isEmpty {
            let k = orbit.order
            let sites = orbit.representative.map(\.site)
            kindOfOrbit[o] = Int32(kindTable.count)
            kindTable.append(Int32(tables.count))
            kindOrder.append(Int32(k))
            var size = 1
            for _ in 0..<k { size *= base }
            var sigma = [Int](repeating: 0, count: k)
            for index in 0..<size {
                var rest = index, valid = true
                for q in 0..<k {
                    sigma[q] = rest % base
                    rest /= base
                    if sigma[q] >= primCounts[sites[q]] { valid = false }
                }
                var value = 0.0
                if valid {
                    for f in functionsOfOrbit[o] {
                        let l0 = table.functionLabelingStart[f], l1 = table.functionLabelingStart[f + 1]
                        var sum = 0.0
                        for lb in stride(from: l0, to: l1, by: k) {
                            var product = 1.0
                            for q in 0..<k { product *= values.value(site: sites[q], alpha: Int(table.labelings[lb + q]), sigma: sigma[q]) }
                            sum += product
                        }
                        value += eci[f] * sum / Double((l1 - l0) / k)
                    }
                }
                tables.append(value)
            }
        }

        // One template per prim site: its groups of kept orbits, slots renumbered to the ones used.
        var templates: [SiteTemplate] = [], slotPoints: [[LatticePoint]] = []
        for s in 0..<nPrim {
            let around = table.siteClusters[s]
            var renumber = [Int32](repeating: -1, count: around.slots.count)
            var points: [LatticePoint] = []
            var template = SiteTemplate()
            for g in 0..<around.groupCount where kindOfOrbit[Int(around.groupOrbit[g])] >= 0 {
                let o = Int(around.groupOrbit[g])
                var others: [Int32] = []
                for c in around.groupStart[g]..<around.groupStart[g + 1] {
                    for slot in around.others[around.othersStart[c]..<around.othersStart[c + 1]] {
                        if renumber[Int(slot)] < 0 {
                            renumber[Int(slot)] = Int32(points.count)
                            points.append(around.slots[Int(slot)])
                        }
                        others.append(renumber[Int(slot)])
                    }
                }
                template.append(kind: Int(kindOfOrbit[o]), position: Int(around.groupPosition[g]), order: orbits[o].order,
                                count: around.groupStart[g + 1] - around.groupStart[g], others: others)
            }
            template.slotCount = points.count
            templates.append(template)
            slotPoints.append(points)
        }
        let n = supercell.siteCount
        let width = ClusterTableModel.paddedWidth(slotPoints.map(\.count).max() ?? 0)
        guard n <= Int(Int32.max) / max(1, width) else {
            throw MonteCarloError("a model of \(n) sites with \(width) neighbours each is too large")
        }
        let neighbourhood = FixedBuffer<Int32>(count: n * width) { supercell.neighbourSites(slotPoints, width: width, into: $0) }
        // A cluster that holds a site twice (a supercell smaller than the clusters) breaks the
        // templates' view of "the other sites": give such a supercell explicit terms.
        for s in 0..<nPrim {
            for k in 0..<slotPoints[s].count where Int(neighbourhood.pointer[s * width + k]) == s {
                try self.init(explicit: table, kindOfOrbit: kindOfOrbit, kindTable: kindTable, tables: tables,
                              base: base, constant: Double(supercell.cellCount) * eci[0])
                return
            }
        }
        let templateOfSite = FixedBuffer<Int32>(repeating: 0, count: n)
        for i in 0..<n { templateOfSite.pointer[i] = Int32(i % nPrim) }
        self.init(siteCount: n, speciesCounts: (0..<n).map { UInt8(primCounts[$0 % nPrim]) },
                  constant: Double(supercell.cellCount) * eci[0], base: base, width: width, neighbourhood: neighbourhood,
                  siteTemplate: templateOfSite, templates: templates, kindTable: kindTable, kindOrder: kindOrder, tables: tables,
                  translations: Self.translationNeighbours(supercell, slotPoints))
    }

    /// Where each site is in the supercell's translation group and which relative translations
    /// hold a neighbour (nil when an axis is too long to pack).
    private static func translationNeighbours(_ supercell: Supercell, _ slotPoints: [[LatticePoint]]) -> TranslationNeighbours? {
        let g = supercell.translations, d = g.orders
        guard d.x < TranslationNeighbours.axisLimit, d.y < TranslationNeighbours.axisLimit, d.z < TranslationNeighbours.axisLimit else { return nil }
        let nPrim = supercell.lattice.sites.count, cells = supercell.cellCount
        let coordinates = FixedBuffer<UInt64>(repeating: 0, count: supercell.siteCount)
        for cell in 0..<cells {
            let u = g.coordinates(index: Int(supercell.translationOfCell[cell]))
            let packed = UInt64(u.x) | UInt64(u.y) << 21 | UInt64(u.z) << 42
            for s in 0..<nPrim { coordinates.pointer[cell * nPrim + s] = packed }
        }
        let bits = FixedBuffer<UInt64>(repeating: 0, count: (nPrim * nPrim * cells + 63) / 64)
        for (s, points) in slotPoints.enumerated() {
            for p in points {
                let bit = (s * nPrim + p.site) * cells + g.index(g.coordinates(p.cell))
                bits.pointer[bit >> 6] |= 1 << UInt64(bit & 63)
            }
        }
        return TranslationNeighbours(orders: d, primSites: nPrim, cells: cells, coordinates: coordinates, bits: bits)
    }

    /// Explicit terms (every image in every cell) from the orbit tables, for supercells where a
    /// cluster wraps onto itself.
    private init(explicit table: ClusterTable, kindOfOrbit: [Int32], kindTable: [Int32], tables: [Double],
                 base: Int, constant: Double) throws {
        let supercell = table.supercell
        let counts = (0..<supercell.siteCount).map { supercell.space($0).count }
        var terms: [ClusterTerm] = []
        for (o, orbit) in table.space.orbits.enumerated() where kindOfOrbit[o] >= 0 {
            let k = orbit.order, offset = Int(kindTable[Int(kindOfOrbit[o])])
            let radices = orbit.representative.map { supercell.lattice.sites[$0.site].space.count }
            var unpadded = [Double](repeating: 0, count: radices.reduce(1, *))
            for index in unpadded.indices {
                var rest = index, padded = 0, stride = 1
                for q in 0..<k {
                    padded += (rest % radices[q]) * stride
                    rest /= radices[q]
                    stride *= base
                }
                unpadded[index] = tables[offset + padded]
            }
            for image in orbit.images {
                for t in supercell.cells {
                    terms.append(ClusterTerm(sites: image.map { supercell.siteIndex(site: $0.site, cell: $0.cell &+ t) }, table: unpadded))
                }
            }
        }
        try self.init(speciesCounts: counts.map { UInt8($0) }, terms: terms, constant: constant)
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
