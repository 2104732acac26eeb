// A cluster expansion with everything folded into lookup tables: each cluster
// has its sites and an energy table indexed by their joint occupation (ECIs,
// multiplicities and basis functions already multiplied in). Built once, then
// flip energy differences only touch the clusters of the flipped site.

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

/// An energy model made of cluster lookup tables, with local flip differences.
///
///     let model = try ClusterTableModel(speciesCounts: [2, 2], terms: [bond])
///     model.energy(of: [0, 1])   // 1
public struct ClusterTableModel: Sendable {
    /// The number of sites.
    public let siteCount: Int
    /// The species count of each site.
    public let speciesCounts: [UInt8]
    /// The number of cluster terms (after merging repeated sites).
    public var termCount: Int { termTables.count }
    /// An energy added to every configuration.
    public let constant: Double

    /// Table radix: the largest species count.
    let base: Int
    /// Sites per padded cluster.
    let width: Int
    /// All distinct tables, concatenated; each padded to base^width entries.
    let tables: [Double]
    /// Per term: offset of its table and its `width` (padded) sites.
    let termTables: [Int32]
    let termSites: [Int32]
    /// Per site: the range of its entries (CSR), each entry's table offset (with the site's
    /// own occupation as the fastest index) and its `width - 1` other sites.
    let entryStart: [Int32]
    let entryTables: [Int32]
    let entryOthers: [Int32]

    /// Builds the tables; throws if a term names a site that does not exist or has a table of the wrong size.
    public init(speciesCounts: [UInt8], terms: [ClusterTerm], constant: Double = 0) throws {
        let n = speciesCounts.count
        guard n > 0 else { throw MonteCarloError("a cluster model needs at least one site") }
        guard speciesCounts.allSatisfy({ $0 >= 1 }) else { throw MonteCarloError("every site needs at least one species") }
        let base = Int(speciesCounts.max() ?? 1)
        // Merge repeated sites so that every term is a function of distinct sites.
        var merged: [(sites: [Int], table: [Double])] = []
        merged.reserveCapacity(terms.count)
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
            if distinct.count == term.sites.count {
                merged.append((term.sites, term.table))
                continue
            }
            let dRadices = distinct.map { Int(speciesCounts[$0]) }
            var table = [Double](repeating: 0, count: dRadices.reduce(1, *))
            for index in table.indices {
                let occ = ClusterTableModel.digits(index, radices: dRadices)
                var original = 0, stride = 1
                for (k, s) in term.sites.enumerated() {
                    original += occ[distinct.firstIndex(of: s) ?? 0] * stride
                    stride *= radices[k]
                }
                table[index] = term.table[original]
            }
            merged.append((distinct, table))
        }
        let width = max(1, merged.map { $0.sites.count }.max() ?? 1)
        let padded = (0..<width).reduce(1) { acc, _ in acc * base }

        var tables: [Double] = []
        var interned: [[UInt64]: Int32] = [:]
        func intern(_ table: [Double]) -> Int32 {
            let key = table.map { $0.bitPattern }
            if let offset = interned[key] { return offset }
            let offset = Int32(tables.count)
            tables += table
            interned[key] = offset
            return offset
        }
        // A padded table over `order` (a permutation of the term's distinct sites,
        // padded with repeats of order[0]): entry Σ_k o_k base^k, radix `base` on every axis.
        func paddedTable(_ term: (sites: [Int], table: [Double]), order: [Int]) -> [Double] {
            let radices = term.sites.map { Int(speciesCounts[$0]) }
            var out = [Double](repeating: 0, count: padded)
            for index in 0..<padded {
                let o = ClusterTableModel.digits(index, radices: Array(repeating: base, count: width))
                var original = 0, stride = 1, valid = true
                for (k, s) in term.sites.enumerated() {
                    let slot = order.firstIndex(of: s) ?? 0
                    if o[slot] >= radices[k] { valid = false; break }
                    original += o[slot] * stride
                    stride *= radices[k]
                }
                if valid { out[index] = term.table[original] }
            }
            return out
        }

