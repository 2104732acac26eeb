// The decoders never crash: seeded random bytes and mutated valid files
// either decode or throw a RuntimeError.
import Language
import Numerics
import Testing
@testable import Shell

@Suite struct DataFileFuzzTests {
    /// `valid` with a few random bytes replaced, or a random prefix of it, or random bytes.
    func mutations(of valid: [UInt8], count: Int, seed: UInt64) -> [[UInt8]] {
        var rng = RandomStream(seed: seed)
        return (0..<count).map { k in
            switch k % 3 {
            case 0:
                var b = valid
                for _ in 0..<(1 + rng.int(below: 4)) { b[rng.int(below: b.count)] = UInt8(truncatingIfNeeded: rng.next()) }
                return b
            case 1: return Array(valid.prefix(rng.int(below: valid.count + 1)))
            default: return (0..<rng.int(below: 200)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            }
        }
    }

    func survives(_ body: () throws -> Void) -> Bool {
        do { try body(); return true } catch is RuntimeError { return true } catch { return false }
    }

    @Test func npyDecoderNeverCrashes() throws {
        let valid = NpyFile.encode(try NpyArray(value: .list(ListValue([.ints([1, 2, 3]), .ints([4, 5, 6])]))))
        for bytes in mutations(of: valid, count: 3000, seed: 1) {
            #expect(survives { _ = try NpyFile.decode(bytes) })
        }
    }

    @Test func jsonDecoderNeverCrashes() throws {
        let valid = Array(try JSONCodec.encode(.record([("a", .doubles([1.5, -2e-3])), ("b", .strings(["x\u{e9}\"", "\\u"])), ("c", .null)])).utf8)
        for bytes in mutations(of: valid, count: 3000, seed: 2) {
            #expect(survives { _ = try JSONCodec.decode(bytes) })
        }
    }

    @Test func csvParserNeverCrashes() throws {
        let valid = Array("# T,E\nT,\"E, eV\"\n1,2.5\n\"x\"\"y\",\n".utf8)
        for bytes in mutations(of: valid, count: 3000, seed: 3) {
            #expect(survives { _ = try CSVTable.parse(String(decoding: bytes, as: UTF8.self)) })
        }
    }
}
