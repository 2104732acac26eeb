// VASP POSCAR/CONTCAR files: VASP 5 (species line, "Ag" or VASP 6's
// "Ag_pv/5a3b..." labels) and VASP 4 (no species line: the species are given),
// a positive scale factor or a negative one (the cell volume), Direct or
// Cartesian coordinates, selective dynamics.
import Foundation
import Lattice

/// Reads POSCAR files.
///
///     let s = try POSCAR.read(text, id: "POSCAR", species: nil)
enum POSCAR {
    static let format = StructureFormat.poscar

    static func read(_ text: String, id: String, species given: [String]?) throws -> AtomicStructure {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        func words(_ k: Int) -> [Substring] { k < lines.count ? lines[k].split(whereSeparator: { $0 == " " || $0 == "\t" }) : [] }
        func numbers(_ k: Int) -> [Double] { words(k).compactMap { Double($0) } }
        guard lines.count >= 8 else { throw FormatError(format, "the file has \(lines.count) lines, fewer than a POSCAR's 8", line: lines.count) }
        guard let scale = numbers(1).first, scale != 0, scale.isFinite else { throw FormatError(format, "line 2 must hold the scale factor", line: 2) }
        let rows = try (2...4).map { k -> [Double] in
            let v = numbers(k)
            guard v.count >= 3 else { throw FormatError(format, "expected a lattice vector (three numbers)", line: k + 1) }
            return Array(v.prefix(3))
        }
        let raw = Matrix3(rows: rows)
        // A negative scale is the cell volume (Å³).
        let factor = scale < 0 ? pow(-scale / abs(raw.determinant), 1.0 / 3.0) : scale
        guard factor.isFinite, factor > 0 else { throw FormatError(format, "the scale factor \(scale) gives no cell", line: 2) }
        let vectors = Matrix3(raw.m.map { $0 * factor })
        // VASP 5 has a species line before the counts; VASP 4 starts with the counts.
        var k = 5
        var names: [String]
        if words(5).allSatisfy({ Int($0) != nil }) {
            guard let given else {
                throw FormatError(format, "line 6 gives counts but no species names (a VASP 4 file): name the species", line: 6)
            }
            names = given
        } else {
            names = words(5).map { element(String($0)) }
            k = 6
            if let given, given != names {
                throw FormatError(format, "the file names the species \(names) but \(given) were given", line: 6)
            }
        }
        let counts = words(k).compactMap { Int($0) }
        guard counts.count == words(k).count, counts.count == names.count, counts.allSatisfy({ $0 >= 0 }) else {
            throw FormatError(format, "expected one non-negative count for each of the species \(names)", line: k + 1)
        }
        guard names.allSatisfy({ !$0.isEmpty && $0.first?.isUppercase == true }) else {
            throw FormatError(format, "the species \(names) are not element symbols", line: k)
        }
        k += 1
        if k < lines.count, lines[k].lowercased().hasPrefix("s") { k += 1 }
        guard k < lines.count else { throw FormatError(format, "missing the Direct/Cartesian line", line: k + 1) }
        let cartesian = lines[k].lowercased().hasPrefix("c") || lines[k].lowercased().hasPrefix("k")
        k += 1
        let total = counts.reduce(0, +)
        guard total <= lines.count - k else { throw FormatError(format, "the file ends before its \(total) positions", line: lines.count) }
        var elements: [String] = [], positions: [Vector3] = []
        for (name, c) in zip(names, counts) {
            for _ in 0..<c {
                let v = numbers(k)
                guard v.count >= 3 else { throw FormatError(format, "expected three coordinates", line: k + 1) }
                let p = Vector3(v[0], v[1], v[2])
                positions.append(cartesian ? p * factor : vectors.leftMultiply(p))
                elements.append(name)
                k += 1
            }
        }
        return AtomicStructure(id: id, vectors: vectors, elements: elements, charges: Array(repeating: nil, count: elements.count),
                               positions: positions, info: [], energy: nil)
    }

    /// The element of a species label: "Mn", "Mn_pv", VASP 6's "Mn_pv/a1b2c3".
    static func element(_ label: String) -> String {
        String(label.split(separator: "/").first?.split(separator: "_").first ?? Substring(label))
    }
}
