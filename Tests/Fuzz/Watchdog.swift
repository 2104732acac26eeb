// The fuzz run's guard: every input gets a soft time limit, after which the
// watchdog requests an interrupt (as Ctrl-C would) and the input must stop
// by itself, and a hard limit, past which the run fails naming the input.
// Time is the process's CPU time, so that other work on a shared machine
// does not count against an input. A crashing signal prints the input.
import Glibc
import Numerics
import Synchronization

/// Times each input on a background thread; see the file comment.
final class Watchdog: @unchecked Sendable {
    let softLimit: Double
    let hardLimit: Double
    /// Process CPU nanoseconds when the current input started, 0 between inputs.
    private let started = Atomic<UInt64>(0)
    private let generation = Atomic<Int>(0)
    private var thread = pthread_t()

    init(softLimit: Double, hardLimit: Double) {
        self.softLimit = softLimit
        self.hardLimit = hardLimit
        let box = Unmanaged.passRetained(self).toOpaque()
        let created = pthread_create(&thread, nil, { raw in
            guard let raw else { return nil }
            Unmanaged<Watchdog>.fromOpaque(raw).takeRetainedValue().watch()
            return nil
        }, box)
        // Without its thread no input would be timed: the run would prove nothing.
        if created != 0 {
            fputs("ce-fuzz: cannot start the watchdog thread: \(String(cString: strerror(created)))\n", stderr)
            exit(1)
        }
    }

    /// CPU time of the whole process (every thread), in nanoseconds.
    static func now() -> UInt64 {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
    }

    /// Runs `body` as one input; returns its CPU seconds.
    func time(_ input: String, _ body: () -> Void) -> Double {
        CurrentInput.set(input)
        Interruption.clear()
        let start = Watchdog.now()
        started.store(start, ordering: .sequentiallyConsistent)
        generation.add(1, ordering: .sequentiallyConsistent)
        body()
        started.store(0, ordering: .sequentiallyConsistent)
        Interruption.clear()
        return Double(Watchdog.now() - start) / 1e9
    }

    private func watch() {
        var interruptedGeneration = -1
        while true {
            usleep(20_000)
            let start = started.load(ordering: .sequentiallyConsistent)
            guard start != 0 else { continue }
            let elapsed = Double(Watchdog.now() &- start) / 1e9
            let g = generation.load(ordering: .sequentiallyConsistent)
            if elapsed > softLimit && interruptedGeneration != g {
                interruptedGeneration = g
                Interruption.request()
            }
            if elapsed > hardLimit {
                CurrentInput.report("ce-fuzz: an input ran \(Int(elapsed)) s, past the \(Int(hardLimit)) s limit, "
                    + "though it was interrupted after \(softLimit) s")
                _exit(1)
            }
        }
    }
}

/// The input being run, kept where a signal handler can print it.
enum CurrentInput {
    /// A C buffer (written between inputs, read only by the crash handler).
    nonisolated(unsafe) static var buffer = UnsafeMutablePointer<CChar>.allocate(capacity: 1 << 16)
    nonisolated(unsafe) static var length = 0

    static func set(_ text: String) {
        let bytes = Array(text.utf8.prefix((1 << 16) - 1))
        for (i, b) in bytes.enumerated() { buffer[i] = CChar(bitPattern: b) }
        length = bytes.count
    }

    /// Writes `message` and the current input to standard error.
    static func report(_ message: String) {
        let text = message + "\n--- input ---\n"
        _ = text.withCString { write(2, $0, strlen($0)) }
        _ = write(2, buffer, length)
        _ = write(2, "\n--- end ---\n", 13)
    }

    /// The handlers installed before ours (Swift's backtracer), given the signal after the input is printed.
    nonisolated(unsafe) static var previous = UnsafeMutablePointer<sigaction>.allocate(capacity: 32)

    /// On a crashing signal, print the input, then hand the signal to the previous handler.
    static func installCrashHandlers() {
        // A stack of its own for the handler, so a stack overflow (SIGSEGV on the guard page) still prints its input.
        var alternate = stack_t()
        alternate.ss_size = 1 << 16
        alternate.ss_sp = UnsafeMutableRawPointer.allocate(byteCount: alternate.ss_size, alignment: 16)
        alternate.ss_flags = 0
        sigaltstack(&alternate, nil)
        let install: (Int32, UnsafePointer<sigaction>?, UnsafeMutablePointer<sigaction>?) -> Int32 = sigaction
        for sig in [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { sig in
                _ = write(2, "ce-fuzz: crashed on a signal\n--- input ---\n", 43)
                _ = write(2, CurrentInput.buffer, CurrentInput.length)
                _ = write(2, "\n--- end ---\n", 13)
                let restore: (Int32, UnsafePointer<sigaction>?, UnsafeMutablePointer<sigaction>?) -> Int32 = sigaction
                _ = restore(sig, CurrentInput.previous + Int(sig), nil)
                raise(sig)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_ONSTACK
            _ = install(sig, &action, previous + Int(sig))
        }
    }
}
