// Atomic structures as users have them (DFT cells), read from extended XYZ,
// VASP POSCAR and pymatgen Structure / ComputedStructureEntry JSON. Parsing
// takes text; reading files is the shell's job.
import Foundation

/// A periodic cell of atoms with optional oxidation states and energy.
///
///     let frames = try AtomicStructure.parseExtendedXYZ(text)
///     frames[0].energy      // from an `energy...` key, eV per cell
public struct AtomicStructure: Sendable {
    /// An identifier (the `id` key, a file name, or "structure N").
    public var id: String
    /// Cell vectors (rows), Å.
    public var vectors: Matrix3
    /// Element symbol per atom.
    public var elements: [String]
    /// Oxidation state per atom, when the file gives one.
    public var charges: [Double?]
    /// Cartesian positions, Å.
    public var positions: [Vector3]
    /// Other per-structure keys in file order (extxyz info, entry data).
    public var info: [(key: String, value: String)]
    /// Total energy of the cell, eV, when the file gives one.
    public var energy: Double?

    /// Creates a structure from its parts.
    public init(id: String, vectors: Matrix3, elements: [String], charges: [Double?], positions: [Vector3],
                info: [(key: String, value: String)], energy: Double?) {
        self.id = id; self.vectors = vectors; self.elements = elements; self.charges = charges
        self.positions = positions; self.info = info; self.energy = energy
    }

    /// The value of an info key.
    public func value(_ key: String) -> String? { info.first { $0.key == key }?.value }

