// Turns source text into tokens: numbers, strings with `${expr}`
// interpolation, names, keywords, operators and significant newlines.
// Malformed input becomes an `.error` token; the scanner never fails.

/// The lexer. Works on UTF-8 bytes; columns count characters (not bytes).
///
///     var scanner = Scanner("x = 1_000 + 2.5e-3", file: "<stdin>")
///     let tokens = scanner.scanAll()   // identifier, equal, int, plus, double, eof
struct Scanner {
    private let bytes: [UInt8]
    private var offset = 0
    private var line: Int
    private var column: Int
    private var sawSpace = true
    // The token being scanned: where it starts and where its last character is.
    private var startOffset = 0, startLine = 1, startColumn = 1
    private var lastLine = 1, lastColumn = 1
    private var space = false
    /// Lines holding only a comment, by line number: the text after `#`.
    private(set) var commentLines: [Int: String] = [:]

    init(_ source: String, line: Int = 1, column: Int = 1) {
        bytes = Array(source.utf8)
        self.line = line
        self.column = column
    }

    /// All tokens up to and including `.eof`.
    mutating func scanAll() -> [Token] {
        var tokens: [Token] = []
        while true {
            let token = next()
            tokens.append(token)
            if token.kind == .eof { return tokens }
        }
    }

    private func peek(_ ahead: Int = 0) -> UInt8 {
        offset + ahead < bytes.count ? bytes[offset + ahead] : 0
    }

    private var atEnd: Bool { offset >= bytes.count }

    /// Consumes one byte, keeping line and column (continuation bytes add no column).
    private mutating func advance() -> UInt8 {
        let b = bytes[offset]
        offset += 1
        if b == 10 {
            line += 1
            column = 1
        } else if b & 0xC0 != 0x80 {
            column += 1
        }
        return b
    }

    /// Skips spaces, tabs, carriage returns and comments; records comment-only lines.
    private mutating func skipTrivia() {
        var lineHasCode = offset > 0 && !isLineStart()
        while !atEnd {
            let b = peek()
            if b == 32 || b == 9 || b == 13 {
                sawSpace = true
                _ = advance()
            } else if b == 35 {  // '#'
                sawSpace = true
                let commentLine = line
                let start = offset + 1
                while !atEnd && peek() != 10 { _ = advance() }
                if !lineHasCode {
                    commentLines[commentLine] = String(decoding: bytes[start..<offset], as: UTF8.self)
                }
            } else if b == 92 && (peek(1) == 10 || offset + 1 == bytes.count) {
                // Backslash-newline joins lines; a backslash ending the input waits for the next line.
                sawSpace = true
                _ = advance()
                if !atEnd { _ = advance() }
                lineHasCode = false
            } else {
                return
            }
        }
    }

    /// Whether only blanks precede the current offset on its line.
    private func isLineStart() -> Bool {
        var i = offset - 1
        while i >= 0 {
            let b = bytes[i]
            if b == 10 { return true }
            if b != 32 && b != 9 && b != 13 { return false }
            i -= 1
        }
        return true
    }

    private mutating func next() -> Token {
        skipTrivia()
        startOffset = offset
        startLine = line
        startColumn = column
        lastLine = line
        lastColumn = column
        space = sawSpace
        sawSpace = false

        guard !atEnd else { return make(.eof, "") }
        let c = peek()
        if c == 10 {
            take()
            sawSpace = true
            return make(.newline, "\\n")
        }
        if isDigit(c) || (c == 46 && isDigit(peek(1))) {
            return number()
        }
        if isIdentStart(c) {
            while !atEnd && isIdentPart(peek()) { take() }
            let word = String(decoding: bytes[startOffset..<offset], as: UTF8.self)
            return make(TokenKind.keywords[word] ?? .identifier, word)
        }
        if c == 34 {  // '"'
            return string()
        }
        take()
        switch c {
        case 40: return make(.leftParen)
        case 41: return make(.rightParen)
        case 91: return make(.leftBracket)
        case 93: return make(.rightBracket)
        case 123: return make(.leftBrace)
        case 125: return make(.rightBrace)
        case 44: return make(.comma)
        case 58: return make(.colon)
        case 59: return make(.semicolon)
        case 63: return make(.question)
        case 46: return make(two(46, .dotDot, .dot))
        case 43: return make(two(61, .plusEqual, .plus))
        case 45: return make(two(61, .minusEqual, .minus))
        case 42:
            if peek() == 42 {  // `**` is another spelling of `^`
                take()
                return make(.caret)
            }
            return make(two(61, .starEqual, .star))
        case 47: return make(two(61, .slashEqual, .slash))
        case 37: return make(.percent)
        case 94: return make(.caret)
        case 61: return make(two(61, .equalEqual, .equal))
        case 33:
            if peek() == 61 {
                take()
                return make(.bangEqual)
            }
            return make(.error, "unexpected character '!' (write 'not' for negation)")
        case 60: return make(two(61, .lessEqual, .less))
        case 62: return make(two(61, .greaterEqual, .greater))
        default:
            // Swallow the rest of a multi-byte character so the message shows it whole.
            while !atEnd && peek() & 0xC0 == 0x80 { take() }
            let ch = String(decoding: bytes[startOffset..<offset], as: UTF8.self)
            return make(.error, "unexpected character '\(ch)'")
        }
    }

