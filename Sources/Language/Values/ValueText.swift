// Values as text within the memory limit. A list that holds itself twice
// prints 2^64 items at the print depth limit, and a loop that formats a list
// holding its own earlier texts grows geometrically. Before a list or map is
// written, its size is bounded without building it (each shared container
// once per depth); a text past the limit (`ce --memory`) is refused with the
// size it would have, and every pass polls Ctrl-C.
import Numerics

/// Writes a value's printed form (as `print` and `"${x}"` show it, or as `format` writes numbers) into one
/// string, within the memory limit.
///
///     var text = ValueText(callee: "str")
///     try text.write(.list(xs), quoteStrings: false)   // or "str: a text of 9000000000 bytes would need 18 GB ..."
///     text.text
struct ValueText {
    /// How numbers are written: as values print, or with `format`'s digits or decimals.
    enum Numbers {
        case printed
        case formatted(digits: Int, decimals: Int?)
    }

    /// Whether a pass builds the text, counts its bytes exactly, or bounds them from above cheaply.
    private enum Pass {
        case write, count, bound
    }

    /// The text written so far.
    private(set) var text = ""
    /// Bytes written (when counting or bounding: that would be written).
    private(set) var bytes = 0
    /// The most bytes of text the limit allows (half the limit: a string's buffer grows by doubling).
    let maximum: Int
    let callee: String
    let numbers: Numbers
    private var pass = Pass.write
    /// When counting or bounding, the bytes of each (container, depth) already met.
    private var sizes: [Key: Int] = [:]
    private var steps = 0

    private struct Key: Hashable {
        let object: ObjectIdentifier
        let depth: Int
    }

    /// Thrown when a written text passes `maximum` after all (the bound said it would not).
    private struct TooLong: Error {}

    /// The most bytes a printed int or float takes ("-9223372036854775808", "-1.2345678901234567e-300").
    private static let numberWidth = 26

    init(callee: String, numbers: Numbers = .printed, maximum: Int = MemoryBudget.limit / 2) {
        self.callee = callee
        self.numbers = numbers
        self.maximum = maximum
    }

    /// Appends `value`'s text; past the limit, throws an error with the size the whole text would have.
    mutating func write(_ value: Value, quoteStrings: Bool) throws {
        switch value {
        case .list, .map, .range: try checkSize(of: value, quote: quoteStrings)
        default: break
        }
        do {
            try self.value(value, quote: quoteStrings, depth: 0)
        } catch is TooLong {
            throw tooLarge(try size(of: value, quote: quoteStrings, pass: .count))
        }
    }

    /// Appends plain text (a separator between values); past the limit, throws as `write` does.
    mutating func append(_ s: String) throws {
        do { try emit(s) } catch is TooLong { throw tooLarge(MemoryBudget.sum(bytes, s.utf8.count)) }
    }

    /// Throws unless the text so far and `value`'s fit: first a cheap bound, then, only when that is over, the exact size.
    private func checkSize(of value: Value, quote: Bool) throws {
        guard try size(of: value, quote: quote, pass: .bound) > maximum else { return }
        let exact = try size(of: value, quote: quote, pass: .count)
        if exact > maximum { throw tooLarge(exact) }
    }

    /// The bytes of the text so far with `value`'s after it, by a pass that builds nothing.
    private func size(of value: Value, quote: Bool, pass: Pass) throws -> Int {
        var counter = ValueText(callee: callee, numbers: numbers, maximum: .max)
        counter.pass = pass
        counter.bytes = bytes
        try counter.value(value, quote: quote, depth: 0)
        return counter.bytes
    }

    /// The error for a text of `bytes` bytes: "str: a text of N bytes would need X of memory, more than ...".
    private func tooLarge(_ bytes: Int) -> RuntimeError {
        let size = bytes == .max ? "more than \(Int.max - 1)" : String(bytes)
        let e = MemoryLimitExceeded(what: "a text of \(size) bytes", bytes: MemoryBudget.product(bytes, 2), limit: MemoryBudget.limit)
        return RuntimeError(callee.isEmpty ? e.description : "\(callee): \(e)")
    }

    private mutating func emit(_ s: String) throws {
        try reserve(s.utf8.count)
        if pass == .write { text += s }
    }

    /// Counts `count` more bytes: when writing, throws past the maximum before they are built; polls Ctrl-C
    /// every 1024 pieces and before every long one.
    private mutating func reserve(_ count: Int) throws {
        steps &+= 1
        if steps & 1023 == 0 || count > ValueText.chunk, Interruption.isRequested { throw Interrupted() }
        let total = MemoryBudget.sum(bytes, count)
        if pass == .write && total > maximum { throw TooLong() }
        bytes = total
    }

    /// A number's text; a bound takes the widest a number prints (decimals= can be wider: those are counted).
    private mutating func number(_ text: @autoclosure () -> String, fixedDecimals: Bool) throws {
        if pass == .bound && !fixedDecimals { return try reserve(ValueText.numberWidth) }
        try emit(text())
    }

    /// Bytes of a long string handled between two Ctrl-C polls.
    private static let chunk = 1 << 20

