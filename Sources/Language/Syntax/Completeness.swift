// Whether input is ready to run, decided by the parser itself: as lua.c's
// incomplete() asks whether a syntax error is at <eof>, input is unfinished
// exactly when parsing it fails at the end of input. The REPL's continuation
// prompt, transcripts and a Jupyter kernel's is_complete_request ask this.

/// What more input could do for `source`. The raw values are the statuses of
/// Jupyter's `is_complete_reply`.
///
///     Completeness(of: "x = [1,")     // .incomplete: the REPL reads a continuation line
///     Completeness(of: "x = 1 +")     // .incomplete
///     Completeness(of: "x = 1 +\n2")  // .complete
///     Completeness(of: "x = )")       // .invalid: no more input can fix it
public enum Completeness: String, Sendable {
    /// A whole program: it parses.
    case complete
    /// It stops inside a construct (an open bracket, block or string, after an operator):
    /// more input may complete it.
    case incomplete
    /// A syntax error before the end of input.
    case invalid

    public init(of source: String) {
        var parser = Parser(source: source)
        do {
            _ = try parser.parseProgram()
            self = .complete
        } catch let error as SyntaxError {
            self = error.atEndOfInput && !error.isDepthLimit ? .incomplete : .invalid
        } catch {
            self = .invalid
        }
    }
}
