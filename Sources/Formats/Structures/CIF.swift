// Reading crystallographic information files (CIF 1.1): each data block's
// cell, symmetry operations (listed, or from the space group's symbol or
// number through spglib's database) and atom sites with occupancies, expanded
// to the full cell. Ordered blocks become structures; blocks with partial
// occupancies become disordered primitive cells (lattices). Errors give the line.
import Foundation
import Lattice

/// One CIF data block expanded by its symmetry.
public struct CIFBlock: Sendable {
    /// The block name (after `data_`) and the line it starts on.
    public let name: String
    public let line: Int
    /// Cell vectors (rows), Å, in pymatgen's orientation for the cell parameters.
    public let vectors: Matrix3
    /// The sites of the full cell: fractional position and species with occupancies.
    public let sites: [(fractional: Vector3, species: [(species: Species, occupancy: Double)])]

    /// Whether every site holds one species fully.
    public var isOrdered: Bool { sites.allSatisfy { $0.species.count == 1 && abs($0.species[0].occupancy - 1) < 1e-4 } }

    /// The block as a structure (ordered blocks only).
    public func structure(id: String) throws -> AtomicStructure {
        guard isOrdered else { throw FormatError(.cif, "block \(name) has partial occupancies: read it as a lattice, not a structure", line: line) }
        let species = sites.map { $0.species[0].species }
        return AtomicStructure(id: id, vectors: vectors, elements: species.map(\.element), charges: species.map { $0.hasCharge ? $0.charge : nil },
                               positions: sites.map { vectors.leftMultiply($0.fractional) }, info: [], energy: nil)
    }

    /// The block as a disordered lattice: each site allows its species (smol's order), plus a vacancy when
    /// its occupancies sum below 1.
    public func lattice(name fileName: String) throws -> CrystalLattice {
        do {
            return try CrystalLattice(name: fileName, vectors: vectors, disorderedSites: sites.map { ($0.fractional, $0.species) })
        } catch let e as LatticeError {
            throw FormatError(.cif, "block \(name): \(e.message)", line: line)
        }
    }
}

/// Reads CIF text.
///
///     for block in try CIF.read(text) { let s = try block.get().structure(id: "x.cif") }
public enum CIF {
    static let format = StructureFormat.cif

    /// The ordered blocks as structures (ids "NAME:BLOCK"); a disordered or bad block is a failure.
    static func structures(_ text: String, name: String) throws -> [Result<AtomicStructure, FormatError>] {
        try read(text).map { r in r.flatMap { b in Result { try b.structure(id: "\(name):\(b.name)") }.mapError { $0 as? FormatError ?? FormatError(format, "\($0)") } } }
    }

    /// The first block as a lattice (partial occupancies give each site its species).
    public static func lattice(_ text: String, name: String) throws -> CrystalLattice {
        guard let first = try read(text).first else { throw FormatError(format, "no data_ block") }
        return try first.get().lattice(name: name)
    }

