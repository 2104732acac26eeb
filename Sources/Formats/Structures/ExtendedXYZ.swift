// Extended XYZ (ASE's format): every frame's cell, species, positions, per-atom
// oxidation states (oxi, oxi_states, initial_charges), magnetic moments
// (magmoms, initial_magmoms), other numeric per-atom columns, and info keys.
import Lattice

/// Reads extended XYZ files.
///
///     let frames = try ExtendedXYZ.read(text, name: "structures.extxyz")
///     try frames[0].get().energy      // the `energy` key (or the key named), as written
enum ExtendedXYZ {
    static let format = StructureFormat.extendedXYZ
    /// Per-atom columns read as oxidation states, in order of preference.
    static let chargeColumns = ["oxi", "oxi_states", "oxidation_state", "oxidation_states", "initial_charges", "charge", "charges"]

    /// Every frame; a frame whose atom lines are bad is a failure and the next frame is still read. The energy is
    /// the `energyKey` value, else `energy`, else the first numeric key naming an energy; `energy_key` in the info
    /// records which key it was (a key saying per_atom is a per-atom energy).
    static func read(_ text: String, name: String, energyKey: String? = nil) throws -> [Result<AtomicStructure, FormatError>] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var frames: [Result<AtomicStructure, FormatError>] = []
        var i = 0
        while i < lines.count {
            let head = lines[i].trimmingCharacters(in: .whitespaces)
            if head.isEmpty { i += 1; continue }
            guard let n = Int(head), n >= 0 else { throw FormatError(format, "expected an atom count, got '\(head.prefix(40))'", line: i + 1) }
            guard n < lines.count - i - 1 else { throw FormatError(format, "the file ends before the \(n) atoms of the frame that starts here", line: i + 1) }
            let pairs = try keyValues(lines[i + 1], line: i + 2)
            func get(_ k: String) -> String? { pairs.first { $0.key.lowercased() == k.lowercased() }?.value }
            let frame = frames.count
            frames.append(Result { () throws -> AtomicStructure in
                guard let latText = get("Lattice") else { throw FormatError(format, "the frame has no Lattice=\"...\"", line: i + 2) }
                let lat = latText.split(whereSeparator: { $0 == " " }).compactMap { Double($0) }
                guard lat.count == 9 else { throw FormatError(format, "Lattice needs 9 numbers", line: i + 2) }
                let props = (get("Properties") ?? "species:S:1:pos:R:3").split(separator: ":").map(String.init)
                guard props.count % 3 == 0 else { throw FormatError(format, "malformed Properties", line: i + 2) }
                var columns: [(name: String, type: String, start: Int, width: Int)] = []
                var col = 0
                for k in stride(from: 0, to: props.count, by: 3) {
                    guard let w = Int(props[k + 2]), (1...64).contains(w) else {
                        throw FormatError(format, "Properties column \(props[k]) needs a width from 1 to 64, got '\(props[k + 2])'", line: i + 2)
                    }
                    columns.append((props[k], props[k + 1].uppercased(), col, w)); col += w
                }
                func column(_ name: String) -> (name: String, type: String, start: Int, width: Int)? { columns.first { $0.name.lowercased() == name } }
                guard let sp = column("species"), let pos = column("pos"), pos.width == 3 else {
                    throw FormatError(format, "Properties needs species and pos (pos with 3 columns)", line: i + 2)
                }
                let charge = chargeColumns.lazy.compactMap { column($0) }.first { $0.width == 1 }
                let numeric = columns.filter { ($0.type == "R" || $0.type == "I") && $0.name.lowercased() != "pos" }
                var elements: [String] = [], positions: [Vector3] = [], charges: [Double?] = []
                var arrays = [[Double]](repeating: [], count: numeric.count)
                for a in 0..<n {
                    let parts = lines[i + 2 + a].split(whereSeparator: { $0 == " " || $0 == "\t" })
                    guard parts.count >= col, let x = Double(parts[pos.start]), let y = Double(parts[pos.start + 1]), let z = Double(parts[pos.start + 2]) else {
                        throw FormatError(format, "expected \(col) columns (\(props.joined(separator: ":")))", line: i + 3 + a)
                    }
                    elements.append(String(parts[sp.start]))
                    positions.append(Vector3(x, y, z))
                    charges.append(charge.flatMap { Double(parts[$0.start]) })
                    for (k, c) in numeric.enumerated() {
                        let values = (0..<c.width).compactMap { Double(parts[c.start + $0]) }
                        guard values.count == c.width else { throw FormatError(format, "column \(c.name) is not numeric", line: i + 3 + a) }
                        // A vector column (non-collinear moments) keeps its length.
                        arrays[k].append(c.width == 1 ? values[0] : values.reduce(0) { $0 + $1 * $1 }.squareRoot())
                    }
                }
                var named = zip(numeric, arrays).map { (name: $0.0.name, values: $0.1) }
                let moments = named.first { $0.name == "magmoms" }?.values ?? named.first { $0.name == "initial_magmoms" }?.values
                named.removeAll { $0.name == "magmoms" }
                let id = get("id") ?? "\(name)[\(frame)]"
                let energyPair: (key: String, value: String)?
                if let energyKey {
                    guard let v = get(energyKey) else { throw FormatError(format, "the frame has no \(energyKey)= key", line: i + 2) }
                    energyPair = (energyKey, v)
                } else {
                    energyPair = pairs.first { $0.key == "energy" } ?? pairs.first { $0.key.lowercased().contains("energy") && Double($0.value) != nil }
                }
                let energy = try energyPair.map { p -> Double in
                    guard let v = Double(p.value) else { throw FormatError(format, "\(p.key)=\(p.value) is not a number", line: i + 2) }
                    return v
                }
                var info = pairs.filter { $0.key != "Lattice" && $0.key != "Properties" }
                if let energyPair { info.append(("energy_key", energyPair.key)) }
                return AtomicStructure(id: id, vectors: Matrix3(lat), elements: elements, charges: charges, positions: positions,
                                       info: info, energy: energy, magneticMoments: moments, atomArrays: named)
            }.mapError { $0 as? FormatError ?? FormatError(format, "\($0)") })
            i += 2 + n
        }
        return frames
    }

    /// An extxyz comment line as key=value pairs (values may be double-quoted; a bare key means T).
    static func keyValues(_ line: Substring, line number: Int) throws -> [(key: String, value: String)] {
        var pairs: [(key: String, value: String)] = []
        var chars = line
        func skipSpaces() { while let c = chars.first, c == " " || c == "\t" || c == "\r" { chars = chars.dropFirst() } }
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
                guard chars.first == "\"" else { throw FormatError(format, "unterminated quote after \(key)=", line: number) }
                chars = chars.dropFirst()
            } else {
                while let c = chars.first, c != " ", c != "\t", c != "\r" { value.append(c); chars = chars.dropFirst() }
            }
            pairs.append((key, value))
        }
        return pairs
    }
}
