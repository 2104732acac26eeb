// Recursive-descent parser: tokens to statements. Each parse function starts
// with the grammar rule (grammar.md) it implements; read the two side by side.

/// A syntax error at a line and column of the file being parsed.
struct SyntaxError: Error {
    var message: String
    var loc: Loc
    /// The input may be valid but is nested beyond what ce runs ("too deep"):
    /// reported like runaway recursion, as a runtime limit, not a mistake in the syntax.
    var isDepthLimit = false
    /// The parser ran out of input (an open bracket, block or string, a line ending
    /// in an operator): more input could complete it. See `Completeness`.
    var atEndOfInput = false
}

/// A top-level statement with the tokens it spans (for transcripts).
struct ParsedStatement {
    var statement: Stmt
    var first: Token
    var last: Token
}

/// Parses a token stream. Newlines end statements, except inside `( )`,
/// `[ ]` and map literals, where they are ignored.
///
///     var parser = Parser(source: "x = [1, 2]")
///     let program = try parser.parseProgram()
struct Parser {
    /// The deepest nesting of brackets, blocks and operators accepted; deeper
    /// input is a syntax error instead of a stack overflow.
    static let maxDepth = 512

    private var tokens: [Token]
    private var current = 0
    private let commentLines: [Int: String]
    /// Whether newlines are currently insignificant (inside brackets), innermost last.
    private var newlineSkipping: [Bool] = [false]
    private var depth: Int
    private let stackLimit = StackGuard.limit()
    private var functionDepth = 0
    private var loopDepth = 0
    /// Every error found; the first one is reported.
    private(set) var errors: [SyntaxError] = []

    init(source: String, line: Int = 1, column: Int = 1, depth: Int = 0) {
        var scanner = Scanner(source, line: line, column: column)
        tokens = scanner.scanAll()
        commentLines = scanner.commentLines
        self.depth = depth
    }

    // MARK: - Token access

    private var skipsNewlines: Bool { newlineSkipping[newlineSkipping.count - 1] }

    /// The next significant token (newlines skipped inside brackets).
    private mutating func peek() -> Token {
        if skipsNewlines {
            while tokens[current].kind == .newline { current += 1 }
        }
        return tokens[current]
    }

    private mutating func check(_ kind: TokenKind) -> Bool { peek().kind == kind }

    @discardableResult
    private mutating func advance() -> Token {
        let token = peek()
        if token.kind != .eof { current += 1 }
        return token
    }

    /// The operator just read continues the expression on the next line:
    /// `x = 1 +` then `2` on the next line is `x = 1 + 2`.
    @discardableResult
    private mutating func operatorAdvance() -> Token {
        let op = advance()
        while tokens[current].kind == .newline { current += 1 }
        return op
    }

    private mutating func match(_ kinds: TokenKind...) -> Bool {
        if kinds.contains(peek().kind) {
            advance()
            return true
        }
        return false
    }

    private var previous: Token { tokens[max(0, current - 1)] }

    /// Where an error about `token` is shown: at a line end or the end of input
    /// the last character of the previous token, else the token itself.
    private func errorLoc(_ token: Token) -> Loc {
        if token.kind == .newline || token.kind == .eof {
            var i = current - 1
            while i >= 0 && tokens[i].kind == .newline { i -= 1 }
            if i >= 0 { return Loc(line: tokens[i].endLine, column: tokens[i].endColumn) }
        }
        return Loc(line: token.line, column: token.column)
    }

    private mutating func error(_ message: String, at token: Token? = nil) -> SyntaxError {
        let t = token ?? peek()
        if t.kind == .error {
            return SyntaxError(message: t.text, loc: Loc(line: t.line, column: t.column),
                               atEndOfInput: t.text.hasPrefix("unterminated"))
        }
        return SyntaxError(message: message, loc: errorLoc(t), atEndOfInput: t.kind == .eof)
    }

