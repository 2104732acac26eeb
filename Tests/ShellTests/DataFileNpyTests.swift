// NpyArray from ce values and NpyFile encode/decode: round trips, dtypes kept, errors.
import Language
import Numerics
import Testing
@testable import Shell

@Suite struct DataFileNpyTests {
    @Test func valuesPickShapeAndDtype() throws {
        let ints = try NpyArray(value: .ints([1, 2, 3]))
        #expect(ints.shape == [3] && ints.elements == .int64([1, 2, 3]))
        let mixed = try NpyArray(value: .list(ListValue([.int(1), .double(2.5)])))
        #expect(mixed.elements == .float64([1, 2.5]))
        let matrix = try NpyArray(value: .list(ListValue([.ints([1, 2]), .ints([3, 4]), .ints([5, 6])])))
        #expect(matrix.shape == [3, 2] && matrix.ints == [1, 2, 3, 4, 5, 6])
        let range = try NpyArray(value: .range(RangeValue(start: 0, end: 4)))
        #expect(range.elements == .int64([0, 1, 2, 3]))
        #expect(try NpyArray(value: .list(ListValue([]))).elements == .float64([]))
    }

    @Test func roundTripsThroughBytes() throws {
        let values: [Value] = [
            .doubles([0.1, -0.0, .nan, 1e308]),
            .list(ListValue([.ints([Int.min, 0]), .ints([Int.max, -1])])),
            .list(ListValue([.doubles([1.5]), .doubles([2.5])])),
            .list(ListValue([.bool(true), .bool(false)])),
        ]
        for v in values {
            let array = try NpyArray(value: v)
            let back = try NpyFile.decode(NpyFile.encode(array))
            #expect(back.shape == array.shape)
            #expect(back.value.description == v.description)
        }
        let bytes = NpyFile.encode(try NpyArray(doubles: [1, 2]))
        #expect(bytes.count == 128 + 16, "the header is padded to 64 bytes as numpy does")
    }

    @Test func clearErrors() throws {
        func message(_ v: Value) -> String? {
            do { _ = try NpyArray(value: v); return nil } catch let e as RuntimeError { return e.message } catch { return nil }
        }
        #expect(message(.list(ListValue([.ints([1, 2]), .ints([3])]))) == "the array is ragged: element [1] has 1 values, the first has 2")
        #expect(message(.list(ListValue([.ints([1, 2]), .int(3)]))) == "the array is ragged: element [1] is a int where the first is a list of 2")
        #expect(message(.list(ListValue([.int(1), .string("x")]))) == ".npy holds numbers only; found string \"x\" at element 1 (C order)")
        let bigFirst = ListValue([.range(RangeValue(start: 0, end: 1_000_000))])
        bigFirst.items += Array(repeating: .int(1), count: 999_999)
        #expect(message(.list(bigFirst)) == "the array is ragged: element [1] is a int where the first is a list of 1000000")
        let loop = ListValue([])
        loop.items.append(.list(loop))
        #expect(message(.list(loop))?.contains("nest more than") == true)

        func decodeMessage(_ bytes: [UInt8]) -> String? {
            do { _ = try NpyFile.decode(bytes); return nil } catch let e as RuntimeError { return e.message } catch { return nil }
        }
        #expect(decodeMessage(Array("hello world".utf8)) == "not a .npy file (it does not start with \\x93NUMPY)")
        let good = NpyFile.encode(try NpyArray(doubles: [1, 2, 3]))
        #expect(decodeMessage(Array(good.dropLast(8))) == "the .npy data is truncated: shape (3,) needs 24 bytes, the file has 16")
        func file(_ header: String, data: [UInt8] = []) -> [UInt8] {
            let h = Array(header.utf8)
            return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(h.count), 0] + h + data
        }
        #expect(decodeMessage(file("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }\n"))?
            .hasPrefix("the .npy dtype '<c8' is not supported") == true)
        #expect(decodeMessage(file("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), }\n"))?
            .hasPrefix("the .npy header has no simple 'descr'") == true)
        #expect(decodeMessage(file("{'descr': '<f8', 'shape': (1,)}")) == "the .npy header lacks 'fortran_order' or 'shape': {'descr': '<f8', 'shape': (1,)}")
        #expect(decodeMessage(file("{'descr': '<i2', 'fortran_order': False, 'shape': (2,), }", data: [0xFF, 0xFF, 0x02, 0x01])) == nil)
        #expect(try NpyFile.decode(file("{'descr': '<i2', 'fortran_order': False, 'shape': (2,), }", data: [0xFF, 0xFF, 0x02, 0x01])).ints == [-1, 258])
        // Empty arrays with huge other dimensions: their strides overflowed Int, or expanding them never ended.
        for shape in ["(0, 3037000500, 3037000500)", "(100000000, 100000000, 0)"] {
            #expect(decodeMessage(file("{'descr': '<f8', 'fortran_order': False, 'shape': \(shape), }"))?
                .hasSuffix("is invalid or too large (at most 100000000 elements)") == true)
        }
        #expect(try NpyFile.decode(file("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 0, 3), }")).value.description == "[[], []]")
    }

    @Test func matrixBridgeKeepsRowsAndColumns() throws {
        let m = try Matrix(rowMajor: [[1, 2, 3], [4, 5, 6]])
        let array = try NpyArray(matrix: m)
        #expect(array.shape == [2, 3] && array.doubles == [1, 2, 3, 4, 5, 6])
        let back = try NpyFile.decode(NpyFile.encode(array)).matrix()
        #expect(back == m && back[1, 0] == 4)
        #expect(try NpyArray(value: .ints([7, 8])).matrix() == Matrix(rows: 2, columns: 1, columnMajor: [7, 8]))
        #expect(throws: RuntimeError.self) { try NpyArray(value: .int(1)).matrix() }
    }
}
