// NumPy's `.npz` archives: a ZIP of `.npy` members, one per named array, as
// numpy.savez (stored) and numpy.savez_compressed (deflated) write them.

/// Encodes and decodes `.npz` files.
///
///     let bytes = try NpzFile.encode([("X", x), ("y", y)])   // np.load(...)["X"]
///     try NpzFile.decode(bytes).map(\.name)                 // ["X", "y"]
public enum NpzFile {
    /// The named arrays of an archive, in its order; names lose their ".npy" as numpy shows them.
    /// Members above `maxBytes` uncompressed are refused before they are decompressed.
    public static func decode(_ bytes: [UInt8], maxBytes: Int = .max) throws -> [(name: String, array: NpyArray)] {
        let zip = try ZipArchive(bytes)
        return try zip.members.map { member in
            guard member.name.hasSuffix(".npy") else {
                throw FormatError("the .npz member '\(member.name)' is not a .npy array")
            }
            let name = String(member.name.dropLast(4))
            do {
                return (name, try NpyFile.decode(try zip.contents(of: member, maxBytes: maxBytes)))
            } catch let e as FormatError {
                throw FormatError("array '\(name)': \(e.message)", line: e.line, column: e.column)
            }
        }
    }

    /// The archive numpy.savez would write for `arrays` (stored members named NAME.npy).
    public static func encode(_ arrays: [(name: String, array: NpyArray)]) throws -> [UInt8] {
        var seen = Set<String>()
        for (name, _) in arrays where !seen.insert(name).inserted {
            throw FormatError("two arrays are named '\(name)'")
        }
        return try ZipArchive.encode(arrays.map { (name: $0.name + ".npy", bytes: NpyFile.encode($0.array)) })
    }
}
