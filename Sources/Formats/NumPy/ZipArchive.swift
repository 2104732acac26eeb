// The ZIP container of `.npz` files (PKWARE APPNOTE): reads stored and
// deflated members through the central directory, with Zip64 sizes and
// offsets as numpy.savez writes them; writes stored members. Every offset
// and size is checked against the file before it is used.

/// The members of a ZIP archive, in directory order.
///
///     let zip = try ZipArchive(ZipArchive.encode([("a.npy", bytes)]))
///     try zip.contents(of: zip.members[0])   // bytes
public struct ZipArchive {
    /// One file in the archive, as the central directory describes it.
    public struct Member {
        public let name: String
        let method: Int
        let crc: UInt32
        let compressedSize: Int
        public let size: Int
        let localHeaderOffset: Int
    }

    public let members: [Member]
    private let bytes: [UInt8]

    /// Reads the central directory of `bytes`.
    public init(_ bytes: [UInt8]) throws {
        self.bytes = bytes
        let reader = ByteReader(bytes)
        // The end-of-central-directory record: the last "PK\5\6" within 64 KiB of comment of the end.
        let minimum = 22
        guard bytes.count >= minimum else { throw FormatError("not a zip archive (too short)") }
        var end = -1
        var k = bytes.count - minimum
        while k >= max(0, bytes.count - minimum - 65535) {
            if bytes[k] == 0x50, bytes[k + 1] == 0x4B, bytes[k + 2] == 5, bytes[k + 3] == 6 { end = k; break }
            k -= 1
        }
        guard end >= 0 else { throw FormatError("not a zip archive (no end-of-directory record)") }
        var count = try reader.integer(at: end + 10, bytes: 2)
        var directorySize = try reader.integer(at: end + 12, bytes: 4)
        var directoryOffset = try reader.integer(at: end + 16, bytes: 4)
        // Zip64: a locator just before the record points at the 64-bit end record.
        if end >= 20, try reader.integer(at: end - 20, bytes: 4) == 0x0706_4B50 {
            let record = try reader.integer(at: end - 12, bytes: 8)
            guard try reader.integer(at: record, bytes: 4) == 0x0606_4B50 else { throw FormatError("the zip64 end record is missing") }
            count = try reader.integer(at: record + 32, bytes: 8)
            directorySize = try reader.integer(at: record + 40, bytes: 8)
            directoryOffset = try reader.integer(at: record + 48, bytes: 8)
        }
        guard directoryOffset <= bytes.count, directorySize <= bytes.count - directoryOffset, count <= directorySize / 46 else {
            throw FormatError("the zip directory lies outside the file")
        }
        var members: [Member] = []
        var at = directoryOffset
        for _ in 0..<count {
            guard try reader.integer(at: at, bytes: 4) == 0x0201_4B50 else { throw FormatError("a zip directory entry is corrupt") }
            let flags = try reader.integer(at: at + 8, bytes: 2)
            let method = try reader.integer(at: at + 10, bytes: 2)
            let crc = UInt32(try reader.integer(at: at + 16, bytes: 4))
            var compressedSize = try reader.integer(at: at + 20, bytes: 4)
            var size = try reader.integer(at: at + 24, bytes: 4)
            let nameLength = try reader.integer(at: at + 28, bytes: 2)
            let extraLength = try reader.integer(at: at + 30, bytes: 2)
            let commentLength = try reader.integer(at: at + 32, bytes: 2)
            var offset = try reader.integer(at: at + 42, bytes: 4)
            let name = String(decoding: try reader.slice(at: at + 46, count: nameLength), as: UTF8.self)
            // Zip64 extra field (id 1): the 64-bit values of the fields saturated at 0xFFFFFFFF, in order.
            let extra = try reader.slice(at: at + 46 + nameLength, count: extraLength)
            var e = 0
            while e + 4 <= extra.count {
                let id = Int(extra[e]) | Int(extra[e + 1]) << 8
                let length = Int(extra[e + 2]) | Int(extra[e + 3]) << 8
                if id == 1 {
                    let field = ByteReader(Array(extra[(e + 4)..<min(extra.count, e + 4 + length)]))
                    var p = 0
                    if size == 0xFFFF_FFFF { size = try field.integer(at: p, bytes: 8); p += 8 }
                    if compressedSize == 0xFFFF_FFFF { compressedSize = try field.integer(at: p, bytes: 8); p += 8 }
                    if offset == 0xFFFF_FFFF { offset = try field.integer(at: p, bytes: 8) }
                }
                e += 4 + length
            }
            guard flags & 1 == 0 else { throw FormatError("zip member '\(name)' is encrypted") }
            members.append(Member(name: name, method: method, crc: crc, compressedSize: compressedSize, size: size,
                                  localHeaderOffset: offset))
            at += 46 + nameLength + extraLength + commentLength
        }
        self.members = members
    }