    /// The error for input nested beyond `maxDepth` levels.
    private func tooDeep(at token: Token) -> SyntaxError {
        SyntaxError(
            message: "too deep: nested more than \(Parser.maxDepth) levels of brackets, blocks or operators",
            loc: errorLoc(token), isDepthLimit: true)
    }

    /// A short description of a token for messages.
    private func describe(_ token: Token) -> String {
        switch token.kind {
        case .eof: return "end of input"
        case .newline: return "end of line"
        case .string: return "a string"
        case .int, .double: return "number \(token.text)"
        case .identifier: return "'\(token.text)'"
        default: return "'\(token.text)'"
        }
    }

    private mutating func consume(_ kind: TokenKind, _ message: String) throws -> Token {
        if check(kind) { return advance() }
        let t = peek()
        throw error("expected \(message), found \(describe(t))", at: t)
    }

    private func here(_ token: Token) -> Loc { Loc(line: token.line, column: token.column) }

    /// Runs `body` one nesting level deeper, refusing input nested beyond `maxDepth`.
    private mutating func nested<T>(_ body: (inout Parser) throws -> T) throws -> T {
        depth += 1
        defer { depth -= 1 }
        try checkDepth()
        return try body(&self)
    }

    private mutating func checkDepth() throws {
        if depth > Parser.maxDepth || StackGuard.address() < stackLimit {
            throw tooDeep(at: peek())
        }
    }

    /// One more link in a left-associative chain (`a + b + c`, `f()()`): it
    /// nests the tree one level, so it counts against the depth limit.
    private mutating func lengthen(_ links: inout Int) throws {
        depth += 1
        links += 1
        try checkDepth()
    }

    private mutating func withNewlines<T>(skipped: Bool, _ body: (inout Parser) throws -> T) rethrows -> T {
        newlineSkipping.append(skipped)
        defer { newlineSkipping.removeLast() }
        return try body(&self)
    }

    // MARK: - Statements

    // program := { statement separator } EOF
    /// Parses the whole source; throws the first syntax error.
    mutating func parseProgram() throws -> [ParsedStatement] {
        var statements: [ParsedStatement] = []
        while true {
            while match(.newline, .semicolon) {}
            if check(.eof) { break }
            let first = peek()
            do {
                let statement = try parseStatement()
                statements.append(ParsedStatement(statement: statement, first: first, last: previous))
                try endOfStatement()
            } catch let e as SyntaxError {
                errors.append(e)
                synchronize()
            }
        }
        if let first = errors.first { throw first }
        return statements
    }

    /// Parses one expression filling the whole source (string interpolation).
    mutating func parseLoneExpression() throws -> Expr {
        let expr = try withNewlines(skipped: true) { try $0.parseExpression() }
        if !check(.eof) { throw error("unexpected \(describe(peek())) in '${...}'") }
        return expr
    }

    /// After an error, skips to the start of the next statement.
    private mutating func synchronize() {
        newlineSkipping = [false]
        depth = 0
        while true {
            let t = tokens[current]
            if t.kind == .eof { return }
            current += 1
            if t.kind == .newline || t.kind == .semicolon { return }
        }
    }

    /// A statement ends at a newline, ';', '}' or the end of input; also,
    /// on the same line, after the '}' closing its block or before a keyword
    /// that starts a statement: `s = 0  for i in xs { s += i }  print(s)`.
    private mutating func endOfStatement() throws {
        let t = peek()
        switch t.kind {
        case .newline, .semicolon: advance()
        case .rightBrace, .eof: break
        case .if, .for, .while, .fn, .return, .break, .continue, .use: break
        default:
            if previous.kind == .rightBrace { break }
            throw error("expected a new line or ';' after the statement, found \(describe(t))", at: t)
        }
    }

