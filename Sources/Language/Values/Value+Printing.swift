// How values print: deterministic, so transcripts replay byte for byte.
// Floats print with at most 10 significant digits (0.1 + 0.2 prints 0.3),
// integral floats keep a ".0", maps print in insertion order.

extension Value: CustomStringConvertible {
    public var description: String { formatted(quoteStrings: false) }

    /// The printed form; strings are quoted inside lists and maps. A text past the memory limit (a list
    /// that holds itself many times) is `<a text of N bytes would need ...>`; `printed` throws instead.
    public func formatted(quoteStrings: Bool) -> String {
        var text = ValueText(callee: "")
        do { try text.write(self, quoteStrings: quoteStrings) } catch {
            return text.text.isEmpty ? "<\(error)>" : text.text + " ..."
        }
        return text.text
    }

    /// The printed form, or an error saying how much memory it would need past the limit; stops on Ctrl-C.
    ///
    ///     try Value.int(3).printed(quoteStrings: false, callee: "str")   // "3"
    public func printed(quoteStrings: Bool, callee: String) throws -> String {
        var text = ValueText(callee: callee)
        try text.write(self, quoteStrings: quoteStrings)
        return text.text
    }

    /// Lists and maps nested deeper than this print as `[...]` and `{...}`,
    /// so a list that contains itself prints instead of recursing forever.
    static let printDepthLimit = 64

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
