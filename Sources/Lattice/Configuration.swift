// A configuration: an occupation σ (index into each site's space) for every
// site of a supercell; built from lists or drawn at random at a composition.

/// An occupation of a supercell.
///
///     var rng = RandomStream(seed: 7)
///     let c = try Configuration.random(supercell: sc, composition: [[0.5, 0.5]], rng: &rng)
///     c.occupation.count == sc.siteCount
public struct Configuration: Sendable {
    /// The supercell.
    public let supercell: Supercell
    /// σ per supercell site (index into the site's space).
    public let occupation: [Int]

    /// Creates a configuration, checking every σ against its site space.
    public init(supercell: Supercell, occupation: [Int]) throws {
        guard occupation.count == supercell.siteCount else {
            throw LatticeError("the occupation has \(occupation.count) entries but the supercell has \(supercell.siteCount) sites")
        }
        for (i, s) in occupation.enumerated() where s < 0 || s >= supercell.space(i).count {
            throw LatticeError("site \(i) has occupation \(s) but its space \(supercell.space(i)) has \(supercell.space(i).count) species")
        }
        self.supercell = supercell
        self.occupation = occupation
    }

    /// Creates a configuration from species names per supercell site.
    public init(supercell: Supercell, species: [String]) throws {
        guard species.count == supercell.siteCount else {
            throw LatticeError("\(species.count) species given but the supercell has \(supercell.siteCount) sites")
        }
        let occ = try species.enumerated().map { i, name -> Int in
            let sp = try Species(parsing: name)
            let space = supercell.space(i)
            guard let k = space.species.firstIndex(of: sp) ?? space.index(element: sp.element, charge: sp.hasCharge ? sp.charge : nil) else {
                throw LatticeError("\(name) is not allowed on site \(i) (allowed: \(space))")
            }
            return k
        }
        try self.init(supercell: supercell, occupation: occ)
    }

    /// A random configuration with exact counts: `composition[k]` gives the species fractions of sublattice k
    /// (nil: equal fractions). Counts are rounded so each sublattice is filled.
    public static func random(supercell: Supercell, composition: [[Double]]? = nil, rng: inout RandomStream) throws -> Configuration {
        let lattice = supercell.lattice
        if let composition, composition.count != lattice.sublattices.count {
            throw LatticeError("composition needs one list of fractions per sublattice (\(lattice.sublattices.count)), got \(composition.count)")
        }
        var occ = [Int](repeating: 0, count: supercell.siteCount)
        for (k, sub) in lattice.sublattices.enumerated() {
            let m = sub.space.count
            let fractions = composition?[safe: k] ?? Array(repeating: 1.0 / Double(m), count: m)
            guard fractions.count == m, fractions.allSatisfy({ $0 >= 0 }), abs(fractions.reduce(0, +) - 1) < 1e-6 else {
                throw LatticeError("sublattice \(sub.label) \(sub.space) needs \(m) non-negative fractions summing to 1, got \(fractions)")
            }
            let sites = (0..<supercell.siteCount).filter { sub.sites.contains(supercell.primSite($0)) }
            var counts = fractions.map { Int(($0 * Double(sites.count)).rounded(.down)) }
            // Largest remainders fill what flooring left out, lowest index first on ties.
            let order = fractions.indices.sorted { a, b in
                let ra = fractions[a] * Double(sites.count) - Double(counts[a]), rb = fractions[b] * Double(sites.count) - Double(counts[b])
                return ra != rb ? ra > rb : a < b
            }
            var missing = sites.count - counts.reduce(0, +)
            var j = 0
            while missing > 0 { counts[order[j % m]] += 1; missing -= 1; j += 1 }
            var labels: [Int] = []
            for (s, c) in counts.enumerated() { labels += Array(repeating: s, count: c) }
            for i in stride(from: labels.count - 1, to: 0, by: -1) {
                let r = rng.int(below: i + 1)
                labels.swapAt(i, r)
            }
            for (i, site) in sites.enumerated() { occ[site] = labels[i] }
        }
        return try Configuration(supercell: supercell, occupation: occ)
    }

    /// The charge of every site (oxidation state of its species).
    public var charges: [Double] {
        occupation.enumerated().map { i, s in supercell.space(i).species[s].charge }
    }
}

extension Array {
    subscript(safe i: Int) -> Element? { i >= 0 && i < count ? self[i] : nil }
}