    /// A string, quoted as a literal inside lists and maps; its length is checked before it is copied.
    private mutating func string(_ s: String, quote: Bool) throws {
        guard quote else { return try emit(s) }
        if pass == .bound { return try reserve(MemoryBudget.sum(MemoryBudget.product(s.utf8.count, 2), 2)) }
        guard s.utf8.count > ValueText.chunk else {
            var length = 2
            for byte in s.utf8 { length += ValueText.escapes(byte) ? 2 : 1 }
            try reserve(length)
            if pass == .write { text += Value.quote(s) }
            return
        }
        // A long string (a loop that quotes its own last text grows geometrically): escaped byte by byte,
        // polling Ctrl-C every chunk. The escaped characters are ASCII, so no UTF-8 sequence is split;
        // "\r\n" stays as it is, as `Value.quote` keeps that one character.
        let bytes = Array(s.utf8)
        var length = 2
        for (i, byte) in bytes.enumerated() {
            if i % ValueText.chunk == 0, Interruption.isRequested { throw Interrupted() }
            length += ValueText.escapes(byte) && !ValueText.isCRLF(bytes, i) ? 2 : 1
        }
        try reserve(length)
        guard pass == .write else { return }
        var out: [UInt8] = [UInt8(ascii: "\"")]
        out.reserveCapacity(length)
        for (i, byte) in bytes.enumerated() {
            if i % ValueText.chunk == 0, Interruption.isRequested { throw Interrupted() }
            guard ValueText.escapes(byte), !ValueText.isCRLF(bytes, i) else {
                out.append(byte)
                continue
            }
            out.append(UInt8(ascii: "\\"))
            switch byte {
            case UInt8(ascii: "\n"): out.append(UInt8(ascii: "n"))
            case UInt8(ascii: "\t"): out.append(UInt8(ascii: "t"))
            case UInt8(ascii: "\r"): out.append(UInt8(ascii: "r"))
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
        text += String(decoding: out, as: UTF8.self)
    }

    /// Whether `Value.quote` writes the byte with a backslash.
    private static func escapes(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "\n"), UInt8(ascii: "\t"), UInt8(ascii: "\r"): return true
        default: return false
        }
    }

    /// Whether bytes[i] is part of a "\r\n" pair (one character, which `Value.quote` keeps as it is).
    private static func isCRLF(_ bytes: [UInt8], _ i: Int) -> Bool {
        (bytes[i] == 13 && i + 1 < bytes.count && bytes[i + 1] == 10) || (bytes[i] == 10 && i > 0 && bytes[i - 1] == 13)
    }

    private mutating func value(_ v: Value, quote: Bool, depth: Int) throws {
        switch v {
        case .null: try emit("nil")
        case .bool(let b): try emit(b ? "true" : "false")
        case .int(let i):
            if case .formatted(_, let decimals?) = numbers {
                try number(FixedDecimal.text(Double(i), places: decimals), fixedDecimals: true)
            } else {
                try number(String(i), fixedDecimals: false)
            }
        case .double(let d):
            switch numbers {
            case .printed: try number(Value.format(d), fixedDecimals: false)
            case .formatted(let digits, let decimals):
                if let decimals, d.isFinite {
                    try number(FixedDecimal.text(d, places: decimals), fixedDecimals: true)
                } else {
                    try number(Value.format(d, digits: digits), fixedDecimals: false)
                }
            }
        case .string(let s): try string(s, quote: quote)
        case .list(let l):
            try container(l, open: "[", close: "]", depth: depth) { text in
                for (i, item) in l.items.enumerated() {
                    if i > 0 { try text.emit(", ") }
                    try text.value(item, quote: true, depth: depth + 1)
                }
            }
        case .map(let m):
            try container(m, open: "{", close: "}", depth: depth) { text in
                for (i, (k, item)) in m.pairs.enumerated() {
                    if i > 0 { try text.emit(", ") }
                    try text.value(k.value, quote: true, depth: depth + 1)
                    try text.emit(": ")
                    try text.value(item, quote: true, depth: depth + 1)
                }
            }
        case .range(let r):
            switch numbers {
            case .printed: try emit(r.step == 1 ? "\(r.start)..\(r.end)" : "range(\(r.start), \(r.end), \(r.step))")
            case .formatted(_, let decimals):
                // format writes a range's numbers one by one (never the whole list at once); sizes are bounded
                // without walking it.
                if pass != .write {
                    let width = ValueText.numberWidth + (decimals ?? 0) + 2
                    return try reserve(MemoryBudget.sum(MemoryBudget.product(r.count, width), 2))
                }
                try emit("[")
                for (i, n) in r.enumerated() {
                    if i > 0 { try emit(", ") }
                    try value(.int(n), quote: true, depth: depth + 1)
                }
                try emit("]")
            }
        case .function(let f): try emit(f.name == "<fn>" ? "<fn>" : "<fn \(f.name)>")
        case .object(let o): try emit(o.summary)
        }
    }

    /// A list or map: `[...]` past the print depth (format: an error past its depth); counted once per depth.
    private mutating func container(_ object: AnyObject, open: String, close: String, depth: Int,
                                    _ items: (inout ValueText) throws -> Void) throws {
        switch numbers {
        case .printed:
            if depth >= Value.printDepthLimit { return try emit(open + "..." + close) }
        case .formatted:
            guard depth < Elementwise.maxDepth else { throw Elementwise.tooDeep(callee) }
        }
        let key = Key(object: ObjectIdentifier(object), depth: depth)
        if pass != .write, let size = sizes[key] { return try reserve(size) }
        let before = bytes
        try emit(open)
        try items(&self)
        try emit(close)
        if pass != .write { sizes[key] = bytes - before }
    }
}

extension ValueText {
    /// The printed forms of `values` joined by `separator` (`print(a, b)`, `xs.join(", ")`), within the limit.
    static func joined(_ values: [Value], separator: String, callee: String) throws -> String {
        var text = ValueText(callee: callee)
        for (i, v) in values.enumerated() {
            if i > 0 { try text.append(separator) }
            try text.write(v, quoteStrings: false)
        }
        return text.text
    }
}