    /// Parses every frame of an extended XYZ file (ASE conventions: `Lattice="..."`,
    /// `Properties=species:S:1:pos:R:3[:oxi:I:1...]`; energy from `energy` or the first numeric key containing
    /// "energy", times the atom count when the key says `per_atom`).
    public static func parseExtendedXYZ(_ text: String) throws -> [AtomicStructure] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) }
        var frames: [AtomicStructure] = []
        var i = 0
        while i < lines.count {
            let head = lines[i].trimmingCharacters(in: .whitespaces)
            if head.isEmpty { i += 1; continue }
            guard let n = Int(head), n >= 0 else { throw LatticeError("extxyz line \(i + 1): expected an atom count, got '\(head)'") }
            guard n < lines.count - i - 1 else { throw LatticeError("extxyz frame at line \(i + 1): file ends before its \(n) atoms") }
            let pairs = try parseKeyValues(lines[i + 1], line: i + 2)
            func get(_ k: String) -> String? { pairs.first { $0.key.lowercased() == k.lowercased() }?.value }
            guard let latText = get("Lattice") else { throw LatticeError("extxyz frame at line \(i + 1) has no Lattice=\"...\"") }
            let lat = latText.split(whereSeparator: { $0 == " " }).compactMap { Double($0) }
            guard lat.count == 9 else { throw LatticeError("extxyz frame at line \(i + 1): Lattice needs 9 numbers") }
            let props = (get("Properties") ?? "species:S:1:pos:R:3").split(separator: ":").map(String.init)
            guard props.count % 3 == 0 else { throw LatticeError("extxyz frame at line \(i + 1): malformed Properties") }
            var columns: [(name: String, start: Int, width: Int)] = []
            var col = 0
            for k in stride(from: 0, to: props.count, by: 3) {
                guard let w = Int(props[k + 2]), (1...64).contains(w) else {
                    throw LatticeError("extxyz frame at line \(i + 1): Properties column \(props[k]) needs a width from 1 to 64, got '\(props[k + 2])'")
                }
                columns.append((props[k].lowercased(), col, w)); col += w
            }
            func column(_ name: String) -> (start: Int, width: Int)? {
                columns.first { $0.name == name }.map { ($0.start, $0.width) }
            }
            guard let sp = column("species"), let pos = column("pos"), pos.width == 3 else {
                throw LatticeError("extxyz frame at line \(i + 1): Properties needs species and pos (pos with 3 columns)")
            }
            let oxi = column("oxi") ?? column("oxidation_state") ?? column("charge")
            var elements: [String] = [], positions: [Vector3] = [], charges: [Double?] = []
            for a in 0..<n {
                let parts = lines[i + 2 + a].split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                guard parts.count >= col, let x = Double(parts[pos.start]), let y = Double(parts[pos.start + 1]), let z = Double(parts[pos.start + 2]) else {
                    throw LatticeError("extxyz line \(i + 3 + a): expected \(col) columns (\(props.joined(separator: ":")))")
                }
                elements.append(parts[sp.start])
                positions.append(Vector3(x, y, z))
                charges.append(oxi.flatMap { Double(parts[$0.start]) })
            }
            let id = get("id") ?? "structure \(frames.count)"
            // `energy`, else the first key naming an energy; a per-atom energy is scaled to the cell.
            let energyKey = pairs.first { $0.key == "energy" } ?? pairs.first { $0.key.lowercased().contains("energy") && Double($0.value) != nil }
            let perAtom = energyKey?.key.lowercased().contains("per_atom") ?? false
            let energy = energyKey.flatMap { Double($0.value) }.map { perAtom ? $0 * Double(n) : $0 }
            frames.append(AtomicStructure(id: id, vectors: Matrix3(lat), elements: elements, charges: charges, positions: positions,
                                          info: pairs.filter { $0.key != "Lattice" && $0.key != "Properties" }, energy: energy))
            i += 2 + n
        }
        return frames
    }

    /// Parses a VASP POSCAR/CONTCAR (VASP 5 species line required; Direct or Cartesian).
    public static func parsePOSCAR(_ text: String, id: String = "POSCAR") throws -> AtomicStructure {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        func numbers(_ k: Int) -> [Double] { k < lines.count ? lines[k].split(whereSeparator: { $0 == " " || $0 == "\t" }).compactMap { Double($0) } : [] }
        guard lines.count >= 8, let scale = numbers(1).first else { throw LatticeError("\(id): too short or no scale factor on line 2") }
        let rows = (2...4).map { numbers($0) }
        guard rows.allSatisfy({ $0.count >= 3 }) else { throw LatticeError("\(id): lines 3-5 must hold the lattice vectors") }
        var vectors = Matrix3(rows: rows.map { Array($0.prefix(3)) })
        if scale < 0 {
            let f = pow(-scale / abs(vectors.determinant), 1.0 / 3.0)
            vectors = Matrix3(vectors.m.map { $0 * f })
        } else {
            vectors = Matrix3(vectors.m.map { $0 * scale })
        }
        let names = lines[5].split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard !names.isEmpty, names.allSatisfy({ Double($0) == nil }) else {
            throw LatticeError("\(id): line 6 must list the species (VASP 5 format)")
        }
        let counts = lines[6].split(whereSeparator: { $0 == " " || $0 == "\t" }).compactMap { Int($0) }
        guard counts.count == names.count, counts.allSatisfy({ $0 >= 0 }) else {
            throw LatticeError("\(id): line 7 must give one non-negative count per species")
        }
        var k = 7
        if lines[k].lowercased().hasPrefix("s") { k += 1 }
        guard k < lines.count else { throw LatticeError("\(id): missing Direct/Cartesian line") }
        let cartesian = lines[k].lowercased().hasPrefix("c") || lines[k].lowercased().hasPrefix("k")
        k += 1
        var elements: [String] = [], positions: [Vector3] = []
        for (name, c) in zip(names, counts) {
            for _ in 0..<c {
                let v = numbers(k)
                guard v.count >= 3 else { throw LatticeError("\(id) line \(k + 1): expected three coordinates") }
                let p = Vector3(v[0], v[1], v[2])
                positions.append(cartesian ? p * abs(scale > 0 ? scale : 1) : vectors.leftMultiply(p))
                elements.append(name.split(separator: "_").first.map(String.init) ?? name)
                k += 1
            }
        }
        return AtomicStructure(id: id, vectors: vectors, elements: elements, charges: Array(repeating: nil, count: elements.count),
                               positions: positions, info: [], energy: nil)
    }

    /// Parses pymatgen JSON: a `Structure`, a `ComputedStructureEntry` (energy = its `energy`), or a list of either.
    public static func parsePymatgenJSON(_ text: String, id: String = "json") throws -> [AtomicStructure] {
        guard let data = text.data(using: .utf8), let object = try? JSONSerialization.jsonObject(with: data) else {
            throw LatticeError("\(id): not valid JSON")
        }
        let items: [Any] = (object as? [Any]) ?? [object]
        return try items.enumerated().map { k, item in
            guard let dict = item as? [String: Any] else { throw LatticeError("\(id)[\(k)]: expected a Structure or ComputedStructureEntry object") }
            let structureDict = (dict["structure"] as? [String: Any]) ?? dict
            let parsed = try PymatgenStructure(structureDict, context: "\(id)[\(k)]")
            var elements: [String] = [], charges: [Double?] = [], positions: [Vector3] = []
            for (j, site) in parsed.sites.enumerated() {
                guard site.species.count == 1, abs(site.species[0].occupancy - 1) < 1e-6 else {
                    throw LatticeError("\(id)[\(k)]: site \(j) is disordered; a structure to map needs one species per site")
                }
                let sp = site.species[0].species
                elements.append(sp.element)
                charges.append(sp.hasCharge ? sp.charge : nil)
                positions.append(parsed.lattice.leftMultiply(site.fractional))
            }
            let energy = (dict["energy"] as? NSNumber)?.doubleValue
            let entryId = (dict["entry_id"] as? String) ?? "\(id)[\(k)]"
            return AtomicStructure(id: entryId, vectors: parsed.lattice, elements: elements, charges: charges, positions: positions, info: [], energy: energy)
        }
    }
}

/// Splits an extxyz comment line into key=value pairs (values may be double-quoted).
private func parseKeyValues(_ line: String, line number: Int) throws -> [(key: String, value: String)] {
    var pairs: [(key: String, value: String)] = []
    var chars = Substring(line)
    func skipSpaces() { while let c = chars.first, c == " " || c == "\t" { chars = chars.dropFirst() } }
    while true {
        skipSpaces()
        guard !chars.isEmpty else { break }
        var key = ""
        while let c = chars.first, c != "=", c != " ", c != "\t" { key.append(c); chars = chars.dropFirst() }
        guard chars.first == "=" else { pairs.append((key, "T")); continue }
        chars = chars.dropFirst()
        var value = ""
        if chars.first == "\"" {
            chars = chars.dropFirst()
            while let c = chars.first, c != "\"" { value.append(c); chars = chars.dropFirst() }
            guard chars.first == "\"" else { throw LatticeError("extxyz line \(number): unterminated quote after \(key)=") }
            chars = chars.dropFirst()
        } else {
            while let c = chars.first, c != " ", c != "\t" { value.append(c); chars = chars.dropFirst() }
        }
        pairs.append((key, value))
    }
    return pairs
}
