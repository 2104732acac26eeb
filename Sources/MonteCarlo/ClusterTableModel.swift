// A cluster expansion with everything folded into lookup tables, laid out by
// what each site sees: every site has a neighbourhood (the sites it shares a
// cluster with, in slot order) and a template (its clusters as groups of
// slots, one group per cluster kind and position). Sites related by a
// translation share one template, so a supercell's model costs one row of
// slot indices per site and tables that do not grow with it.

/// One cluster: its sites and its energy for every joint occupation.
///
/// `table[Σ_k σ(sites[k]) · Π_{m<k} M(sites[m])]` is the cluster's energy, with M(i)
/// the number of species of site i (first site fastest).
///
///     // a nearest-neighbour Ising bond between sites 0 and 1, E = -J s0 s1, s = ±1
///     let bond = ClusterTerm(sites: [0, 1], table: [-1, 1, 1, -1])
public struct ClusterTerm: Sendable, Equatable {
    /// The sites of the cluster (a site may repeat in tiny supercells; repeats are merged).
    public var sites: [Int]
    /// The energy of each joint occupation, first site fastest.
    public var table: [Double]

    /// Creates a cluster term.
    public init(sites: [Int], table: [Double]) {
        self.sites = sites
        self.table = table
    }
}

/// The clusters one site belongs to, as seen from the site.
///
/// Group g is `order[g]`-site clusters of kind `kind[g]` with the site at position
/// `position[g]`; its clusters' other positions, in position order, are the slots
/// `slots[slotStart[g] + e · (order[g] - 1) + q]` for e in 0..<count[g].
struct SiteTemplate: Sendable, Equatable, Hashable {
    var kind: [Int32] = []
    var position: [Int32] = []
    var order: [Int32] = []
    var count: [Int32] = []
    var slotStart: [Int32] = []
    var slots: [Int32] = []
    /// Slots in use (0..<slotCount).
    var slotCount = 0

    /// Appends a group of `n` clusters; `others` holds `n · (order - 1)` slots.
    mutating func append(kind k: Int, position p: Int, order w: Int, count n: Int, others: [Int32]) {
        kind.append(Int32(k)); position.append(Int32(p)); order.append(Int32(w))
        count.append(Int32(n))
        slotStart.append(Int32(slots.count))
        slots += others
        if let m = others.max() { slotCount = max(slotCount, Int(m) + 1) }
    }
}

/// An energy model made of cluster lookup tables, with local flip differences.
///
///     let model = try ClusterTableModel(speciesCounts: [2, 2], terms: [bond])
///     model.energy(of: [0, 1])   // 1
public struct ClusterTableModel: Sendable {
    /// The number of sites.
    public let siteCount: Int
    /// The species count of each site.
    public let speciesCounts: [UInt8]
    /// An energy added to every configuration.
    public let constant: Double

    /// Table radix: the largest species count.
    let base: Int
    /// Slots per site, padded to a multiple of 8 (unused slots hold the site itself).
    let width: Int
    /// The site in each slot of each site: `neighbourhood[i * width + k]`.
    let neighbourhood: FixedBuffer<Int32>
    /// The template of each site, and the distinct templates.
    let siteTemplate: FixedBuffer<Int32>
    let templates: [SiteTemplate]
    /// The energy table of each cluster kind, `base^order` entries with position 0 fastest.
    let kindTable: [Int32]
    let kindOrder: [Int32]
    let tables: [Double]
    /// For a model built on a supercell (sites' templates = their prim sites): which sites share clusters.
    let translations: TranslationNeighbours?

    /// A bound on any site's share of the energy: the largest Σ over its clusters of the largest
    /// |table entry|. Energy differences are sums of such entries, so their rounding is far below it.
    public var siteEnergyScale: Double {
        let largest = (0..<kindTable.count).map { k -> Double in
            let start = Int(kindTable[k]), size = (0..<Int(kindOrder[k])).reduce(1) { p, _ in p * base }
            return tables[start..<(start + size)].reduce(0) { max($0, abs($1)) }
        }
        return templates.map { t in t.kind.indices.reduce(0.0) { $0 + Double(t.count[$1]) * largest[Int(t.kind[$1])] } }.max() ?? 0
    }

    /// The number of cluster terms (each cluster once).
    public var termCount: Int {
        var n = 0
        for i in 0..<siteCount {
            let t = templates[Int(siteTemplate.pointer[i])]
            for g in t.kind.indices where t.position[g] == 0 { n += Int(t.count[g]) }
        }
        return n
    }

    init(siteCount: Int, speciesCounts: [UInt8], constant: Double, base: Int, width: Int, neighbourhood: FixedBuffer<Int32>,
         siteTemplate: FixedBuffer<Int32>, templates: [SiteTemplate], kindTable: [Int32], kindOrder: [Int32], tables: [Double],
         translations: TranslationNeighbours? = nil) {
        self.siteCount = siteCount
        self.speciesCounts = speciesCounts
        self.constant = constant
        self.base = base
        self.width = width
        self.neighbourhood = neighbourhood
        self.siteTemplate = siteTemplate
        self.templates = templates
        self.kindTable = kindTable
        self.kindOrder = kindOrder
        self.tables = tables
        self.translations = translations
    }

