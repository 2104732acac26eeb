// Statistics of numeric lists: sum, mean, std. Sums are compensated
// (Neumaier), so they are as exact as a double allows whatever the order.

enum StatisticsBuiltins {
    static var all: [Builtin] { [sum, mean, std] }

    static var sum: Builtin {
        Builtin(
            "sum", Numbers.self, summary: "The sum of a list; ints stay ints.",
            doc: """
                A list of ints sums to an int (a float if it overflows 64 bits, as int
                arithmetic does); with any float the sum is a float, compensated so
                rounding errors do not accumulate.
                The sum of an empty list is 0.
                Example:
                    sum([1, 2, 3])         # 6
                    sum(range(1, 101))     # 5050
                    sum([0.1, 0.2, 0.3])   # 0.6
                """,
            category: "math"
        ) { args in
            let items = try args.xs
            var total = 0
            var allInts = true
            for item in items {
                guard case .int(let i) = item else { allInts = false; break }
                let (s, overflow) = total.addingReportingOverflow(i)
                if overflow { allInts = false; break }
                total = s
            }
            if allInts { return .int(total) }
            return .double(compensatedSum(items.map(\.double)))
        }
    }

    static var mean: Builtin {
        Builtin(
            "mean", Numbers.self, summary: "The arithmetic mean of a list.",
            doc: """
                Always a float. The mean of an empty list is an error.
                Example:
                    mean([1, 2, 3, 4])     # 2.5
                """,
            category: "math"
        ) { args in
            let xs = try args.xs.map(\.double)
            guard !xs.isEmpty else { throw RuntimeError("mean of an empty list") }
            return .double(compensatedSum(xs) / Double(xs.count))
        }
    }

    static var std: Builtin {
        Builtin(
            "std", StdParameters.self, summary: "The standard deviation of a list (population by default, as numpy).",
            doc: """
                sqrt(sum((x - mean)^2) / (n - ddof)). ddof=0 (numpy's default) is the
                population standard deviation; ddof=1 the sample one (MATLAB's and
                pandas' default). Needs more than ddof values.
                Example:
                    std([1, 2, 3, 4])          # 1.118033989
                    std([1, 2, 3, 4], ddof=1)  # 1.290994449
                """,
            category: "math"
        ) { args in
            let xs = try args.xs
            let ddof = try args.ddof
            guard ddof >= 0 else { throw RuntimeError("std: ddof must be 0 or more, got \(ddof)") }
            guard xs.count > ddof else {
                throw RuntimeError("std with ddof=\(ddof) needs more than \(ddof) values, got \(xs.count)")
            }
            let m = compensatedSum(xs) / Double(xs.count)
            let squares = compensatedSum(xs.map { ($0 - m) * ($0 - m) })
            return .double((squares / Double(xs.count - ddof)).squareRoot())
        }
    }

    /// Neumaier's compensated sum; falls back to the plain sum when it is not finite.
    static func compensatedSum(_ xs: [Double]) -> Double {
        var sum = 0.0
        var compensation = 0.0
        for x in xs {
            let t = sum + x
            if Swift.abs(sum) >= Swift.abs(x) {
                compensation += (sum - t) + x
            } else {
                compensation += (x - t) + sum
            }
            sum = t
        }
        return sum.isFinite ? sum + compensation : sum
    }

    struct Numbers: Parameters {
        var xs = Param<[Number]>("xs", "a list or range of numbers")
    }

    struct StdParameters: Parameters {
        var xs = Param<[Double]>("xs", "a list or range of numbers")
        var ddof = Param("ddof", default: 0, "delta degrees of freedom: 0 population, 1 sample")
    }
}