    /// Every data block, each read on its own so one bad block leaves the others readable.
    public static func read(_ text: String) throws -> [Result<CIFBlock, FormatError>] {
        let tokens = try tokenize(text)
        var blocks: [(name: String, line: Int, items: [String: (values: [String], line: Int)], loops: [[String: [String]]])] = []
        var i = 0
        while i < tokens.count {
            let t = tokens[i]
            let lower = t.text.lowercased()
            if t.bare, lower.hasPrefix("data_") {
                blocks.append((String(t.text.dropFirst(5)), t.line, [:], []))
                i += 1
                continue
            }
            guard !blocks.isEmpty else {
                if t.bare, lower == "global_" { i += 1; continue }
                throw FormatError(format, "'\(t.text)' before the first data_ block", line: t.line)
            }
            if t.bare, lower == "loop_" {
                i += 1
                var tags: [(String, Int)] = []
                while i < tokens.count, tokens[i].bare, tokens[i].text.hasPrefix("_") { tags.append((tokens[i].text.lowercased(), tokens[i].line)); i += 1 }
                guard !tags.isEmpty else { throw FormatError(format, "loop_ without tags", line: t.line) }
                var values: [String] = []
                while i < tokens.count, !(tokens[i].bare && (tokens[i].text.hasPrefix("_") || isKeyword(tokens[i].text))) {
                    values.append(tokens[i].text); i += 1
                }
                guard values.count % tags.count == 0 else {
                    throw FormatError(format, "the loop of \(tags[0].0) has \(values.count) values, not a multiple of its \(tags.count) tags", line: t.line)
                }
                var loop: [String: [String]] = [:]
                for (k, tag) in tags.enumerated() {
                    loop[tag.0] = stride(from: k, to: values.count, by: tags.count).map { values[$0] }
                    blocks[blocks.count - 1].items[tag.0] = (loop[tag.0] ?? [], tag.1)
                }
                blocks[blocks.count - 1].loops.append(loop)
                continue
            }
            if t.bare, t.text.hasPrefix("_") {
                guard i + 1 < tokens.count, !(tokens[i + 1].bare && (tokens[i + 1].text.hasPrefix("_") || isKeyword(tokens[i + 1].text))) else {
                    throw FormatError(format, "tag \(t.text) has no value", line: t.line)
                }
                blocks[blocks.count - 1].items[t.text.lowercased()] = ([tokens[i + 1].text], t.line)
                i += 2
                continue
            }
            if t.bare, lower.hasPrefix("save_") { i += 1; continue }
            throw FormatError(format, "unexpected '\(t.text)' (a value without a tag)", line: t.line)
        }
        guard !blocks.isEmpty else { throw FormatError(format, "no data_ block", line: 1) }
        return blocks.map { block in
            Result { try expand(name: block.name, line: block.line, items: block.items, loops: block.loops) }
                .mapError { $0 as? FormatError ?? FormatError(format, "\($0)", line: block.line) }
        }
    }

    private static func isKeyword(_ s: String) -> Bool {
        let l = s.lowercased()
        return l == "loop_" || l.hasPrefix("data_") || l.hasPrefix("save_") || l == "global_" || l == "stop_"
    }

    /// A CIF token: its text, whether it was bare (unquoted), and its line.
    struct Token { let text: String; let bare: Bool; let line: Int }

