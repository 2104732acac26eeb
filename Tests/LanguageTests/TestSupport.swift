// Helpers for the language tests: run source in a fresh interpreter and
// collect what it printed, or the diagnostic it failed with.
import Foundation
import Testing
@testable import Language

/// A tiny `range(start, end, step=1)` so tests need not depend on the builtins module.
let testRange = Builtin("range", TestRangeParameters.self, summary: "A range.", category: "test") { args in
    .range(RangeValue(start: try args.start, end: try args.end, step: try args.step))
}

struct TestRangeParameters: Parameters {
    var start = Param<Int>("start", "the first value")
    var end = Param<Int>("end", "the end, excluded")
    var step = Param("step", default: 1, "the increment")
}

/// One parameter of any type, for test builtins.
struct OneValue: Parameters {
    var x = Param<Value>("x", "any value")
}

/// What one run produced.
struct Outcome {
    var output: [String]
    var diagnostic: Diagnostic?
    var exit: ExitRequest?

    /// The printed lines joined with newlines.
    var text: String { output.joined(separator: "\n") }
}

/// Runs `source` in a new interpreter (or `interp`), capturing output and failure.
func run(_ source: String, echo: Bool = false, file: String = "test.ce", in interp: Interpreter? = nil) -> Outcome {
    let sink = OutputSink()
    let interpreter: Interpreter
    if let interp {
        interpreter = interp
    } else {
        do { interpreter = try Interpreter(builtins: [testRange], print: { sink.lines.append($0) }) } catch {
            return Outcome(output: [], diagnostic: Diagnostic(.runtime, "cannot start: \(error)"), exit: nil)
        }
    }
    if interp != nil { interpreter.context.print = { sink.lines.append($0) } }
    var outcome = Outcome(output: [], diagnostic: nil, exit: nil)
    do {
        try interpreter.run(source, file: file, echo: echo)
    } catch let d as Diagnostic {
        outcome.diagnostic = d
    } catch let e as ExitRequest {
        outcome.exit = e
    } catch {
        outcome.diagnostic = Diagnostic(.runtime, "unexpected error type: \(error)")
    }
    outcome.output = sink.lines
    return outcome
}

/// The printed output of `source`, or the rendered diagnostic.
func output(_ source: String, echo: Bool = false) -> String {
    let o = run(source, echo: echo)
    if let d = o.diagnostic { return (o.output + [d.rendered]).joined(separator: "\n") }
    return o.text
}

final class OutputSink {
    var lines: [String] = []
}

/// Runs `body` on a thread with a big stack (Swift Testing's threads have small ones).
func onBigStack(_ size: Int = 512 << 20, _ body: @escaping () throws -> Void) {
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
        do { try body() } catch { Issue.record("\(error)") }
        done.signal()
    }
    thread.stackSize = size
    thread.start()
    done.wait()
}
