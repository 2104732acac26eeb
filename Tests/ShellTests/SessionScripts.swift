// Runs ce source in a fresh in-process session for tests: the lines it
// prints, or the diagnostic of source that must fail.
import Testing
@testable import Shell

/// The printed lines of `source` run in a fresh session with the prelude; a failure is recorded.
///
///     let lines = try scriptOutput("print(1 + 1)")   // ["2"]
func scriptOutput(_ source: String, file: String = "<test>") throws -> [String] {
    let session = try Session(loadPrelude: true)
    var lines: [String] = []
    session.output.lineTarget = { lines.append($0) }
    if case .failed(let diagnostic) = session.execute(source, file: file, echo: false) {
        Issue.record("ce failed: \(diagnostic.rendered)")
    }
    return lines
}

/// The rendered diagnostic (with t.ce:line:column) of `source`, which must fail; records an issue when it does not.
///
///     try scriptFailure("1 +")   // "t.ce:1:4: ..."
func scriptFailure(_ source: String) throws -> String {
    let session = try Session(loadPrelude: true)
    session.output.lineTarget = { _ in }
    guard case .failed(let diagnostic) = session.execute(source, file: "t.ce", echo: false) else {
        Issue.record("expected an error from: \(source)")
        return ""
    }
    return diagnostic.rendered
}