    /// Builds the tables from explicit cluster terms; throws if a term names a site that does not
    /// exist or has a table of the wrong size. Terms on the same sites with equal tables share a kind.
    public init(speciesCounts: [UInt8], terms: [ClusterTerm], constant: Double = 0) throws {
        let n = speciesCounts.count
        guard n > 0 else { throw MonteCarloError("a cluster model needs at least one site") }
        guard speciesCounts.allSatisfy({ $0 >= 1 }) else { throw MonteCarloError("every site needs at least one species") }
        let base = Int(speciesCounts.max() ?? 1)
        // Every term as a function of distinct sites, on a table padded to radix `base`.
        var kinds: [[Double]: Int32] = [:]
        var kindTable: [Int32] = [], kindOrder: [Int32] = [], tables: [Double] = []
        var termSites: [[Int]] = [], termKind: [Int32] = []
        termSites.reserveCapacity(terms.count)
        for (t, term) in terms.enumerated() {
            guard !term.sites.isEmpty else { throw MonteCarloError("cluster \(t) has no sites") }
            for s in term.sites where s < 0 || s >= n {
                throw MonteCarloError("cluster \(t) names site \(s), but sites are 0..<\(n)")
            }
            let radices = term.sites.map { Int(speciesCounts[$0]) }
            let expected = radices.reduce(1, *)
            guard term.table.count == expected else {
                throw MonteCarloError("cluster \(t) on sites \(term.sites) needs a table of \(expected) energies, got \(term.table.count)")
            }
            var distinct: [Int] = []
            for s in term.sites where !distinct.contains(s) { distinct.append(s) }
            var padded = [Double](repeating: 0, count: (0..<distinct.count).reduce(1) { p, _ in p * base })
            for index in padded.indices {
                var rest = index, digits: [Int] = []
                for _ in distinct { digits.append(rest % base); rest /= base }
                var original = 0, stride = 1, valid = true
                for (k, s) in term.sites.enumerated() {
                    let digit = digits[distinct.firstIndex(of: s) ?? 0]
                    if digit >= radices[k] { valid = false; break }
                    original += digit * stride
                    stride *= radices[k]
                }
                if valid { padded[index] = term.table[original] }
            }
            let key = padded + [Double(distinct.count)]
            let kind: Int32
            if let k = kinds[key] {
                kind = k
            } else {
                kind = Int32(kindTable.count)
                kinds[key] = kind
                kindTable.append(Int32(tables.count))
                kindOrder.append(Int32(distinct.count))
                tables += padded
            }
            termSites.append(distinct)
            termKind.append(kind)
        }
        // Each site's clusters grouped by (kind, position); slots numbered as the site meets them.
        var incidences = [[(kind: Int32, position: Int32, term: Int32)]](repeating: [], count: n)
        for (t, sites) in termSites.enumerated() {
            for (p, s) in sites.enumerated() { incidences[s].append((termKind[t], Int32(p), Int32(t))) }
        }
        var hoods: [[Int32]] = [], siteTemplates: [SiteTemplate] = []
        hoods.reserveCapacity(n)
        siteTemplates.reserveCapacity(n)
        for i in 0..<n {
            let sorted = incidences[i].enumerated().sorted { a, b in
                (a.element.kind, a.element.position, a.offset) < (b.element.kind, b.element.position, b.offset)
            }.map(\.element)
            var hood: [Int32] = []
            var template = SiteTemplate()
            var g = 0
            while g < sorted.count {
                var h = g
                var others: [Int32] = []
                while h < sorted.count && sorted[h].kind == sorted[g].kind && sorted[h].position == sorted[g].position {
                    for (q, s) in termSites[Int(sorted[h].term)].enumerated() where q != Int(sorted[h].position) {
                        if let slot = hood.firstIndex(of: Int32(s)) {
                            others.append(Int32(slot))
                        } else {
                            others.append(Int32(hood.count))
                            hood.append(Int32(s))
                        }
                    }
                    h += 1
                }
                template.append(kind: Int(sorted[g].kind), position: Int(sorted[g].position),
                                order: Int(kindOrder[Int(sorted[g].kind)]), count: h - g, others: others)
                g = h
            }
            template.slotCount = hood.count
            hoods.append(hood)
            siteTemplates.append(template)
        }
        let width = Self.paddedWidth(hoods.map(\.count).max() ?? 0)
        let neighbourhood = FixedBuffer<Int32>(repeating: 0, count: n * width)
        for i in 0..<n {
            for k in 0..<width { neighbourhood.pointer[i * width + k] = k < hoods[i].count ? hoods[i][k] : Int32(i) }
        }
        // Sites with the same view of their clusters share a template.
        var distinctTemplates: [SiteTemplate] = [], templateIndex: [SiteTemplate: Int32] = [:], siteTemplate: [Int32] = []
        for t in siteTemplates {
            if let k = templateIndex[t] { siteTemplate.append(k); continue }
            templateIndex[t] = Int32(distinctTemplates.count)
            siteTemplate.append(Int32(distinctTemplates.count))
            distinctTemplates.append(t)
        }
        self.init(siteCount: n, speciesCounts: speciesCounts, constant: constant, base: base, width: width,
                  neighbourhood: neighbourhood, siteTemplate: FixedBuffer(siteTemplate), templates: distinctTemplates,
                  kindTable: kindTable, kindOrder: kindOrder, tables: tables)
    }

