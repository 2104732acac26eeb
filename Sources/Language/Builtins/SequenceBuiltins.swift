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
            "range", RangeParameters.self, summary: "The integers from start up to (not including) stop.",
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
            var start = try args.start
            var stop = 0
            if let given = try args.stop { stop = given } else { stop = start; start = 0 }
            let step = try args.step
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

    static func count(_ args: Arguments<Spacing>) throws -> Int {
        let n = try args.n
        guard n >= 0 else { throw RuntimeError("\(args.callee): n must be 0 or more, got \(n)") }
        try Elementwise.checkSize(n, callee: args.callee)
        return n
    }

    static var linspace: Builtin {
        Builtin(
            "linspace", Spacing.self, summary: "n evenly spaced floats from start to stop, both included.",
            doc: """
                The same values as numpy.linspace(start, stop, n), bit for bit.
                Example:
                    linspace(0, 1, 5)      # [0.0, 0.25, 0.5, 0.75, 1.0]
                """,
            category: "math"
        ) { args in
            .doubles(evenlySpaced(try args.start, try args.stop, try count(args)))
        }
    }

    static var logspace: Builtin {
        Builtin(
            "logspace", Spacing.self, summary: "n values spaced evenly on a log scale, from 10^start to 10^stop.",
            doc: """
                As numpy.logspace: the arguments are base-10 exponents (values agree with
                numpy's to the last bit or one unit in it).
                Example:
                    logspace(0, 3, 4)      # [1.0, 10.0, 100.0, 1000.0]
                    logspace(-2, 0, 3)     # [0.01, 0.1, 1.0]
                """,
            category: "math"
        ) { args in
            let exponents = evenlySpaced(try args.start, try args.stop, try count(args))
            return .doubles(exponents.map { Glibc.pow(10, $0) })
        }
    }

    struct RangeParameters: Parameters {
        var start = Param<Int>("start", "the first value; alone, it is the stop and the range starts at 0")
        var stop = Param<Int?>("stop", default: nil, "the end, excluded")
        var step = Param("step", default: 1, "the increment; negative counts down, never 0")
    }

    /// linspace and logspace: logspace's start and stop are base-10 exponents.
    struct Spacing: Parameters {
        var start = Param<Double>("start", "the first value (logspace: exponent, 10^start)")
        var stop = Param<Double>("stop", "the last value, included (logspace: exponent)")
        var n = Param("n", default: 50, "how many values")
    }
}
