// The Python peers that tests compare ce against (scikit-learn, ASE,
// pymatgen, icet, smol, h5py, jupyter_client): one virtual environment made by
// scripts/peers. A comparison test calls `Peer.run`, which throws when the
// peer is missing, so the test fails instead of passing quietly.
import Foundation

/// Runs Python scripts in the peer environment.
///
///     let out = try Peer.run("import sklearn; print(sklearn.__version__)")
public enum Peer {
    /// Why a peer script did not give an answer.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The repository this file belongs to (`<repo>/Tests/PeerSupport/Peer.swift`).
    public static let repository: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The peer environment's python: `$CE_PEER_PYTHON` (scripts/test sets it), else the
    /// one `scripts/peers` prints (building the environment the first time).
    public static let python: Result<String, Failure> = {
        if let path = ProcessInfo.processInfo.environment["CE_PEER_PYTHON"], !path.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: path) else {
                return .failure(Failure(description: "CE_PEER_PYTHON=\(path) is not an executable python"))
            }
            return .success(path)
        }
        let script = repository.appendingPathComponent("scripts/peers").path
        guard let out = try? execute(["/bin/bash", script], stdin: nil, directory: nil),
              out.status == 0, let path = out.stdout.split(separator: "\n").last.map(String.init),
              FileManager.default.isExecutableFile(atPath: path) else {
            return .failure(Failure(description: "the peer environment is missing: run scripts/peers (or scripts/test), or set CE_PEER_PYTHON"))
        }
        return .success(path)
    }()

    /// The path of a real dataset in `shared/data` beside the repository clone; throws when it is
    /// absent, so the test fails instead of skipping.
    ///
    ///     let path = try Peer.sharedData("agpd/structures.extxyz")
    public static func sharedData(_ relative: String) throws -> String {
        let path = repository.appendingPathComponent("../shared/data/\(relative)").standardized.path
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw Failure(description: "shared dataset missing: \(path) (clone the data as ../shared/data beside the repository)")
        }
        return path
    }

    /// The standard output of `script` run by the peer python with `arguments` (as `sys.argv[1:]`),
    /// in `directory`; throws with the script's standard error when it fails.
    public static func run(_ script: String, arguments: [String] = [], in directory: String? = nil) throws -> String {
        let python = try python.get()
        let out = try execute([python, "-c", script] + arguments, stdin: nil, directory: directory)
        guard out.status == 0 else {
            throw Failure(description: "peer script exited with \(out.status):\n\(out.stderr)")
        }
        return out.stdout
    }

    /// Runs the python file `path` (relative paths start at the repository) with `arguments`.
    public static func runFile(_ path: String, arguments: [String] = [], in directory: String? = nil) throws -> String {
        let python = try python.get()
        let file = path.hasPrefix("/") ? path : repository.appendingPathComponent(path).path
        let out = try execute([python, file] + arguments, stdin: nil, directory: directory)
        guard out.status == 0 else {
            throw Failure(description: "\(path) exited with \(out.status):\n\(out.stderr)")
        }
        return out.stdout
    }

    /// The floats a peer script prints, one or more per line, parsed exactly
    /// (print them with `repr` or `float.hex`).
    public static func doubles(_ script: String, arguments: [String] = [], in directory: String? = nil) throws -> [Double] {
        try run(script, arguments: arguments, in: directory).split(whereSeparator: { $0 == "\n" || $0 == " " }).map { token in
            let s = String(token)
            if let d = Double(s) { return d }
            if s.hasPrefix("0x") || s.hasPrefix("-0x"), let d = Double(hexFloat: s) { return d }
            throw Failure(description: "peer printed '\(s)', not a number")
        }
    }

    private static func execute(_ arguments: [String], stdin: Data?, directory: String?) throws
        -> (status: Int32, stdout: String, stderr: String)
    {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: arguments[0])
        p.arguments = Array(arguments.dropFirst())
        if let directory { p.currentDirectoryURL = URL(fileURLWithPath: directory) }
        var env = ProcessInfo.processInfo.environment
        env["OPENBLAS_NUM_THREADS"] = env["OPENBLAS_NUM_THREADS"] ?? "1"
        env["OMP_NUM_THREADS"] = env["OMP_NUM_THREADS"] ?? "1"
        p.environment = env
        // stderr goes to a file, so a chatty peer cannot block on a full pipe while stdout is read.
        let errPath = FileManager.default.temporaryDirectory.appendingPathComponent("ce-peer-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: errPath.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errPath) }
        let errFile = try FileHandle(forWritingTo: errPath)
        let out = Pipe()
        p.standardOutput = out
        p.standardError = errFile
        try p.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        try? errFile.close()
        let errData = (try? Data(contentsOf: errPath)) ?? Data()
        return (p.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }
}

extension Double {
    /// A C99 hex float such as `0x1.8p+1` (Python's `float.hex`).
    public init?(hexFloat text: String) {
        guard let value = text.withCString({ ptr -> Double? in
            var end: UnsafeMutablePointer<CChar>?
            let v = strtod(ptr, &end)
            guard let end, end.pointee == 0 else { return nil }
            return v
        }) else { return nil }
        self = value
    }
}
