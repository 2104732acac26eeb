// ATAT's files: lat.in (a lattice: each site lists its allowed species) and
// str.out (a structure: one species per site). Both start with the coordinate
// system (three vectors, or a b c α β γ), then three lattice vectors in it,
// then one line per site with its position in the coordinate system.
import Foundation
import Lattice

/// Reads ATAT lat.in and str.out.
///
///     let lat = try ATAT.lattice(text, name: "lat.in")
///     let s = try ATAT.structure(text, id: "0/str.out")
public enum ATAT {
    /// A lattice from lat.in: sites "x y z Sp1,Sp2,...", the species in the file's order.
    public static func lattice(_ text: String, name: String = "lat.in") throws -> CrystalLattice {
        let cell = try header(text, format: "ATAT lat.in")
        var sites: [LatticeSite] = []
        for (line, number) in cell.sites {
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard parts.count >= 4, let x = Double(parts[0]), let y = Double(parts[1]), let z = Double(parts[2]) else {
                throw FormatError("ATAT lat.in: a site line should be 'x y z Species1,Species2'", line: number)
            }
            let names = parts[3...].joined().split(separator: ",").map(String.init)
            do {
                sites.append(LatticeSite(position: cell.inverse.leftMultiply(cell.coordinates.leftMultiply(Vector3(x, y, z))), space: try SiteSpace(names)))
            } catch let e as LatticeError {
                throw FormatError("ATAT lat.in: \(e.message)", line: number)
            }
        }
        do { return try CrystalLattice(name: name, vectors: cell.vectors, sites: sites) } catch let e as LatticeError {
            throw FormatError("ATAT lat.in: \(e.message)")
        }
    }

    /// A structure from str.out: atoms "x y z Species" (Cartesian in the coordinate system).
    static func structure(_ text: String, id: String) throws -> AtomicStructure {
        let cell = try header(text, format: StructureFormat.strOut.rawValue)
        var elements: [String] = [], positions: [Vector3] = []
        for (line, number) in cell.sites {
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard parts.count >= 4, let x = Double(parts[0]), let y = Double(parts[1]), let z = Double(parts[2]) else {
                throw FormatError(.strOut, "an atom line should be 'x y z Species'", line: number)
            }
            guard let species = try? Species(parsing: parts[3]), !species.isVacancy else {
                throw FormatError(.strOut, "'\(parts[3])' is not an element", line: number)
            }
            elements.append(species.element)
            positions.append(cell.coordinates.leftMultiply(Vector3(x, y, z)))
        }
        guard !elements.isEmpty else { throw FormatError(.strOut, "no atoms after the lattice vectors") }
        return AtomicStructure(id: id, vectors: cell.vectors, elements: elements, charges: elements.map { _ in nil }, positions: positions,
                               info: [], energy: nil)
    }

    /// The coordinate system of lat.in or str.out (Cartesian rows), in which its sites and clusters.out's points are written.
    static func coordinateSystem(_ text: String) throws -> Matrix3 {
        try header(text, format: "ATAT lat.in").coordinates
    }

    /// The coordinate system, the lattice vectors (Cartesian rows) and the remaining lines with their numbers.
    private static func header(_ text: String, format: String) throws -> (coordinates: Matrix3, vectors: Matrix3, inverse: Matrix3, sites: [(Substring, Int)]) {
        var lines: [(Substring, Int)] = []
        for (k, l) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let t = l.trimmingCharacters(in: .whitespaces)
            if !t.isEmpty && !t.hasPrefix("#") { lines.append((Substring(t), k + 1)) }
        }
        func numbers(_ i: Int, _ what: String) throws -> [Double] {
            let parts = lines[i].0.split(whereSeparator: { $0 == " " || $0 == "\t" })
            let values = parts.compactMap { Double($0) }
            guard values.count == parts.count else { throw FormatError("\(format): expected numbers for \(what)", line: lines[i].1) }
            return values
        }
        guard !lines.isEmpty else { throw FormatError("\(format): the file is empty") }
        var coordinates: Matrix3
        var next = 0
        let first = try numbers(0, "the coordinate system")
        if first.count == 6 {
            let (a, b, c) = (first[0], first[1], first[2])
            let (al, be, ga) = (first[3] * .pi / 180, first[4] * .pi / 180, first[5] * .pi / 180)
            let cx = c * cos(be)
            let cy = c * (cos(al) - cos(be) * cos(ga)) / sin(ga)
            let cz = (c * c - cx * cx - cy * cy).squareRoot()
            coordinates = Matrix3(rows: [[a, 0, 0], [b * cos(ga), b * sin(ga), 0], [cx, cy, cz]])
            next = 1
        } else {
            guard lines.count >= 3 else { throw FormatError("\(format): the coordinate system needs three lines", line: lines[0].1) }
            let rows = try (0..<3).map { try numbers($0, "coordinate vector \($0 + 1)") }
            guard rows.allSatisfy({ $0.count == 3 }) else { throw FormatError("\(format): each coordinate vector needs three numbers", line: lines[0].1) }
            coordinates = Matrix3(rows: rows)
            next = 3
        }
        guard lines.count >= next + 4 else { throw FormatError("\(format): expected three lattice vectors and at least one site", line: lines.last?.1) }
        let rows = try (next..<(next + 3)).map { try numbers($0, "a lattice vector") }
        guard rows.allSatisfy({ $0.count == 3 }) else { throw FormatError("\(format): each lattice vector needs three numbers", line: lines[next].1) }
        let vectors = Matrix3(rows: rows) * coordinates
        guard let inverse = vectors.inverse, coordinates.determinant.isFinite, abs(vectors.determinant) > 1e-8 else {
            throw FormatError("\(format): the lattice vectors are linearly dependent", line: lines[next].1)
        }
        return (coordinates, vectors, inverse, Array(lines[(next + 3)...]))
    }
}
