// Writing atomic structures as DFT codes, ASE and pymatgen read them: VASP
// POSCAR (one structure), extended XYZ (ASE's format, any number of frames)
// and CIF (one P1 data block per structure). Text only; the shell writes files.
import Foundation
import Lattice

/// The structure formats ce writes.
///
///     let text = try StructureWriter.text([atoms], as: .poscar)
public enum StructureWriter {
    public enum Format: String, CaseIterable, Sendable {
        case poscar = "POSCAR"
        case extendedXYZ = "extended XYZ"
        case cif = "CIF"

        /// The format a file name asks for: POSCAR/CONTCAR names and .vasp/.poscar, .extxyz/.xyz, .cif; nil otherwise.
        ///
        ///     StructureWriter.Format(path: "out/POSCAR")   // .poscar
        public init?(path: String) {
            let base = (path.split(separator: "/").last.map(String.init) ?? path)
            let lower = base.lowercased()
            if lower.hasSuffix(".extxyz") || lower.hasSuffix(".xyz") { self = .extendedXYZ }
            else if lower.hasSuffix(".cif") { self = .cif }
            else if lower.hasSuffix(".vasp") || lower.hasSuffix(".poscar") || base.hasPrefix("POSCAR") || base.hasPrefix("CONTCAR") { self = .poscar }
            else { return nil }
        }
    }

    /// The text of `structures` in `format`. POSCAR holds one structure; a structure without atoms
    /// (every site vacant) cannot be written, and says which one it is.
    public static func text(_ structures: [AtomicStructure], as format: Format) throws -> String {
        guard !structures.isEmpty else { throw FormatError("\(format.rawValue): no structures to write") }
        for s in structures where s.elements.isEmpty {
            throw FormatError("\(format.rawValue): structure '\(s.id)' has no atoms (every site is vacant), so it cannot be written")
        }
        for s in structures where abs(s.vectors.determinant) < 1e-12 || !s.vectors.m.allSatisfy(\.isFinite) {
            throw FormatError("\(format.rawValue): structure '\(s.id)' has no cell (its vectors are singular)")
        }
        switch format {
        case .poscar:
            guard structures.count == 1 else {
                throw FormatError("POSCAR holds one structure, and \(structures.count) were given; write them as extended XYZ or CIF, or one POSCAR each")
            }
            return poscar(structures[0])
        case .extendedXYZ: return structures.map(extendedXYZ).joined()
        case .cif: return structures.enumerated().map { cif($1, block: $0) }.joined(separator: "\n")
        }
    }

    /// VASP 5 POSCAR: the id as comment, scale 1, species grouped in order of first appearance, Direct coordinates.
    static func poscar(_ s: AtomicStructure) -> String {
        var order: [String] = []
        for e in s.elements where !order.contains(e) { order.append(e) }
        var lines = [oneLine(s.id), "1.0"]
        for i in 0..<3 {
            let r = s.vectors.row(i)
            lines.append("  " + [r.x, r.y, r.z].map { String(format: "%20.14f", $0) }.joined(separator: " "))
        }
        lines.append("  " + order.joined(separator: " "))
        lines.append("  " + order.map { e in String(s.elements.filter { $0 == e }.count) }.joined(separator: " "))
        lines.append("Direct")
        for e in order {
            for (k, element) in s.elements.enumerated() where element == e {
                let f = fractional(s, k)
                lines.append("  " + [f.x, f.y, f.z].map { String(format: "%18.14f", $0) }.joined(separator: " ") + "  " + e)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One extended XYZ frame (ASE's conventions): Lattice, Properties, pbc, id, the energy when known,
    /// then the other info keys; species, Cartesian positions, and oxidation states when every atom has one.
    static func extendedXYZ(_ s: AtomicStructure) -> String {
        let lattice = (0..<3).flatMap { i -> [Double] in let r = s.vectors.row(i); return [r.x, r.y, r.z] }
        let withCharges = s.charges.allSatisfy { $0 != nil }
        var header = "Lattice=\"" + lattice.map { String(format: "%.14f", $0) }.joined(separator: " ") + "\""
        header += " Properties=species:S:1:pos:R:3" + (withCharges ? ":oxi:R:1" : "")
        header += " pbc=\"T T T\" id=" + quoted(s.id)
        if let energy = s.energy { header += " energy=" + String(format: "%.17g", energy) }
        for (key, value) in s.info where key != "id" && key != "energy" { header += " \(key)=" + quoted(value) }
        var lines = [String(s.elements.count), header]
        for (k, e) in s.elements.enumerated() {
            let p = s.positions[k]
            var line = e.padding(toLength: max(e.count, 3), withPad: " ", startingAt: 0)
            line += [p.x, p.y, p.z].map { String(format: " %20.14f", $0) }.joined()
            if withCharges, let q = s.charges[k] { line += String(format: " %8.4f", q) }
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One CIF data block in space group P1: cell lengths and angles, one site per atom with its element,
    /// a label, fractional coordinates and occupancy 1.
    static func cif(_ s: AtomicStructure, block: Int) -> String {
        let a = s.vectors.row(0), b = s.vectors.row(1), c = s.vectors.row(2)
        func length(_ v: Vector3) -> Double { (v * v).sum().squareRoot() }
        func angle(_ u: Vector3, _ v: Vector3) -> Double { acos(max(-1, min(1, (u * v).sum() / (length(u) * length(v))))) * 180 / .pi }
        let name = s.id.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) || $0 == "_" || $0 == "-" ? String($0) : "_" }.joined()
        var lines = ["data_" + (name.isEmpty ? "structure_\(block)" : name), "_symmetry_space_group_name_H-M   'P 1'",
                     "_symmetry_Int_Tables_number   1"]
        for (key, value) in [("a", length(a)), ("b", length(b)), ("c", length(c))] {
            lines.append("_cell_length_\(key)   " + String(format: "%.14f", value))
        }
        for (key, value) in [("alpha", angle(b, c)), ("beta", angle(a, c)), ("gamma", angle(a, b))] {
            lines.append("_cell_angle_\(key)   " + String(format: "%.14f", value))
        }
        lines += ["loop_", " _symmetry_equiv_pos_site_id", " _symmetry_equiv_pos_as_xyz", "  1  'x, y, z'",
                  "loop_", " _atom_site_type_symbol", " _atom_site_label", " _atom_site_symmetry_multiplicity",
                  " _atom_site_fract_x", " _atom_site_fract_y", " _atom_site_fract_z", " _atom_site_occupancy"]
        for (k, e) in s.elements.enumerated() {
            let f = fractional(s, k)
            lines.append("  \(e)  \(e)\(k)  1  " + [f.x, f.y, f.z].map { String(format: "%.14f", $0) }.joined(separator: "  ") + "  1")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Atom k's fractional coordinates, wrapped into [0, 1).
    private static func fractional(_ s: AtomicStructure, _ k: Int) -> Vector3 {
        let inverse = s.vectors.inverse ?? .identity
        var f = inverse.leftMultiply(s.positions[k])
        f -= f.rounded(.down)
        for j in 0..<3 where f[j] >= 1 - 1e-12 || abs(f[j]) < 1e-15 { f[j] = 0 }
        return f
    }

    private static func oneLine(_ text: String) -> String {
        text.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
    }

    /// A value as an extxyz key=value token: bare when it has no space or quote, else double-quoted.
    private static func quoted(_ value: String) -> String {
        let clean = oneLine(value).replacingOccurrences(of: "\"", with: "'")
        return clean.contains(" ") || clean.contains("=") || clean.isEmpty ? "\"" + clean + "\"" : clean
    }
}
