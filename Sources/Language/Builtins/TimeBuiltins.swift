// The clocks: time() for measuring how long something takes, cpu_time() for
// how much processor time it took (what a benchmark on a shared machine can trust).
#if canImport(Glibc)
import Glibc
#endif

/// Seconds on the monotonic clock (arbitrary origin, never jumps): for `time()`, progress bars and
/// rate limits.
///
///     let t0 = MonotonicClock.seconds
///     let took = MonotonicClock.seconds - t0
public enum MonotonicClock {
    public static var seconds: Double { clockSeconds(CLOCK_MONOTONIC) }
}

/// Seconds of processor time this process has used (every thread, user and system), for
/// `cpu_time()`: a figure that other programs on the machine do not inflate.
///
///     let t0 = ProcessClock.seconds
///     let used = ProcessClock.seconds - t0
enum ProcessClock {
    static var seconds: Double { clockSeconds(CLOCK_PROCESS_CPUTIME_ID) }
}

/// The reading of POSIX clock `id` in seconds.
private func clockSeconds(_ id: clockid_t) -> Double {
    var ts = timespec()
    clock_gettime(id, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

enum TimeBuiltins {
    static var all: [Builtin] { [time, cpuTime] }

    static var time: Builtin {
        Builtin(
            "time", NoParameters.self, summary: "Seconds on a monotonic clock, for timing code.",
            doc: """
                Only differences are meaningful (the origin is arbitrary). Printing a time
                makes a transcript differ on every replay; print rounded durations, or
                keep timings out of recorded sessions.
                Example:
                    t0 = time()
                    s = 0
                    for i in range(100000) { s += i }
                    print("took", round(time() - t0, 1), "s")
                """,
            category: "time"
        ) { _ in
            .double(MonotonicClock.seconds)
        }
    }

    static var cpuTime: Builtin {
        Builtin(
            "cpu_time", NoParameters.self, summary: "Seconds of processor time this process has used, for timing code on a busy machine.",
            doc: """
                Counts the time the processor spent on ce (all threads, user and system), not the
                time that passed: other programs running at the same time do not inflate it, and
                waiting (for input, files or sleep) does not count. Only differences are meaningful.
                Example:
                    t0 = cpu_time()
                    s = 0
                    for i in range(100000) { s += i }
                    print("used", round(cpu_time() - t0, 1), "s of CPU")
                """,
            category: "time"
        ) { _ in
            .double(ProcessClock.seconds)
        }
    }
}
