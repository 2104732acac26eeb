// Reading VASP vasprun.xml files: the final structure, the final energy (σ →
// 0, with pymatgen's correction of VASP 5.4.4's ionic-step value), the free
// energy, and the magnetic moment per ion integrated from the site-projected
// occupations (LORBIT), the numbers OUTCAR's magnetization table prints.
import Foundation
import Lattice

/// Reads the final structure, energy and moments of a vasprun.xml.
///
///     let s = try Vasprun.read(Array(text.utf8), id: "run1/vasprun.xml")
///     s.energy, s.magneticMoments
enum Vasprun {
    static let format = StructureFormat.vasprun

    static func read(_ bytes: [UInt8], id: String) throws -> AtomicStructure {
        let root = try XMLTree.parse(bytes, format: format)
        func fail(_ message: String, _ element: XMLElement) -> FormatError { FormatError(format, message, line: element.line) }
        guard root.name == "modeling" else { throw fail("the root element is <\(root.name)>, not VASP's <modeling>", root) }
        guard let atominfo = root.child("atominfo"), let atoms = atominfo.child("array", named: "atoms"), let set = atoms.child("set") else {
            throw fail("no <atominfo> with the atoms array", root)
        }
        let elements = try set.all("rc").map { rc -> String in
            guard let c = rc.all("c").first else { throw fail("an atom without its element", rc) }
            let symbol = c.text.trimmingCharacters(in: .whitespaces)
            guard let first = symbol.first, first.isLetter else { throw fail("'\(symbol)' is not an element", c) }
            return symbol
        }
        guard !elements.isEmpty else { throw fail("no atoms", set) }
        let calculations = root.all("calculation")
        let structureElement = root.all("structure").first { $0.attributes["name"] == "finalpos" }
            ?? calculations.last?.child("structure") ?? root.all("structure").first { $0.attributes["name"] == "initialpos" }
        guard let structure = structureElement else { throw fail("no structure", root) }
        guard let crystal = structure.child("crystal"), let basis = crystal.child("varray", named: "basis") else {
            throw fail("the structure has no crystal basis", structure)
        }
        let rows = try basis.all("v").map { v -> [Double] in
            let x = v.numbers
            guard x.count == 3 else { throw fail("a basis vector needs three numbers", v) }
            return x
        }
        guard rows.count == 3 else { throw fail("the basis needs three vectors", basis) }
        let vectors = Matrix3(rows: rows)
        guard let positionsElement = structure.child("varray", named: "positions") else { throw fail("the structure has no positions", structure) }
        let fractional = try positionsElement.all("v").map { v -> Vector3 in
            let x = v.numbers
            guard x.count == 3 else { throw fail("a position needs three numbers", v) }
            return Vector3(x[0], x[1], x[2])
        }
        guard fractional.count == elements.count else {
            throw fail("\(fractional.count) positions for \(elements.count) atoms", positionsElement)
        }
        var s = AtomicStructure(id: id, vectors: vectors, elements: elements, charges: Array(repeating: nil, count: elements.count),
                                positions: fractional.map { vectors.leftMultiply($0) }, info: [], energy: nil)
        // Energy of the last ionic step.
        if let last = calculations.last(where: { $0.child("energy") != nil }), let energy = last.child("energy") {
            func value(_ e: XMLElement?, _ name: String) -> Double? { e?.child("i", named: name).flatMap { Double($0.text.trimmingCharacters(in: .whitespacesAndNewlines)) } }
            guard let e0 = value(energy, "e_0_energy"), let efr = value(energy, "e_fr_energy") else { throw fail("the energy lacks e_0_energy or e_fr_energy", energy) }
            var total = e0
            if let step = last.all("scstep").last?.child("energy"), let s0 = value(step, "e_0_energy"), let sfr = value(step, "e_fr_energy") {
                let fixed = ((s0 - sfr + efr) * 1e8).rounded(.toNearestOrEven) / 1e8
                if abs(total - fixed) > 1e-7 { total = fixed }
            }
            s.energy = total
            s.info.append(("free_energy", String(efr)))
        }
        if let moments = try projectedMoments(root, calculations: calculations, ions: elements.count) {
            s.magneticMoments = moments["tot"]
            s.atomArrays = ["s", "p", "d", "f"].compactMap { k in moments[k].map { ("magmom_" + k, $0) } }
        }
        return s
    }

