// The scanner: token kinds, literal values, positions, interpolation and errors.
import Testing
@testable import Language

@Suite struct LexerTests {
    private func kinds(_ source: String) -> [TokenKind] {
        var scanner = Scanner(source)
        return scanner.scanAll().map(\.kind)
    }

    @Test func numbers() {
        var scanner = Scanner("1 2.5 1e-3 1_000 .5 3E2 1..5")
        let tokens = scanner.scanAll()
        #expect(tokens.map(\.kind) == [.int, .double, .double, .int, .double, .double, .int, .dotDot, .int, .eof])
        #expect(tokens[0].intValue == 1)
        #expect(tokens[1].doubleValue == 2.5)
        #expect(tokens[2].doubleValue == 1e-3)
        #expect(tokens[3].intValue == 1000)
        #expect(tokens[4].doubleValue == 0.5)
        #expect(tokens[5].doubleValue == 300)
    }

    @Test func operatorsAndKeywords() {
        #expect(
            kinds("a += b ** 2 ^ 3 != c <= d >= e == f % g // h")
                == [.identifier, .plusEqual, .identifier, .caret, .int, .caret, .int, .bangEqual, .identifier, .lessEqual,
                    .identifier, .greaterEqual, .identifier, .equalEqual, .identifier, .percent, .identifier, .slash, .slash,
                    .identifier, .eof])
        #expect(kinds("if else for in while break continue fn return use and or not true false nil")
            == [.if, .else, .for, .in, .while, .break, .continue, .fn, .return, .use, .and, .or, .not, .true, .false, .nil, .eof])
    }

    @Test func stringsEscapesAndInterpolation() {
        var scanner = Scanner(#""a\tb\n\"q\" \$x \u{e9}" "x = ${x + 1}!""#)
        let tokens = scanner.scanAll()
        #expect(tokens[0].parts == [.text("a\tb\n\"q\" $x é")])
        #expect(tokens[1].parts == [.text("x = "), .code("x + 1", line: 1, column: 33), .text("!")])
    }

    @Test func commentsAndNewlines() {
        var scanner = Scanner("# doc\nx = 1 # trailing\n  # indented\ny")
        let tokens = scanner.scanAll()
        #expect(tokens.map(\.kind) == [.newline, .identifier, .equal, .int, .newline, .newline, .identifier, .eof])
        #expect(scanner.commentLines == [1: " doc", 3: " indented"])
    }

    @Test func positionsCountCharacters() {
        var scanner = Scanner("s = \"é\" + x\n  y")
        let tokens = scanner.scanAll()
        #expect(tokens[3].column == 9)  // '+' after a two-byte character
        #expect(tokens[6].line == 2 && tokens[6].column == 3)
        #expect(tokens[2].endColumn == 7)
    }

    @Test func malformedInputBecomesErrorTokens() {
        var scanner = Scanner("x = \"open\n@ 1x")
        let tokens = scanner.scanAll()
        #expect(tokens[2].kind == .error)
        #expect(tokens[2].text.hasPrefix("unterminated string"))
        #expect(kinds("@").first == .error)
        #expect(kinds("1x").first == .error)
        #expect(kinds("99999999999999999999").first == .error)
        #expect(kinds("\"bad \\q\"").first == .error)
        #expect(kinds("!").first == .error)
        #expect(kinds("\"${1 + \"").first == .error)
    }

    @Test func spaceBeforeForCommandForm() {
        var scanner = Scanner("f x\nf(x)")
        let tokens = scanner.scanAll()
        #expect(tokens[1].spaceBefore)
        #expect(!tokens[4].spaceBefore)
    }
}