    // statement := fnDecl | ifStmt | forStmt | whileStmt | "break" | "continue"
    //            | returnStmt | useStmt | helpQuery | command | assignment | expression
    private mutating func parseStatement() throws -> Stmt {
        let t = peek()
        switch t.kind {
        case .fn:
            if tokens[current + 1].kind == .identifier { return try parseFunctionDeclaration() }
        case .if: return try parseIf()
        case .for: return try parseFor()
        case .while: return try parseWhile()
        case .break, .continue:
            advance()
            guard loopDepth > 0 else { throw error("'\(t.text)' outside a loop", at: t) }
            return t.kind == .break ? .breakLoop(here(t)) : .continueLoop(here(t))
        case .return: return try parseReturn()
        case .use: return try parseUse()
        case .question: return try parseHelpQuery()
        case .identifier:
            if isCommandForm() { return try parseCommand() }
        default: break
        }
        return try parseAssignmentOrExpression()
    }

    // block := "{" { statement separator } "}"
    // separator := NEWLINE | ";" | (before a statement keyword, or after a block's "}")
    private mutating func parseBlock(_ what: String) throws -> [Stmt] {
        let open = try consume(.leftBrace, "'{' to start \(what)")
        return try nested { p in
            try p.withNewlines(skipped: false) { p in
                var body: [Stmt] = []
                while true {
                    while p.match(.newline, .semicolon) {}
                    if p.check(.rightBrace) { break }
                    if p.check(.eof) {
                        throw p.error("expected '}' to close \(what) opened at \(open.line):\(open.column)")
                    }
                    body.append(try p.parseStatement())
                    try p.endOfStatement()
                }
                p.advance()
                return body
            }
        }
    }

    // fnDecl := "fn" IDENT "(" parameters ")" block
    private mutating func parseFunctionDeclaration() throws -> Stmt {
        let fnToken = advance()
        let name = advance()
        var doc: [String] = []
        var line = fnToken.line - 1
        while let comment = commentLines[line] {
            doc.append(comment.hasPrefix(" ") ? String(comment.dropFirst()) : comment)
            line -= 1
        }
        // In place: the first `ReversedCollection<[String]>` costs start-up a 0.3 M-instruction conformance scan.
        doc.reverse()
        let decl = try parseFunctionRest(name: name.text, doc: doc.joined(separator: "\n"), at: fnToken)
        return .function(decl)
    }

    // parameters := [ parameter { "," parameter } [ "," ] ]
    // parameter  := IDENT [ "=" expression ]
    private mutating func parseFunctionRest(name: String, doc: String, at fnToken: Token) throws -> FunctionDecl {
        _ = try consume(.leftParen, "'(' after fn \(name == "<fn>" ? "" : name)")
        let parameters = try withNewlines(skipped: true) { p -> [ParameterDecl] in
            var parameters: [ParameterDecl] = []
            while !p.check(.rightParen) {
                let t = try p.consume(.identifier, "a parameter name")
                if parameters.contains(where: { $0.name == t.text }) {
                    throw p.error("duplicate parameter '\(t.text)'", at: t)
                }
                var defaultValue: Expr?
                if p.match(.equal) {
                    defaultValue = try p.parseExpression()
                } else if parameters.last?.defaultValue != nil {
                    throw p.error("parameter '\(t.text)' needs a default: it follows one with a default", at: t)
                }
                parameters.append(ParameterDecl(name: t.text, defaultValue: defaultValue, loc: p.here(t)))
                if !p.match(.comma) { break }
            }
            _ = try p.consume(.rightParen, "')' to close the parameter list")
            return parameters
        }
        let savedLoops = loopDepth
        loopDepth = 0
        functionDepth += 1
        defer {
            loopDepth = savedLoops
            functionDepth -= 1
        }
        let body = try parseBlock("the body of \(name)")
        return FunctionDecl(name: name, parameters: parameters, body: body, doc: doc, loc: here(fnToken))
    }

