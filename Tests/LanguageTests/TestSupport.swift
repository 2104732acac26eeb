// Helpers for the language tests: run source in a fresh interpreter and
// collect what it printed, or the diagnostic it failed with.
import Foundation
@testable import Language

/// A tiny `range(start, end, step=1)` so tests need not depend on the builtins module.
let testRange = Builtin(
    "range", [Parameter("start"), Parameter("end"), Parameter("step", default: .int(1))], summary: "A range.",
    category: "test"
) { args in
    .range(RangeValue(start: try args.int("start"), end: try args.int("end"), step: try args.int("step")))
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
    let interpreter = interp ?? Interpreter(builtins: [testRange], print: { sink.lines.append($0) })
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
func onBigStack(_ size: Int = 512 << 20, _ body: @escaping () -> Void) {
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
        body()
        done.signal()
    }
    thread.stackSize = size
    thread.start()
    done.wait()
}
