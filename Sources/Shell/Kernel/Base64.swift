// Base64 (RFC 4648): how pictures travel inside Jupyter messages and notebooks.

/// Encodes and decodes standard Base64 with padding.
///
///     Base64.encode(Array("ce".utf8))   // "Y2U="
///     Base64.decode("Y2U=")             // [99, 101]
public enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")

    public static func encode(_ bytes: [UInt8]) -> String {
        var out = ""
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i < bytes.count {
            let b0 = UInt32(bytes[i])
            let b1 = i + 1 < bytes.count ? UInt32(bytes[i + 1]) : 0
            let b2 = i + 2 < bytes.count ? UInt32(bytes[i + 2]) : 0
            let triple = b0 << 16 | b1 << 8 | b2
            out.append(alphabet[Int(triple >> 18 & 63)])
            out.append(alphabet[Int(triple >> 12 & 63)])
            out.append(i + 1 < bytes.count ? alphabet[Int(triple >> 6 & 63)] : "=")
            out.append(i + 2 < bytes.count ? alphabet[Int(triple & 63)] : "=")
            i += 3
        }
        return out
    }

    /// The bytes of `text`, ignoring line breaks; nil when it is not Base64.
    public static func decode(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        var buffer: UInt32 = 0
        var held = 0
        for scalar in text.unicodeScalars {
            let v: UInt32
            switch scalar {
            case "A"..."Z": v = scalar.value - 65
            case "a"..."z": v = scalar.value - 97 + 26
            case "0"..."9": v = scalar.value - 48 + 52
            case "+": v = 62
            case "/": v = 63
            case "=", "\n", "\r": continue
            default: return nil
            }
            buffer = buffer << 6 | v
            held += 6
            if held >= 8 {
                held -= 8
                out.append(UInt8(truncatingIfNeeded: buffer >> UInt32(held)))
            }
        }
        return out
    }
}