    // ifStmt := "if" expression block { "else" "if" expression block } [ "else" block ]
    private mutating func parseIf() throws -> Stmt {
        let ifToken = advance()
        let condition = try parseExpression()
        let thenBranch = try parseBlock("the if block")
        // `else` may follow on the next line.
        var look = current
        while tokens[look].kind == .newline { look += 1 }
        guard tokens[look].kind == .else else { return .ifElse(condition, thenBranch, nil, here(ifToken)) }
        current = look + 1
        if check(.if) {
            let elseIf = try nested { try $0.parseIf() }
            return .ifElse(condition, thenBranch, [elseIf], here(ifToken))
        }
        let elseBranch = try parseBlock("the else block")
        return .ifElse(condition, thenBranch, elseBranch, here(ifToken))
    }

    // forStmt := "for" IDENT [ "," IDENT ] "in" expression block
    private mutating func parseFor() throws -> Stmt {
        let forToken = advance()
        let first = try consume(.identifier, "a loop variable after 'for'")
        var second: String?
        if match(.comma) { second = try consume(.identifier, "a second loop variable after ','").text }
        _ = try consume(.in, "'in' after the loop variable")
        let sequence = try parseExpression()
        loopDepth += 1
        defer { loopDepth -= 1 }
        let body = try parseBlock("the for loop")
        return .forLoop(first.text, second, sequence, body, here(forToken))
    }

    // whileStmt := "while" expression block
    private mutating func parseWhile() throws -> Stmt {
        let whileToken = advance()
        let condition = try parseExpression()
        loopDepth += 1
        defer { loopDepth -= 1 }
        let body = try parseBlock("the while loop")
        return .whileLoop(condition, body, here(whileToken))
    }

    // returnStmt := "return" [ expressions ]
    private mutating func parseReturn() throws -> Stmt {
        let returnToken = advance()
        guard functionDepth > 0 else { throw error("'return' outside a function", at: returnToken) }
        switch peek().kind {
        case .newline, .semicolon, .rightBrace, .eof: return .returnValue(nil, here(returnToken))
        default: return .returnValue(try parseExpressions(), here(returnToken))
        }
    }

    // useStmt := "use" STRING
    private mutating func parseUse() throws -> Stmt {
        let useToken = advance()
        guard functionDepth == 0 && depth == 0 else { throw error("'use' only at the top level", at: useToken) }
        let path = try consume(.string, "a file name in quotes after 'use'")
        guard path.parts.allSatisfy({ if case .text = $0 { return true } else { return false } }) else {
            throw error("the file name after 'use' cannot be interpolated", at: path)
        }
        let text = path.parts.map { if case .text(let s) = $0 { return s } else { return "" } }.joined()
        return .use(text, here(useToken))
    }

    // helpQuery := "?" [ IDENT ]        means help("IDENT")
    private mutating func parseHelpQuery() throws -> Stmt {
        let q = advance()
        var arguments: [Argument] = []
        if check(.identifier) || TokenKind.keywords.values.contains(peek().kind) {
            let name = advance()
            arguments.append(Argument(name: nil, value: .literal(.string(name.text), here(name)), loc: here(name)))
        }
        let callee = Expr.variable("help", here(q))
        return .expression(.call(callee, arguments, here(q)), here(q))
    }

    /// Command form: an identifier at the start of a statement, followed on
    /// the same line, after whitespace, by a token that starts an argument
    /// (a name, literal, `[`, `fn`, `not`, or a `-` written against its
    /// operand); or a bare `help` or `exit`.
    private mutating func isCommandForm() -> Bool {
        let name = tokens[current]
        let next = tokens[current + 1]
        if name.text == "help" || name.text == "exit" {
            switch next.kind {
            case .newline, .semicolon, .eof, .rightBrace: return true
            default: break
            }
        }
        guard next.spaceBefore && next.line == name.endLine else { return false }
        switch next.kind {
        case .identifier, .int, .double, .string, .true, .false, .nil, .leftBracket, .fn, .not: return true
        case .minus:
            // `print -x` is a command; `x - 1` and `x-1` are subtractions.
            let after = tokens[current + 2]
            return !after.spaceBefore && after.line == next.line && after.kind != .eof && after.kind != .newline
        default: return false
        }
    }

