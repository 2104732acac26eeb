// Runs gnuplot on a figure's script: writes NAME.gp beside the image and
// starts gnuplot in that folder, so the script refers to the image by its
// plain name and is the same on every machine.
#if canImport(Glibc)
import Glibc
#endif
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

    /// Writes `figure` to `path` (.png or .svg) and its script to the same path with `.gp`.
    /// Returns the path of the image. `program` is the gnuplot to run (nil: not installed).
    public static func render(_ figure: Figure, to path: String, using program: String? = Gnuplot.executable) throws -> String {
        guard let format = Figure.Format(path: path) else {
            throw RuntimeError("plot: cannot write '\(path)': the file name must end in .png or .svg")
        }
        guard let program else {
            throw RuntimeError(
                "plot: gnuplot is not installed; install the Debian package gnuplot-nox (scripts/setup does)")
        }
        // Under MPI only rank 0 draws.
        guard Ranks.isLeader else { return path }
        let (folder, name) = split(path)
        let scriptName = stem(name) + ".gp"
        let scriptPath = folder.isEmpty ? scriptName : folder + "/" + scriptName
        do {
            try FileSystem.write(scriptPath, figure.gnuplotScript(output: name, format: format))
        } catch {
            throw RuntimeError.cannotCreate("plot: cannot write \(error)")
        }
        let errorLog = "/tmp/ce-gnuplot-\(getpid()).err"
        defer { unlink(errorLog) }
        // gnuplot changes into the image's folder first, so the script names the image plainly.
        let cd = "cd " + quotedForGnuplot(folder.isEmpty ? "." : folder)
        let status = try spawn(program, ["-e", cd, scriptName], stderrTo: errorLog)
        guard status == 0 else {
            let detail = ((try? FileSystem.read(errorLog)) ?? "").split(separator: "\n").last.map(String.init) ?? ""
            throw RuntimeError("plot: gnuplot failed on \(scriptPath) (exit \(status))\(detail.isEmpty ? "" : ": " + detail)")
        }
        return path
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

    private static func quotedForGnuplot(_ text: String) -> String {
        "'" + text.replacing("'", with: "''") + "'"
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
