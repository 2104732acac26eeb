// Inputs for the fuzz run: random bytes, mutated example scripts, programs
// from a small grammar of the language, and calls of every builtin with
// hostile arguments (sizes up to 2^63, NaN, infinities, wrong types, cycles).
import Numerics

/// Makes fuzz inputs from one seeded stream.
struct ProgramMaker {
    var random: RandomStream
    /// Example scripts to mutate (examples/*.ce).
    let scripts: [String]
    /// Builtin names with their parameter names.
    let builtins: [(name: String, parameters: [String])]

    mutating func below(_ n: Int) -> Int { random.int(below: max(n, 1)) }
    mutating func pick<T>(_ xs: [T]) -> T { xs[below(xs.count)] }
    mutating func chance(_ p: Double) -> Bool { random.uniform() < p }

    // MARK: Bytes

    /// Up to 200 random bytes, mostly printable.
    mutating func randomBytes() -> String {
        let count = below(200)
        var bytes: [UInt8] = []
        for _ in 0..<count {
            bytes.append(below(5) == 0 ? UInt8(below(256)) : UInt8(32 + below(95)))
            if below(20) == 0 { bytes.append(10) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// An example script with a few bytes changed, a piece cut out or a piece repeated.
    mutating func mutatedScript() -> String {
        var bytes = Array(pick(scripts).utf8)
        guard !bytes.isEmpty else { return "" }
        for _ in 0..<(1 + below(3)) {
            let i = below(bytes.count)
            switch below(4) {
            case 0: bytes[i] = UInt8(32 + below(95))
            case 1: bytes.removeSubrange(i..<min(bytes.count, i + below(40)))
            case 2: bytes.insert(contentsOf: bytes[i..<min(bytes.count, i + below(40))], at: below(bytes.count))
            default: bytes.insert(contentsOf: Array(pick(ProgramMaker.hostileLiterals).utf8), at: i)
            }
            if bytes.isEmpty { break }
        }
        // A prefix keeps the run short: the scripts run whole commands on real data.
        return String(decoding: bytes.prefix(600), as: UTF8.self)
    }

    // MARK: Values

    /// Literals that stress numbers, sizes, strings and containers.
    static let hostileLiterals = [
        "0", "1", "-1", "2", "3", "7", "100", "1000000", "1000000000", "2147483648", "4611686018427387904",
        "9223372036854775807", "(-9223372036854775807 - 1)", "0.0", "-0.0", "0.5", "1e-300", "1e308", "-1e308",
        "(1e308 * 10)", "(-1e308 * 10)", "(1e308 * 10 - 1e308 * 10)", "2.5", "1/3",
        "\"\"", "\"x\"", "\"fcc\"", "\"sgl\"", "\"lasso\"", "\"ols\"", "\"/dev/zero\"", "\"/nonexistent/x.npy\"", "\".\"",
        "\"bad.json\"", "\"out.png\"", "\"x.csv\"", "\"\\n\"", "\"é\"", "\"${1}\"",
        "[]", "[1]", "[1, 2, 3]", "[[1, 2], [3, 4]]", "[1, \"a\"]", "[nil]", "[[]]", "[0.5, 0.5]", "[[0.5, 0.5]]",
        "range(0, 10)", "0..9223372036854775807", "range(0, 9223372036854775807, 3)",
        "{}", "{\"a\": 1}", "{2: 5}", "{2: 4.0, 3: 3.0}", "{2: 1e308}", "{6: 8}", "{\"Li\": 0.5}", "{\"Ag\": 1/2}",
        "{\"from\": 1, \"to\": 0.1, \"count\": 9223372036854775807}", "{\"from\": 1, \"to\": 0.1, \"count\": 3}",
        "nil", "true", "false", "fn(x) { return x }", "fn() { while true { } }", "print",
    ]

    /// Names the session defines before builtin calls (see `FuzzSession.setup`).
    static let objects = ["fz_fcc", "fz_cs", "fz_conf", "fz_tri", "fz_data", "fz_fit", "fz_run", "fz_pa", "fz_cost", "fz_xs", "fz_chain"]

    mutating func value(depth: Int = 0) -> String {
        switch below(depth > 1 ? 3 : 5) {
        case 0, 1: return pick(ProgramMaker.hostileLiterals)
        case 2: return pick(ProgramMaker.objects)
        case 3: return "[" + (0..<below(4)).map { _ in value(depth: depth + 1) }.joined(separator: ", ") + "]"
        default: return "{" + (0..<below(3)).map { _ in "\(pick(["\"a\"", "2", "3", "\"from\"", "\"count\""])): \(value(depth: depth + 1))" }.joined(separator: ", ") + "}"
        }
    }

