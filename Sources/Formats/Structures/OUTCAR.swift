// Reading VASP OUTCAR files: the final ionic step's cell, positions, energy
// (σ → 0, as pymatgen and ASE report it), free energy, and the magnetization
// per ion (s, p, d, f and total columns). A run without VASP's closing timing
// section is refused as unfinished or truncated.
import Foundation
import Lattice

/// Reads the last completed ionic step of an OUTCAR.
///
///     let s = try OUTCAR.read(text, id: "run1/OUTCAR")
///     s.energy              // energy(sigma->0), eV per cell
///     s.magneticMoments     // the "tot" column of the last magnetization (x) table
enum OUTCAR {
    static let format = StructureFormat.outcar

    static func read(_ text: String, id: String) throws -> AtomicStructure {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        func fail(_ message: String, _ line: Int) -> FormatError { FormatError(format, message, line: line + 1) }
        // Header: species from the POTCAR lines (each is printed twice), counts from "ions per type".
        var potcars: [String] = [], titles: [String] = [], counts: [Int]?
        var i = 0
        while i < lines.count, !lines[i].contains("POSITION  ") {
            let line = lines[i]
            if line.contains("POTCAR:") { potcars.append(try element(line, after: "POTCAR:", i)) }
            if line.contains("TITEL") { titles.append(try element(line, after: "=", i)) }
            if line.contains("ions per type") {
                let parts = line.split(separator: "=").last?.split(whereSeparator: { $0 == " " }).compactMap { Int($0) } ?? []
                guard !parts.isEmpty, parts.allSatisfy({ $0 >= 0 }) else { throw fail("cannot read the counts on the 'ions per type' line", i) }
                counts = parts
            }
            i += 1
        }
        guard let counts else { throw fail("no 'ions per type' line: this is not a VASP OUTCAR, or it ends in its header", lines.count - 1) }
        var species = titles.count == counts.count ? titles : Array(potcars.prefix((potcars.count + 1) / 2))
        if species.count != counts.count, potcars.count == counts.count { species = potcars }
        guard species.count == counts.count else {
            throw fail("the header names \(species.count) species (POTCAR/TITEL lines) for \(counts.count) ion types", i)
        }
        let elements = zip(species, counts).flatMap { Array(repeating: $0, count: $1) }
        let n = elements.count
        guard n > 0, n <= 10_000_000 else { throw fail("the header gives \(n) ions", i) }
        // Steps: the cell last printed, the positions, the magnetization, then the energy closes the step.
        var cell: Matrix3?, positions: [Vector3]?, magnetization: [String: [Double]]?, magnetizationY: [Double]?, magnetizationZ: [Double]?
        var last: (cell: Matrix3, positions: [Vector3], moments: [String: [Double]]?, energy: Double, free: Double, line: Int)?
        var finished = false
        i = 0
        while i < lines.count {
            let line = lines[i]
            if line.contains("direct lattice vectors") {
                guard i + 3 < lines.count else { throw fail("the file ends inside the lattice vectors", lines.count - 1) }
                let rows = try (1...3).map { k -> [Double] in
                    let v = outcarNumbers(lines[i + k])
                    guard v.count >= 3 else { throw fail("expected three lattice vector components", i + k) }
                    return Array(v.prefix(3))
                }
                cell = Matrix3(rows: rows)
                i += 4
                continue
            }
            if line.contains("POSITION  ") && line.contains("TOTAL-FORCE") {
                guard i + 1 + n < lines.count else { throw fail("the file ends inside the POSITION block", lines.count - 1) }
                positions = try (0..<n).map { a in
                    let v = outcarNumbers(lines[i + 2 + a])
                    guard v.count >= 6 else { throw fail("expected a position and a force (6 numbers) for ion \(a + 1)", i + 2 + a) }
                    return Vector3(v[0], v[1], v[2])
                }
                i += 2 + n
                continue
            }
            if line.contains("magnetization (") {
                let axis = line.contains("(y)") ? "y" : (line.contains("(z)") ? "z" : "x")
                let table = try magnetizationTable(lines, start: i, ions: n, fail)
                switch axis {
                case "x": magnetization = table; magnetizationY = nil; magnetizationZ = nil
                case "y": magnetizationY = table["tot"]
                default: magnetizationZ = table["tot"]
                }
                i += 4 + n
                continue
            }
            if line.contains("FREE ENERGIE OF THE ION-ELECTRON SYSTEM") {
                guard i + 4 < lines.count else { throw fail("the file ends inside the energy block", lines.count - 1) }
                let free = outcarNumbers(lines[i + 2]).first
                let sigma0 = lines[i + 4].contains("energy(sigma->0)") ? outcarNumbers(lines[i + 4]).last : nil
                guard let free, let sigma0 else { throw fail("cannot read 'free  energy   TOTEN' and 'energy(sigma->0)'", i + 2) }
                guard let c = cell else { throw fail("an energy before any lattice vectors", i) }
                guard let p = positions else { throw fail("an energy before any POSITION block", i) }
                var moments = magnetization
                if var m = moments, let y = magnetizationY, let z = magnetizationZ, let x = m["tot"] {
                    // Non-collinear: the length of the total moment.
                    m["tot"] = (0..<n).map { a -> Double in
                        let squares: Double = x[a] * x[a] + y[a] * y[a] + z[a] * z[a]
                        return squares.squareRoot()
                    }
                    moments = m
                }
                last = (c, p, moments, sigma0, free, i)
                positions = nil
                magnetization = nil
                i += 5
                continue
            }
            if line.contains("General timing and accounting informations for this job") { finished = true }
            i += 1
        }
        guard let step = last else { throw fail("no ionic step completed (no 'FREE ENERGIE OF THE ION-ELECTRON SYSTEM' block)", lines.count - 1) }
        guard finished else {
            throw fail("the file ends without VASP's closing timing section: the run did not finish or the file is truncated", lines.count - 1)
        }
        return AtomicStructure(id: id, vectors: step.cell, elements: elements, charges: Array(repeating: nil, count: n),
                               positions: step.positions, info: [("free_energy", String(step.free))], energy: step.energy,
                               magneticMoments: step.moments?["tot"],
                               atomArrays: ["s", "p", "d", "f"].compactMap { k in step.moments?[k].map { ("magmom_" + k, $0) } })
    }

