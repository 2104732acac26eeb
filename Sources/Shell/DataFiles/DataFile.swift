// Whole-file reads and writes for the data codecs, with errors that name
// the file and say why (missing, permission, disk full), as RuntimeErrors.
#if canImport(Glibc)
import Glibc
#endif
import Language

/// Reads and writes whole files as bytes.
///
///     let bytes = try DataFile.read("X.npy")
///     try DataFile.write(bytes, to: "copy.npy")
public enum DataFile {
    /// The bytes of the file at `path`.
    public static func read(_ path: String) throws -> [UInt8] {
        guard let file = fopen(path, "rb") else { throw RuntimeError.noInput(failure("cannot read", path)) }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if n > 0 { bytes.append(contentsOf: chunk[0..<n]) }
            if n < chunk.count {
                if ferror(file) != 0 { throw RuntimeError.noInput(failure("cannot read", path)) }
                return bytes
            }
        }
    }

    /// Replaces the file at `path` with `bytes`.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        guard let file = fopen(path, "wb") else { throw RuntimeError.cannotCreate(failure("cannot write", path)) }
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        let closed = fclose(file)
        if written != bytes.count || closed != 0 { throw RuntimeError.cannotCreate(failure("cannot write", path)) }
    }

    /// "cannot read 'X.npy': no such file or directory", from errno.
    private static func failure(_ what: String, _ path: String) -> String {
        "\(what) '\(path)': \(String(cString: strerror(errno)).lowercased())"
    }

    /// Runs `body`, prefixing any error message with the file it concerns.
    static func naming<T>(_ path: String, _ verb: String = "load", _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch var error as RuntimeError {
            error.message = "cannot \(verb) '\(path)': \(error.message)"
            throw error
        }
    }
}
