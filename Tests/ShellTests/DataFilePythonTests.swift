// Interop with Python through ce values: CSV and JSON written from values are
// read by Python and numpy (scripts/peers), numpy's text files load as values.
import Formats
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
        let e = try NpyArray.read(sharedDataPath("yang2022/e.npy"))
        #expect(e.shape == [428])
        #expect(zip(e.doubles, [-19.409811, -21.011112]).allSatisfy { abs($0 - $1) < 1e-12 })
        let groups = try NpyArray.read(sharedDataPath("yang2022/groups.npy"))
        #expect(groups.shape == [4588] && groups.ints?.prefix(5) == [0, 1, 1, 2, 2])
    }
}
