// The NumPy `.npy` format (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html):
// writes version 1.0 (2.0 for huge headers) with '<f8', '<i8' or '|b1' in C
// order, byte for byte as numpy.save does; reads versions 1.0-3.0, either
// byte order, C or Fortran order, and float32/64, (u)int8-64 and bool.
import Language

/// Encodes and decodes `.npy` files.
///
///     try NpyFile.write(NpyArray(doubles: energies), to: "y.npy")
///     let X = try NpyFile.read("X.npy")      // X.shape == [428, 4588]
public enum NpyFile {
    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // "\x93NUMPY"

    /// Reads the array stored at `path`; errors name the file.
    public static func read(_ path: String) throws -> NpyArray {
        let bytes = try DataFile.read(path)
        return try DataFile.naming(path) { try decode(bytes) }
    }

    /// Writes `array` to `path` in format version 1.0 (2.0 if the header needs it).
    public static func write(_ array: NpyArray, to path: String) throws {
        try DataFile.write(encode(array), to: path)
    }

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
        switch array.elements {
        case .float64(let xs): for x in xs { out += littleEndian(x.bitPattern) }
        case .int64(let xs): for x in xs { out += littleEndian(UInt64(bitPattern: Int64(x))) }
        case .bool(let xs): out += xs.map { $0 ? 1 : 0 }
        }
        return out
    }

    static func littleEndian<T: FixedWidthInteger>(_ x: T) -> [UInt8] {
        (0..<MemoryLayout<T>.size).map { UInt8(truncatingIfNeeded: x >> ($0 * 8)) }
    }

    /// The array in `.npy` file contents.
    public static func decode(_ bytes: [UInt8]) throws -> NpyArray {
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else {
            throw RuntimeError("not a .npy file (it does not start with \\x93NUMPY)")
        }
        let major = bytes[6]
        let headerStart: Int, headerLength: Int
        switch major {
        case 1:
            headerStart = 10
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        case 2, 3:
            guard bytes.count >= 12 else { throw RuntimeError("the .npy header is truncated") }
            headerStart = 12
            headerLength = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
        default:
            throw RuntimeError(".npy format version \(major).\(bytes[7]) is not supported (1.0 to 3.0 are)")
        }
        guard bytes.count >= headerStart + headerLength else { throw RuntimeError("the .npy header is truncated") }
        let text = String(decoding: bytes[headerStart..<(headerStart + headerLength)], as: UTF8.self)
        let header = try NpyHeader(parsing: text)
        var count = 1
        var needed = header.itemSize
        for n in header.shape {
            let (c, o1) = count.multipliedReportingOverflow(by: n)
            let (b, o2) = needed.multipliedReportingOverflow(by: n)
            guard n >= 0, !o1, !o2 else { throw RuntimeError("the .npy shape \(NpyArray.describe(header.shape)) is invalid") }
            count = c
            needed = b
        }
        let dataStart = headerStart + headerLength
        guard bytes.count - dataStart >= needed else {
            throw RuntimeError("the .npy data is truncated: shape \(NpyArray.describe(header.shape)) needs \(needed) bytes, the file has \(bytes.count - dataStart)")
        }
        var elements = header.elements(bytes, from: dataStart, count: count)
        if header.fortranOrder && header.shape.count > 1 {
            elements = reorderFortran(elements, shape: header.shape)
        }
        return try NpyArray(shape: header.shape, elements: elements)
    }

    /// Elements stored column-major (Fortran) put in row-major (C) order.
    static func reorderFortran(_ elements: NpyArray.Elements, shape: [Int]) -> NpyArray.Elements {
        let count = shape.reduce(1, *)
        // For each C-order position, the Fortran-order offset of the same index.
        var source = [Int](repeating: 0, count: count)
        var index = [Int](repeating: 0, count: shape.count)
        var fortranStrides = [Int](repeating: 1, count: shape.count)
        for d in 1..<shape.count { fortranStrides[d] = fortranStrides[d - 1] * shape[d - 1] }
        for c in 0..<count {
            source[c] = zip(index, fortranStrides).reduce(0) { $0 + $1.0 * $1.1 }
            var d = shape.count - 1
            while d >= 0 {
                index[d] += 1
                if index[d] < shape[d] { break }
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

/// The parsed header dictionary of a `.npy` file: dtype, order and shape.
struct NpyHeader {
    enum Kind { case float, signed, unsigned, bool }

    let kind: Kind
    let itemSize: Int
    let bigEndian: Bool
    let fortranOrder: Bool
    let shape: [Int]

    /// Parses `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }`.
    init(parsing text: String) throws {
        var scanner = PythonLiteralScanner(text)
        let dict = try scanner.dictionary()
        guard case .string(let descr)? = dict["descr"] else {
            throw RuntimeError("the .npy header has no simple 'descr' (structured arrays are not supported): \(Self.shown(text))")
        }
        guard case .bool(let fortran)? = dict["fortran_order"], case .tuple(let shape)? = dict["shape"] else {
            throw RuntimeError("the .npy header lacks 'fortran_order' or 'shape': \(Self.shown(text))")
        }
        let chars = Array(descr)
        guard chars.count >= 3, "<>|=".contains(chars[0]), let size = Int(String(chars[2...])) else {
            throw RuntimeError("the .npy dtype '\(descr)' is not supported")
        }
        let supported: Kind?
        switch (chars[1], size) {
        case ("f", 4), ("f", 8): supported = .float
        case ("i", 1), ("i", 2), ("i", 4), ("i", 8): supported = .signed
        case ("u", 1), ("u", 2), ("u", 4), ("u", 8): supported = .unsigned
        case ("b", 1): supported = .bool
        default: supported = nil
        }
        guard let kind = supported else {
            throw RuntimeError("the .npy dtype '\(descr)' is not supported (float32/64, int8-64, uint8-64 and bool are)")
        }
        self.kind = kind
        self.itemSize = size
        self.bigEndian = chars[0] == ">"
        self.fortranOrder = fortran
        self.shape = shape
    }

    /// The header as it reads, without numpy's padding.
    static func shown(_ text: String) -> String {
        var s = Substring(text)
        while let last = s.last, last.isWhitespace { s.removeLast() }
        return String(s)
    }

    /// `count` elements starting at byte `start`, converted to float64, int64 or bool.
    func elements(_ bytes: [UInt8], from start: Int, count: Int) -> NpyArray.Elements {
        func raw(_ i: Int) -> UInt64 {
            let base = start + i * itemSize
            var x: UInt64 = 0
            for b in 0..<itemSize {
                let byte = UInt64(bytes[base + (bigEndian ? itemSize - 1 - b : b)])
                x |= byte << (8 * UInt64(b))
            }
            return x
        }
        switch kind {
        case .float:
            return .float64((0..<count).map { i in
                itemSize == 8 ? Double(bitPattern: raw(i)) : Double(Float(bitPattern: UInt32(truncatingIfNeeded: raw(i))))
            })
        case .signed:
            let shift = UInt64(64 - 8 * itemSize)
            return .int64((0..<count).map { Int(Int64(bitPattern: raw($0) << shift) >> Int64(shift)) })
        case .unsigned:
            // uint64 values above Int.max would not fit an int; they wrap like numpy's astype(int64).
            return .int64((0..<count).map { Int(Int64(bitPattern: raw($0))) })
        case .bool:
            return .bool((0..<count).map { raw($0) != 0 })
        }
    }
}

/// Reads the Python literals of a `.npy` header: a dict of strings,
/// booleans and tuples of ints.
struct PythonLiteralScanner {
    enum Literal { case string(String), bool(Bool), int(Int), tuple([Int]), other }

    private let chars: [Character]
    private var i = 0

    init(_ text: String) { chars = Array(text) }

    private mutating func skipSpaces() { while i < chars.count, chars[i].isWhitespace { i += 1 } }

    private mutating func expect(_ c: Character) throws {
        skipSpaces()
        guard i < chars.count, chars[i] == c else { throw RuntimeError("the .npy header is malformed: expected '\(c)'") }
        i += 1
    }

    private mutating func peek() -> Character? {
        skipSpaces()
        return i < chars.count ? chars[i] : nil
    }

    mutating func dictionary() throws -> [String: Literal] {
        var out: [String: Literal] = [:]
        try expect("{")
        while peek() != "}" {
            guard case .string(let key) = try literal() else { throw RuntimeError("the .npy header is malformed: a key is not a string") }
            try expect(":")
            out[key] = try literal()
            if peek() == "," { i += 1 }
        }
        return out
    }

    private mutating func literal() throws -> Literal {
        guard let c = peek() else { throw RuntimeError("the .npy header is malformed: it ends early") }
        if c == "'" || c == "\"" {
            i += 1
            let start = i
            while i < chars.count, chars[i] != c { i += 1 }
            guard i < chars.count else { throw RuntimeError("the .npy header is malformed: an unclosed string") }
            defer { i += 1 }
            return .string(String(chars[start..<i]))
        }
        if c == "(" {
            i += 1
            var values: [Int] = []
            while peek() != ")" {
                guard case .int(let n) = try literal() else { throw RuntimeError("the .npy shape must hold integers") }
                values.append(n)
                if peek() == "," { i += 1 }
            }
            i += 1
            return .tuple(values)
        }
        if c == "[" {
            // A structured dtype's field list: skip it whole, it is reported as unsupported.
            var depth = 0
            repeat {
                if chars[i] == "[" { depth += 1 } else if chars[i] == "]" { depth -= 1 }
                i += 1
            } while depth > 0 && i < chars.count
            return .other
        }
        let start = i
        while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "-" { i += 1 }
        let word = String(chars[start..<i])
        switch word {
        case "True": return .bool(true)
        case "False": return .bool(false)
        default:
            guard let n = Int(word) else { throw RuntimeError("the .npy header is malformed near '\(word)'") }
            return .int(n)
        }
    }
}
