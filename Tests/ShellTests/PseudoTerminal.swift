// Drives `ce` on a pseudo-terminal, as a person at a keyboard would: the
// child is a session leader whose controlling terminal is the pty, so
// Ctrl-C typed into it raises SIGINT.
#if canImport(Glibc)
import Glibc
#endif
@testable import Shell

/// A `ce` REPL running on a pty.
///
///     let term = try #require(PseudoTerminal(arguments: []))
///     #expect(term.waitFor("ce> "))
///     term.type("x = 1\r")
final class PseudoTerminal {
    let master: Int32
    let pid: pid_t
    /// Everything the REPL has written so far.
    private(set) var transcript = ""
    /// Where `waitFor` starts looking; moves past each match.
    private var searchStart: String.Index

    init?(arguments: [String], environment: [String: String] = [:]) {
        guard let executable = CERunner.executable else { return nil }
        let fd = c_posix_openpt(O_RDWR | O_NOCTTY)
        guard fd >= 0, c_grantpt(fd) == 0, c_unlockpt(fd) == 0, let name = c_ptsname(fd) else { return nil }
        let slave = String(cString: name)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // Opened after setsid, so the pty becomes the child's controlling terminal.
        posix_spawn_file_actions_addopen(&actions, 0, slave, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        posix_spawn_file_actions_addclose(&actions, fd)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Default signal handling and mask, whatever the test runner uses.
        var none = sigset_t()
        sigemptyset(&none)
        var interrupt = sigset_t()
        sigemptyset(&interrupt)
        sigaddset(&interrupt, SIGINT)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &interrupt)
        posix_spawnattr_setflags(&attributes, posixSpawnSetsid | Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let env = ["TERM": "xterm", "COLUMNS": "200", "LINES": "50"].merging(environment) { $1 }
        pid = CERunner.spawn(executable, arguments, actions: &actions, attributes: &attributes, environment: env)
        master = fd
        searchStart = transcript.startIndex
        if pid <= 0 {
            close(fd)
            return nil
        }
    }

    deinit {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        close(master)
    }

    /// Sends keystrokes.
    func type(_ keys: String) {
        var bytes = Array(keys.utf8)
        _ = write(master, &bytes, bytes.count)
    }

    /// Reads output until `text` appears after the previous match, or `timeout` seconds pass.
    @discardableResult
    func waitFor(_ text: String, timeout: Double = 20) -> Bool {
        var waited = 0.0
        while true {
            if let range = transcript[searchStart...].firstRange(of: text) {
                searchStart = range.upperBound
                return true
            }
            if waited >= timeout { return false }
            var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            if poll(&poller, 1, 50) > 0 {
                var buffer = [UInt8](repeating: 0, count: 4096)
                let n = read(master, &buffer, buffer.count)
                if n <= 0 { return false }
                transcript += String(decoding: buffer[0..<n], as: UTF8.self)
            } else {
                waited += 0.05
            }
        }
    }

    /// Waits for the process to end and returns its exit code (-1 on timeout).
    func exitCode(timeout: Double = 20) -> Int32 {
        // Keep draining so the child never blocks writing to the pty.
        var waited = 0.0
        var status: Int32 = 0
        while waited < timeout {
            if waitpid(pid, &status, WNOHANG) == pid { return CERunner.exitCode(status) }
            if !waitFor("\u{0}never\u{0}", timeout: 0.05) { usleep(50_000) }
            waited += 0.1
        }
        return -1
    }
}

// The pty functions and POSIX_SPAWN_SETSID are GNU/XSI extensions that the
// Glibc module does not import; they have plain C signatures.
@_silgen_name("posix_openpt") private func c_posix_openpt(_ flags: Int32) -> Int32
@_silgen_name("grantpt") private func c_grantpt(_ fd: Int32) -> Int32
@_silgen_name("unlockpt") private func c_unlockpt(_ fd: Int32) -> Int32
@_silgen_name("ptsname") private func c_ptsname(_ fd: Int32) -> UnsafeMutablePointer<CChar>?
/// glibc's POSIX_SPAWN_SETSID: the child starts a new session.
private let posixSpawnSetsid: Int16 = 0x80
