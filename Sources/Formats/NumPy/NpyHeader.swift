// The header of a `.npy` file: a Python dict literal giving the dtype, the
// memory order and the shape, and the exact conversion of the raw data it
// describes. Every dtype is read exactly or refused with the reason.

/// The parsed header dictionary of a `.npy` file: dtype, order and shape.
struct NpyHeader {
    enum Kind { case float, signed, unsigned, bool }

    let descr: String
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
            throw FormatError("the .npy header has no simple 'descr' (structured arrays are not supported): \(Self.shown(text))")
        }
        guard case .bool(let fortran)? = dict["fortran_order"], case .tuple(let shape)? = dict["shape"] else {
            throw FormatError("the .npy header lacks 'fortran_order' or 'shape': \(Self.shown(text))")
        }
        let chars = Array(descr.utf8)
        guard chars.count >= 2, "<>|=".utf8.contains(chars[0]) else { throw FormatError("the .npy dtype '\(descr)' is not supported") }
        let size = Int(String(decoding: chars[2...].prefix { $0 >= 0x30 && $0 <= 0x39 }, as: UTF8.self)) ?? 0
        let supported: Kind?
        switch (chars[1], size) {
        case (UInt8(ascii: "f"), 2), (UInt8(ascii: "f"), 4), (UInt8(ascii: "f"), 8): supported = .float
        case (UInt8(ascii: "i"), 1), (UInt8(ascii: "i"), 2), (UInt8(ascii: "i"), 4), (UInt8(ascii: "i"), 8): supported = .signed
        case (UInt8(ascii: "u"), 1), (UInt8(ascii: "u"), 2), (UInt8(ascii: "u"), 4), (UInt8(ascii: "u"), 8): supported = .unsigned
        case (UInt8(ascii: "b"), 1): supported = .bool
        default: supported = nil
        }
        guard let kind = supported else {
            throw FormatError("the .npy dtype '\(descr)' (\(Self.dtypeName(chars[1], size))) is not supported; "
                + "float16/32/64, int8-64, uint8-64 and bool are")
        }
        self.descr = descr
        self.kind = kind
        self.itemSize = size
        self.bigEndian = chars[0] == UInt8(ascii: ">")
        self.fortranOrder = fortran
        self.shape = shape
    }

    /// NumPy's name for a dtype character and size, for error messages.
    static func dtypeName(_ code: UInt8, _ size: Int) -> String {
        switch code {
        case UInt8(ascii: "f"): return "float\(size * 8)"
        case UInt8(ascii: "c"): return "complex\(size * 8)"
        case UInt8(ascii: "U"): return "unicode strings"
        case UInt8(ascii: "S"), UInt8(ascii: "a"): return "byte strings"
        case UInt8(ascii: "O"): return "Python objects"
        case UInt8(ascii: "M"), UInt8(ascii: "m"): return "dates or times"
        case UInt8(ascii: "i"), UInt8(ascii: "u"), UInt8(ascii: "b"): return "\(size)-byte integers"
        case UInt8(ascii: "V"): return "raw bytes"
        default: return "an unknown kind"
        }
    }

    /// The header as it reads, without numpy's padding.
    static func shown(_ text: String) -> String {
        var s = Substring(text)
        while let last = s.last, last.isWhitespace { s.removeLast() }
        return String(s)
    }

    /// `count` elements starting at byte `start`, converted exactly to float64, int64 or bool;
    /// a uint64 above Int.max is refused rather than wrapped.
    func elements(_ bytes: [UInt8], from start: Int, count: Int) throws -> NpyArray.Elements {
        if itemSize == 8 && !bigEndian && kind != .unsigned {
            // The common case ('<f8', '<i8'): one copy of the words.
            var words = [UInt64](repeating: 0, count: count)
            words.withUnsafeMutableBytes { target in
                bytes.withUnsafeBytes { source in
                    target.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[start..<(start + count * 8)]))
                }
            }
            if kind == .float { return .float64(words.map { Double(bitPattern: UInt64(littleEndian: $0)) }) }
            return .int64(words.map { Int(Int64(bitPattern: UInt64(littleEndian: $0))) })
        }
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
                switch itemSize {
                case 8: return Double(bitPattern: raw(i))
                case 4: return Double(Float(bitPattern: UInt32(truncatingIfNeeded: raw(i))))
                default: return Self.halfToDouble(UInt16(truncatingIfNeeded: raw(i)))
                }
            })
        case .signed:
            let shift = UInt64(64 - 8 * itemSize)
            return .int64((0..<count).map { Int(Int64(bitPattern: raw($0) << shift) >> Int64(shift)) })
        case .unsigned:
            var out: [Int] = []
            out.reserveCapacity(count)
            for i in 0..<count {
                let x = raw(i)
                guard let n = Int(exactly: x) else {
                    throw FormatError("the .npy uint64 element \(i) is \(x), larger than an int holds (\(Int.max))")
                }
                out.append(n)
            }
            return .int64(out)
        case .bool:
            return .bool((0..<count).map { raw($0) != 0 })
        }
    }

    /// An IEEE 754 half-precision value, exactly (every half is a double).
    static func halfToDouble(_ h: UInt16) -> Double {
        let sign: Double = h & 0x8000 != 0 ? -1 : 1
        let exponent = Int((h >> 10) & 0x1F)
        let fraction = Double(h & 0x3FF)
        switch exponent {
        case 0: return sign * fraction * 0x1p-24
        case 31: return fraction == 0 ? sign * .infinity : .nan
        default: return sign * (1 + fraction / 1024) * Double(sign: .plus, exponent: exponent - 15, significand: 1)
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
        guard i < chars.count, chars[i] == c else { throw FormatError("the .npy header is malformed: expected '\(c)'") }
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
            guard case .string(let key) = try literal() else { throw FormatError("the .npy header is malformed: a key is not a string") }
            try expect(":")
            out[key] = try literal()
            if peek() == "," { i += 1 }
        }
        return out
    }

    private mutating func literal() throws -> Literal {
        guard let c = peek() else { throw FormatError("the .npy header is malformed: it ends early") }
        if c == "'" || c == "\"" {
            i += 1
            let start = i
            while i < chars.count, chars[i] != c { i += 1 }
            guard i < chars.count else { throw FormatError("the .npy header is malformed: an unclosed string") }
            defer { i += 1 }
            return .string(String(chars[start..<i]))
        }
        if c == "(" {
            i += 1
            var values: [Int] = []
            while peek() != ")" {
                guard case .int(let n) = try literal() else { throw FormatError("the .npy shape must hold integers") }
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
            guard let n = Int(word) else { throw FormatError("the .npy header is malformed near '\(word)'") }
            return .int(n)
        }
    }
}
