// A configuration as the atoms a DFT code computes: the occupied sites of its
// supercell at their ideal positions (vacancies dropped), ready for the
// structure writers of the Formats target.
import Lattice

extension AtomicStructure {
    /// The atoms of a configuration at the ideal lattice positions; vacancies are left out.
    ///
    ///     let atoms = AtomicStructure(configuration: c, id: "enum-17")
    ///     atoms.elements.count       // the sites not vacant
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
