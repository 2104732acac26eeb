// DEFLATE decompression (RFC 1951), for the members of a compressed `.npz`
// (numpy.savez_compressed). Every length is checked against the input and
// against the size the archive declares, so a hostile stream ends in an error.

/// Decompresses raw DEFLATE data.
///
///     try Inflate.decompress(compressed, expectedCount: 1024)   // 1024 bytes, or a FormatError
enum Inflate {
    /// The decompressed bytes; more than `expectedCount` bytes, or a different count, is an error.
    static func decompress(_ input: [UInt8], expectedCount: Int) throws -> [UInt8] {
        var state = Inflate.State(input: input, limit: expectedCount)
        try state.run()
        guard state.output.count == expectedCount else {
            throw FormatError("a compressed member holds \(state.output.count) bytes, the archive says \(expectedCount)")
        }
        return state.output
    }

    /// A canonical Huffman code: the count of codes of each length and the symbols in code order.
    struct Huffman {
        var counts = [Int](repeating: 0, count: 16)
        var symbols: [Int] = []

        /// The code of `lengths` (each 0...15), refused when over-subscribed; incomplete codes are allowed.
        static func checked(lengths: [Int]) throws -> Huffman {
            let h = Huffman(lengths: lengths)
            var left = 1
            for len in 1...15 {
                left <<= 1
                left -= h.counts[len]
                if left < 0 { throw FormatError("a compressed member has an over-subscribed Huffman code") }
            }
            return h
        }

        init(lengths: [Int]) {
            for l in lengths { counts[l] += 1 }
            counts[0] = 0
            var offsets = [Int](repeating: 0, count: 16)
            for len in 1..<15 { offsets[len + 1] = offsets[len] + counts[len] }
            symbols = [Int](repeating: 0, count: lengths.count)
            for (symbol, l) in lengths.enumerated() where l != 0 {
                symbols[offsets[l]] = symbol
                offsets[l] += 1
            }
        }
    }

    static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073,
                               4097, 6145, 8193, 12289, 16385, 24577]
    static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]

    struct State {
        let input: [UInt8]
        let limit: Int
        var output: [UInt8] = []
        var position = 0
        var bitBuffer = 0
        var bitCount = 0

        init(input: [UInt8], limit: Int) {
            self.input = input
            self.limit = limit
            // DEFLATE expands at most 1032-fold, so a hostile declared size cannot reserve more than that.
            output.reserveCapacity(min(limit, input.count.multipliedReportingOverflow(by: 1032).partialValue))
        }

        static func truncated() -> FormatError { FormatError("a compressed member ends early") }

        mutating func bits(_ n: Int) throws -> Int {
            while bitCount < n {
                guard position < input.count else { throw State.truncated() }
                bitBuffer |= Int(input[position]) << bitCount
                position += 1
                bitCount += 8
            }
            let v = bitBuffer & ((1 << n) - 1)
            bitBuffer >>= n
            bitCount -= n
            return v
        }

        mutating func decode(_ h: Huffman) throws -> Int {
            var code = 0, first = 0, index = 0
            for len in 1...15 {
                code |= try bits(1)
                let count = h.counts[len]
                if code - count < first { return h.symbols[index + (code - first)] }
                index += count
                first += count
                first <<= 1
                code <<= 1
            }
            throw FormatError("a compressed member has an invalid Huffman code")
        }

        mutating func emit(_ byte: UInt8) throws {
            guard output.count < limit else { throw FormatError("a compressed member holds more bytes than the archive says (\(limit))") }
            output.append(byte)
        }

        mutating func run() throws {
            var last = false
            while !last {
                last = try bits(1) == 1
                switch try bits(2) {
                case 0: try stored()
                case 1: try block(Inflate.fixedLiterals, Inflate.fixedDistances)
                case 2:
                    let (literals, distances) = try dynamicCodes()
                    try block(literals, distances)
                default: throw FormatError("a compressed member has an invalid block type")
                }
            }
        }

        mutating func stored() throws {
            bitBuffer = 0
            bitCount = 0
            guard input.count - position >= 4 else { throw State.truncated() }
            let length = Int(input[position]) | Int(input[position + 1]) << 8
            let complement = Int(input[position + 2]) | Int(input[position + 3]) << 8
            position += 4
            guard length == ~complement & 0xFFFF else { throw FormatError("a compressed member has a corrupt stored block") }
            guard input.count - position >= length else { throw State.truncated() }
            guard limit - output.count >= length else { throw FormatError("a compressed member holds more bytes than the archive says (\(limit))") }
            output.append(contentsOf: input[position..<(position + length)])
            position += length
        }

        mutating func dynamicCodes() throws -> (Huffman, Huffman) {
            let literalCount = try bits(5) + 257, distanceCount = try bits(5) + 1, codeCount = try bits(4) + 4
            guard literalCount <= 286, distanceCount <= 30 else { throw FormatError("a compressed member has too many codes") }
            let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
            var codeLengths = [Int](repeating: 0, count: 19)
            for k in 0..<codeCount { codeLengths[order[k]] = try bits(3) }
            let lengthCode = try Huffman.checked(lengths: codeLengths)
            var lengths: [Int] = []
            while lengths.count < literalCount + distanceCount {
                let symbol = try decode(lengthCode)
                switch symbol {
                case 0..<16: lengths.append(symbol)
                case 16:
                    guard let previous = lengths.last else { throw FormatError("a compressed member repeats a length before the first") }
                    lengths += Array(repeating: previous, count: 3 + (try bits(2)))
                case 17: lengths += Array(repeating: 0, count: 3 + (try bits(3)))
                default: lengths += Array(repeating: 0, count: 11 + (try bits(7)))
                }
            }
            guard lengths.count == literalCount + distanceCount else { throw FormatError("a compressed member has too many code lengths") }
            guard lengths[256] != 0 else { throw FormatError("a compressed member has no end-of-block code") }
            return (try Huffman.checked(lengths: Array(lengths[0..<literalCount])), try Huffman.checked(lengths: Array(lengths[literalCount...])))
        }

        mutating func block(_ literals: Huffman, _ distances: Huffman) throws {
            while true {
                let symbol = try decode(literals)
                if symbol < 256 { try emit(UInt8(symbol)); continue }
                if symbol == 256 { return }
                let l = symbol - 257
                guard l < 29 else { throw FormatError("a compressed member has an invalid length code") }
                let length = Inflate.lengthBase[l] + (try bits(Inflate.lengthExtra[l]))
                let d = try decode(distances)
                guard d < 30 else { throw FormatError("a compressed member has an invalid distance code") }
                let distance = Inflate.distanceBase[d] + (try bits(Inflate.distanceExtra[d]))
                guard distance <= output.count else { throw FormatError("a compressed member refers back past its start") }
                guard limit - output.count >= length else { throw FormatError("a compressed member holds more bytes than the archive says (\(limit))") }
                let start = output.count - distance
                for k in 0..<length { output.append(output[start + k]) }
            }
        }
    }

    static let fixedLiterals: Huffman = {
        var lengths = [Int](repeating: 8, count: 288)
        for s in 144..<256 { lengths[s] = 9 }
        for s in 256..<280 { lengths[s] = 7 }
        return Huffman(lengths: lengths)  // RFC 1951 3.2.6
    }()

    static let fixedDistances: Huffman = {
        Huffman(lengths: [Int](repeating: 5, count: 30))  // RFC 1951 3.2.6
    }()
}