    /// Slots rounded up to a multiple of 8 (whole SIMD rows when scanning a neighbourhood).
    static func paddedWidth(_ slots: Int) -> Int { max(8, (slots + 7) / 8 * 8) }

    /// The total energy of an occupation (a full recomputation, for checks and records):
    /// every cluster once, from the site at its position 0.
    ///
    /// Counts how often each table entry occurs (integers, so the sum does not depend on the
    /// order sites are visited in), then adds count × entry over the tables in order: the same
    /// bits on every machine and for every site order, and one rounding per entry, not per cluster.
    /// Each site's neighbourhood row is read once (a 10^6-site row array is far larger than the caches).
    public func energy(of occupation: [UInt8]) -> Double {
        precondition(occupation.count == siteCount, "occupation has \(occupation.count) sites, model \(siteCount)")
        // Per template, its position-0 groups as [table, arity, count, slot offset] in `plan`.
        var planStart = [Int](repeating: 0, count: templates.count + 1)
        var plan: [Int] = [], slotList: [Int] = []
        for (index, t) in templates.enumerated() {
            for g in t.kind.indices where t.position[g] == 0 {
                let arity = Int(t.order[g]) - 1, count = Int(t.count[g]), s0 = Int(t.slotStart[g])
                plan += [Int(kindTable[Int(t.kind[g])]), arity, count, slotList.count]
                slotList += t.slots[s0..<(s0 + count * arity)].map { Int($0) }
            }
            planStart[index + 1] = plan.count
        }
        var occurrences = [Int](repeating: 0, count: tables.count)
        let hood = neighbourhood.pointer, templateOf = siteTemplate.pointer, width = self.width, base = self.base
        occupation.withUnsafeBufferPointer { occ in
            plan.withUnsafeBufferPointer { plan in
                slotList.withUnsafeBufferPointer { slots in
                    occurrences.withUnsafeMutableBufferPointer { seen in
                        for i in 0..<siteCount {
                            let t = Int(templateOf[i])
                            let row = hood + i * width
                            var q = planStart[t]
                            let last = planStart[t + 1]
                            while q < last {
                                let own = plan[q] + Int(occ[i]), arity = plan[q + 1], count = plan[q + 2]
                                var s = plan[q + 3]
                                for _ in 0..<count {
                                    var entry = own, stride = base
                                    for _ in 0..<arity {
                                        entry += Int(occ[Int(row[slots[s]])]) * stride
                                        stride *= base
                                        s += 1
                                    }
                                    seen[entry] &+= 1
                                }
                                q += 4
                            }
                        }
                    }
                }
            }
        }
        var energy = constant
        for (entry, count) in occurrences.enumerated() where count != 0 { energy += Double(count) * tables[entry] }
        return energy
    }

    /// The energy of every cluster through `site` with the site at species `sigma`, the rest as in `occupation`.
    func localEnergy(_ occupation: [UInt8], site i: Int, sigma: Int) -> Double {
        let t = templates[Int(siteTemplate.pointer[i])]
        let hood = neighbourhood.pointer
        var energy = 0.0
        for g in t.kind.indices {
            let p = Int(t.position[g]), w = Int(t.order[g]), s0 = Int(t.slotStart[g])
            for e in 0..<Int(t.count[g]) {
                var index = 0, stride = 1, other = 0
                for position in 0..<w {
                    let digit = position == p ? sigma : Int(occupation[Int(hood[i * width + Int(t.slots[s0 + e * (w - 1) + other])])])
                    if position != p { other += 1 }
                    index += digit * stride
                    stride *= base
                }
                energy += tables[Int(kindTable[Int(t.kind[g])]) + index]
            }
        }
        return energy
    }

    /// The energy change when site `site` changes to species `species` (a local sum).
    public func flipDelta(_ occupation: [UInt8], site: Int, to species: UInt8) -> Double {
        localEnergy(occupation, site: site, sigma: Int(species)) - localEnergy(occupation, site: site, sigma: Int(occupation[site]))
    }
}
