// Reading lattices from text: ATAT lat.in and pymatgen disordered Structure
// JSON (prim.json). Pure functions of the text; the shell reads the file.
import Foundation

extension CrystalLattice {
    /// Parses an ATAT `lat.in`: coordinate system (three vectors or `a b c α β γ`),
    /// three lattice vectors in it, then sites `x y z Sp1,Sp2,...`.
    ///
    ///     let lat = try CrystalLattice(latIn: "4 0 0\n0 4 0\n0 0 4\n0 .5 .5\n.5 0 .5\n.5 .5 0\n0 0 0 Ag,Pd\n")
    public init(latIn text: String, name: String = "lat.in") throws {
        var lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
        func numbers(_ line: String, _ what: String) throws -> [Double] {
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            let values = parts.compactMap { Double($0) }
            guard values.count == parts.count else { throw LatticeError("lat.in: expected numbers for \(what), got '\(line)'") }
            return values
        }
        guard !lines.isEmpty else { throw LatticeError("lat.in is empty") }
        var coordinate: Matrix3
        let first = try numbers(lines[0], "the coordinate system")
        if first.count == 6 {
            let (a, b, c) = (first[0], first[1], first[2])
            let (al, be, ga) = (first[3] * .pi / 180, first[4] * .pi / 180, first[5] * .pi / 180)
            let cx = c * cos(be)
            let cy = c * (cos(al) - cos(be) * cos(ga)) / sin(ga)
            let cz = (c * c - cx * cx - cy * cy).squareRoot()
            coordinate = Matrix3(rows: [[a, 0, 0], [b * cos(ga), b * sin(ga), 0], [cx, cy, cz]])
            lines.removeFirst()
        } else {
            guard lines.count >= 3 else { throw LatticeError("lat.in: the coordinate system needs three lines") }
            let rows = try (0..<3).map { try numbers(lines[$0], "coordinate vector \($0 + 1)") }
            guard rows.allSatisfy({ $0.count == 3 }) else { throw LatticeError("lat.in: each coordinate vector needs three numbers") }
            coordinate = Matrix3(rows: rows)
            lines.removeFirst(3)
        }
        guard lines.count >= 4 else { throw LatticeError("lat.in: expected three lattice vectors and at least one site") }
        let latRows = try (0..<3).map { try numbers(lines[$0], "lattice vector \($0 + 1)") }
        guard latRows.allSatisfy({ $0.count == 3 }) else { throw LatticeError("lat.in: each lattice vector needs three numbers") }
        let vectors = Matrix3(rows: latRows) * coordinate
        guard let inv = vectors.inverse else { throw LatticeError("lat.in: the lattice vectors are linearly dependent") }
        var sites: [LatticeSite] = []
        for line in lines.dropFirst(3) {
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard parts.count >= 4, let x = Double(parts[0]), let y = Double(parts[1]), let z = Double(parts[2]) else {
                throw LatticeError("lat.in: site line '\(line)' should be 'x y z Species1,Species2'")
            }
            let names = parts[3...].joined().split(separator: ",").map(String.init)
            let cart = coordinate.leftMultiply(Vector3(x, y, z))
            sites.append(LatticeSite(position: inv.leftMultiply(cart), space: try SiteSpace(names)))
        }
        try self.init(name: name, vectors: vectors, sites: sites)
    }

    /// Parses a pymatgen disordered `Structure` dict (prim.json): partial occupancies
    /// give the allowed species; occupancies summing below 1 add a vacancy (smol's rule).
    /// Species are ordered as smol orders them: by electronegativity, then oxidation state, vacancy last.
    public init(pymatgenJSON text: String, name: String = "prim.json") throws {
        guard let data = text.data(using: .utf8), let object = try? JSONSerialization.jsonObject(with: data) else {
            throw LatticeError("\(name): not valid JSON")
        }
        guard let dict = object as? [String: Any] else { throw LatticeError("\(name): expected a pymatgen Structure object") }
        let parsed = try PymatgenStructure(dict, context: name)
        var sites: [LatticeSite] = []
        for site in parsed.sites {
            var species = site.species.map(\.species)
            species.sort(by: smolSpeciesOrder)
            let total = site.species.reduce(0) { $0 + $1.occupancy }
            if total < 1 - 1e-6 { species.append(.vacancy) }
            sites.append(LatticeSite(position: site.fractional, space: try SiteSpace(species)))
        }
        try self.init(name: name, vectors: parsed.lattice, sites: sites)
    }
}

/// pymatgen's species order (electronegativity, then symbol, then oxidation state), vacancy last.
func smolSpeciesOrder(_ a: Species, _ b: Species) -> Bool {
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

/// A pymatgen Structure dict, read into plain values.
struct PymatgenStructure {
    struct Site { let species: [(species: Species, occupancy: Double)]; let fractional: Vector3 }
    let lattice: Matrix3
    let sites: [Site]

    init(_ dict: [String: Any], context: String) throws {
        guard let lat = dict["lattice"] as? [String: Any], let matrix = lat["matrix"] as? [[Any]], matrix.count == 3 else {
            throw LatticeError("\(context): no lattice.matrix in the Structure")
        }
        let rows = try matrix.map { row -> [Double] in
            let r = row.compactMap { ($0 as? NSNumber)?.doubleValue }
            guard r.count == 3 else { throw LatticeError("\(context): lattice.matrix rows need three numbers") }
            return r
        }
        lattice = Matrix3(rows: rows)
        guard let inv = lattice.inverse else { throw LatticeError("\(context): singular lattice") }
        guard let siteList = dict["sites"] as? [[String: Any]] else { throw LatticeError("\(context): no sites in the Structure") }
        sites = try siteList.enumerated().map { k, s in
            guard let spList = s["species"] as? [[String: Any]], !spList.isEmpty else {
                throw LatticeError("\(context): site \(k) has no species")
            }
            let species = try spList.map { sp -> (Species, Double) in
                guard let el = sp["element"] as? String else { throw LatticeError("\(context): site \(k) species without element") }
                let oxi = (sp["oxidation_state"] as? NSNumber)?.doubleValue
                let occ = (sp["occu"] as? NSNumber)?.doubleValue ?? 1
                let species = el == "X" || el == "Vac" ? Species.vacancy : Species(element: el, charge: oxi ?? 0, hasCharge: oxi != nil)
                return (species, occ)
            }
            let f: Vector3
            if let abc = s["abc"] as? [Any], abc.count == 3 {
                let v = abc.compactMap { ($0 as? NSNumber)?.doubleValue }
                guard v.count == 3 else { throw LatticeError("\(context): site \(k) abc needs three numbers") }
                f = Vector3(v[0], v[1], v[2])
            } else if let xyz = s["xyz"] as? [Any], xyz.count == 3 {
                let v = xyz.compactMap { ($0 as? NSNumber)?.doubleValue }
                guard v.count == 3 else { throw LatticeError("\(context): site \(k) xyz needs three numbers") }
                f = inv.leftMultiply(Vector3(v[0], v[1], v[2]))
            } else {
                throw LatticeError("\(context): site \(k) has no coordinates")
            }
            return Site(species: species.map { (species: $0.0, occupancy: $0.1) }, fractional: f)
        }
    }
}
