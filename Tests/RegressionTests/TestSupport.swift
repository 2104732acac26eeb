// Shared fixtures for the regression tests: the yang2022 group layout, stand-in
// problems and running the Python peer solvers in the peer environment.
import Foundation
import PeerSupport
import Testing
@testable import Regression

enum TestSupport {
    /// The 4,588-column group layout of yang2022 (groups.npy, int64), from the shared data
    /// beside the repository (`<repo>/../shared/data`); a missing file fails the test.
    static func yangGroupIDs(sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> [Int] {
        let path = URL(fileURLWithPath: #filePath)  // <repo>/Tests/RegressionTests/TestSupport.swift
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("../shared/data/yang2022/groups.npy").standardized.path
        let data = try #require(FileManager.default.contents(atPath: path),
                                "shared dataset missing: \(path) (clone the data as ../shared/data beside the repository)",
                                sourceLocation: sourceLocation)
        try #require(data.count > 10, "groups.npy is truncated", sourceLocation: sourceLocation)
        let bytes = [UInt8](data)
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        let start = 10 + headerLength
        let count = (bytes.count - start) / 8
        return (0..<count).map { k in
            var v: UInt64 = 0
            for b in 0..<8 { v |= UInt64(bytes[start + 8 * k + b]) << (8 * UInt64(b)) }
            return Int(Int64(bitPattern: v))
        }
    }

    /// Writes (x, y, groups) where the peers read them: x.f64 (column-major), y.f64, groups.i64, shape.txt.
    static func writeProblem(_ x: Matrix, _ y: [Double], _ ids: [Int], to dir: URL) throws {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try x.storage.withUnsafeBufferPointer { Data(buffer: $0) }.write(to: dir.appendingPathComponent("x.f64"))
        try y.withUnsafeBufferPointer { Data(buffer: $0) }.write(to: dir.appendingPathComponent("y.f64"))
        try write(ids, to: dir.appendingPathComponent("groups.i64"))
        try "\(x.rows) \(x.columns)".write(to: dir.appendingPathComponent("shape.txt"), atomically: true, encoding: .utf8)
    }

    static func write(_ ints: [Int], to url: URL) throws {
        try ints.map { Int64($0) }.withUnsafeBufferPointer { Data(buffer: $0) }.write(to: url)
    }

    static func scratch() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("ce-regression-\(UUID().uuidString)")
    }

    static func peerScript(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("peers/\(name)").path
    }

    /// Runs peers/sgl_peer.py on (x, y, groups); returns the peer objective and its coefficients.
    static func peerSolve(_ x: Matrix, _ y: [Double], _ ids: [Int], alpha: Double, mix: Double) throws
        -> (objective: Double, eci: [Double], solver: String)
    {
        let dir = scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        try writeProblem(x, y, ids, to: dir)
        let out = try Peer.runFile(peerScript("sgl_peer.py"), arguments: [dir.path, "\(alpha)", "\(mix)"])
        var objective = Double.nan, solver = ""
        for line in out.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.first == "objective", parts.count > 1 { objective = Double(parts[1]) ?? .nan }
            if parts.first == "solver", parts.count > 1 { solver = String(parts[1]) }
        }
        let data = try Data(contentsOf: dir.appendingPathComponent("peer_eci.f64"))
        let eci = data.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
        return (objective, eci, solver)
    }

    /// Runs peers/groupwise_enet_peer.py (seed 000's procedure in scikit-learn): (J_0, ECIs).
    static func peerGroupwise(_ x: Matrix, _ y: [Double], _ ids: [Int], points: [Int], alpha: Double, mix: Double) throws
        -> (intercept: Double, eci: [Double])
    {
        let dir = scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        try writeProblem(x, y, ids, to: dir)
        try write(points, to: dir.appendingPathComponent("points.i64"))
        _ = try Peer.runFile(peerScript("groupwise_enet_peer.py"), arguments: [dir.path, "\(alpha)", "\(mix)"])
        let data = try Data(contentsOf: dir.appendingPathComponent("peer_eci.f64"))
        let values = data.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
        return (values[0], Array(values.dropFirst()))
    }
}