    private func make(_ kind: TokenKind, _ text: String? = nil) -> Token {
        Token(
            kind: kind, text: text ?? String(decoding: bytes[startOffset..<offset], as: UTF8.self),
            line: startLine, column: startColumn, endLine: lastLine, endColumn: lastColumn,
            start: startOffset, end: offset, spaceBefore: space)
    }

    /// Consumes one character of the current token.
    private mutating func take() {
        lastLine = line
        lastColumn = column
        _ = advance()
    }

    /// `double` if the next byte is `second` (consumed), else `single`.
    private mutating func two(_ second: UInt8, _ double: TokenKind, _ single: TokenKind) -> TokenKind {
        if peek() == second {
            take()
            return double
        }
        return single
    }

    // number := digits [ "." digits ] [ ("e"|"E") ["+"|"-"] digits ], digits may contain "_"
    private mutating func number() -> Token {
        var text = ""
        var isDouble = false
        func digits() {
            while !atEnd && (isDigit(peek()) || peek() == 95) {
                if peek() != 95 { text.append(Character(UnicodeScalar(peek()))) }
                take()
            }
        }
        digits()
        if peek() == 46 && isDigit(peek(1)) {
            isDouble = true
            text.append(".")
            take()
            digits()
        }
        if (peek() == 101 || peek() == 69)
            && (isDigit(peek(1)) || ((peek(1) == 43 || peek(1) == 45) && isDigit(peek(2))))
        {
            isDouble = true
            text.append("e")
            take()
            if peek() == 43 || peek() == 45 {
                text.append(Character(UnicodeScalar(peek())))
                take()
            }
            digits()
        }
        if !atEnd && isIdentStart(peek()) {
            while !atEnd && isIdentPart(peek()) { take() }
            return make(.error, "malformed number")
        }
        if isDouble {
            var token = make(.double, nil)
            token.doubleValue = Double(text) ?? .nan
            return token
        }
        guard let value = Int(text) else {
            return make(.error, "integer \(text) is too large (the limit is \(Int.max)); write it as a float, e.g. \(text).0")
        }
        var token = make(.int, nil)
        token.intValue = value
        return token
    }

    // string := '"' { char | escape | "${" expression "}" } '"'
    private mutating func string() -> Token {
        take()  // opening quote
        var parts: [StringPart] = []
        var text: [UInt8] = []
        func flush() {
            if !text.isEmpty { parts.append(.text(String(decoding: text, as: UTF8.self))) }
            text = []
        }
        while true {
            guard !atEnd else { return make(.error, "unterminated string: missing closing '\"'") }
            let b = peek()
            if b == 34 {
                take()
                break
            }
            if b == 92 {  // backslash
                take()
                guard !atEnd else { return make(.error, "unterminated string: missing closing '\"'") }
                let e = peek()
                take()
                switch e {
                case 110: text.append(10)
                case 116: text.append(9)
                case 114: text.append(13)
                case 48: text.append(0)
                case 34, 92, 36: text.append(e)
                case 10: break  // backslash-newline continues the string without a newline
                case 117:  // \u{XXXX}
                    guard peek() == 123 else { return make(.error, "bad escape: write \\u{hex digits}") }
                    take()
                    var hex = ""
                    while !atEnd && peek() != 125 && hex.count < 8 {
                        hex.append(Character(UnicodeScalar(peek())))
                        take()
                    }
                    guard peek() == 125, let code = UInt32(hex, radix: 16), let scalar = UnicodeScalar(code) else {
                        return make(.error, "bad unicode escape \\u{\(hex)}")
                    }
                    take()
                    text.append(contentsOf: Array(String(Character(scalar)).utf8))
                default:
                    let shown = String(decoding: [e], as: UTF8.self)
                    return make(.error, "unknown escape '\\\(shown)' (known: \\n \\t \\r \\0 \\\\ \\\" \\$ \\u{...})")
                }
                continue
            }
            if b == 36 && peek(1) == 123 {  // "${"
                flush()
                take()
                take()
                let codeLine = line, codeColumn = column
                let codeStart = offset
                var depth = 0
                while true {
                    guard !atEnd else { return make(.error, "unterminated '${' in string: missing '}'") }
                    let d = peek()
                    if d == 125 {
                        if depth == 0 { break }
                        depth -= 1
                    } else if d == 123 {
                        depth += 1
                    } else if d == 34 {
                        // A string inside the interpolation: skip it whole.
                        take()
                        while !atEnd && peek() != 34 {
                            if peek() == 92 { take() }
                            if !atEnd { take() }
                        }
                        guard !atEnd else { return make(.error, "unterminated string inside '${...}'") }
                    }
                    take()
                }
                let code = String(decoding: bytes[codeStart..<offset], as: UTF8.self)
                take()  // closing brace
                parts.append(.code(code, line: codeLine, column: codeColumn))
                continue
            }
            text.append(b)
            take()
        }
        flush()
        var token = make(.string, nil)
        token.parts = parts
        return token
    }
}

private func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
private func isIdentStart(_ b: UInt8) -> Bool { (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95 }
private func isIdentPart(_ b: UInt8) -> Bool { isIdentStart(b) || isDigit(b) }
