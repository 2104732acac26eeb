// NpyFile: numpy.save's bytes, every dtype read exactly or refused with the
// reason, truncated and hostile headers refused.
import Formats
import Testing

/// A `.npy` file with `header` (version 1.0, no padding) followed by `data`.
func npyFile(_ header: String, data: [UInt8] = []) -> [UInt8] {
    let h = Array(header.utf8)
    return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(h.count), 0] + h + data
}

@Suite struct NpyTests {
    func failure(_ bytes: [UInt8]) -> String? {
        do { _ = try NpyFile.decode(bytes); return nil } catch let e as FormatError { return e.description } catch { return "\(error)" }
    }

    @Test func roundTripsThroughBytes() throws {
        let arrays = [
            try NpyArray(doubles: [0.1, -0.0, 1e308, 5e-324]),
            try NpyArray(shape: [2, 2], elements: .int64([Int.min, 0, Int.max, -1])),
            try NpyArray(shape: [2, 1], elements: .float64([1.5, 2.5])),
            try NpyArray(shape: [2], elements: .bool([true, false])),
            try NpyArray(shape: [], elements: .float64([2.5])),
            try NpyArray(shape: [2, 0, 3], elements: .float64([])),
        ]
        for a in arrays {
            let back = try NpyFile.decode(NpyFile.encode(a))
            #expect(back == a)
        }
        #expect(NpyFile.encode(try NpyArray(doubles: [1, 2])).count == 128 + 16, "the header is padded to 64 bytes as numpy does")
        #expect(try NpyFile.shape(of: NpyFile.encode(try NpyArray(doubles: [1, 2, 3, 4], shape: [2, 2]))) == [2, 2])
    }

    @Test func convertsDtypes() throws {
        #expect(try NpyArray(doubles: [1, -2]).converted(to: "int64").elements == .int64([1, -2]))
        #expect(try NpyArray(shape: [1], elements: .int64([3])).converted(to: "f8").elements == .float64([3]))
        #expect(throws: FormatError("dtype int64 needs integral values; element 0 is 1.5")) { try NpyArray(doubles: [1.5]).converted(to: "int64") }
        #expect(throws: FormatError("dtype must be \"float64\" or \"int64\", got \"f4\"")) { try NpyArray(doubles: [1]).converted(to: "f4") }
        #expect(throws: FormatError.self) { try NpyArray(shape: [2, 2], elements: .float64([1])) }
    }

    @Test func everyDtypeIsReadExactlyOrRefused() throws {
        let i2 = npyFile("{'descr': '<i2', 'fortran_order': False, 'shape': (2,), }", data: [0xFF, 0xFF, 0x02, 0x01])
        #expect(try NpyFile.decode(i2).ints == [-1, 258])
        // float16: 1.0, -2.0, the smallest subnormal, 65504, infinity.
        let f2 = npyFile("{'descr': '<f2', 'fortran_order': False, 'shape': (5,), }",
                         data: [0x00, 0x3C, 0x00, 0xC0, 0x01, 0x00, 0xFF, 0x7B, 0x00, 0x7C])
        #expect(try NpyFile.decode(f2).doubles == [1, -2, 0x1p-24, 65504, .infinity])
        let u8 = npyFile("{'descr': '<u8', 'fortran_order': False, 'shape': (2,), }",
                         data: [7, 0, 0, 0, 0, 0, 0, 0] + [UInt8](repeating: 0xFF, count: 8))
        #expect(failure(u8) == "the .npy uint64 element 1 is 18446744073709551615, larger than an int holds (9223372036854775807)")
        let u8small = npyFile("{'descr': '>u8', 'fortran_order': False, 'shape': (1,), }", data: [0, 0, 0, 0, 0, 0, 1, 0])
        #expect(try NpyFile.decode(u8small).ints == [256])
        for (descr, name) in [("<c16", "complex128"), ("<U3", "unicode strings"), ("|O", "Python objects"), ("<f16", "float128"),
                              ("<M8[ns]", "dates or times"), ("|S4", "byte strings")] {
            #expect(failure(npyFile("{'descr': '\(descr)', 'fortran_order': False, 'shape': (1,), }"))
                == "the .npy dtype '\(descr)' (\(name)) is not supported; float16/32/64, int8-64, uint8-64 and bool are")
        }
    }

    @Test func hostileFilesAreRefused() throws {
        #expect(failure(Array("hello world".utf8)) == "not a .npy file (it does not start with \\x93NUMPY)")
        let good = NpyFile.encode(try NpyArray(doubles: [1, 2, 3]))
        #expect(failure(Array(good.dropLast(8))) == "the .npy data is truncated: shape (3,) needs 24 bytes, the file has 16")
        #expect(failure(Array(good.prefix(40))) == "the .npy header is truncated")
        #expect(failure(npyFile("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), }\n"))?
            .hasPrefix("the .npy header has no simple 'descr'") == true)
        #expect(failure(npyFile("{'descr': '<f8', 'shape': (1,)}")) == "the .npy header lacks 'fortran_order' or 'shape': {'descr': '<f8', 'shape': (1,)}")
        #expect(failure(npyFile("{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }")) == "the .npy shape (-1,) is invalid or too large")
        // Sizes up to 2^63: the byte count overflows, or the data is simply not there.
        #expect(failure(npyFile("{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 4), }"))
            == "the .npy shape (4611686018427387904, 4) is invalid or too large")
        #expect(failure(npyFile("{'descr': '<f8', 'fortran_order': False, 'shape': (1152921504606846975,), }"))?
            .hasPrefix("the .npy data is truncated") == true)
        // Empty arrays with huge other dimensions decode to no elements.
        #expect(try NpyFile.decode(npyFile("{'descr': '<f8', 'fortran_order': False, 'shape': (0, 3037000500, 3037000500), }")).elements.count == 0)
        var version9 = good
        version9[6] = 9
        #expect(failure(version9) == ".npy format version 9.0 is not supported (1.0 to 3.0 are)")
    }

    @Test func fortranOrderIsReorderedToC() throws {
        // [[1, 2, 3], [4, 5, 6]] stored column by column.
        let data = [1.0, 4, 2, 5, 3, 6].flatMap { d in (0..<8).map { UInt8(truncatingIfNeeded: d.bitPattern >> (8 * $0)) } }
        let f = npyFile("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }", data: data)
        #expect(try NpyFile.decode(f).doubles == [1, 2, 3, 4, 5, 6])
    }
}