        var termTables: [Int32] = [], termSites: [Int32] = []
        var perSite: [[(Int32, [Int32])]] = Array(repeating: [], count: n)
        var permutedCache: [[Int]: Int32] = [:]
        for term in merged {
            let order = term.sites + Array(repeating: term.sites[0], count: width - term.sites.count)
            termTables.append(intern(paddedTable(term, order: order)))
            termSites += order.map { Int32($0) }
            for (p, site) in term.sites.enumerated() {
                var others = term.sites
                others.remove(at: p)
                let permuted = [site] + others + Array(repeating: site, count: width - term.sites.count)
                // Tables repeat across translations: cache by (table offset, position) via the term's canonical table.
                let key = [Int(termTables[termTables.count - 1]), p, term.sites.count]
                let offset: Int32
                if let cached = permutedCache[key] {
                    offset = cached
                } else {
                    offset = intern(paddedTable(term, order: permuted))
                    permutedCache[key] = offset
                }
                perSite[site].append((offset, (others + Array(repeating: site, count: width - term.sites.count)).map { Int32($0) }))
            }
        }
        var entryStart: [Int32] = [0], entryTables: [Int32] = [], entryOthers: [Int32] = []
        for site in 0..<n {
            for (offset, others) in perSite[site] {
                entryTables.append(offset)
                entryOthers += others
            }
            entryStart.append(Int32(entryTables.count))
        }
        self.siteCount = n
        self.speciesCounts = speciesCounts
        self.constant = constant
        self.base = base
        self.width = width
        self.tables = tables
        self.termTables = termTables
        self.termSites = termSites
        self.entryStart = entryStart
        self.entryTables = entryTables
        self.entryOthers = entryOthers
    }

    /// The mixed-radix digits of `index`, first digit fastest.
    static func digits(_ index: Int, radices: [Int]) -> [Int] {
        var rest = index
        return radices.map { r in
            defer { rest /= r }
            return rest % r
        }
    }

    /// The total energy of an occupation (a full recomputation, for checks and records).
    public func energy(of occupation: [UInt8]) -> Double {
        precondition(occupation.count == siteCount, "occupation has \(occupation.count) sites, model \(siteCount)")
        var e = constant
        for t in termTables.indices {
            var index = 0, stride = 1
            for k in 0..<width {
                index += Int(occupation[Int(termSites[t * width + k])]) * stride
                stride *= base
            }
            e += tables[Int(termTables[t]) + index]
        }
        return e
    }

    /// The energy change when site `site` changes to species `species` (a local sum).
    public func flipDelta(_ occupation: [UInt8], site: Int, to species: UInt8) -> Double {
        var occ = occupation
        return occ.withUnsafeMutableBufferPointer { p in
            ClusterKernel(self).flipDelta(p.baseAddress.unsafelyUnwrapped, site, species)
        }
    }
}

/// The hot-loop form of a `ClusterTableModel`: the same tables behind raw pointers.
final class ClusterKernel: EnergyKernel {
    let base: Int
    let othersCount: Int
    let start: UnsafeMutablePointer<Int32>
    let entryTables: UnsafeMutablePointer<Int32>
    let others: UnsafeMutablePointer<Int32>
    let tables: UnsafeMutablePointer<Double>
    let model: ClusterTableModel

    init(_ model: ClusterTableModel) {
        self.model = model
        base = model.base
        othersCount = model.width - 1
        start = ClusterKernel.copy(model.entryStart)
        entryTables = ClusterKernel.copy(model.entryTables)
        others = ClusterKernel.copy(model.entryOthers)
        tables = ClusterKernel.copy(model.tables)
    }

    deinit {
        start.deallocate(); entryTables.deallocate(); others.deallocate(); tables.deallocate()
    }

    static func copy<T>(_ array: [T]) -> UnsafeMutablePointer<T> {
        let p = UnsafeMutablePointer<T>.allocate(capacity: max(1, array.count))
        array.withUnsafeBufferPointer { b in
            if let a = b.baseAddress { p.initialize(from: a, count: array.count) }
        }
        return p
    }

    func total(_ occupation: [UInt8]) -> Double { model.energy(of: occupation) }

    @inline(__always)
    func flipDelta(_ occ: UnsafeMutablePointer<UInt8>, _ site: Int, _ to: UInt8) -> Double {
        let old = Int(occ[site]), new = Int(to)
        var delta = 0.0
        let lo = Int(start[site]), hi = Int(start[site + 1])
        switch othersCount {
        case 1:
            for e in lo..<hi {
                let t = tables + Int(entryTables[e]) + base * Int(occ[Int(others[e])])
                delta += t[new] - t[old]
            }
        case 2:
            let b2 = base * base
            for e in lo..<hi {
                let o = others + 2 * e
                let t = tables + Int(entryTables[e]) + base * Int(occ[Int(o[0])]) + b2 * Int(occ[Int(o[1])])
                delta += t[new] - t[old]
            }
        default:
            for e in lo..<hi {
                let o = others + othersCount * e
                var index = 0, stride = base
                for k in 0..<othersCount {
                    index += Int(occ[Int(o[k])]) * stride
                    stride *= base
                }
                let t = tables + Int(entryTables[e]) + index
                delta += t[new] - t[old]
            }
        }
        return delta
    }
}
