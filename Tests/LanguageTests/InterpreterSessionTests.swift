// The facade the shell uses: continuation lines, statement spans for
// transcripts, global names, help text, and every example in grammar.md.
import Foundation
import Testing
@testable import Language

@Suite struct InterpreterSessionTests {
    let interp = Interpreter(builtins: [testRange], print: { _ in })

    @Test func needsMoreInput() {
        for unfinished in ["xs = [1,", "fn f(x) {", "if x {\n print(1)", "s = \"abc", "s = \"${x", "x = 1 +", "f(1,\n 2", "x = \\", "if x { } else"] {
            #expect(interp.needsMoreInput(unfinished), "\(unfinished.debugDescription)")
        }
        for finished in ["xs = [1, 2]", "fn f(x) { }", "x = 1", "", "# comment", "x = )", "print x", "s = \"a\\\"b\""] {
            #expect(!interp.needsMoreInput(finished), "\(finished.debugDescription)")
        }
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
        #expect(interp.help("print").contains("parameters:\n    *values  the values to print\n    sep      put between values"))
    }

    @Test func interpreterBuiltinsAreListedAndReplaceable() throws {
        #expect(InterpreterBuiltins.all.map(\.name) == ["print", "help", "exit", "type", "show", "fields", "assert"])
        var printed: [String] = []
        let custom = Builtin("type", [Parameter("x")], summary: "mine", category: "test") { _ in .string("custom") }
        let session = Interpreter(builtins: [custom], print: { printed.append($0) })
        try session.run("print(type(1))", file: "t", echo: false)
        #expect(printed == ["custom"])
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
