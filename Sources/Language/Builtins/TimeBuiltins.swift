// The clock: time() for measuring how long something takes.
#if canImport(Glibc)
import Glibc
#endif

/// Seconds on the monotonic clock (arbitrary origin, never jumps): for `time()`, progress bars and
/// rate limits.
///
///     let t0 = MonotonicClock.seconds
///     let took = MonotonicClock.seconds - t0
public enum MonotonicClock {
    public static var seconds: Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
}

enum TimeBuiltins {
    static var all: [Builtin] { [time] }

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
}
