// A configuration: the occupation of every site of a supercell, with each
// site's number of allowed species and its sublattice, as flat arrays.

/// The occupation string σ of a supercell: `occupation[i]` indexes site i's species list.
///
///     var rng = RandomStream(seed: 1)
///     let c = try Configuration.random(siteCount: 2304, counts: [1536, 768], rng: &rng)
///     c.count(of: 1)   // 768
public struct Configuration: Sendable, Equatable {
    /// The species index of each site (0 ..< speciesCounts[i]).
    public var occupation: [UInt8]
    /// The number of species allowed on each site.
    public let speciesCounts: [UInt8]
    /// The sublattice of each site (0-based, dense); swaps stay within a sublattice.
    public let sublattices: [Int32]

    /// The number of sites.
    public var siteCount: Int { occupation.count }

    /// The number of sublattices.
    public var sublatticeCount: Int { Int(sublattices.max() ?? -1) + 1 }

    /// The largest number of species on any site.
    public var maxSpecies: Int { Int(speciesCounts.max() ?? 0) }

    /// Creates a configuration after checking that every occupation is allowed.
    public init(occupation: [UInt8], speciesCounts: [UInt8], sublattices: [Int32]) throws {
        guard !occupation.isEmpty else { throw MonteCarloError("a configuration needs at least one site") }
        guard speciesCounts.count == occupation.count, sublattices.count == occupation.count else {
            throw MonteCarloError("occupation, species counts and sublattices must have one entry per site (\(occupation.count) sites)")
        }
        for i in occupation.indices {
            guard speciesCounts[i] >= 1 else { throw MonteCarloError("site \(i) allows no species") }
            guard occupation[i] < speciesCounts[i] else {
                throw MonteCarloError("site \(i) holds species \(occupation[i]) but allows only \(speciesCounts[i])")
            }
            guard sublattices[i] >= 0 else { throw MonteCarloError("site \(i) has a negative sublattice index") }
        }
        self.occupation = occupation
        self.speciesCounts = speciesCounts
        self.sublattices = sublattices
    }

    /// A configuration on one sublattice of `speciesCount` species, from an occupation list.
    public init(occupation: [UInt8], speciesCount: Int) throws {
        guard speciesCount >= 1, speciesCount <= 255 else { throw MonteCarloError("species count must be 1...255, got \(speciesCount)") }
        try self.init(occupation: occupation,
                      speciesCounts: Array(repeating: UInt8(speciesCount), count: occupation.count),
                      sublattices: Array(repeating: 0, count: occupation.count))
    }

    /// A random single-sublattice configuration with exactly `counts[s]` sites of species s.
    ///
    ///     let c = try Configuration.random(siteCount: 9, counts: [6, 3], rng: &rng)
    public static func random(siteCount: Int, counts: [Int], rng: inout RandomStream) throws -> Configuration {
        guard counts.allSatisfy({ $0 >= 0 }), counts.reduce(0, +) == siteCount else {
            throw MonteCarloError("species counts \(counts) must be non-negative and add up to the \(siteCount) sites")
        }
        var occupation: [UInt8] = []
        occupation.reserveCapacity(siteCount)
        for (s, n) in counts.enumerated() { occupation += Array(repeating: UInt8(s), count: n) }
        rng.shuffle(&occupation)
        return try Configuration(occupation: occupation, speciesCount: counts.count)
    }

    /// Species counts for a composition given as fractions of each species (rounded; must be exact).
    ///
    ///     try Configuration.counts(siteCount: 2304, fractions: [2.0/3, 1.0/3])   // [1536, 768]
    public static func counts(siteCount: Int, fractions: [Double]) throws -> [Int] {
        let total = fractions.reduce(0, +)
        guard fractions.allSatisfy({ $0 >= 0 }), abs(total - 1) < 1e-9 else {
            throw MonteCarloError("composition fractions \(fractions) must be non-negative and add up to 1")
        }
        let counts = fractions.map { Int(($0 * Double(siteCount)).rounded()) }
        for (x, n) in zip(fractions, counts) where abs(Double(n) - x * Double(siteCount)) > 1e-6 {
            throw MonteCarloError("composition \(x) of \(siteCount) sites is not a whole number of sites (\(x * Double(siteCount)))")
        }
        guard counts.reduce(0, +) == siteCount else { throw MonteCarloError("composition does not fill the \(siteCount) sites") }
        return counts
    }

    /// The number of sites holding species `s`.
    public func count(of s: UInt8) -> Int { occupation.reduce(0) { $0 + ($1 == s ? 1 : 0) } }

    /// The number of sites of each species 0 ..< maxSpecies.
    public var speciesTally: [Int] {
        var tally = Array(repeating: 0, count: maxSpecies)
        for s in occupation { tally[Int(s)] += 1 }
        return tally
    }
}