    /// The element symbol in a POTCAR/TITEL line ("PAW_PBE Mn_pv 02Aug2007" gives Mn, "H1.25" gives H).
    private static func element(_ line: Substring, after marker: String, _ index: Int) throws -> String {
        guard let range = line.range(of: marker) else { throw FormatError(format, "no \(marker) on the line", line: index + 1) }
        let parts = line[range.upperBound...].split(separator: " ")
        let token = parts.count >= 2 ? (line.contains("1/r potential") ? parts[0] : parts[1]) : (parts.first ?? "")
        let symbol = String(token.split(separator: "_").first ?? "").filter(\.isLetter)
        guard let first = symbol.first, first.isUppercase, symbol.count <= 2 else {
            throw FormatError(format, "cannot read an element in '\(line.trimmingCharacters(in: .whitespaces))'", line: index + 1)
        }
        return symbol
    }

    /// A magnetization table: column names (s, p, d, [f,] tot) to one value per ion.
    private static func magnetizationTable(_ lines: [Substring], start: Int, ions n: Int,
                                           _ fail: (String, Int) -> FormatError) throws -> [String: [Double]] {
        guard start + 3 + n < lines.count else { throw fail("the file ends inside the magnetization table", lines.count - 1) }
        let header = lines[start + 2].split(separator: " ").map(String.init)
        guard header.first == "#", let tot = header.last, tot == "tot" else { throw fail("expected the '# of ion  s  p  d  tot' header", start + 2) }
        let names = Array(header.dropFirst(3))   // "#", "of", "ion", then the orbital names
        var columns = [String: [Double]]()
        for name in names { columns[name] = [] }
        for a in 0..<n {
            let v = outcarNumbers(lines[start + 4 + a])
            guard v.count == names.count + 1, Int(v[0]) == a + 1 else {
                throw fail("expected ion \(a + 1) and \(names.count) moments", start + 4 + a)
            }
            for (k, name) in names.enumerated() { columns[name]?.append(v[k + 1]) }
        }
        return columns
    }
}

/// The numbers on an OUTCAR line, reading Fortran's run-together negatives ("1.000-2.000") apart.
func outcarNumbers(_ line: Substring) -> [Double] {
    var tokens: [Double] = []
    for word in line.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
        if let v = Double(word) { tokens.append(v); continue }
        // Split before a '-' that follows a digit (not an exponent).
        var pieces: [String] = [], current = ""
        var previous: Character = " "
        for c in word {
            if c == "-", previous.isNumber, !current.isEmpty { pieces.append(current); current = "" }
            current.append(c)
            previous = c
        }
        pieces.append(current)
        for p in pieces { if let v = Double(p) { tokens.append(v) } }
    }
    return tokens
}