    // command := IDENT [ argument { [ "," ] argument } ]
    private mutating func parseCommand() throws -> Stmt {
        let name = advance()
        var arguments: [Argument] = []
        while true {
            let t = peek()
            switch t.kind {
            case .newline, .semicolon, .eof, .rightBrace, .if, .for, .while, .return, .break, .continue, .use: break
            case .fn where tokens[current + 1].kind == .identifier: break
            default:
                // A comma at the end of the line continues the command on the next one.
                if !arguments.isEmpty, check(.comma) { operatorAdvance() }
                arguments.append(try parseArgument())
                continue
            }
            break
        }
        // `help name` asks about the name, whatever it holds.
        if name.text == "help", arguments.count == 1, arguments[0].name == nil,
            case .variable(let topic, let loc) = arguments[0].value
        {
            arguments[0].value = .literal(.string(topic), loc)
        }
        let loc = here(name)
        return .expression(.call(.variable(name.text, loc), arguments, loc), loc)
    }

    // assignment := target ( "=" | "+=" | "-=" | "*=" | "/=" ) expression
    //             | target "," target { "," target } "=" expressions
    // target     := IDENT | postfix "[" expression "]" | postfix "." IDENT
    private mutating func parseAssignmentOrExpression() throws -> Stmt {
        let start = peek()
        let expr = try parseExpression()
        if check(.comma) { return try parseMultipleAssignment(first: expr, start: start) }
        let op: BinaryOp?
        switch peek().kind {
        case .equal: op = nil
        case .plusEqual: op = .add
        case .minusEqual: op = .subtract
        case .starEqual: op = .multiply
        case .slashEqual: op = .divide
        default: return .expression(expr, here(start))
        }
        let opToken = operatorAdvance()
        try checkAssignable(expr, at: start)
        let value = try parseExpression()
        return .assign(target: expr, op: op, value: value, here(opToken))
    }

    /// The rest of `a, b = value` after its first target.
    private mutating func parseMultipleAssignment(first: Expr, start: Token) throws -> Stmt {
        try checkAssignable(first, at: start)
        var targets = [first]
        while match(.comma) {
            let t = peek()
            let target = try parseExpression()
            try checkAssignable(target, at: t)
            targets.append(target)
        }
        let t = peek()
        switch t.kind {
        case .equal: break
        case .plusEqual, .minusEqual, .starEqual, .slashEqual:
            throw error("'\(t.text)=' takes one target; assign the names one by one", at: t)
        default:
            // `a, b` alone is finished (and wrong), not waiting for more input.
            var e = error("expected '=' after the \(targets.count) targets of a multiple assignment, found \(describe(t))", at: t)
            e.atEndOfInput = false
            throw e
        }
        let opToken = operatorAdvance()
        return .assignMany(targets: targets, value: try parseExpressions(), here(opToken))
    }

    private mutating func checkAssignable(_ target: Expr, at token: Token) throws {
        switch target {
        case .variable, .index, .field: return
        default: throw error("cannot assign to this expression; assign to a name, xs[i] or obj.field", at: token)
        }
    }

    // expressions := expression { "," expression }      (several make a list: `return a, b`)
    private mutating func parseExpressions() throws -> Expr {
        let start = peek()
        let first = try parseExpression()
        guard check(.comma) else { return first }
        var items = [first]
        while match(.comma) { items.append(try parseExpression()) }
        return .list(items, here(start))
    }

    // MARK: - Expressions

    // expression := or
    private mutating func parseExpression() throws -> Expr {
        try nested { try $0.parseOr() }
    }

    // or := and { "or" and }
    private mutating func parseOr() throws -> Expr {
        var left = try parseAnd()
        var links = 0
        defer { depth -= links }
        while check(.or) {
            try lengthen(&links)
            let op = operatorAdvance()
            left = .logical(isAnd: false, left, try parseAnd(), here(op))
        }
        return left
    }

