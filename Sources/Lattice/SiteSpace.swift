// The ordered species allowed on one lattice site; the occupation index σ of
// a site is a position in this list.

/// The ordered list of species allowed on a site.
///
///     let oct = try SiteSpace(["Li+", "Mn2+", "Mn3+", "Mn4+", "Vac"])
///     oct.count          // 5
///     oct.isActive       // true (more than one species)
public struct SiteSpace: Hashable, Sendable, CustomStringConvertible {
    /// The species in order; σ indexes into this list.
    public let species: [Species]

    /// Creates a site space from species.
    public init(_ species: [Species]) throws {
        guard !species.isEmpty else { throw LatticeError("a site space needs at least one species") }
        guard Set(species).count == species.count else {
            throw LatticeError("site space [\(species.map(\.description).joined(separator: ", "))] lists a species twice")
        }
        self.species = species
    }

    /// Creates a site space by parsing species names.
    public init(_ names: [String]) throws {
        try self.init(names.map { try Species(parsing: $0) })
    }

    /// The number of species M.
    public var count: Int { species.count }

    /// Whether the site can change (more than one species).
    public var isActive: Bool { species.count > 1 }

    /// Whether a vacancy is allowed.
    public var allowsVacancy: Bool { species.contains { $0.isVacancy } }

    /// The index of the species matching an element and optional charge, or nil.
    ///
    /// A charged species must match the charge; a species written without a
    /// charge ("Ni") matches any charge of its element. Without a charge the
    /// match succeeds only when one species of that element is allowed.
    public func index(element: String, charge: Double?) -> Int? {
        if let q = charge {
            if let k = species.firstIndex(where: { $0.element == element && $0.hasCharge && abs($0.charge - q) < 1e-6 }) { return k }
            return species.firstIndex { $0.element == element && !$0.hasCharge }
        }
        let matches = species.indices.filter { species[$0].element == element }
        return matches.count == 1 ? matches[0] : nil
    }

    public var description: String { "[" + species.map(\.description).joined(separator: ", ") + "]" }
}
