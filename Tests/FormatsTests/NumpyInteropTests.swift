// Interop with numpy (scripts/peers): ce writes the bytes numpy.save writes,
// and reads what numpy writes in every layout, byte order and dtype it has.
import Formats
import PeerSupport
import Testing

@Suite struct NumpyInteropTests {
    @Test func numpySaveIsByteIdentical() throws {
        let dir = try temporaryDirectory()
        let arrays: [(NpyArray, String)] = [
            (try NpyArray(doubles: [0.1, -2.5, 1e-300, .infinity]), "np.array([0.1, -2.5, 1e-300, np.inf])"),
            (try NpyArray(shape: [2, 3], elements: .int64([1, -2, 3, Int.max, Int.min, 0])),
             "np.array([[1, -2, 3], [2**63 - 1, -2**63, 0]], dtype=np.int64)"),
            (try NpyArray(shape: [0], elements: .float64([])), "np.zeros(0)"),
            (try NpyArray(shape: [3], elements: .bool([true, false, true])), "np.array([True, False, True])"),
        ]
        for (i, (array, expression)) in arrays.enumerated() {
            try DataFile.write(NpyFile.encode(array), to: "\(dir)/ce\(i).npy")
            let same = try Peer.run(
                "import numpy as np\nnp.save('np\(i).npy', \(expression))\nprint(open('np\(i).npy','rb').read() == open('ce\(i).npy','rb').read())",
                in: dir)
            #expect(same == "True\n", "ce writes what numpy.save writes for \(expression)")
        }
    }

    @Test func readsWhatNumpyWrites() throws {
        let dir = try temporaryDirectory()
        let script = """
            import numpy as np
            a = np.arange(12, dtype=np.float64).reshape(3, 4) / 8
            np.save('c.npy', a)
            np.save('f.npy', np.asfortranarray(a))
            np.save('f4.npy', a.astype('<f4'))
            np.save('be.npy', a.astype('>f8'))
            np.save('i4.npy', np.array([-5, 7], dtype='<i4'))
            np.save('u1.npy', np.array([0, 255], dtype='u1'))
            np.save('b1.npy', np.array([True, False]))
            np.save('f2.npy', np.array([0.5, -65504, 6e-8], dtype='<f2'))
            np.save('u8.npy', np.array([2**63 - 1], dtype='<u8'))
            np.save('u8big.npy', np.array([2**63], dtype='<u8'))
            np.save('3d.npy', np.arange(24).reshape(2, 3, 4))
            np.save('scalar.npy', np.float64(2.5))
            np.lib.format.write_array(open('v2.npy', 'wb'), a, version=(2, 0))
            np.lib.format.write_array(open('v3.npy', 'wb'), a, version=(3, 0))
            """
        _ = try Peer.run(script, in: dir)
        let matrix = (0..<3).map { r in (0..<4).map { Double(r * 4 + $0) / 8 } }
        for name in ["c", "f", "f4", "be", "v2", "v3"] {
            let a = try NpyFile.decode(DataFile.read("\(dir)/\(name).npy"))
            #expect(a.shape == [3, 4], "\(name).npy shape")
            #expect(a.doubles == matrix.flatMap { $0 }, "\(name).npy values in C order")
        }
        #expect(try NpyFile.decode(DataFile.read("\(dir)/i4.npy")).elements == .int64([-5, 7]))
        #expect(try NpyFile.decode(DataFile.read("\(dir)/u1.npy")).elements == .int64([0, 255]))
        #expect(try NpyFile.decode(DataFile.read("\(dir)/b1.npy")).elements == .bool([true, false]))
        #expect(try NpyFile.decode(DataFile.read("\(dir)/3d.npy")).shape == [2, 3, 4])
        #expect(try NpyFile.decode(DataFile.read("\(dir)/f2.npy")).doubles == [0.5, -65504, 0x1p-24 * 1], "float16 values are read exactly")
        #expect(try NpyFile.decode(DataFile.read("\(dir)/u8.npy")).ints == [Int.max])
        #expect(throws: FormatError.self) { try NpyFile.decode(DataFile.read("\(dir)/u8big.npy")) }
        #expect(try NpyFile.decode(DataFile.read("\(dir)/scalar.npy")) == NpyArray(shape: [], elements: .float64([2.5])))
    }

}
