// Runs the built `ce` executable for end-to-end tests: with files for its
// standard streams, or on a pseudo-terminal that the test types into.
#if canImport(Glibc)
import Glibc
#endif
@testable import Shell

/// The `ce` binary beside the test bundle, with helpers to run it.
enum CERunner {
    /// `.build/<triple>/<config>/ce`, next to the test runner.
    static var executable: String? {
        guard let runner = FileSystem.executablePath else { return nil }
        let candidate = FileSystem.directory(of: runner) + "/ce"
        return FileSystem.exists(candidate) ? candidate : nil
    }

    struct Result {
        var stdout: String
        var stderr: String
        var status: Int32
    }

    /// A fresh scratch folder for one test.
    static func scratchFolder(_ name: String) -> String {
        let folder = "/tmp/ce-tests-\(getpid())/\(name)"
        try? FileSystem.makeDirectories(folder)
        return folder
    }

    /// Runs `ce arguments` with `input` on standard input.
    static func run(_ arguments: [String], input: String = "") -> Result {
        guard let executable else { return Result(stdout: "", stderr: "ce not built", status: -1) }
        let folder = scratchFolder("run-\(counter.next())")
        let (inPath, outPath, errPath) = (folder + "/in", folder + "/out", folder + "/err")
        try? FileSystem.write(inPath, input)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, inPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let pid = spawn(executable, arguments, actions: &actions, attributes: nil)
        let status = wait(pid, timeout: 120)
        return Result(
            stdout: (try? FileSystem.read(outPath)) ?? "", stderr: (try? FileSystem.read(errPath)) ?? "", status: status)
    }

    static func spawn(_ path: String, _ arguments: [String], actions: inout posix_spawn_file_actions_t,
                      attributes: UnsafePointer<posix_spawnattr_t>?, environment: [String: String] = [:]) -> pid_t {
        let settings = ["CE_HISTORY": "/dev/null", "CE_THREADS": "1"].merging(environment) { $1 }
        var env: [String] = []
        var index = 0
        while let entry = environ[index] {
            let text = String(cString: entry)
            if !text.hasPrefix("CE_") { env.append(text) }
            index += 1
        }
        env += settings.map { "\($0)=\($1)" }
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid = pid_t()
        let code = posix_spawn(&pid, path, &actions, attributes, argv, envp)
        return code == 0 ? pid : -1
    }

    /// Waits for `pid`; returns its exit code (128+signal if killed), or -1 on timeout.
    static func wait(_ pid: pid_t, timeout seconds: Double) -> Int32 {
        guard pid > 0 else { return -1 }
        var status: Int32 = 0
        var waited = 0.0
        while waited < seconds {
            if waitpid(pid, &status, WNOHANG) == pid { return exitCode(status) }
            usleep(10_000)
            waited += 0.01
        }
        kill(pid, SIGKILL)
        _ = waitpid(pid, &status, 0)
        return -1
    }

    /// The exit code in a `waitpid` status, 128 + the signal when killed by one (as shells report it).
    static func exitCode(_ status: Int32) -> Int32 {
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    /// Unique numbers for scratch folders (tests run in parallel).
    static let counter = Counter()

    final class Counter: @unchecked Sendable {
        private var value = 0
        private var lock = pthread_mutex_t()
        init() { pthread_mutex_init(&lock, nil) }
        func next() -> Int {
            pthread_mutex_lock(&lock)
            defer { pthread_mutex_unlock(&lock) }
            value += 1
            return value
        }
    }
}