    /// The uncompressed bytes of `member`, checked against its CRC-32; a member
    /// larger than `maxBytes` is refused before anything is allocated for it.
    public func contents(of member: Member, maxBytes: Int = .max) throws -> [UInt8] {
        guard member.size <= maxBytes else {
            throw FormatError("zip member '\(member.name)' holds \(member.size) bytes, more than the \(maxBytes) allowed")
        }
        let reader = ByteReader(bytes)
        let at = member.localHeaderOffset
        guard try reader.integer(at: at, bytes: 4) == 0x0403_4B50 else { throw FormatError("zip member '\(member.name)' has no local header") }
        let start = at + 30 + (try reader.integer(at: at + 26, bytes: 2)) + (try reader.integer(at: at + 28, bytes: 2))
        let stored = try reader.slice(at: start, count: member.compressedSize)
        let data: [UInt8]
        switch member.method {
        case 0:
            guard member.compressedSize == member.size else { throw FormatError("zip member '\(member.name)' has inconsistent sizes") }
            data = stored
        case 8: data = try Inflate.decompress(stored, expectedCount: member.size)
        default: throw FormatError("zip member '\(member.name)' uses compression method \(member.method) (only stored and deflate are read)")
        }
        guard CRC32.checksum(data) == member.crc else { throw FormatError("zip member '\(member.name)' is corrupt (its CRC-32 does not match)") }
        return data
    }

    /// An archive of stored (uncompressed) members, as `numpy.savez` writes them.
    ///
    ///     ZipArchive.encode([("x.npy", NpyFile.encode(array))])
    public static func encode(_ files: [(name: String, bytes: [UInt8])]) throws -> [UInt8] {
        var out: [UInt8] = []
        var directory: [UInt8] = []
        func put(_ value: Int, _ count: Int, into target: inout [UInt8]) {
            for k in 0..<count { target.append(UInt8(truncatingIfNeeded: value >> (8 * k))) }
        }
        for (name, bytes) in files {
            let nameBytes = Array(name.utf8)
            guard bytes.count < 0xFFFF_FFFF, out.count < 0xFFFF_FFFF, nameBytes.count < 0xFFFF else {
                throw FormatError("'\(name)' is too large for a zip archive written by ce (4 GiB per file)")
            }
            let crc = Int(CRC32.checksum(bytes))
            let offset = out.count
            // Local header: signature, version 2.0, flags 0 (UTF-8 names use bit 11), stored, no time.
            put(0x0403_4B50, 4, into: &out); put(20, 2, into: &out); put(0x800, 2, into: &out); put(0, 2, into: &out)
            put(0, 4, into: &out); put(crc, 4, into: &out); put(bytes.count, 4, into: &out); put(bytes.count, 4, into: &out)
            put(nameBytes.count, 2, into: &out); put(0, 2, into: &out)
            out += nameBytes
            out += bytes
            put(0x0201_4B50, 4, into: &directory); put(20, 2, into: &directory); put(20, 2, into: &directory)
            put(0x800, 2, into: &directory); put(0, 2, into: &directory); put(0, 4, into: &directory)
            put(crc, 4, into: &directory); put(bytes.count, 4, into: &directory); put(bytes.count, 4, into: &directory)
            put(nameBytes.count, 2, into: &directory); put(0, 2, into: &directory); put(0, 2, into: &directory)
            put(0, 2, into: &directory); put(0, 2, into: &directory); put(0, 4, into: &directory); put(offset, 4, into: &directory)
            directory += nameBytes
        }
        guard files.count < 0xFFFF, out.count < 0xFFFF_FFFF else { throw FormatError("the archive is too large for a zip written by ce") }
        let directoryOffset = out.count
        out += directory
        put(0x0605_4B50, 4, into: &out); put(0, 2, into: &out); put(0, 2, into: &out)
        put(files.count, 2, into: &out); put(files.count, 2, into: &out)
        put(directory.count, 4, into: &out); put(directoryOffset, 4, into: &out); put(0, 2, into: &out)
        return out
    }
}

/// Little-endian integers and slices of a byte array, every access bounds-checked.
struct ByteReader {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The unsigned little-endian integer of `count` bytes at `offset` (8-byte values above Int.max are refused).
    func integer(at offset: Int, bytes count: Int) throws -> Int {
        guard offset >= 0, offset <= bytes.count, count <= bytes.count - offset else { throw FormatError("the zip archive is truncated") }
        var v: UInt64 = 0
        for k in 0..<count { v |= UInt64(bytes[offset + k]) << (8 * UInt64(k)) }
        guard let n = Int(exactly: v) else { throw FormatError("a zip size or offset is out of range") }
        return n
    }

    func slice(at offset: Int, count: Int) throws -> [UInt8] {
        guard offset >= 0, count >= 0, offset <= bytes.count, count <= bytes.count - offset else {
            throw FormatError("the zip archive is truncated")
        }
        return Array(bytes[offset..<(offset + count)])
    }
}

/// The CRC-32 of ZIP and gzip (polynomial 0xEDB88320).
enum CRC32 {
    static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes { c = table[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}
