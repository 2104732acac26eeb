// Number sequences: range (half-open integers, as Python), linspace (the
// same arithmetic as numpy, so values match bit for bit) and logspace (10^x
// through the C library's pow; numpy's own pow may differ in the last bit).
#if canImport(Glibc)
import Glibc
#endif

enum SequenceBuiltins {
    static var all: [Builtin] { [range, linspace, logspace] }

    static var range: Builtin {
        Builtin(
            "range",
            [Parameter("start", "the first value; alone, it is the stop and the range starts at 0"),
             Parameter("stop", default: .null, "the end, excluded"),
             Parameter("step", default: .int(1), "the increment; negative counts down, never 0")],
            summary: "The integers from start up to (not including) stop.",
            doc: """
                Half-open, as in Python: range(1, 5) is 1, 2, 3, 4 and range(3) is 0, 1, 2.
                A range is a lazy sequence: it works in for loops, indexing and every
                builtin that takes a list.
                Example:
                    sum(range(1, 5))       # 10
                    len(range(10, 0, -2))  # 5
                """,
            category: "math"
        ) { args in
            var start = try args.int("start")
            var stop = 0
            if args.isNull("stop") { stop = start; start = 0 } else { stop = try args.int("stop") }
            let step = try args.int("step")
            guard step != 0 else { throw RuntimeError("range: step must not be 0") }
            // The length is computed from stop - start and the step; keep it within 64 bits.
            let (up, o1) = stop.subtractingReportingOverflow(start)
            let (down, o2) = start.subtractingReportingOverflow(stop)
            let (_, o3) = up.addingReportingOverflow(step)
            let (_, o4) = down.subtractingReportingOverflow(step)
            guard !(o1 || o2 || o3 || o4) else {
                throw RuntimeError("range: from \(start) to \(stop) is too long for a range")
            }
            return .range(RangeValue(start: start, end: stop, step: step))
        }
    }

    /// `n` evenly spaced values from start to stop inclusive, as numpy.linspace computes them.
    static func evenlySpaced(_ start: Double, _ stop: Double, _ n: Int) -> [Double] {
        guard n > 1 else { return n == 1 ? [start] : [] }
        let delta = stop - start
        let step = delta / Double(n - 1)
        var ys = (0..<n).map { i in
            step == 0 ? Double(i) / Double(n - 1) * delta + start : Double(i) * step + start
        }
        ys[n - 1] = stop
        return ys
    }

    static func count(_ args: Arguments) throws -> Int {
        let n = try args.int("n")
        guard n >= 0 else { throw RuntimeError("\(args.callee): n must be 0 or more, got \(n)") }
        try Elementwise.checkSize(n, callee: args.callee)
        return n
    }

    static var linspace: Builtin {
        Builtin(
            "linspace",
            [Parameter("start", "the first value"), Parameter("stop", "the last value (included)"),
             Parameter("n", default: .int(50), "how many values")],
            summary: "n evenly spaced floats from start to stop, both included.",
            doc: """
                The same values as numpy.linspace(start, stop, n), bit for bit.
                Example:
                    linspace(0, 1, 5)      # [0.0, 0.25, 0.5, 0.75, 1.0]
                """,
            category: "math"
        ) { args in
            .doubles(evenlySpaced(try args.double("start"), try args.double("stop"), try count(args)))
        }
    }

    static var logspace: Builtin {
        Builtin(
            "logspace",
            [Parameter("start", "the first exponent: the sequence starts at 10^start"),
             Parameter("stop", "the last exponent (included)"),
             Parameter("n", default: .int(50), "how many values")],
            summary: "n values spaced evenly on a log scale, from 10^start to 10^stop.",
            doc: """
                As numpy.logspace: the arguments are base-10 exponents (values agree with
                numpy's to the last bit or one unit in it).
                Example:
                    logspace(0, 3, 4)      # [1.0, 10.0, 100.0, 1000.0]
                    logspace(-2, 0, 3)     # [0.01, 0.1, 1.0]
                """,
            category: "math"
        ) { args in
            let exponents = evenlySpaced(try args.double("start"), try args.double("stop"), try count(args))
            return .doubles(exponents.map { Glibc.pow(10, $0) })
        }
    }
}