    /// Σ_k w_k Σ_b (f↑ P↑ − f↓ P↓) per ion and orbital group from the last calculation with projections; nil without them.
    private static func projectedMoments(_ root: XMLElement, calculations: [XMLElement], ions: Int) throws -> [String: [Double]]? {
        guard let calculation = calculations.last(where: { $0.child("projected") != nil }), let projected = calculation.child("projected"),
              let array = projected.child("array"), let spins = array.child("set")?.all("set") else { return nil }
        func fail(_ message: String, _ element: XMLElement) -> FormatError { FormatError(format, message, line: element.line) }
        guard spins.count == 2 || spins.count == 4 else { return nil }   // ISPIN = 1 has no moments
        let weights = root.child("kpoints")?.child("varray", named: "weights")?.all("v").compactMap { $0.numbers.first } ?? []
        guard let occupations = calculation.child("eigenvalues")?.child("array")?.child("set")?.all("set") else {
            throw fail("projections without eigenvalues and occupations", calculation)
        }
        let fields = array.all("field").map { $0.text.trimmingCharacters(in: .whitespaces) }
        let groups = fields.map { f -> String in f == "x2-y2" || f.hasPrefix("d") ? "d" : String(f.prefix(1)) }
        var sums = [String: [Double]]()
        for g in Set(groups) { sums[g] = [Double](repeating: 0, count: ions) }
        var vector = [[Double]](repeating: [Double](repeating: 0, count: ions), count: 3)
        for (spin, spinSet) in spins.enumerated() {
            // Collinear: spin 1 up, spin 2 down. Non-collinear: total, then the x, y, z components.
            guard spins.count == 2 || spin > 0 else { continue }
            let sign = spins.count == 2 ? (spin == 0 ? 1.0 : -1.0) : 1.0
            let occupationSet = occupations[spins.count == 2 ? spin : 0]
            let kpoints = spinSet.all("set")
            guard kpoints.count == weights.count, kpoints.count == occupationSet.all("set").count else {
                throw fail("the projections cover \(kpoints.count) k-points, the weights \(weights.count)", spinSet)
            }
            for (k, kpoint) in kpoints.enumerated() {
                let occ = occupationSet.all("set")[k].all("r").map { $0.numbers }
                let bands = kpoint.all("set")
                guard bands.count == occ.count else { throw fail("\(bands.count) projected bands but \(occ.count) occupations", kpoint) }
                for (b, band) in bands.enumerated() {
                    guard occ[b].count >= 2 else { throw fail("an eigenvalue line needs the energy and occupation", band) }
                    let factor = sign * weights[k] * occ[b][1]
                    let rows = band.all("r")
                    guard rows.count == ions else { throw fail("\(rows.count) ions projected, \(ions) atoms", band) }
                    for (ion, row) in rows.enumerated() {
                        let p = row.numbers
                        guard p.count == fields.count else { throw fail("\(p.count) projections for \(fields.count) orbitals", row) }
                        for (o, g) in groups.enumerated() {
                            if spins.count == 2 { sums[g]?[ion] += factor * p[o] } else { vector[spin - 1][ion] += factor * p[o] }
                        }
                    }
                }
            }
        }
        if spins.count == 4 {
            return ["tot": (0..<ions).map { i -> Double in
                let squares: Double = vector[0][i] * vector[0][i] + vector[1][i] * vector[1][i] + vector[2][i] * vector[2][i]
                return squares.squareRoot()
            }]
        }
        let orbitals = sums.keys.sorted().compactMap { sums[$0] }
        sums["tot"] = (0..<ions).map { i in orbitals.reduce(0.0) { $0 + $1[i] } }
        return sums
    }
}
