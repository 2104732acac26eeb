// A tiny stand-in language for testing transcript and REPL mechanics without
// the real interpreter: `echo WORD` prints, `fail` raises, `count` prints how
// many statements ran so far (state across blocks), `exit N` ends the
// session, `{`/`}` must balance.
import Language
@testable import Shell

final class FakeEvaluator: Evaluator {
    let output: SessionOutput
    var statementsRun = 0
    var seed: UInt64 = 0

    init(output: SessionOutput) { self.output = output }

    func run(_ source: String, file: String, echo: Bool) throws {
        for (index, line) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let text = line.trimmingCharacters(in: " {}")
            if text.isEmpty || text.hasPrefix("#") { continue }
            statementsRun += 1
            if text.hasPrefix("echo ") {
                output.line(String(text.dropFirst(5)))
            } else if text == "count" {
                if echo { output.line(String(statementsRun)) }
            } else if text == "seed" {
                output.line(String(seed))
            } else if text == "figure" {
                output.figure(FileSystem.currentDirectory + "/plot.png")
            } else if text.hasPrefix("exit ") {
                throw ExitRequest(code: Int32(text.dropFirst(5)) ?? 1)
            } else if text == "fail" {
                throw Diagnostic(.runtime, "failed on purpose",
                                 at: SourceLocation(file: file, line: index + 1, column: 1), sourceLine: String(line))
            }
        }
    }

    func isIncomplete(_ source: String) -> Bool {
        source.filter { $0 == "{" }.count > source.filter { $0 == "}" }.count
    }

    func reseed(_ seed: UInt64) { self.seed = seed }
}

extension Substring {
    func trimmingCharacters(in set: String) -> String {
        String(drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}
