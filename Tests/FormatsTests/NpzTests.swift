// NpzFile and its ZIP container: round trips, hostile archives, and the
// DEFLATE reader checked on streams zlib wrote (numpy.savez_compressed).
import Formats
import PeerSupport
import Testing

@Suite struct NpzTests {
    func failure(_ bytes: [UInt8]) -> String? {
        do { _ = try NpzFile.decode(bytes); return nil } catch let e as FormatError { return e.description } catch { return "\(error)" }
    }

    @Test func roundTrips() throws {
        let x = try NpyArray(doubles: [1, 2, 3, 4], shape: [2, 2])
        let n = try NpyArray(shape: [3], elements: .int64([1, -2, 3]))
        let back = try NpzFile.decode(NpzFile.encode([("X", x), ("n", n)]))
        #expect(back.map(\.name) == ["X", "n"])
        #expect(back.map(\.array) == [x, n])
        #expect(throws: FormatError("two arrays are named 'X'")) { try NpzFile.encode([("X", x), ("X", n)]) }
        #expect(try NpzFile.decode(NpzFile.encode([])).isEmpty)
    }

    @Test func hostileArchivesAreRefused() throws {
        let good = try NpzFile.encode([("x", try NpyArray(doubles: [1, 2, 3]))])
        #expect(failure(Array("PK".utf8)) == "not a zip archive (too short)")
        #expect(failure([UInt8](repeating: 0, count: 100)) == "not a zip archive (no end-of-directory record)")
        var corrupt = good
        corrupt[40] ^= 0xFF  // a byte of the member's data
        #expect(failure(corrupt) == "array 'x': zip member 'x.npy' is corrupt (its CRC-32 does not match)")
        #expect(throws: FormatError.self) { try NpzFile.decode(Array(good.dropFirst(10))) }
        #expect(throws: FormatError.self) { try NpzFile.decode(Array(good.prefix(good.count - 30)) + Array(good.suffix(22))) }
        let zip = try ZipArchive(good)
        #expect(throws: FormatError("zip member 'x.npy' holds \(zip.members[0].size) bytes, more than the 10 allowed")) {
            try zip.contents(of: zip.members[0], maxBytes: 10)
        }
    }

    @Test func readsWhatNumpyWrites() throws {
        let dir = try temporaryDirectory()
        _ = try Peer.run("""
            import numpy as np
            a = np.arange(12, dtype=np.float64).reshape(3, 4) / 8
            np.savez('plain.npz', a=a, n=np.array([1, -2], dtype=np.int32))
            np.savez_compressed('packed.npz', a=a, big=np.tile(np.arange(1000.0), 50), b=np.array([True, False]))
            """, in: dir)
        let plain = try NpzFile.decode(try DataFile.read(dir + "/plain.npz"))
        #expect(plain.map(\.name) == ["a", "n"])
        #expect(plain[0].array.doubles == (0..<12).map { Double($0) / 8 } && plain[0].array.shape == [3, 4])
        #expect(plain[1].array.ints == [1, -2])
        let packed = try NpzFile.decode(try DataFile.read(dir + "/packed.npz"))
        #expect(packed.map(\.name) == ["a", "big", "b"])
        #expect(packed[0].array == plain[0].array)
        #expect(packed[1].array.doubles == Array(repeating: (0..<1000).map(Double.init), count: 50).flatMap { $0 })
        #expect(packed[2].array.elements == .bool([true, false]))
    }

    @Test func numpyReadsWhatCeWrites() throws {
        let dir = try temporaryDirectory()
        let bytes = try NpzFile.encode([("X", try NpyArray(doubles: [0.5, 1, 1.5, 2], shape: [2, 2])),
                                        ("groups", try NpyArray(shape: [2], elements: .int64([0, 1])))])
        try DataFile.write(bytes, to: dir + "/ce.npz")
        let out = try Peer.run("""
            import numpy as np
            z = np.load('ce.npz')
            print(z.files, z['X'].tolist(), z['groups'].dtype, z['groups'].tolist())
            """, in: dir)
        #expect(out == "['X', 'groups'] [[0.5, 1.0], [1.5, 2.0]] int64 [0, 1]\n")
    }
}
