// The order other codes give the species of a site, which decides the sign of
// their basis functions: pymatgen's (and so smol's), vacancy last.

extension Species {
    /// Whether pymatgen orders `a` before `b` on a site (electronegativity, then symbol, then
    /// oxidation state; a vacancy last), the order smol numbers a site's species in.
    ///
    ///     Species.pymatgenOrder(try Species(parsing: "Ni3+"), try Species(parsing: "Ni4+"))   // true
    public static func pymatgenOrder(_ a: Species, _ b: Species) -> Bool { smolSpeciesOrder(a, b) }
}
