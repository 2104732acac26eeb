// Whole-file reads and writes for the codecs and for scripts, bounded: only
// regular files are read (a device, a pipe or a directory is refused before
// a byte is read), a file over the caller's byte limit is refused from its
// size, and text is refused when its first bytes show it is binary.
import Glibc
import Numerics

/// A file that could not be opened, read or written: the path, the system's reason and its errno.
///
///     catch let e as FileError where e.isMissing { ... }   // exit code 66
public struct FileError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let reason: String
    /// The errno of the failure, 0 when the refusal is ce's own (a device, a size over the limit).
    public let code: Int32

    public init(_ path: String, errno code: Int32 = errno) {
        self.path = path
        self.reason = String(cString: strerror(code)).lowercased()
        self.code = code
    }

    public init(_ path: String, reason: String) {
        self.path = path
        self.reason = reason
        self.code = 0
    }

    /// The file or a folder on its path does not exist.
    public var isMissing: Bool { code == ENOENT || code == ENOTDIR }

    public var description: String { "'\(path)': \(reason)" }
}

/// A failed write on rank 0 is rebuilt on the other ranks of an MPI job as the same error.
extension FileError: RankPortableError {
    public func write(to out: inout RankBytes) {
        out.append(path); out.append(reason); out.append(Int(code))
    }

    public init(from input: inout RankBytes.Reader) throws {
        path = try input.string()
        reason = try input.string()
        guard let code = Int32(exactly: try input.int()) else { throw RankTransferError("a file error from another rank has a bad errno") }
        self.code = code
    }
}

/// A file larger than the caller allows, refused before it is read.
public struct FileTooLarge: Error, CustomStringConvertible, Sendable {
    public let path: String
    /// The file's size, or at least this many bytes when its size is not known beforehand.
    public let bytes: Int
    public let limit: Int

    public var description: String { "'\(path)' is \(bytes) bytes, more than the \(limit) allowed" }
}

/// Reads and writes whole files.
///
///     let bytes = try DataFile.read("X.npy", maxBytes: 1 << 30)
///     let source = try DataFile.readText("fit.ce")
///     try DataFile.write(bytes, to: "copy.npy")
public enum DataFile {
    /// How many leading bytes `readText` inspects for signs of a binary file.
    public static let textProbe = 4096

    /// The bytes of the regular file at `path` (links followed). Throws `FileError` when it cannot be
    /// opened or is not a regular file, `FileTooLarge` when it holds more than `maxBytes`.
    public static func read(_ path: String, maxBytes: Int = .max) throws -> [UInt8] {
        try read(path, maxBytes: maxBytes, firstBytes: nil)
    }

    /// The file as UTF-8 text (invalid bytes become U+FFFD). A NUL byte in its first `textProbe`
    /// bytes marks it binary: it is refused after reading those bytes only, so a binary file
    /// given as a script fails at once however large it is.
    public static func readText(_ path: String, maxBytes: Int = .max) throws -> String {
        let bytes = try read(path, maxBytes: maxBytes) { first in
            if let k = first.firstIndex(of: 0) { throw FileError(path, reason: "is not a text file (byte \(k + 1) is NUL)") }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Reads the file, passing its first `textProbe` bytes (or all of a shorter file) to `firstBytes` before the rest.
    private static func read(_ path: String, maxBytes: Int, firstBytes: ((ArraySlice<UInt8>) throws -> Void)?) throws -> [UInt8] {
        // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused just below.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw FileError(path) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FileError(path) }
        let type = info.st_mode & S_IFMT
        guard type == S_IFREG else { throw FileError(path, reason: "is \(kind(type)), not a regular file") }
        let size = Int(info.st_size)
        guard size <= maxBytes else { throw FileTooLarge(path: path, bytes: size, limit: maxBytes) }
        var bytes: [UInt8] = []
        var probed = firstBytes == nil
        // The size is a hint (files under /proc say 0): read until end of file, never past the limit.
        var chunk = [UInt8](repeating: 0, count: max(textProbe, min(size, 1 << 24)))
        while true {
            let wanted = probed ? chunk.count : textProbe - bytes.count
            let n = chunk.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return Glibc.read(fd, base, wanted)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileError(path)
            }
            if bytes.count > maxBytes - n { throw FileTooLarge(path: path, bytes: bytes.count + n, limit: maxBytes) }
            if bytes.isEmpty { bytes.reserveCapacity(max(size, n)) }
            bytes += chunk[0..<n]
            if !probed && (bytes.count >= textProbe || n == 0) {
                try firstBytes?(bytes[...])
                probed = true
            }
            if n == 0 { return bytes }
        }
    }

    /// Replaces the file at `path` with `bytes`. Under MPI rank 0 writes and every rank waits for
    /// it, so every rank can read the file next, or fails with rank 0's error (`Ranks.leaderWrites`);
    /// every rank must call it.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        try Ranks.leaderWrites(rebuilding: [FileError.self]) { try writeHere(bytes, to: path) }
    }

    /// Replaces the file at `path` with `bytes` from this process alone: for code that already runs
    /// on rank 0 only, such as drawing a figure.
    public static func writeHere(_ bytes: [UInt8], to path: String) throws {
        guard let file = fopen(path, "wb") else { throw FileError(path) }
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        let code = errno
        let closed = fclose(file)
        if written != bytes.count { throw FileError(path, errno: code) }
        if closed != 0 { throw FileError(path) }
    }

    /// "a directory", "a character device", ... for a file type from stat.
    static func kind(_ type: mode_t) -> String {
        switch type {
        case S_IFDIR: return "a directory"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFIFO: return "a pipe"
        case S_IFSOCK: return "a socket"
        default: return "a special file"
        }
    }
}
