// Small POSIX file helpers (read, write, paths, terminals) so the shell needs
// no Foundation, which keeps `ce` start-up fast.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Formats
import Numerics

/// Plain file-system access for the shell.
///
///     let text = try FileSystem.read("tour.ce")
///     try FileSystem.write("tour.md", text)
public enum FileSystem {
    /// The whole file as UTF-8 text (invalid bytes become U+FFFD); devices, binary files and
    /// files larger than the memory limit are refused (see `DataFile.readText`).
    public static func read(_ path: String) throws -> String {
        do {
            return try DataFile.readText(path, maxBytes: MemoryBudget.limit)
        } catch let e as FileTooLarge {
            throw FileError(path, reason: "is \(MemoryBudget.describe(e.bytes)), more than the memory limit of "
                + "\(MemoryBudget.describe(e.limit)) (ce --memory)")
        }
    }

    /// Everything left on an open stream, e.g. standard input.
    public static func readAll(_ file: UnsafeMutablePointer<FILE>, path: String) throws -> String {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&chunk, 1, chunk.count, file)
            if n > 0 { bytes.append(contentsOf: chunk[0..<n]) }
            if n < chunk.count {
                if ferror(file) != 0 { throw FileError(path) }
                break
            }
        }
        if let k = bytes.prefix(DataFile.textProbe).firstIndex(of: 0) {
            throw FileError(path, reason: "is not a text file (byte \(k + 1) is NUL)")
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Replaces the file's contents with `text` (under MPI on rank 0 only, as `DataFile.write`).
    public static func write(_ path: String, _ text: String) throws {
        try DataFile.write(Array(text.utf8), to: path)
    }

    public static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Creates `path` and its missing parents (like `mkdir -p`).
    public static func makeDirectories(_ path: String) throws {
        if path.isEmpty || isDirectory(path) { return }
        let parent = directory(of: path)
        if parent != path { try makeDirectories(parent) }
        if mkdir(path, 0o755) != 0 && errno != EEXIST { throw FileError(path) }
    }

    /// The canonical absolute path with symbolic links resolved, or nil if it does not exist.
    public static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The absolute form of `path` (relative to the working directory), without resolving links.
    public static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        let cwd = currentDirectory
        return cwd == "/" ? "/" + path : cwd + "/" + path
    }

    public static var currentDirectory: String {
        guard let cwd = getcwd(nil, 0) else { return "." }
        defer { free(cwd) }
        return String(cString: cwd)
    }

    public static func changeDirectory(_ path: String) throws {
        if chdir(path) != 0 { throw FileError(path) }
    }

    /// The folder part of a path: "a/b.md" gives "a", "b.md" gives ".".
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    /// The last component of a path: "a/b.md" gives "b.md".
    public static func baseName(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// The last component without its extension: "a/b.md" gives "b"; ".hidden" stays ".hidden".
    public static func stem(_ path: String) -> String {
        let base = baseName(path)
        guard let dot = base.lastIndex(of: "."), dot != base.startIndex else { return base }
        return String(base[..<dot])
    }

    /// The path of the running executable, links resolved.
    public static var executablePath: String? { realPath("/proc/self/exe") }

    /// An environment variable, nil when unset or empty.
    public static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        let text = String(cString: value)
        return text.isEmpty ? nil : text
    }
}

/// The process's standard streams.
public enum Terminal {
    /// Whether file descriptor `fd` is a terminal (0 stdin, 1 stdout, 2 stderr).
    public static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) != 0 }

    /// Whether a status line (a progress bar) is drawn on standard error without its newline.
    nonisolated(unsafe) private static var statusShown = false

    /// Writes `text` to standard output (buffered), on a line of its own below any status line.
    public static func out(_ text: String) {
        clearStatus()
        fputs(text, stdout)
    }

    /// Writes `text` to standard error, after flushing standard output so the two stay in order.
    public static func err(_ text: String) {
        clearStatus()
        fflush(stdout)
        fputs(text, stderr)
    }

    /// Draws `text` as the status line on standard error, replacing the one shown;
    /// the next `out`, `err` or `clearStatus` erases it, so no line is printed glued to it.
    public static func status(_ text: String) {
        fputs("\r\u{1B}[2K" + text, stderr)
        fflush(stderr)
        statusShown = true
    }

    /// Erases the status line, if one is shown.
    public static func clearStatus() {
        guard statusShown else { return }
        statusShown = false
        fputs("\r\u{1B}[2K", stderr)
        fflush(stderr)
    }

    public static func flush() {
        fflush(stdout)
        fflush(stderr)
    }
}