    // and := not { "and" not }
    private mutating func parseAnd() throws -> Expr {
        var left = try parseNot()
        var links = 0
        defer { depth -= links }
        while check(.and) {
            try lengthen(&links)
            let op = operatorAdvance()
            left = .logical(isAnd: true, left, try parseNot(), here(op))
        }
        return left
    }

    // not := "not" not | comparison
    private mutating func parseNot() throws -> Expr {
        if check(.not) {
            let op = operatorAdvance()
            return .unary(.not, try nested { try $0.parseNot() }, here(op))
        }
        return try parseComparison()
    }

    // comparison := range [ ( "==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "not" "in" ) range ]
    private mutating func parseComparison() throws -> Expr {
        let left = try parseRange()
        guard let op = comparisonOperator() else { return left }
        let opToken = operatorAdvance()
        if op == .notMemberOf { operatorAdvance() }
        let right = try parseRange()
        if comparisonOperator() != nil {
            throw error("comparisons cannot be chained; write 'a < b and b < c'")
        }
        return .binary(op, left, right, here(opToken))
    }

    /// The comparison operator starting at the next token, if any.
    private mutating func comparisonOperator() -> BinaryOp? {
        let t = peek()
        if t.kind == .not, tokens[current + 1].kind == .in { return .notMemberOf }
        return comparisonOperator(t.kind)
    }

    private func comparisonOperator(_ kind: TokenKind) -> BinaryOp? {
        switch kind {
        case .equalEqual: return .equal
        case .bangEqual: return .notEqual
        case .less: return .less
        case .lessEqual: return .lessEqual
        case .greater: return .greater
        case .greaterEqual: return .greaterEqual
        case .in: return .memberOf
        default: return nil
        }
    }

    // range := additive [ ".." additive ]
    private mutating func parseRange() throws -> Expr {
        let left = try parseAdditive()
        guard check(.dotDot) else { return left }
        let op = operatorAdvance()
        return .range(left, try parseAdditive(), here(op))
    }

    // additive := multiplicative { ( "+" | "-" ) multiplicative }
    private mutating func parseAdditive() throws -> Expr {
        var left = try parseMultiplicative()
        var links = 0
        defer { depth -= links }
        while check(.plus) || check(.minus) {
            try lengthen(&links)
            let op = operatorAdvance()
            left = .binary(op.kind == .plus ? .add : .subtract, left, try parseMultiplicative(), here(op))
        }
        return left
    }

    // multiplicative := unary { ( "*" | "/" | "%" ) unary }
    private mutating func parseMultiplicative() throws -> Expr {
        var left = try parseUnary()
        var links = 0
        defer { depth -= links }
        while true {
            let op: BinaryOp
            switch peek().kind {
            case .star: op = .multiply
            case .slash: op = .divide
            case .percent: op = .remainder
            default: return left
            }
            try lengthen(&links)
            let opToken = operatorAdvance()
            left = .binary(op, left, try parseUnary(), here(opToken))
        }
    }

    // unary := ( "-" | "+" ) unary | power
    private mutating func parseUnary() throws -> Expr {
        if check(.minus) || check(.plus) {
            let op = operatorAdvance()
            return .unary(op.kind, try nested { try $0.parseUnary() }, here(op))
        }
        return try parsePower()
    }

    // power := postfix [ ( "^" | "**" ) unary ]
    private mutating func parsePower() throws -> Expr {
        let base = try parsePostfix()
        guard check(.caret) else { return base }
        let op = operatorAdvance()
        return .binary(.power, base, try nested { try $0.parseUnary() }, here(op))
    }

