// A configuration as the atoms DFT codes, ASE and pymatgen read: one atom per
// occupied site at its ideal position in the supercell, vacancies left out,
// in the configuration's site order (cell by cell, prim sites within a cell).

extension AtomicStructure {
    /// The atoms of a configuration at the ideal lattice positions; vacancies are left out.
    /// Atoms keep the configuration's site order (site i = prim site i mod n in cell i / n, with n
    /// sites per prim cell), skipping vacant sites.
    ///
    ///     let atoms = AtomicStructure(configuration: c, id: "final")
    ///     atoms.elements.count   // occupied sites
    public init(configuration c: Configuration, id: String, energy: Double? = nil, info: [(key: String, value: String)] = []) {
        var elements: [String] = [], positions: [Vector3] = [], charges: [Double?] = []
        for (i, s) in c.occupation.enumerated() {
            let species = c.supercell.space(i).species[s]
            guard !species.isVacancy else { continue }
            elements.append(species.element)
            positions.append(c.supercell.position(i))
            charges.append(species.hasCharge ? species.charge : nil)
        }
        self.init(id: id, vectors: c.supercell.vectors, elements: elements, charges: charges, positions: positions,
                  info: info, energy: energy)
    }
}
