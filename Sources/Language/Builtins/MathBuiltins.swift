// Math builtins: abs, sqrt, exp, log, sin, cos, tan, asin, acos, atan,
// floor, round, min, max, dot, and the constants pi, inf and nan.
// The unary ones work element-wise on (nested) lists and ranges. Domain
// errors follow IEEE as numpy does, never an error: sqrt(-1) is nan,
// log(0) is -inf, log(-1) is nan.
#if canImport(Glibc)
import Glibc
#endif

enum MathBuiltins {
    static var all: [Builtin] {
        [absolute, unary("sqrt", "Square root.", Glibc.sqrt, example: "sqrt(2)            # 1.414213562\n    sqrt([1, 4, 9])    # [1.0, 2.0, 3.0]\n    sqrt(-1)           # nan"),
         unary("exp", "e raised to x.", Glibc.exp, example: "exp(1)             # 2.718281828\n    exp([0, 1])        # [1.0, 2.718281828]"),
         logarithm,
         unary("sin", "Sine of x in radians.", Glibc.sin, example: "sin(0)             # 0.0\n    sin([0, 1])        # [0.0, 0.8414709848]"),
         unary("cos", "Cosine of x in radians.", Glibc.cos, example: "cos(0)             # 1.0"),
         unary("tan", "Tangent of x in radians.", Glibc.tan, example: "tan(pi / 4)        # 1.0\n    tan([0, 1])        # [0.0, 1.557407725]"),
         unary("asin", "Arcsine in radians, in [-pi/2, pi/2].", Glibc.asin, example: "asin(1)            # 1.570796327\n    asin(2)            # nan"),
         unary("acos", "Arccosine in radians, in [0, pi].", Glibc.acos, example: "acos(-1)           # 3.141592654"),
         unary("atan", "Arctangent in radians, in [-pi/2, pi/2].", Glibc.atan, example: "atan(1) * 4        # 3.141592654\n    atan(inf)          # 1.570796327"),
         floorBuiltin, roundBuiltin, extremum("min", sign: -1), extremum("max", sign: 1), LinearAlgebraBuiltins.dot]
    }

    /// The named numbers every session starts with (a script may reassign them, as in Python).
    static let constants: [Constant] = [
        Constant("pi", .double(Double.pi), "the ratio of a circle's circumference to its diameter, 3.14159..."),
        Constant("inf", .double(.infinity), "positive infinity (-inf is negative infinity), as float(\"inf\")"),
        Constant("nan", .double(.nan), "not a number: nan == nan is false; what 0.0 / 0.0 and log(-1) give"),
    ]

    /// A builtin applying `f` element-wise; ints become floats.
    static func unary(_ name: String, _ summary: String, _ f: @escaping (Double) -> Double, example: String) -> Builtin {
        Builtin(
            name, Operand.self, summary: summary,
            doc: """
                Works element-wise on lists and ranges and returns floats. Out-of-domain
                input gives nan or ±inf as in numpy, not an error.
                Example:
                    \(example)
                """,
            category: "math"
        ) { args in
            try Elementwise.apply(try args.x.value, callee: name, f)
        }
    }

    static var absolute: Builtin {
        Builtin(
            "abs", Operand.self, summary: "Absolute value; ints stay ints.",
            doc: """
                Works element-wise on lists and ranges.
                Example:
                    abs(-3)            # 3
                    abs([-1.5, 2])     # [1.5, 2]
                """,
            category: "math"
        ) { args in
            try Elementwise.apply(
                try args.x.value, callee: "abs",
                // |Int.min| overflows 64 bits and becomes a float, as int arithmetic does.
                int: { i in i == Int.min ? .double(-Double(i)) : .int(Swift.abs(i)) },
                double: { .double(Swift.abs($0)) })
        }
    }

    static var logarithm: Builtin {
        Builtin(
            "log", LogParameters.self, summary: "Natural logarithm, or the logarithm to `base`.",
            doc: """
                Works element-wise on lists. log(0) is -inf and log of a negative number
                is nan, as in numpy. Bases 2 and 10 are exact on powers (log(1000, 10) is 3.0).
                Example:
                    log(exp(2))        # 2.0
                    log(8, 2)          # 3.0
                    log([1, 100], 10)  # [0.0, 2.0]
                """,
            category: "math"
        ) { args in
            let f: (Double) -> Double
            if let base = try args.base {
                switch base {
                case 2: f = Glibc.log2
                case 10: f = Glibc.log10
                default:
                    let denominator = Glibc.log(base)
                    f = { Glibc.log($0) / denominator }
                }
            } else {
                f = Glibc.log
            }
            return try Elementwise.apply(try args.x.value, callee: "log", f)
        }
    }

