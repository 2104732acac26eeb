// How values print: deterministic, so transcripts replay byte for byte.
// Floats print with at most 10 significant digits (0.1 + 0.2 prints 0.3),
// integral floats keep a ".0", maps print in insertion order.

extension Value: CustomStringConvertible {
    public var description: String { formatted(quoteStrings: false) }

    /// The printed form; strings are quoted inside lists and maps.
    public func formatted(quoteStrings: Bool) -> String {
        formatted(quoteStrings: quoteStrings, depth: 0)
    }

    /// Lists and maps nested deeper than this print as `[...]` and `{...}`,
    /// so a list that contains itself prints instead of recursing forever.
    static let printDepthLimit = 64

    private func formatted(quoteStrings: Bool, depth: Int) -> String {
        switch self {
        case .null: return "nil"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return Value.format(d)
        case .string(let s): return quoteStrings ? Value.quote(s) : s
        case .list(let l):
            if depth >= Value.printDepthLimit { return "[...]" }
            return "[" + l.items.map { $0.formatted(quoteStrings: true, depth: depth + 1) }.joined(separator: ", ") + "]"
        case .map(let m):
            if depth >= Value.printDepthLimit { return "{...}" }
            let parts = m.pairs.map { k, v in
                k.value.formatted(quoteStrings: true) + ": " + v.formatted(quoteStrings: true, depth: depth + 1)
            }
            return "{" + parts.joined(separator: ", ") + "}"
        case .range(let r):
            return r.step == 1 ? "\(r.start)..\(r.end)" : "range(\(r.start), \(r.end), \(r.step))"
        case .function(let f): return f.name == "<fn>" ? "<fn>" : "<fn \(f.name)>"
        case .object(let o): return o.summary
        }
    }

    /// A double with at most `digits` significant digits, trailing zeros
    /// trimmed, integral values with ".0", exponent form outside [1e-5, 1e16).
    public static func format(_ d: Double, digits: Int = 10) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        if d == 0 { return d.sign == .minus ? "-0.0" : "0.0" }
        let magnitude = abs(d)
        if magnitude >= 1e16 || magnitude < 1e-5 {
            var s = formatC("%.\(max(0, digits - 1))e", d)
            // Trim the mantissa's trailing zeros: 1.500000000e-07 -> 1.5e-07.
            if let e = s.firstIndex(of: "e") {
                var mantissa = String(s[..<e])
                let exponent = String(s[e...])
                if mantissa.contains(".") {
                    while mantissa.hasSuffix("0") { mantissa.removeLast() }
                    if mantissa.hasSuffix(".") { mantissa.removeLast() }
                }
                s = mantissa + exponent
            }
            return s
        }
        var s = formatC("%.\(digits)g", d)
        if s.contains("e") {
            // %g chose an exponent; write fixed-point with the same significant digits.
            let exponent = Int(log10(magnitude).rounded(.down))
            s = formatC("%.\(max(0, digits - 1 - exponent))f", d)
        }
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s += "0" }
        } else {
            s += ".0"
        }
        return s
    }

    /// A string as a ce string literal.
    public static func quote(_ s: String) -> String {
        var out = "\""
        for ch in s {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default: out.append(ch)
            }
        }
        return out + "\""
    }
}

#if canImport(Glibc)
import Glibc
#endif

/// snprintf with one double, for fixed significant-digit printing.
func formatC(_ format: String, _ value: Double) -> String {
    var buffer = [CChar](repeating: 0, count: 64)
    let n = withVaList([value]) { vsnprintf(&buffer, buffer.count, format, $0) }
    guard n >= 0 else { return String(value) }
    return String(cString: buffer)
}
