// JSON (RFC 8259) for the whole project, both ways: the one parser (with
// Python's NaN and Infinity, which json.dump writes) and the one writer.
// Floats are written in their shortest round-trip form, so a float reads
// back identical; objects keep their member order.

/// Parses and writes JSON text.
///
///     let doc = try JSON.parse(#"{"T": [1, 0.5], "name": "LiNiO2"}"#)
///     doc["T"]?.numbers                          // [1.0, 0.5]
///     JSON.encode(doc, indent: nil)              // {"T": [1, 0.5], "name": "LiNiO2"}
public enum JSON {
    /// Nesting deeper than this is refused by the parser (and by writers that build trees from cyclic values).
    public static let maxDepth = 512

    /// The value of JSON text.
    public static func parse(_ text: String) throws -> JSONValue {
        try parse(Array(text.utf8))
    }

    /// The value of UTF-8 encoded JSON (a leading byte-order mark is skipped).
    /// Errors are `FormatError`s with the line and column.
    public static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        var parser = JSONParser(bytes)
        return try parser.document()
    }

    /// JSON text for `value`. With an indent, objects and arrays of containers
    /// take one line per element and arrays of scalars stay on one line; a nil
    /// indent gives one line. NaN and ±Infinity are written as Python writes them.
    ///
    ///     JSON.encode(.array([.int(1), .double(0.5)]))   // [1, 0.5]
    public static func encode(_ value: JSONValue, indent: Int? = 2) -> String {
        var out = ""
        write(value, indent: indent, level: 0, into: &out)
        return out
    }

    private static func write(_ value: JSONValue, indent: Int?, level: Int, into out: inout String) {
        func children(_ count: Int, open: String, close: String, inline: Bool, _ item: (Int) -> Void) {
            if count == 0 { out += open + close; return }
            let pad = String(repeating: " ", count: (indent ?? 0) * (level + 1))
            out += open
            for n in 0..<count {
                if n > 0 { out += inline ? ", " : "," }
                if !inline { out += "\n" + pad }
                item(n)
            }
            if !inline { out += "\n" + String(repeating: " ", count: (indent ?? 0) * level) }
            out += close
        }
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += number(d)
        case .string(let s): out += quote(s)
        case .array(let a):
            children(a.count, open: "[", close: "]", inline: indent == nil || a.allSatisfy(\.isScalar)) { n in
                write(a[n], indent: indent, level: level + 1, into: &out)
            }
        case .object(let o):
            children(o.count, open: "{", close: "}", inline: indent == nil || o.values.allSatisfy(\.isScalar)) { n in
                out += quote(o.keys[n]) + ": "
                write(o.values[n], indent: indent, level: level + 1, into: &out)
            }
        }
    }

    /// A float in its shortest round-trip form; NaN and ±Infinity as Python writes them.
    public static func number(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        return d.description
    }

    /// A JSON string literal.
    public static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

extension JSONValue {
    var isScalar: Bool {
        switch self {
        case .array, .object: return false
        default: return true
        }
    }
}