    /// A rounded double as an int when it fits; nan, inf and huge values stay floats.
    static func intIfFits(_ d: Double) -> Value {
        if let i = Int(exactly: d) { return .int(i) }
        return .double(d)
    }

    static var floorBuiltin: Builtin {
        Builtin(
            "floor", Operand.self, summary: "The largest integer not above x, as an int.",
            doc: """
                Returns an int as Python's math.floor does (so it can index or count);
                nan and ±inf stay floats. Works element-wise on lists.
                Example:
                    floor(2.7)         # 2
                    floor(-0.5)        # -1
                    floor([1.5, 3])    # [1, 3]
                """,
            category: "math"
        ) { args in
            try Elementwise.apply(try args.x.value, callee: "floor", int: { .int($0) }, double: { intIfFits($0.rounded(.down)) })
        }
    }

    static var roundBuiltin: Builtin {
        Builtin(
            "round", RoundParameters.self, summary: "Rounds to `digits` decimal places, halves to even.",
            doc: """
                Ties go to the even neighbour, as in Python and numpy (round(2.5) is 2).
                With digits <= 0 the result is an int (nan and ±inf stay floats); with
                digits > 0 it is the float nearest the correctly rounded decimal.
                Works element-wise on lists.
                Example:
                    round(2.5)             # 2
                    round(3.14159, 2)      # 3.14
                    round(1234, -2)        # 1200
                    round([0.125, 1.5], 2)  # [0.12, 1.5]
                """,
            category: "math"
        ) { args in
            let digits = try args.digits
            guard digits >= -308 && digits <= 308 else {
                throw RuntimeError("round: digits must be between -308 and 308, got \(digits)")
            }
            let roundDouble: (Double) -> Value
            if digits > 0 {
                roundDouble = { d in
                    guard d.isFinite else { return .double(d) }
                    return .double(Double(FixedDecimal.text(d, places: digits)) ?? d)
                }
            } else {
                let scale = Glibc.pow(10.0, Double(-digits))
                roundDouble = { d in intIfFits(((d / scale).rounded(.toNearestOrEven)) * scale) }
            }
            return try Elementwise.apply(
                try args.x.value, callee: "round",
                int: { i in digits >= 0 ? .int(i) : roundDouble(Double(i)) },
                double: roundDouble)
        }
    }

    /// min (sign -1) or max (sign 1) of the arguments or of one list; nan propagates as in numpy.
    static func extremum(_ name: String, sign: Int) -> Builtin {
        let word = sign < 0 ? "smallest" : "largest"
        return Builtin(
            name, Values.self, summary: "The \(word) of the arguments, or of one list.",
            doc: """
                Compares numbers with numbers (an int stays an int), strings with strings
                (by code point), lists element by element. A nan anywhere gives nan, as
                numpy's \(name) does. The first of equal values is returned.
                Example:
                    \(name)(3, 1, 2)         # \(sign < 0 ? 1 : 3)
                    \(name)([2.5, -1, 7])    # \(sign < 0 ? -1 : 7)
                    \(name)(["b", "a"])      # \(sign < 0 ? "a" : "b")
                """,
            category: "math"
        ) { args in
            var items = try args.values
            if items.count == 1, let inner = try Elementwise.items(of: items[0], callee: name) { items = inner }
            guard var best = items.first else { throw RuntimeError("\(name) of an empty list") }
            for item in items {
                if case .double(let d) = item, d.isNaN { return item }
                if try ValueOrdering.compare(item, best, callee: name) * sign > 0 { best = item }
            }
            return best
        }
    }

    /// A number or (nested) list or range of numbers, taken element-wise.
    struct Operand: Parameters {
        var x = Param<Numeric>("x", "a number, or a list (nested lists too) or range of numbers")
    }

    struct LogParameters: Parameters {
        var x = Param<Numeric>("x", "a number, or a list or range of numbers")
        var base = Param<Double?>("base", default: nil, "the base; nil means e (natural logarithm)")
    }

    struct RoundParameters: Parameters {
        var x = Param<Numeric>("x", "a number, or a list or range of numbers")
        var digits = Param("digits", default: 0, "decimal places; negative rounds to tens, hundreds, ...")
    }

    struct Values: Parameters {
        var values = Param.variadic("values", "two or more values, or one list or range")
    }
}
