// Conversions between numbers and text: int, float, str. Script arguments
// arrive as strings (`ce run.ce $SLURM_ARRAY_TASK_ID` gives args[0] == "7"),
// so int and float read numbers written as text, strictly, as Python does.

enum ConversionBuiltins {
    static var all: [Builtin] { [int, float, str] }

    static var int: Builtin {
        Builtin(
            "int", IntParameters.self, summary: "A number or a numeral as an int (floats truncate toward zero).",
            doc: """
                Floats lose their fraction toward zero, as Python's int does (int(-2.7) is -2);
                nan, ±inf and floats beyond 64 bits are errors. A string is read as a whole
                number in `base` (2 to 36), with optional spaces around it, a sign and _
                between digits; "2.5" is refused (use int(float(s))). true is 1, false 0.
                Example:
                    int("42")              # 42
                    int(" -7 ")            # -7
                    int(3.9)               # 3
                    int("ff", base=16)     # 255
                    args = ["7"]           # as `ce run.ce 7` gives them
                    int(args[0]) * 10      # 70
                """,
            category: "basics"
        ) { args in
            let base = try args.base
            guard (2...36).contains(base) else { throw RuntimeError("int: base must be 2 to 36, got \(base)") }
            let x = try args.x
            if base != 10, !x.isString { throw RuntimeError("int: base= is for strings, got \(withArticle(x.argumentValue.typeName))") }
            switch x {
            case .int(let i): return .int(i)
            case .bool(let b): return .int(b ? 1 : 0)
            case .double(let d): return .int(try integer(d, callee: "int"))
            case .string(let s):
                let text = s.trimmingWhitespace()
                if let n = parseInteger(text, base: base) { return .int(n) }
                if base == 10, parseFloat(text) != nil {
                    throw RuntimeError("int: \(Value.quote(s)) is not a whole number; for a decimal write int(float(s))")
                }
                throw RuntimeError("int: cannot read \(Value.quote(s)) as an int\(base == 10 ? "" : " in base \(base)")")
            }
        }
    }

    static var float: Builtin {
        Builtin(
            "float", Scalar.self, summary: "A number or a numeral as a float.",
            doc: """
                A string is read as Python's float reads it: digits with an optional sign,
                fraction and exponent, _ between digits, spaces around; "inf", "-inf" and
                "nan" in any case. Hexadecimal and other text is an error. true is 1.0.
                Example:
                    float("2.5e-3")        # 0.0025
                    float(" 300 ")         # 300.0
                    float("-inf")          # -inf
                    float(1)               # 1.0
                """,
            category: "basics"
        ) { args in
            switch try args.x {
            case .int(let i): return .double(Double(i))
            case .double(let d): return .double(d)
            case .bool(let b): return .double(b ? 1 : 0)
            case .string(let s):
                guard let d = parseFloat(s.trimmingWhitespace()) else {
                    throw RuntimeError("float: cannot read \(Value.quote(s)) as a number")
                }
                return .double(d)
            }
        }
    }

    static var str: Builtin {
        Builtin(
            "str", InterpreterBuiltins.AnyValue.self, summary: "A value as text, exactly as print and \"${x}\" show it.",
            doc: """
                A string is returned as it is; floats have 10 significant digits, as they
                print (format(x, digits=17) gives every digit).
                Example:
                    str(42) + " K"         # 42 K
                    str(2 / 3)             # 0.6666666667
                    str([1, "a"])          # [1, "a"]
                """,
            category: "basics"
        ) { args in
            let x = try args.x
            if case .string = x { return x }
            return .string(try x.printed(quoteStrings: false, callee: "str"))
        }
    }

    /// `d` truncated toward zero, or an error when no int holds it.
    static func integer(_ d: Double, callee: String) throws -> Int {
        guard d.isFinite else { throw RuntimeError("\(callee): cannot convert \(Value.format(d, digits: 10)) to an int") }
        let t = d.rounded(.towardZero)
        // -2^63 fits, 2^63 does not.
        guard t >= -9.223372036854775808e18, t < 9.223372036854775808e18 else {
            throw RuntimeError("\(callee): \(Value.format(d, digits: 10)) is too large for an int (64 bits)")
        }
        return Int(t)
    }

    /// A whole number in `base`: optional sign, digits with single `_` between them.
    static func parseInteger(_ text: String, base: Int) -> Int? {
        guard let digits = withoutDigitSeparators(text, digit: { $0.isLetter || $0.isNumber }) else { return nil }
        return Int(digits, radix: base)
    }

    /// A decimal number as Python's float() reads it; nil for anything else (hex, nan(...), "1e").
    static func parseFloat(_ text: String) -> Double? {
        switch text.lowercased() {
        case "inf", "+inf", "infinity", "+infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        case "nan", "+nan", "-nan": return .nan
        default: break
        }
        guard let digits = withoutDigitSeparators(text, digit: \.isNumber),
              digits.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }),
              digits.contains(where: \.isNumber) else { return nil }
        return Double(digits)
    }

    /// The text without `_` separators, or nil when one is not between two digits.
    private static func withoutDigitSeparators(_ text: String, digit: (Character) -> Bool) -> String? {
        let chars = Array(text)
        var out = ""
        for (i, c) in chars.enumerated() {
            guard c == "_" else {
                out.append(c)
                continue
            }
            guard i > 0, i + 1 < chars.count, digit(chars[i - 1]), digit(chars[i + 1]) else { return nil }
        }
        return out
    }

    /// What int and float convert: a number, a bool or a numeral.
    enum Convertible: ArgumentValue {
        case int(Int), double(Double), bool(Bool), string(String)

        static var typeName: String { "number, bool or string" }
        static func from(_ value: Value) -> Convertible? {
            switch value {
            case .int(let i): return .int(i)
            case .double(let d): return .double(d)
            case .bool(let b): return .bool(b)
            case .string(let s): return .string(s)
            default: return nil
            }
        }
        var argumentValue: Value {
            switch self {
            case .int(let i): return .int(i)
            case .double(let d): return .double(d)
            case .bool(let b): return .bool(b)
            case .string(let s): return .string(s)
            }
        }
        var isString: Bool {
            if case .string = self { return true }
            return false
        }
    }

    struct IntParameters: Parameters {
        var x = Param<Convertible>("x", "a number, bool or string")
        var base = Param("base", default: 10, "the base a string is written in, 2 to 36")
    }

    struct Scalar: Parameters {
        var x = Param<Convertible>("x", "a number, bool or string")
    }
}

extension String {
    /// The string without spaces, tabs and line breaks at either end.
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }
}
