// Runs gnuplot on a figure's script in the image's folder, so the script
// refers to the image by its plain name and is the same on every machine.
// The script (the picture's data) is kept beside the image as NAME.gp only
// when asked: that is what `ce check` verifies a transcript's figures by.
#if canImport(Glibc)
import Glibc
#endif
import Formats
import Language
import Numerics

/// The gnuplot program, found through `CE_GNUPLOT` or `PATH`.
public enum Gnuplot {
    /// Where gnuplot is, or nil when it is not installed.
    public static var executable: String? {
        if let configured = getenv("CE_GNUPLOT").map({ String(cString: $0) }) {
            return access(configured, X_OK) == 0 ? configured : nil
        }
        let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = String(folder) + "/gnuplot"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    /// Writes `figure` to `path` (.png, .svg or .pdf) and, with `keepData`, its script to the same
    /// path with `.gp`. Returns the path of the image. `program` is the gnuplot to run (nil: not installed).
    public static func render(
        _ figure: Figure, to path: String, keepData: Bool = true, using program: String? = Gnuplot.executable
    ) throws -> String {
        guard let format = Figure.Format(path: path) else {
            throw RuntimeError("plot: cannot write '\(path)': the file name must end in .png, .svg or .pdf")
        }
        guard let program else {
            throw RuntimeError(
                "plot: gnuplot is not installed; install the Debian package gnuplot-nox (scripts/setup does)")
        }
        // Under MPI rank 0 draws and every rank waits for the picture, or fails with rank 0's error.
        try Ranks.leaderWrites(rebuilding: [RuntimeError.self]) {
            try draw(figure, format: format, to: path, keepData: keepData, using: program)
        }
        return path
    }

    /// Writes the script and runs gnuplot on it, in this process.
    private static func draw(_ figure: Figure, format: Figure.Format, to path: String, keepData: Bool, using program: String) throws {
        let (folder, name) = split(path)
        let directory = folder.isEmpty ? "." : folder
        guard access(directory, W_OK) == 0 else {
            throw RuntimeError.cannotCreate("plot: cannot write '\(path)': the folder '\(directory)' "
                + (access(directory, F_OK) == 0 ? "is not writable" : "does not exist"))
        }
        let scriptName = keepData ? stem(name) + ".gp" : try temporaryScriptPath()
        let scriptPath = keepData ? (folder.isEmpty ? scriptName : folder + "/" + scriptName) : scriptName
        defer { if !keepData { unlink(scriptPath) } }
        do {
            try DataFile.writeHere(Array(figure.gnuplotScript(output: name, format: format).utf8), to: scriptPath)
        } catch {
            throw RuntimeError.cannotCreate("plot: cannot write \(error)")
        }
        let errorLog = "/tmp/ce-gnuplot-\(getpid()).err"
        defer { unlink(errorLog) }
        // gnuplot changes into the image's folder first, so the script names the image plainly.
        let cd = "cd " + Figure.quoted(directory)
        let status = try spawn(program, ["-e", cd, scriptName], stderrTo: errorLog)
        guard status == 0 else {
            let detail = ((try? FileSystem.read(errorLog)) ?? "").split(separator: "\n").last.map(String.init) ?? ""
            throw RuntimeError("plot: gnuplot failed on \(scriptPath) (exit \(status))\(detail.isEmpty ? "" : ": " + detail)")
        }
    }

    /// Runs `program args` with stdout discarded and stderr to a file; returns the exit status.
    private static func spawn(_ program: String, _ args: [String], stderrTo log: String) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, log, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = ([program] + args).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, program, &actions, nil, argv, environ)
        guard rc == 0 else { throw RuntimeError("plot: cannot start \(program): \(String(cString: strerror(rc)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw RuntimeError("plot: lost track of gnuplot") }
        }
        // WIFEXITED/WEXITSTATUS are macros; decode the wait status by hand.
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// A new empty file under /tmp for a script that is not kept.
    private static func temporaryScriptPath() throws -> String {
        var template = Array("/tmp/ce-figure-XXXXXX.gp".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkstemps($0, 3) } ?? -1 }
        guard fd >= 0 else { throw RuntimeError("plot: cannot create a temporary file in /tmp: \(String(cString: strerror(errno)))") }
        close(fd)
        return String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func split(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return ("", path) }
        return (String(path[..<slash]), String(path[path.index(after: slash)...]))
    }

    private static func stem(_ name: String) -> String {
        guard let dot = name.lastIndex(of: ".") else { return name }
        return String(name[..<dot])
    }
}