    /// A call of `builtin` with hostile positional and keyword arguments.
    mutating func builtinCall(_ builtin: (name: String, parameters: [String])) -> String {
        var args: [String] = []
        for _ in 0..<below(4) { args.append(value()) }
        let names = builtin.parameters + ["chains", "n", "size", "count", "sweeps", "seed", "threads", "bogus"]
        for _ in 0..<below(4) { args.append("\(pick(names))=\(value())") }
        return "\(builtin.name)(\(args.joined(separator: ", ")))"
    }

    mutating func anyBuiltinCall() -> String { builtinCall(pick(builtins)) }

    // MARK: Grammar

    mutating func expression(depth: Int = 0) -> String {
        if depth > 3 { return pick(["x", "y", "1", "2.5", "\"s\"", "xs", "m", "true", "nil"]) }
        switch below(12) {
        case 0: return pick(ProgramMaker.hostileLiterals)
        case 1: return "\(expression(depth: depth + 1)) \(pick(["+", "-", "*", "/", "%", "^", "==", "!=", "<", ">=", "and", "or", ".."])) \(expression(depth: depth + 1))"
        case 2: return "\(pick(["-", "not "]))\(expression(depth: depth + 1))"
        case 3: return "(\(expression(depth: depth + 1)))"
        case 4: return "[\((0..<below(4)).map { _ in expression(depth: depth + 1) }.joined(separator: ", "))]"
        case 5: return "{\((0..<below(3)).map { _ in "\"k\(below(3))\": \(expression(depth: depth + 1))" }.joined(separator: ", "))}"
        case 6: return "\(pick(["xs", "s", "m", "x"]))[\(expression(depth: depth + 1))]"
        case 7: return "xs[\(pick(["", "1", "-1", "x"])):\(pick(["", "2", "-9223372036854775807", "x"]))]"
        case 8: return "f(\(expression(depth: depth + 1)))"
        case 9: return pick(["len", "sum", "sort", "range", "abs", "str", "type", "max", "min", "mean", "format", "sqrt", "log"]) + "(\(expression(depth: depth + 1)))"
        case 10: return "\"v=${\(expression(depth: depth + 1))}\""
        default: return pick(["x", "y", "xs", "s", "m", "i", "f", "fz_xs"])
        }
    }

    mutating func statement(depth: Int = 0) -> String {
        let indent = String(repeating: "  ", count: depth)
        switch below(depth > 1 ? 5 : 9) {
        case 0, 1: return indent + "\(pick(["x", "y", "xs", "s", "m"])) = \(expression())"
        case 2: return indent + "print(\(expression()))"
        case 3: return indent + expression()
        case 4: return indent + pick(["xs.append(\(expression()))", "x += 1", "m[\"k\"] = \(expression())", "s = \"\(below(9))\" * 3", "break", "continue", "return x"])
        case 5: return indent + "if \(expression()) {\n\(block(depth + 1))\n\(indent)} else {\n\(block(depth + 1))\n\(indent)}"
        case 6: return indent + "for i in \(pick(["0..5", "range(0, 3)", "xs", "m", "s", "0..9223372036854775807"])) {\n\(block(depth + 1))\n\(indent)}"
        case 7: return indent + "fn f(a, b=\(expression())) {\n\(block(depth + 1))\n\(indent)  return a\n\(indent)}"
        default: return indent + "n = 0\n\(indent)while n < \(pick(["3", "x", "1e308", "9223372036854775807"])) {\n\(indent)  n += 1\n\(block(depth + 1))\n\(indent)}"
        }
    }

    mutating func block(_ depth: Int) -> String {
        (0..<(1 + below(3))).map { _ in statement(depth: depth) }.joined(separator: "\n")
    }

    /// A program of a few statements; sometimes with a builtin call among them.
    mutating func program() -> String {
        var lines = ["x = \(pick(["1", "2.5", "\"a\"", "[1, 2]"]))", "xs = [1, 2, 3]", "s = \"abc\"", "m = {\"k0\": 1}", "fn f(a) { return a }"]
        for _ in 0..<(1 + below(5)) {
            lines.append(chance(0.15) ? anyBuiltinCall() : statement())
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
