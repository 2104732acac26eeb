// The NumPy `.npy` format (numpy.lib.format): writes version 1.0 (2.0 for
// huge headers) with '<f8', '<i8' or '|b1' in C order, byte for byte as
// numpy.save does; reads versions 1.0-3.0, either byte order, C or Fortran
// order, and float16/32/64, (u)int8-64 and bool.

/// Encodes and decodes `.npy` files.
///
///     let bytes = NpyFile.encode(try NpyArray(doubles: [1, 2, 3]))
///     try NpyFile.decode(bytes).shape      // [3]
public enum NpyFile {
    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // "\x93NUMPY"

    /// The file contents numpy.save would write for `array`.
    public static func encode(_ array: NpyArray) -> [UInt8] {
        let descr: String
        switch array.elements {
        case .float64: descr = "<f8"
        case .int64: descr = "<i8"
        case .bool: descr = "|b1"
        }
        var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(NpyArray.describe(array.shape)), }"
        // numpy pads so the data starts on a 64-byte boundary, ending the header with "\n".
        let version: UInt8 = header.utf8.count + 11 < 65536 ? 1 : 2
        let prefix = version == 1 ? 10 : 12
        let total = (prefix + header.utf8.count + 1 + 63) / 64 * 64
        header += String(repeating: " ", count: total - prefix - header.utf8.count - 1) + "\n"
        var out = magic + [version, 0]
        let length = header.utf8.count
        out += version == 1 ? littleEndian(UInt16(length)) : littleEndian(UInt32(length))
        out += Array(header.utf8)
        out.reserveCapacity(out.count + array.elements.count * 8)
        switch array.elements {
        case .float64(let xs): appendLittleEndian(xs.map(\.bitPattern), to: &out)
        case .int64(let xs): appendLittleEndian(xs.map { UInt64(bitPattern: Int64($0)) }, to: &out)
        case .bool(let xs): out += xs.map { $0 ? 1 : 0 }
        }
        return out
    }

    /// Appends 8-byte words in little-endian order, in one copy.
    static func appendLittleEndian(_ words: [UInt64], to out: inout [UInt8]) {
        let le = words.map(\.littleEndian)
        le.withUnsafeBytes { out.append(contentsOf: $0) }
    }

    static func littleEndian<T: FixedWidthInteger>(_ x: T) -> [UInt8] {
        (0..<MemoryLayout<T>.size).map { UInt8(truncatingIfNeeded: x >> ($0 * 8)) }
    }

    /// The shape and dtype the header of `bytes` declares, without decoding the data:
    /// what a caller checks against its memory limit before `decode`.
    ///
    ///     try NpyFile.shape(of: bytes)   // [428, 4588]
    public static func shape(of bytes: [UInt8]) throws -> [Int] {
        try header(of: bytes).header.shape
    }

    static func header(of bytes: [UInt8]) throws -> (header: NpyHeader, dataStart: Int) {
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else {
            throw FormatError("not a .npy file (it does not start with \\x93NUMPY)")
        }
        let major = bytes[6]
        let headerStart: Int, headerLength: Int
        switch major {
        case 1:
            headerStart = 10
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        case 2, 3:
            guard bytes.count >= 12 else { throw FormatError("the .npy header is truncated") }
            headerStart = 12
            headerLength = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
        default:
            throw FormatError(".npy format version \(major).\(bytes[7]) is not supported (1.0 to 3.0 are)")
        }
        guard bytes.count - headerStart >= headerLength else { throw FormatError("the .npy header is truncated") }
        let text = String(decoding: bytes[headerStart..<(headerStart + headerLength)], as: UTF8.self)
        return (try NpyHeader(parsing: text), headerStart + headerLength)
    }

    /// The array in `.npy` file contents.
    public static func decode(_ bytes: [UInt8]) throws -> NpyArray {
        let (header, dataStart) = try header(of: bytes)
        guard let count = NpyArray.elementCount(header.shape),
              case let (needed, overflow) = count.multipliedReportingOverflow(by: header.itemSize), !overflow else {
            throw FormatError("the .npy shape \(NpyArray.describe(header.shape)) is invalid or too large")
        }
        guard bytes.count - dataStart >= needed else {
            throw FormatError("the .npy data is truncated: shape \(NpyArray.describe(header.shape)) needs \(needed) bytes, the file has \(bytes.count - dataStart)")
        }
        var elements = try header.elements(bytes, from: dataStart, count: count)
        if header.fortranOrder && header.shape.count > 1 {
            elements = reorderFortran(elements, shape: header.shape)
        }
        return try NpyArray(shape: header.shape, elements: elements)
    }

    /// Elements stored column-major (Fortran) put in row-major (C) order.
    static func reorderFortran(_ elements: NpyArray.Elements, shape: [Int]) -> NpyArray.Elements {
        let count = elements.count
        guard count > 0 else { return elements }
        // For each C-order position, the Fortran-order offset of the same index.
        var source = [Int](repeating: 0, count: count)
        var index = [Int](repeating: 0, count: shape.count)
        var fortranStrides = [Int](repeating: 1, count: shape.count)
        for d in 1..<shape.count { fortranStrides[d] = fortranStrides[d - 1] * shape[d - 1] }
        var offset = 0
        for c in 0..<count {
            source[c] = offset
            var d = shape.count - 1
            while d >= 0 {
                index[d] += 1
                offset += fortranStrides[d]
                if index[d] < shape[d] { break }
                offset -= fortranStrides[d] * shape[d]
                index[d] = 0
                d -= 1
            }
        }
        switch elements {
        case .float64(let xs): return .float64(source.map { xs[$0] })
        case .int64(let xs): return .int64(source.map { xs[$0] })
        case .bool(let xs): return .bool(source.map { xs[$0] })
        }
    }
}