    // postfix := primary { "(" arguments ")" | "[" subscript "]" | "." IDENT }
    private mutating func parsePostfix() throws -> Expr {
        var expr = try parsePrimary()
        var links = 0
        defer { depth -= links }
        while true {
            let t = tokens[current]  // no newline skipping: a call or index starts on the same line
            switch t.kind {
            case .leftParen, .leftBracket, .dot: try lengthen(&links)
            default: break
            }
            switch t.kind {
            case .leftParen:
                advance()
                let arguments = try nested { p in
                    try p.withNewlines(skipped: true) { try $0.parseArguments(open: t) }
                }
                expr = .call(expr, arguments, here(t))
            case .leftBracket:
                advance()
                expr = try nested { p in
                    try p.withNewlines(skipped: true) { try $0.parseSubscript(of: expr, open: t) }
                }
            case .dot:
                advance()
                let name = peek()
                guard name.kind == .identifier || TokenKind.keywords[name.text] != nil else {
                    throw error("expected a field or method name after '.', found \(describe(name))")
                }
                advance()
                expr = .field(expr, name.text, here(name))
            default:
                return expr
            }
        }
    }

    // arguments := [ argument { "," argument } [ "," ] ]
    private mutating func parseArguments(open: Token) throws -> [Argument] {
        var arguments: [Argument] = []
        while !check(.rightParen) {
            if check(.eof) { break }
            let argument = try parseArgument()
            if argument.name == nil, arguments.contains(where: { $0.name != nil }) {
                throw SyntaxError(message: "positional argument after a keyword argument", loc: argument.loc)
            }
            if let name = argument.name, arguments.contains(where: { $0.name == name }) {
                throw SyntaxError(message: "keyword argument '\(name)' given twice", loc: argument.loc)
            }
            arguments.append(argument)
            if !match(.comma) { break }
        }
        _ = try consume(.rightParen, "')' to close the call opened at \(open.line):\(open.column)")
        return arguments
    }

    // argument := IDENT "=" expression | expression
    private mutating func parseArgument() throws -> Argument {
        let t = peek()
        if t.kind == .identifier, tokens[current + 1].kind == .equal {
            advance()
            advance()
            return Argument(name: t.text, value: try parseExpression(), loc: here(t))
        }
        return Argument(name: nil, value: try parseExpression(), loc: here(t))
    }

    // subscript := expression | [ expression ] ":" [ expression ]
    private mutating func parseSubscript(of target: Expr, open: Token) throws -> Expr {
        var lower: Expr?
        if !check(.colon) { lower = try parseExpression() }
        if match(.colon) {
            var upper: Expr?
            if !check(.rightBracket) { upper = try parseExpression() }
            _ = try consume(.rightBracket, "']' to close the slice opened at \(open.line):\(open.column)")
            return .slice(target, lower, upper, here(open))
        }
        _ = try consume(.rightBracket, "']' to close the index opened at \(open.line):\(open.column)")
        guard let index = lower else { throw error("expected an index inside '[]'") }
        return .index(target, index, here(open))
    }

    // primary := NUMBER | STRING | "true" | "false" | "nil" | IDENT
    //          | "(" expression ")" | list | map | lambda
    private mutating func parsePrimary() throws -> Expr {
        let t = peek()
        switch t.kind {
        case .int:
            advance()
            return .literal(.int(t.intValue), here(t))
        case .double:
            advance()
            return .literal(.double(t.doubleValue), here(t))
        case .string:
            advance()
            return try parseString(t)
        case .true, .false:
            advance()
            return .literal(.bool(t.kind == .true), here(t))
        case .nil:
            advance()
            return .literal(.null, here(t))
        case .identifier:
            advance()
            return .variable(t.text, here(t))
        case .leftParen:
            advance()
            return try withNewlines(skipped: true) { p in
                let inner = try p.parseExpression()
                _ = try p.consume(.rightParen, "')' to close the '(' at \(t.line):\(t.column)")
                return inner
            }
        case .leftBracket:
            advance()
            return try nested { p in try p.withNewlines(skipped: true) { try $0.parseList(open: t) } }
        case .leftBrace:
            advance()
            return try nested { p in try p.withNewlines(skipped: true) { try $0.parseMap(open: t) } }
        case .fn:
            advance()
            return .function(try parseFunctionRest(name: "<fn>", doc: "", at: t))
        case .eof:
            throw error("unexpected end of input: expected an expression", at: t)
        default:
            throw error("expected an expression, found \(describe(t))", at: t)
        }
    }

