// The parser: statement forms, command-form disambiguation, error positions
// and the nesting limit.
import Testing
@testable import Language

@Suite struct ParserTests {
    private func parse(_ source: String) throws -> [Stmt] {
        var parser = Parser(source: source)
        return try parser.parseProgram().map(\.statement)
    }

    private func syntaxError(_ source: String) -> String? {
        let o = run(source, file: "file.ce")
        guard let d = o.diagnostic, d.kind == .syntax else { return nil }
        return d.rendered
    }

    @Test func unexpectedEndPointsAtLastCharacter() {
        #expect(syntaxError("y = [1, 2")?.hasPrefix("file.ce:1:9: error: unexpected end of input") == true)
        #expect(syntaxError("y = [1, 2")?.hasSuffix("y = [1, 2\n        ^") == true)
        #expect(syntaxError("f(1,\n  2")?.hasPrefix("file.ce:2:3: error:") == true)
        #expect(syntaxError("x = 1 +")?.hasPrefix("file.ce:1:7: error: unexpected end of input") == true)
        #expect(syntaxError("if x {\n print(1)\n")?.hasPrefix("file.ce:2:9: error: expected '}'") == true)
    }

    @Test func errorsAtTheOffendingToken() {
        #expect(syntaxError("x = )")?.hasPrefix("file.ce:1:5: error: expected an expression, found ')'") == true)
        #expect(syntaxError("x = 1 2 +")?.hasPrefix("file.ce:1:7: error: expected a new line") == true)
        #expect(syntaxError("x = [1] y = 2")?.hasPrefix("file.ce:1:9: error: expected a new line") == true)
        #expect(syntaxError("a < b < c")?.contains("cannot be chained") == true)
        #expect(syntaxError("break")?.contains("outside a loop") == true)
        #expect(syntaxError("return 1")?.contains("outside a function") == true)
        #expect(syntaxError("fn f(a=1, b) {}")?.contains("needs a default") == true)
        #expect(syntaxError("f(a=1, 2)")?.contains("positional argument after a keyword") == true)
        #expect(syntaxError("1 = x")?.contains("cannot assign") == true)
        #expect(syntaxError("x = @")?.hasPrefix("file.ce:1:5: error: unexpected character '@'") == true)
        #expect(syntaxError("s = \"${}\"")?.hasPrefix("file.ce:1:8: error:") == true)
    }

    @Test func firstErrorIsReportedAfterRecovery() throws {
        var parser = Parser(source: "x = )\ny = 2\nz = (")
        #expect(throws: SyntaxError.self) { try parser.parseProgram() }
        #expect(parser.errors.count == 2)
        #expect(parser.errors.first?.loc == Loc(line: 1, column: 5))
    }

    @Test func commandForm() throws {
        let statements = try parse("anneal lat sweeps=200\nprint x, y\nx - 1\nf (1)\nhelp anneal\n?sqrt\nhelp")
        guard case .expression(.call(.variable("anneal", _), let args, _), _) = statements[0] else {
            Issue.record("not a call: \(statements[0])")
            return
        }
        #expect(args.count == 2 && args[0].name == nil && args[1].name == "sweeps")
        guard case .expression(.call(.variable("print", _), let printArgs, _), _) = statements[1] else {
            Issue.record("print x, y")
            return
        }
        #expect(printArgs.count == 2)
        guard case .expression(.binary(.subtract, _, _, _), _) = statements[2] else {
            Issue.record("x - 1 is a subtraction")
            return
        }
        guard case .expression(.call(.variable("f", _), _, _), _) = statements[3] else {
            Issue.record("f (1) is a call")
            return
        }
        for i in 4...6 {
            guard case .expression(.call(.variable("help", _), let helpArgs, _), _) = statements[i] else {
                Issue.record("help form \(i)")
                return
            }
            if i < 6, case .literal(.string(let topic), _) = helpArgs.first?.value {
                #expect(topic == (i == 4 ? "anneal" : "sqrt"))
            } else {
                #expect(i == 6 && helpArgs.isEmpty)
            }
        }
    }

    @Test func newlinesInsideBracketsAndElseOnNextLine() throws {
        let statements = try parse("xs = [1,\n 2,\n 3]\nm = {\n \"a\": 1,\n \"b\": 2\n}\nif x {\n} \nelse {\n}\nf(1,\n  k=2)")
        #expect(statements.count == 4)
    }

    /// Input nested beyond the parser's limit ends like runaway recursion: a
    /// "too deep" runtime error (exit 70), not a crash and not a syntax error.
    @Test func deepNestingIsTooDeep() {
        onBigStack {
            let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
            let o = run("x = " + deep)
            #expect(o.diagnostic?.kind == .runtime)
            #expect(o.diagnostic?.message.hasPrefix("too deep") == true)
            let sum = "x = " + Array(repeating: "1", count: 100_000).joined(separator: " + ")
            #expect(run(sum).diagnostic?.message.hasPrefix("too deep") == true)
            let parens = String(repeating: "(", count: 50_000) + "1" + String(repeating: ")", count: 50_000)
            #expect(run(parens).diagnostic?.kind == .runtime)
            let nots = String(repeating: "not ", count: 50_000) + "true"
            #expect(run(nots).diagnostic?.kind == .runtime)
            let minus = String(repeating: "-", count: 50_000) + "1"
            #expect(run(minus).diagnostic?.kind == .runtime)
        }
        #expect(run("x = " + String(repeating: "[", count: 150) + String(repeating: "]", count: 150)).diagnostic == nil)
    }
}
