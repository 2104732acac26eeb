// The lexical units the Scanner produces and the Parser consumes.

/// What kind of token: a literal, a name, a keyword, punctuation, a line end.
enum TokenKind: Equatable {
    // Literals and names.
    case int, double, string, identifier
    // Brackets and punctuation.
    case leftParen, rightParen, leftBracket, rightBracket, leftBrace, rightBrace
    case comma, dot, dotDot, colon, semicolon, question
    // Operators.
    case plus, minus, star, slash, percent, caret
    case equal, equalEqual, bangEqual, less, lessEqual, greater, greaterEqual
    case plusEqual, minusEqual, starEqual, slashEqual
    // Keywords.
    case and, or, not, `if`, `else`, `for`, `in`, `while`, `break`, `continue`, fn, `return`, use
    case `true`, `false`, `nil`
    // Structure.
    case newline, eof
    /// A malformed token; `Token.text` holds the message.
    case error

    /// The reserved words, by spelling.
    static let keywords: [String: TokenKind] = [
        "and": .and, "or": .or, "not": .not, "if": .if, "else": .else, "for": .for, "in": .in,
        "while": .while, "break": .break, "continue": .continue, "fn": .fn, "return": .return,
        "use": .use, "true": .true, "false": .false, "nil": .nil,
    ]
}

/// One piece of a string literal: literal text or an interpolated `${expr}`.
enum StringPart: Equatable {
    case text(String)
    /// The source of an interpolated expression and where it starts.
    case code(String, line: Int, column: Int)
}

/// A token with its position. Columns count characters from 1.
struct Token {
    var kind: TokenKind
    /// The source text (for `.error`, the message).
    var text: String
    var line: Int
    var column: Int
    /// Position of the token's last character.
    var endLine: Int
    var endColumn: Int
    /// Byte offsets of the token in the source, end exclusive.
    var start: Int
    var end: Int
    /// Whether whitespace separates this token from the previous one (command form).
    var spaceBefore: Bool
    var intValue: Int = 0
    var doubleValue: Double = 0
    var parts: [StringPart] = []
}
