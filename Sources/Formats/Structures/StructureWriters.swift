// Writing atomic structures as DFT codes and ASE read them: VASP POSCAR and
// extended XYZ text. Reading and writing files is the caller's job.
import Foundation
import Lattice

extension AtomicStructure {
    /// VASP 5 POSCAR text: the id as comment, scale 1, species grouped in order of first appearance,
    /// fractional (Direct) coordinates with 12 decimals.
    public func poscarText() -> String {
        var order: [String] = []
        for e in elements where !order.contains(e) { order.append(e) }
        var lines = [id.replacingOccurrences(of: "\n", with: " "), "1.0"]
        for i in 0..<3 {
            let r = vectors.row(i)
            lines.append("  " + [r.x, r.y, r.z].map { String(format: "%18.12f", $0) }.joined(separator: " "))
        }
        lines.append("  " + order.joined(separator: " "))
        lines.append("  " + order.map { e in String(elements.filter { $0 == e }.count) }.joined(separator: " "))
        lines.append("Direct")
        let inverse = vectors.inverse ?? .identity
        for e in order {
            for (k, element) in elements.enumerated() where element == e {
                var f = inverse.leftMultiply(positions[k])
                f -= f.rounded(.down)
                for j in 0..<3 where abs(f[j] - 1) < 1e-12 { f[j] = 0 }
                lines.append("  " + [f.x, f.y, f.z].map { String(format: "%16.12f", $0) }.joined(separator: " ") + "  " + e)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One extended XYZ frame (ASE's conventions): Lattice, Properties, pbc, the id, the energy when
    /// known, then `info`; per-atom species and Cartesian positions, and oxidation states when every atom has one.
    public func extendedXYZText() -> String {
        let lattice = (0..<3).flatMap { i -> [Double] in let r = vectors.row(i); return [r.x, r.y, r.z] }
        let withCharges = !charges.isEmpty && charges.allSatisfy { $0 != nil }
        var header = "Lattice=\"" + lattice.map { String(format: "%.12f", $0) }.joined(separator: " ") + "\""
        header += " Properties=species:S:1:pos:R:3" + (withCharges ? ":oxi:R:1" : "")
        header += " pbc=\"T T T\" id=" + quoted(id)
        if let energy { header += " energy=" + String(format: "%.12g", energy) }
        for (key, value) in info { header += " \(key)=" + quoted(value) }
        var lines = [String(elements.count), header]
        for (k, e) in elements.enumerated() {
            let p = positions[k]
            var line = e.padding(toLength: max(e.count, 3), withPad: " ", startingAt: 0)
            line += [p.x, p.y, p.z].map { String(format: " %18.12f", $0) }.joined()
            if withCharges, let q = charges[k] { line += String(format: " %6.2f", q) }
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// A value as an extxyz key=value token: bare when it has no space or quote, else double-quoted.
private func quoted(_ value: String) -> String {
    let clean = value.replacingOccurrences(of: "\"", with: "'").replacingOccurrences(of: "\n", with: " ")
    return clean.contains(" ") || clean.isEmpty ? "\"" + clean + "\"" : clean
}
