// The decoders never crash: seeded random bytes and mutated valid files
// either decode or throw a FormatError (the large fuzz run is scripts/fuzz).
import Formats
import Testing

/// `valid` with a few bytes replaced, or a prefix of it, or random bytes, from a seeded generator.
func mutations(of valid: [UInt8], count: Int, seed: UInt64) -> [[UInt8]] {
    var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
    func next() -> UInt64 {
        state ^= state << 13; state ^= state >> 7; state ^= state << 17
        return state
    }
    func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
    return (0..<count).map { k in
        switch k % 3 {
        case 0:
            var b = valid
            for _ in 0..<(1 + below(4)) { b[below(b.count)] = UInt8(truncatingIfNeeded: next()) }
            return b
        case 1: return Array(valid.prefix(below(valid.count + 1)))
        default: return (0..<below(200)).map { _ in UInt8(truncatingIfNeeded: next()) }
        }
    }
}

@Suite struct CodecFuzzTests {
    func survives(_ body: () throws -> Void) -> Bool {
        do { try body(); return true } catch is FormatError { return true } catch { return false }
    }

    @Test func npyDecoderNeverCrashes() throws {
        let valid = NpyFile.encode(try NpyArray(shape: [2, 3], elements: .int64([1, 2, 3, 4, 5, 6])))
        for bytes in mutations(of: valid, count: 3000, seed: 1) {
            #expect(survives { _ = try NpyFile.decode(bytes) })
        }
    }

    @Test func npzDecoderNeverCrashes() throws {
        let valid = try NpzFile.encode([("a", try NpyArray(doubles: [1.5, -2])), ("b", try NpyArray(shape: [1], elements: .bool([true])))])
        for bytes in mutations(of: valid, count: 3000, seed: 4) {
            #expect(survives { _ = try NpzFile.decode(bytes, maxBytes: 1 << 20) })
        }
    }

    @Test func jsonParserNeverCrashes() throws {
        let valid = Array(JSON.encode(.object(JSONObject([("a", .array([.double(1.5), .double(-2e-3)])),
                                                          ("b", .array([.string("x\u{e9}\""), .string("\\u")])), ("c", .null)]))).utf8)
        for bytes in mutations(of: valid, count: 3000, seed: 2) {
            #expect(survives { _ = try JSON.parse(bytes) })
        }
    }

    @Test func csvParserNeverCrashes() throws {
        let valid = Array("# T,E\nT,\"E, eV\"\n1,2.5\n\"x\"\"y\",\n".utf8)
        for bytes in mutations(of: valid, count: 3000, seed: 3) {
            #expect(survives { _ = try CSVTable.parse(bytes) })
        }
    }
}
