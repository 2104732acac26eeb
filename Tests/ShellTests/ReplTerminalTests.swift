// The REPL driven through a pseudo-terminal: prompts, continuation, history,
// completion, Ctrl-C at the prompt and during a statement, Ctrl-D.
import Testing
@testable import Shell

@Suite(.serialized) struct ReplTerminalTests {
    @Test
    func fileCompletionCtrlCAtThePromptAndCtrlD() throws {
        let history = CERunner.scratchFolder("history-a") + "/history"
        let term = try #require(PseudoTerminal(arguments: [], environment: ["CE_HISTORY": history]))
        #expect(term.waitFor("ce> "))
        // Tab inside an open string completes a file name (absolute path here).
        let folder = CERunner.scratchFolder("complete-files")
        try FileSystem.write(folder + "/data_file.csv", "1\n")
        term.type("load(\"\(folder)/data_f\t")
        #expect(term.waitFor("ile.csv"))
        term.type(" half typed")
        #expect(term.waitFor("half typed"))
        term.type("\u{03}")
        #expect(term.waitFor("^C"), "\(term.transcript)")
        #expect(term.waitFor("ce> "))
        term.type("\u{04}")
        #expect(term.exitCode() == 0)
    }

    @Test
    func continuationHistoryCompletionAndInterrupt() throws {
        let history = CERunner.scratchFolder("history-b") + "/history"
        let term = try #require(PseudoTerminal(arguments: [], environment: ["CE_HISTORY": history]))
        #expect(term.waitFor("ce> "))
        // A three-line loop: the second and third lines get the continuation prompt.
        term.type("total = 0\r")
        #expect(term.waitFor("ce> "))
        term.type("for i in range(1, 4) {\r")
        #expect(term.waitFor("... "))
        term.type("  total = total + i\r")
        #expect(term.waitFor("... "))
        term.type("}\r")
        #expect(term.waitFor("ce> "))
        term.type("total\r")
        #expect(term.waitFor("6"))
        #expect(term.waitFor("ce> "))
        // Up-arrow recalls the previous line; Enter runs it again.
        term.type("\u{1B}[A")
        #expect(term.waitFor("total"))
        term.type("\r")
        #expect(term.waitFor("6"))
        #expect(term.waitFor("ce> "))
        // Tab completes a variable name.
        term.type("unique_variable_name = 7\r")
        #expect(term.waitFor("ce> "))
        term.type("unique_var\t")
        #expect(term.waitFor("iable_name"))
        term.type(" + 1\r")
        #expect(term.waitFor("8"))
        #expect(term.waitFor("ce> "))
        // Ctrl-C stops a running loop; the session and its variables stay.
        term.type("while true {}\r")
        // Give the loop time to start before interrupting it.
        _ = term.waitFor("\u{0}never\u{0}", timeout: 0.5)
        term.type("\u{03}")
        #expect(term.waitFor("interrupted"))
        #expect(term.waitFor("ce> "))
        term.type("total + 100\r")
        #expect(term.waitFor("106"))
        #expect(term.waitFor("ce> "))
        term.type("\u{04}")
        #expect(term.exitCode() == 0)
        // The history file kept the lines typed.
        let saved = (try? FileSystem.read(history)) ?? ""
        #expect(saved.contains("unique_variable_name = 7"))
    }

    @Test
    func comprehensionsAndMultipleAssignmentsContinueAtTheContinuationPrompt() throws {
        let term = try #require(PseudoTerminal(arguments: [], environment: ["CE_HISTORY": "/dev/null"]))
        #expect(term.waitFor("ce> "))
        term.type("squares = [x * x\r")
        #expect(term.waitFor("... "))
        term.type("  for x in 0..5\r")
        #expect(term.waitFor("... "))
        term.type("  if x > 1]\r")
        #expect(term.waitFor("ce> "))
        term.type("squares\r")
        #expect(term.waitFor("[4, 9, 16]"))
        #expect(term.waitFor("ce> "))
        term.type("a, b =\r")
        #expect(term.waitFor("... "))
        term.type("[1, 2]\r")
        #expect(term.waitFor("ce> "))
        term.type("b - a\r")
        #expect(term.waitFor("1"))
        #expect(term.waitFor("ce> "))
        // A malformed one is an error at once, not a wait for more lines.
        term.type("[x for in squares]\r")
        #expect(term.waitFor("expected a loop variable after 'for'"))
        #expect(term.waitFor("ce> "))
        term.type("\u{04}")
        #expect(term.exitCode() == 0)
    }

    @Test
    func anOperatorAtTheEndOfALineContinuesAndCtrlCDuringACommandPrintsOnce() throws {
        let history = CERunner.scratchFolder("history-c") + "/history"
        let term = try #require(PseudoTerminal(arguments: [], environment: ["CE_HISTORY": history]))
        #expect(term.waitFor("ce> "))
        // The parser decides: `x = 1 +` is unfinished, so the next line completes it.
        term.type("x = 1 +\r")
        #expect(term.waitFor("... "))
        term.type("2\r")
        #expect(term.waitFor("ce> "))
        term.type("print(x * 10)\r")
        #expect(term.waitFor("30"))
        #expect(term.waitFor("ce> "))
        // Ctrl-C while anneal draws its progress bar: its message once, on a line of its own.
        term.type("run = anneal(\"triangular\", size=96, sweeps=1000000, seed=1)\r")
        #expect(term.waitFor("anneal ["))
        term.type("\u{03}")
        #expect(term.waitFor("returning the partial run"))
        #expect(term.waitFor("ce> "))
        term.type("run.interrupted\r")
        #expect(term.waitFor("true"))
        #expect(term.waitFor("ce> "))
        let text = term.transcript
        let message = try #require(text.range(of: "anneal: interrupted after"))
        // Erased the bar (or started a new line) before the message: not glued to "...%  1.2e3/s".
        #expect(text[..<message.lowerBound].hasSuffix("\u{1B}[2K") || text[..<message.lowerBound].hasSuffix("\n"), "\(text)")
        // Once in the message, once in the echo of the typed `run.interrupted`; no "interrupted: stopped by Ctrl-C".
        #expect(text.components(separatedBy: "interrupted").count - 1 == 2, "\(text)")
        #expect(!text[message.upperBound...].contains("^C"), "the Ctrl-C was handled once: \(text)")
        term.type("\u{04}")
        #expect(term.exitCode() == 0)
    }

    /// Ctrl-C stops the text of a value while it is bounded or written (a list of a million numbers that
    /// holds itself prints 64 million numbers); before, str() ran on deaf to it.
    @Test func ctrlCStopsALongText() throws {
        let term = try #require(PseudoTerminal(arguments: [], environment: ["CE_HISTORY": "/dev/null"]))
        #expect(term.waitFor("ce> "))
        term.type("xs = range(1000000) + 0\r")
        #expect(term.waitFor("ce> "))
        term.type("xs.append(xs)\r")
        #expect(term.waitFor("ce> "))
        term.type("s = str(xs)\r")
        _ = term.waitFor("\u{0}never\u{0}", timeout: 1)
        term.type("\u{03}")
        #expect(term.waitFor("interrupted"), "\(term.transcript)")
        #expect(term.waitFor("ce> "))
        term.type("len(xs)\r")
        #expect(term.waitFor("1000001"))
        // Ctrl-D only at the prompt: typed while the entry still runs, the terminal is in cooked mode
        // and the line discipline swallows it as an end of file that readline never sees.
        #expect(term.waitFor("ce> "))
        term.type("\u{04}")
        #expect(term.exitCode() == 0)
    }
}
