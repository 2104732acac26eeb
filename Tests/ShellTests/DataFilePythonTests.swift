// Interop with numpy, pandas-free: files written here are read by numpy in
// the peer environment (scripts/peers) and files numpy writes are read here.
import Foundation
import Language
import PeerSupport
import Testing
@testable import Shell

/// A fresh temporary directory for one test.
func temporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "ce-datafile-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// The path of a real dataset in `shared/data` beside the repository clone (found from
/// this file's path), e.g. `try sharedDataPath("yang2022/e.npy")`; fails the test when missing.
func sharedDataPath(_ relative: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> String {
    let path = URL(fileURLWithPath: #filePath)  // <repo>/Tests/ShellTests/DataFilePythonTests.swift
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/data/\(relative)").standardized.path
    try #require(FileManager.default.fileExists(atPath: path),
                 "shared dataset missing: \(path) (clone the data as ../shared/data beside the repository)",
                 sourceLocation: sourceLocation)
    return path
}

@Suite struct DataFilePythonTests {
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
            try NpyFile.write(array, to: "\(dir)/ce\(i).npy")
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
            np.save('3d.npy', np.arange(24).reshape(2, 3, 4))
            np.save('scalar.npy', np.float64(2.5))
            np.lib.format.write_array(open('v2.npy', 'wb'), a, version=(2, 0))
            np.lib.format.write_array(open('v3.npy', 'wb'), a, version=(3, 0))
            """
        _ = try Peer.run(script, in: dir)
        let matrix = (0..<3).map { r in (0..<4).map { Double(r * 4 + $0) / 8 } }
        for name in ["c", "f", "f4", "be", "v2", "v3"] {
            let a = try NpyFile.read("\(dir)/\(name).npy")
            #expect(a.shape == [3, 4], "\(name).npy shape")
            #expect(a.doubles == matrix.flatMap { $0 }, "\(name).npy values in C order")
        }
        #expect(try NpyFile.read("\(dir)/i4.npy").value.description == "[-5, 7]")
        #expect(try NpyFile.read("\(dir)/u1.npy").value.description == "[0, 255]")
        #expect(try NpyFile.read("\(dir)/b1.npy").value.description == "[true, false]")
        #expect(try NpyFile.read("\(dir)/3d.npy").shape == [2, 3, 4])
        #expect(try NpyFile.read("\(dir)/scalar.npy").value.description == "2.5")
        #expect(try NpyFile.read("\(dir)/c.npy").value.description == "[[0.0, 0.125, 0.25, 0.375], [0.5, 0.625, 0.75, 0.875], [1.0, 1.125, 1.25, 1.375]]")
    }

    @Test func numpyAndPythonReadCSVAndJSON() throws {
        let dir = try temporaryDirectory()
        let columns: Value = .record([("T", .doubles([1, 0.1, 1e-7])), ("n", .ints([1, 2, 3])), ("name", .strings(["a,b", "say \"hi\"", "3"]))])
        try CSVTable(value: columns).write(to: "\(dir)/t.csv")
        try JSONCodec.write(columns, to: "\(dir)/t.json")
        let out = try Peer.run("""
            import csv, json
            rows = list(csv.reader(open('t.csv', newline='')))
            print(rows[0], [float(r[0]) for r in rows[1:]] == [1, 0.1, 1e-7], [r[2] for r in rows[1:]])
            d = json.load(open('t.json'))
            print(list(d), d['T'] == [1, 0.1, 1e-7], [type(x).__name__ for x in d['n']], d['name'][1])
            """, in: dir)
        #expect(out == """
            ['T', 'n', 'name'] True ['a,b', 'say "hi"', '3']
            ['T', 'n', 'name'] True ['int', 'int', 'int'] say "hi"

            """)
    }

    @Test func numpyTextFilesBothWays() throws {
        let dir = try temporaryDirectory()
        try CSVTable(value: .record([("T", .doubles([1, 0.1, 1e-7])), ("n", .ints([1, 2, 3]))])).write(to: "\(dir)/ce.csv")
        let out = try Peer.run("""
            import numpy as np
            a = np.genfromtxt('ce.csv', delimiter=',', names=True)
            print(a.dtype.names, list(a['T']) == [1, 0.1, 1e-7], list(a['n']))
            np.savetxt('np.csv', np.array([[0.5, 1e-9], [2, 3]]), delimiter=',', header='x,y')
            """, in: dir)
        #expect(out == "('T', 'n') True [np.float64(1.0), np.float64(2.0), np.float64(3.0)]\n" || out == "('T', 'n') True [1.0, 2.0, 3.0]\n")
        #expect(try CSVTable.read("\(dir)/np.csv").value.description == "{\"x\": [0.5, 2.0], \"y\": [1e-09, 3.0]}")
    }

    @Test func realDatasetLoads() throws {
        let e = try NpyFile.read(sharedDataPath("yang2022/e.npy"))
        #expect(e.shape == [428])
        #expect(zip(e.doubles, [-19.409811, -21.011112]).allSatisfy { abs($0 - $1) < 1e-12 })
        let groups = try NpyFile.read(sharedDataPath("yang2022/groups.npy"))
        #expect(groups.shape == [4588] && groups.ints?.prefix(5) == [0, 1, 1, 2, 2])
    }
}
