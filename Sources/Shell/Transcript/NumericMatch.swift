// How `ce check` compares a replay with its transcript, in the manner of
// pytest-doctestplus' FLOAT_CMP: the text must be the same, apart from the
// width of runs of spaces, and each number with a fraction or an exponent
// may differ within a tolerance. Whole numbers must be equal. The
// tolerance absorbs what the BLAS kernel (OpenBLAS picks one per CPU) does
// to the last digits of a result; `ce check --exact` compares bytes.

/// Compares texts that hold numbers, allowing floats to differ within a tolerance.
///
///     let match = NumericMatch()              // relative 1e-4, absolute 1e-12
///     match.agrees("rmse 0.1527642271", "rmse 0.1527642269")   // true
///     match.agrees("n = 12", "n = 13")                        // false: whole numbers are exact
///     match.agrees("E 1.5", "E 1.6")                          // false
public struct NumericMatch: Sendable {
    /// The largest allowed |a - b| relative to max(|a|, |b|).
    public var relative: Double
    /// An allowed |a - b| whatever the size, for numbers that should be zero.
    public var absolute: Double

    /// The defaults: what separates replays under different OpenBLAS kernels of every transcript in
    /// examples/, with a margin (solvers stop at a tolerance, so the kernel moves a fit's last digits).
    public init(relative: Double = 1e-4, absolute: Double = 1e-12) {
        self.relative = relative
        self.absolute = absolute
    }

    /// Exact comparison: bytes must be equal (`ce check --exact`).
    public static let exact = NumericMatch(relative: 0, absolute: 0)

    public var isExact: Bool { relative == 0 && absolute == 0 }

    /// Whether `a` and `b` agree: the same tokens, floats within the tolerance.
    public func agrees(_ a: String, _ b: String) -> Bool {
        if isExact { return a == b }
        if a == b { return true }
        let x = NumericMatch.tokens(a), y = NumericMatch.tokens(b)
        guard x.count == y.count else { return false }
        for (s, t) in zip(x, y) where !agrees(s, t) { return false }
        return true
    }

    func agrees(_ s: Token, _ t: Token) -> Bool {
        switch (s, t) {
        case (.text(let u), .text(let v)): return u == v
        case (.space, .space): return true
        case (.number(let u, let p), .number(let v, let q)):
            if u == v { return true }
            if p.isWhole && q.isWhole { return false }
            return agrees(p.value, q.value)
        default: return false
        }
    }

    /// Whether two floats agree within the tolerance (NaN agrees with NaN, infinities with themselves).
    public func agrees(_ a: Double, _ b: Double) -> Bool {
        if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
        if a.isInfinite || b.isInfinite { return a == b }
        return abs(a - b) <= absolute + relative * max(abs(a), abs(b))
    }

    /// A number as written: its value and whether it was written as a whole number.
    struct Number: Equatable {
        let value: Double
        let isWhole: Bool
    }

    enum Token: Equatable {
        case text(String)
        case space
        case number(String, Number)
    }

    /// The text split into numbers, runs of spaces or tabs, and everything else.
    /// A number starts where a letter, digit, '_' or '.' does not stand before it.
    static func tokens(_ s: String) -> [Token] {
        let u = Array(s.utf8)
        var out: [Token] = []
        var i = 0, textStart = 0
        func flush(_ end: Int) {
            if end > textStart { out.append(.text(String(decoding: u[textStart..<end], as: UTF8.self))) }
        }
        func isDigit(_ k: Int) -> Bool { k < u.count && u[k] >= 0x30 && u[k] <= 0x39 }
        func isWordByte(_ b: UInt8) -> Bool {
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x2E || b >= 0x80
        }
        func word(_ k: Int, _ w: String) -> Bool {
            let bytes = Array(w.utf8)
            guard u.count - k >= bytes.count, Array(u[k..<(k + bytes.count)]) == bytes else { return false }
            return k + bytes.count == u.count || !isWordByte(u[k + bytes.count])
        }
        while i < u.count {
            let b = u[i]
            if b == 0x20 || b == 0x09 {
                flush(i)
                var j = i
                while j < u.count, u[j] == 0x20 || u[j] == 0x09 { j += 1 }
                out.append(.space)
                i = j
                textStart = j
                continue
            }
            let boundary = i == 0 || !isWordByte(u[i - 1])
            if boundary, let end = numberEnd(u, from: i, isDigit: isDigit, word: word) {
                flush(i)
                let text = String(decoding: u[i..<end], as: UTF8.self)
                let whole = !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" || $0 == "n" || $0 == "i" })
                let value = Double(text) ?? .nan
                out.append(.number(text, Number(value: value, isWhole: whole)))
                i = end
                textStart = end
                continue
            }
            i += 1
        }
        flush(u.count)
        return out
    }

    /// The end of a number starting at `i` ([-+]digits[.digits][e[-+]digits], nan, inf), or nil.
    private static func numberEnd(_ u: [UInt8], from i: Int, isDigit: (Int) -> Bool, word: (Int, String) -> Bool) -> Int? {
        var j = i
        if u[j] == 0x2D || u[j] == 0x2B { j += 1 }  // - or +
        for w in ["nan", "infinity", "inf"] where word(j, w) { return j + w.utf8.count }
        let start = j
        while isDigit(j) { j += 1 }
        var digits = j - start
        if j < u.count, u[j] == 0x2E, isDigit(j + 1) || digits > 0 {  // .
            j += 1
            let f = j
            while isDigit(j) { j += 1 }
            digits += j - f
        }
        guard digits > 0 else { return nil }
        if j < u.count, u[j] == 0x65 || u[j] == 0x45 {  // e or E
            var k = j + 1
            if k < u.count, u[k] == 0x2D || u[k] == 0x2B { k += 1 }
            if isDigit(k) {
                while isDigit(k) { k += 1 }
                j = k
            }
        }
        // "3." before a letter is a sentence's end or a field access, not a float: leave the dot.
        if u[j - 1] == 0x2E { j -= 1 }
        return j
    }
}

extension NumericMatch {
    /// `replayed` with every line that agrees with the same line of `recorded` taken from `recorded`,
    /// so only real differences remain; when the line counts differ, `replayed` as it is.
    ///
    ///     NumericMatch().merge(recorded: "x 0.15276422\nn 3\n", replayed: "x 0.15276421\nn 4\n")   // "x 0.15276422\nn 4\n"
    public func merge(recorded: String, replayed: String) -> String {
        if recorded == replayed || isExact { return replayed }
        let old = Transcript.splitLines(recorded), new = Transcript.splitLines(replayed)
        guard old.count == new.count else { return replayed }
        return zip(old, new).map { agrees($0, $1) ? $0 : $1 }.joined()
    }
}