    static func tokenize(_ text: String) throws -> [Token] {
        var tokens: [Token] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        var n = 0
        while n < lines.count {
            let line = lines[n]
            if line.hasPrefix(";") {
                // A text field runs to the next line that starts with ';'.
                var body = [String(line.dropFirst())]
                let start = n
                n += 1
                while n < lines.count, !lines[n].hasPrefix(";") { body.append(String(lines[n])); n += 1 }
                guard n < lines.count else { throw FormatError(format, "the file ends inside the text field opened here", line: start + 1) }
                tokens.append(Token(text: body.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines), bare: false, line: start + 1))
                n += 1
                continue
            }
            var chars = Substring(line)
            while let c = chars.first {
                if c == " " || c == "\t" { chars = chars.dropFirst(); continue }
                if c == "#" { break }
                if c == "'" || c == "\"" {
                    // A quote closes only when followed by white space or the end of the line.
                    var j = chars.index(after: chars.startIndex)
                    var closed: Substring.Index?
                    while j < chars.endIndex {
                        if chars[j] == c {
                            let next = chars.index(after: j)
                            if next == chars.endIndex || chars[next] == " " || chars[next] == "\t" { closed = j; break }
                        }
                        j = chars.index(after: j)
                    }
                    guard let end = closed else { throw FormatError(format, "an unterminated \(c)quoted\(c) value", line: n + 1) }
                    tokens.append(Token(text: String(chars[chars.index(after: chars.startIndex)..<end]), bare: false, line: n + 1))
                    chars = chars[chars.index(after: end)...]
                    continue
                }
                var j = chars.startIndex
                while j < chars.endIndex, chars[j] != " ", chars[j] != "\t" { j = chars.index(after: j) }
                tokens.append(Token(text: String(chars[chars.startIndex..<j]), bare: true, line: n + 1))
                chars = chars[j...]
            }
            n += 1
        }
        return tokens
    }

    /// A CIF number without its standard uncertainty ("1.234(5)" is 1.234); nil for '?' and '.'.
    static func number(_ s: String) -> Double? {
        let core = s.split(separator: "(").first.map(String.init) ?? s
        return Double(core)
    }

    private static func expand(name: String, line: Int, items: [String: (values: [String], line: Int)], loops: [[String: [String]]]) throws -> CIFBlock {
        func fail(_ message: String, _ l: Int? = nil) -> FormatError { FormatError(format, "block \(name): \(message)", line: l ?? line) }
        func scalar(_ tag: String) throws -> Double {
            guard let item = items[tag], let v = item.values.first.flatMap(number) else { throw fail("no number for \(tag)", items[tag]?.line) }
            return v
        }
        let lengths = Vector3(try scalar("_cell_length_a"), try scalar("_cell_length_b"), try scalar("_cell_length_c"))
        let angles = Vector3(try scalar("_cell_angle_alpha"), try scalar("_cell_angle_beta"), try scalar("_cell_angle_gamma"))
        guard lengths.min() > 0, angles.min() > 0, angles.max() < 180 else { throw fail("the cell parameters \(lengths) \(angles) are not a cell", items["_cell_length_a"]?.line) }
        let vectors = Matrix3.fromParameters(lengths: lengths, angles: angles)
        guard abs(vectors.determinant) > 1e-6 else { throw fail("the cell has no volume") }
        // Symmetry operations: listed, else from the Hall symbol, the H-M symbol or the number.
        var operations: [SymmetryOperation]
        if let listed = items["_space_group_symop_operation_xyz"] ?? items["_symmetry_equiv_pos_as_xyz"] {
            operations = try listed.values.map { try parseOperation($0, line: listed.line, block: name) }
        } else if let symbol = items["_space_group_name_hall"] ?? items["_symmetry_space_group_name_hall"] {
            guard let hall = SymmetryDatabase.hallNumber(hall: symbol.values[0]) else {
                throw fail("unknown symmetry: Hall symbol '\(symbol.values[0])' and no operations listed", symbol.line)
            }
            operations = SymmetryDatabase.operations(hallNumber: hall)
        } else if let symbol = items["_space_group_name_h-m_alt"] ?? items["_symmetry_space_group_name_h-m"] {
            guard let hall = SymmetryDatabase.hallNumber(hermannMauguin: symbol.values[0]) else {
                throw fail("unknown symmetry: space group '\(symbol.values[0])' and no operations listed", symbol.line)
            }
            operations = SymmetryDatabase.operations(hallNumber: hall)
        } else if let number = items["_space_group_it_number"] ?? items["_symmetry_int_tables_number"] {
            guard let hall = Int(number.values[0]).flatMap({ SymmetryDatabase.hallNumber(number: $0) }) else {
                throw fail("unknown symmetry: space group number '\(number.values[0])' and no operations listed", number.line)
            }
            operations = SymmetryDatabase.operations(hallNumber: hall)
        } else {
            // No symmetry given: P1, as pymatgen and ASE read such a file.
            operations = [SymmetryOperation(rotation: [1, 0, 0, 0, 1, 0, 0, 0, 1], translation: .zero)]
        }
        // Oxidation states by atom type.
        var oxidation: [String: Double] = [:]
        if let symbols = items["_atom_type_symbol"]?.values, let numbers = items["_atom_type_oxidation_number"]?.values, symbols.count == numbers.count {
            for (s, v) in zip(symbols, numbers) { if let q = number(v) { oxidation[s] = q } }
        }
        guard let xs = items["_atom_site_fract_x"], let ys = items["_atom_site_fract_y"]?.values, let zs = items["_atom_site_fract_z"]?.values else {
            throw fail("no _atom_site_fract_x/y/z loop")
        }
        let labels = items["_atom_site_label"]?.values ?? []
        let types = items["_atom_site_type_symbol"]?.values ?? labels
        let occupancies = items["_atom_site_occupancy"]?.values
        guard ys.count == xs.values.count, zs.count == xs.values.count, types.count == xs.values.count else { throw fail("the atom site columns differ in length", xs.line) }
        var asymmetric: [(position: Vector3, species: Species, occupancy: Double)] = []
        for k in xs.values.indices {
            guard let x = number(xs.values[k]), let y = number(ys[k]), let z = number(zs[k]) else { throw fail("atom site \(k + 1) has no coordinates", xs.line) }
            let occupancy = occupancies.flatMap { number($0[k]) } ?? 1
            guard occupancy > 0, occupancy <= 1 + 1e-3 else { throw fail("atom site \(k + 1) has occupancy \(occupancy)", xs.line) }
            asymmetric.append((Vector3(x, y, z), try siteSpecies(types[k], oxidation: oxidation, line: xs.line, block: name), min(occupancy, 1)))
        }
        let sites = SymmetryDatabase.expand(asymmetric, by: operations).map { (fractional: $0.position, species: $0.species) }
        guard !sites.isEmpty else { throw fail("no atom sites") }
        for s in sites where s.species.reduce(0, { $0 + $1.occupancy }) > 1 + 1e-3 {
            throw fail("the site at \(s.fractional) is more than fully occupied")
        }
        return CIFBlock(name: name, line: line, vectors: vectors, sites: sites)
    }

    /// A species from a type symbol ("Mn3+", "Mn", "O2-", "Fe1"), with the atom-type oxidation state when given.
    private static func siteSpecies(_ type: String, oxidation: [String: Double], line: Int, block: String) throws -> Species {
        if let q = oxidation[type] {
            let element = String(type.prefix { $0.isLetter })
            return Species(element: element, charge: q, hasCharge: true)
        }
        if let s = try? Species(parsing: type), !s.isVacancy { return s }
        let element = String(type.prefix { $0.isLetter })
        guard let s = try? Species(parsing: element.count > 2 ? String(element.prefix(2)) : element), !s.isVacancy else {
            throw FormatError(format, "block \(block): cannot read an element in the atom type '\(type)'", line: line)
        }
        return s
    }

    /// A symmetry operation "x, y+1/2, -z" as rotation rows and translation.
    static func parseOperation(_ text: String, line: Int, block: String) throws -> SymmetryOperation {
        let parts = text.lowercased().replacingOccurrences(of: " ", with: "").split(separator: ",")
        guard parts.count == 3 else { throw FormatError(format, "block \(block): '\(text)' is not a symmetry operation x,y,z", line: line) }
        var rotation: [Int] = [], translation = Vector3.zero
        for (r, part) in parts.enumerated() {
            var row = [0.0, 0.0, 0.0], constant = 0.0
            var terms: [Substring] = [], current = ""
            for c in part {
                if (c == "+" || c == "-"), !current.isEmpty { terms.append(Substring(current)); current = "" }
                current.append(c)
            }
            if !current.isEmpty { terms.append(Substring(current)) }
            for term in terms {
                var t = term
                var sign = 1.0
                if t.hasPrefix("-") { sign = -1; t = t.dropFirst() } else if t.hasPrefix("+") { t = t.dropFirst() }
                if let axis = ["x", "y", "z"].firstIndex(where: { t.hasSuffix($0) }) {
                    let coefficient = t.dropLast().replacingOccurrences(of: "*", with: "")
                    row[axis] += sign * (coefficient.isEmpty ? 1 : (fraction(coefficient) ?? .nan))
                } else if let v = fraction(String(t)) {
                    constant += sign * v
                } else {
                    throw FormatError(format, "block \(block): cannot read '\(term)' in the operation '\(text)'", line: line)
                }
            }
            guard row.allSatisfy({ $0.isFinite && $0 == $0.rounded() }) else {
                throw FormatError(format, "block \(block): the operation '\(text)' is not an integer rotation", line: line)
            }
            rotation += row.map { Int($0) }
            translation[r] = constant
        }
        return SymmetryOperation(rotation: rotation, translation: translation)
    }

    private static func fraction(_ s: String) -> Double? {
        let p = s.split(separator: "/")
        if p.count == 2, let a = Double(p[0]), let b = Double(p[1]), b != 0 { return a / b }
        return p.count == 1 ? Double(p[0]) : nil
    }
}