    // list := "[" [ expression ( comprehension | { "," expression } [ "," ] ) ] "]"
    private mutating func parseList(open: Token) throws -> Expr {
        if check(.for) {
            throw error("a list comprehension starts with the item to collect: [x * x for x in xs]")
        }
        var items: [Expr] = []
        while !check(.rightBracket) && !check(.eof) {
            items.append(try parseExpression())
            if check(.for) {
                guard items.count == 1 else {
                    throw error("a list comprehension has one item before 'for', found \(items.count); write [[a, b] for ...]")
                }
                let clauses = try parseComprehension()
                _ = try consume(.rightBracket, "']' to close the list comprehension opened at \(open.line):\(open.column)")
                return .comprehension(Comprehension(element: items[0], value: nil, clauses: clauses, loc: here(open)))
            }
            if !match(.comma) { break }
        }
        if check(.eof) {
            throw error("unexpected end of input: expected ']' to close the list opened at \(open.line):\(open.column)")
        }
        _ = try consume(.rightBracket, "',' or ']' in the list opened at \(open.line):\(open.column)")
        return .list(items, here(open))
    }

    // map := "{" [ expression ":" expression ( comprehension
    //                                        | { "," expression ":" expression } [ "," ] ) ] "}"
    private mutating func parseMap(open: Token) throws -> Expr {
        var pairs: [(Expr, Expr)] = []
        while !check(.rightBrace) && !check(.eof) {
            let key = try parseExpression()
            if check(.for) { throw error("a map comprehension needs 'key: value' before 'for' (ce has no sets)") }
            _ = try consume(.colon, "':' after a map key")
            pairs.append((key, try parseExpression()))
            if check(.for) {
                guard pairs.count == 1 else {
                    throw error("a map comprehension has one 'key: value' before 'for', found \(pairs.count)")
                }
                let clauses = try parseComprehension()
                _ = try consume(.rightBrace, "'}' to close the map comprehension opened at \(open.line):\(open.column)")
                return .comprehension(Comprehension(element: key, value: pairs[0].1, clauses: clauses, loc: here(open)))
            }
            if !match(.comma) { break }
        }
        if check(.eof) {
            throw error("unexpected end of input: expected '}' to close the map opened at \(open.line):\(open.column)")
        }
        _ = try consume(.rightBrace, "',' or '}' in the map opened at \(open.line):\(open.column)")
        return .map(pairs, here(open))
    }

    // comprehension := forClause { forClause | ifClause }
    // forClause     := "for" IDENT [ "," IDENT ] "in" expression
    // ifClause      := "if" expression
    private mutating func parseComprehension() throws -> [Comprehension.Clause] {
        var clauses: [Comprehension.Clause] = []
        while true {
            if match(.for) {
                let first = try consume(.identifier, "a loop variable after 'for'")
                var second: String?
                if match(.comma) { second = try consume(.identifier, "a second loop variable after ','").text }
                _ = try consume(.in, "'in' after the loop variable")
                clauses.append(.loop(first: first.text, second: second, sequence: try parseExpression()))
            } else if match(.if) {
                clauses.append(.condition(try parseExpression()))
            } else {
                return clauses
            }
        }
    }

    /// A string token: plain text, or parts with `${expr}` parsed in place.
    private mutating func parseString(_ t: Token) throws -> Expr {
        if t.parts.isEmpty { return .literal(.string(""), here(t)) }
        if t.parts.count == 1, case .text(let s) = t.parts[0] { return .literal(.string(s), here(t)) }
        var parts: [InterpolationPart] = []
        for part in t.parts {
            switch part {
            case .text(let s): parts.append(.text(s))
            case .code(let code, let line, let column):
                var sub = Parser(source: code, line: line, column: column, depth: depth + 1)
                if sub.depth > Parser.maxDepth { throw tooDeep(at: t) }
                parts.append(.expression(try sub.parseLoneExpression()))
            }
        }
        return .interpolation(parts, here(t))
    }
}
