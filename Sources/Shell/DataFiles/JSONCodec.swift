// JSON (RFC 8259) for ce values, both ways. Maps keep their key order,
// ints stay ints, floats print in their shortest round-trip form (so a
// float reads back identical), and nan/inf are written NaN/Infinity as
// Python's json module does (and read back).
import Language

/// Encodes ce values as JSON text and decodes JSON text into ce values.
///
///     let text = try JSONCodec.encode(.record([("T", .doubles([1, 0.5]))]))
///     // {
///     //   "T": [1.0, 0.5]
///     // }
///     let v = try JSONCodec.decode(text)
public enum JSONCodec {
    /// Nesting deeper than this is refused both ways (a list may contain itself).
    public static let maxDepth = 512

    /// Reads and decodes the file at `path`; errors name the file.
    public static func read(_ path: String) throws -> Value {
        let bytes = try DataFile.read(path)
        return try DataFile.naming(path) { try decode(bytes) }
    }

    /// Encodes `value` and writes it to `path` with a final newline.
    public static func write(_ value: Value, to path: String, indent: Int? = 2) throws {
        try DataFile.write(Array((try encode(value, indent: indent) + "\n").utf8), to: path)
    }

    // MARK: Encoding

    /// JSON text for `value`. With an indent, maps and lists of containers
    /// take one line per element, lists of scalars stay on one line; nil
    /// indent gives one line. Objects are encoded through `exportValue()`.
    public static func encode(_ value: Value, indent: Int? = 2) throws -> String {
        var out = ""
        try encode(value, indent: indent, level: 0, into: &out)
        return out
    }

    private static func encode(_ value: Value, indent: Int?, level: Int, into out: inout String) throws {
        guard level < maxDepth else { throw RuntimeError("the value nests more than \(maxDepth) levels deep (does a list contain itself?)") }
        func children(_ items: [(String?, Value)], open: String, close: String) throws {
            if items.isEmpty { out += open + close; return }
            let inline = indent == nil || items.allSatisfy { isScalar($0.1) }
            let pad = String(repeating: " ", count: (indent ?? 0) * (level + 1))
            out += open
            for (n, (key, item)) in items.enumerated() {
                if n > 0 { out += inline ? ", " : "," }
                if !inline { out += "\n" + pad }
                if let key { out += quote(key) + ": " }
                try encode(item, indent: indent, level: level + 1, into: &out)
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
        case .list(let l): try children(l.items.map { (nil, $0) }, open: "[", close: "]")
        case .range(let r):
            guard r.count <= CoreBuiltins.maxElements else { throw RuntimeError("a range of \(r.count) values is too long to save") }
            try children(r.map { (nil, .int($0)) }, open: "[", close: "]")
        case .map(let m):
            try children(m.pairs.map { k, v in (k.value.description, v) }, open: "{", close: "}")
        case .object(let o):
            guard let exported = o.exportValue() else { throw RuntimeError("a \(o.typeName) cannot be saved as JSON") }
            try encode(exported, indent: indent, level: level, into: &out)
        case .function(let f): throw RuntimeError("a function (\(f.name)) cannot be saved as JSON")
        }
    }

    private static func isScalar(_ v: Value) -> Bool {
        switch v {
        case .null, .bool, .int, .double, .string: return true
        default: return false
        }
    }

    /// A float in its shortest round-trip form; NaN and ±Infinity as Python writes them.
    static func number(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        return d.description
    }

    /// A JSON string literal.
    static func quote(_ s: String) -> String {
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

    // MARK: Decoding

    /// The value of JSON text: objects become ordered maps, integers ints, other numbers floats.
    public static func decode(_ text: String) throws -> Value {
        try decode(Array(text.utf8))
    }

    /// The value of UTF-8 encoded JSON.
    public static func decode(_ bytes: [UInt8]) throws -> Value {
        var parser = JSONParser(bytes)
        return try parser.document()
    }
}
