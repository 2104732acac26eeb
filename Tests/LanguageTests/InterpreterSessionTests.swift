// The facade the shell uses: continuation lines, statement spans for
// transcripts, global names, help text, and every example in grammar.md.
import Foundation
import Testing
@testable import Language

@Suite struct InterpreterSessionTests {
    let interp: Interpreter

    init() throws {
        interp = try Interpreter(builtins: [testRange], print: { _ in })
    }

    @Test func theParserDecidesWhetherInputIsComplete() {
        let unfinished = ["xs = [1,", "fn f(x) {", "if x {\n print(1)", "s = \"abc", "s = \"${x", "x = 1 +", "f(1,\n 2", "x = \\",
                          "if x { } else", "x = 1 +\n", "y = not", "m = {\"a\":", "z = x and", "w = (1\n", "print 1,", "x =",
                          "for i in 0..3 {\n\n", "q = [1, 2\n# a comment\n"]
        for source in unfinished {
            #expect(Completeness(of: source) == .incomplete, "\(source.debugDescription)")
        }
        let complete = ["xs = [1, 2]", "fn f(x) { }", "x = 1", "", "# comment", "print x", "s = \"a\\\"b\"", "x = 1 +\n2",
                        "x = 1 *\n\n  2", "y = [1,\n\n 2]", "z = {\"a\":\n 1}", "w = (1\n+ 2)", "f = fn(a,\n b) { return a }",
                        "t = 2 ^\n3", "b = 1 <\n2", "r = 0 ..\n3", "x = 1\n-2"]
        for source in complete {
            #expect(Completeness(of: source) == .complete, "\(source.debugDescription)")
        }
        for source in ["x = )", "x = 1 1", "]", "if x { } else x", "f(a=1, 2"] {
            #expect(Completeness(of: source) == .invalid, "\(source.debugDescription)")
        }
    }

    @Test func aLineEndingInAnOperatorContinues() throws {
        #expect(output("x = 1 +\n2\nprint(x)") == "3")
        #expect(output("ok = true and\n  false\nprint(ok)") == "false")
        #expect(output("y = 10 -\n\n 4 *\n 2\nprint(y)") == "2")
        #expect(output("z =\n  [1, 2]\nprint(z)") == "[1, 2]")
        #expect(output("x = 1\n-2\nprint(x)") == "1")
    }

    @Test func topLevelStatementSpans() throws {
        let source = """
            x = 1  # one
            # Doubles.
            fn twice(v) {
                return 2 * v
            }

            y = [1,
                 2]; z = 3
            print(x)
            """
        let spans = try interp.topLevelStatements(source, file: "t.ce")
        #expect(spans.map(\.text) == [
            "x = 1  # one", "# Doubles.\nfn twice(v) {\n    return 2 * v\n}", "y = [1,\n     2]", "z = 3", "print(x)",
        ])
        #expect(spans.map(\.startLine) == [1, 2, 7, 8, 9])
        #expect(spans.map(\.endLine) == [1, 5, 8, 8, 9])
        #expect(throws: Diagnostic.self) { try interp.topLevelStatements("x = (", file: "t.ce") }
    }

    @Test func globalsAndHelp() throws {
        try interp.run("alpha = 1\n# Says hi.\nfn hi() { }", file: "<stdin>", echo: false)
        let names = interp.globalNames
        #expect(names.contains("alpha") && names.contains("hi") && names.contains("print") && names.contains("range"))
        #expect(names == names.sorted())
        #expect(!names.contains("if"))
        #expect(interp.help("hi") == "hi()\n  Says hi.")
        #expect(interp.help("alpha") == "alpha is an int")
        #expect(interp.help("for").contains("keyword"))
        let index = interp.help(nil)
        #expect(index.contains("basics:") && index.contains("functions:\n  hi ") && index.contains(" Says hi."))
        #expect(interp.help("print").contains("parameters:\n    *values  list    the values to print\n    sep      string  put between values"))
    }

    @Test func aBuiltinRegisteredTwiceIsRefused() throws {
        #expect(InterpreterBuiltins.all.map(\.name) == ["print", "help", "exit", "type", "show", "fields", "assert"])
        let custom = Builtin("type", OneValue.self, summary: "mine", category: "test") { _ in .string("custom") }
        #expect(throws: RuntimeError.self) { _ = try Interpreter(builtins: [custom], print: { _ in }) }
        let session = try Interpreter(builtins: [testRange], print: { _ in })
        #expect(throws: RuntimeError.self) { try session.register(testRange) }
        let other = Builtin("other", OneValue.self, summary: "new", category: "test") { _ in .string("other") }
        try session.register(other)
        #expect(session.globalNames.contains("other"))
    }

    @Test func everyGrammarExampleParses() throws {
        let grammar = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("grammar.md")
        let text = try String(contentsOf: grammar, encoding: .utf8)
        let blocks = text.components(separatedBy: "```ce\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
        #expect(blocks.count >= 10)
        for block in blocks {
            #expect(throws: Never.self, "\(block)") { try interp.topLevelStatements(block, file: "grammar.md") }
        }
    }
}
