// A lattice from a disordered cell as files give it (ATAT lat.in, a pymatgen
// Structure with partial occupancies, a CIF with them): each site's species
// ordered as smol orders them, a vacancy added where the occupancies sum
// below one.

extension CrystalLattice {
    /// A lattice whose sites allow the species given with their occupancies: species in smol's order
    /// (electronegativity, then symbol, then oxidation state), a vacancy last when the occupancies sum below 1.
    ///
    ///     let lno = try CrystalLattice(name: "prim.json", vectors: m, disorderedSites: [
    ///         (Vector3(0, 0, 0), [(try Species(parsing: "Li+"), 0.5)]), ...])
    public init(name: String, vectors: Matrix3, disorderedSites: [(position: Vector3, species: [(species: Species, occupancy: Double)])]) throws {
        let sites = try disorderedSites.map { site -> LatticeSite in
            var species = site.species.map(\.species)
            species.sort(by: smolSpeciesOrder)
            let total = site.species.reduce(0) { $0 + $1.occupancy }
            if total < 1 - 1e-6 && !species.contains(where: \.isVacancy) { species.append(.vacancy) }
            return LatticeSite(position: site.position, space: try SiteSpace(species))
        }
        try self.init(name: name, vectors: vectors, sites: sites)
    }
}

/// pymatgen's species order (electronegativity, then symbol, then oxidation state), vacancy last.
public func smolSpeciesOrder(_ a: Species, _ b: Species) -> Bool {
    if a.isVacancy != b.isVacancy { return b.isVacancy }
    let xa = paulingElectronegativity[a.element] ?? 0, xb = paulingElectronegativity[b.element] ?? 0
    if xa != xb { return xa < xb }
    if a.element != b.element { return a.element < b.element }
    return a.charge < b.charge
}

/// Pauling electronegativities (pymatgen's values) used to order species like pymatgen.
let paulingElectronegativity: [String: Double] = [
    "H": 2.20, "He": 0, "Li": 0.98, "Be": 1.57, "B": 2.04, "C": 2.55, "N": 3.04, "O": 3.44, "F": 3.98, "Ne": 0,
    "Na": 0.93, "Mg": 1.31, "Al": 1.61, "Si": 1.90, "P": 2.19, "S": 2.58, "Cl": 3.16, "Ar": 0,
    "K": 0.82, "Ca": 1.00, "Sc": 1.36, "Ti": 1.54, "V": 1.63, "Cr": 1.66, "Mn": 1.55, "Fe": 1.83, "Co": 1.88,
    "Ni": 1.91, "Cu": 1.90, "Zn": 1.65, "Ga": 1.81, "Ge": 2.01, "As": 2.18, "Se": 2.55, "Br": 2.96, "Kr": 3.00,
    "Rb": 0.82, "Sr": 0.95, "Y": 1.22, "Zr": 1.33, "Nb": 1.6, "Mo": 2.16, "Tc": 1.9, "Ru": 2.2, "Rh": 2.28,
    "Pd": 2.20, "Ag": 1.93, "Cd": 1.69, "In": 1.78, "Sn": 1.96, "Sb": 2.05, "Te": 2.1, "I": 2.66, "Xe": 2.6,
    "Cs": 0.79, "Ba": 0.89, "La": 1.10, "Ce": 1.12, "Pr": 1.13, "Nd": 1.14, "Sm": 1.17, "Eu": 1.2, "Gd": 1.2,
    "Tb": 1.1, "Dy": 1.22, "Ho": 1.23, "Er": 1.24, "Tm": 1.25, "Yb": 1.1, "Lu": 1.27, "Hf": 1.3, "Ta": 1.5,
    "W": 2.36, "Re": 1.9, "Os": 2.2, "Ir": 2.20, "Pt": 2.28, "Au": 2.54, "Hg": 2.00, "Tl": 1.62, "Pb": 2.33,
    "Bi": 2.02, "Th": 1.3, "U": 1.38,
]

