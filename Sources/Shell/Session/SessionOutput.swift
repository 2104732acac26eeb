// Where a session's printed lines and written figures go: the terminal, or
// a transcript block's buffer while it is recorded or replayed.

/// Routes the session's output; the REPL, scripts and transcripts swap its targets.
///
///     let output = SessionOutput()
///     output.lineTarget = { Terminal.out($0 + "\n") }
///     output.line("hello")
public final class SessionOutput {
    /// Receives each printed line (without its newline).
    public var lineTarget: (String) -> Void
    /// Receives the path of each figure a command wrote.
    public var figureTarget: (String) -> Void

    public init(
        lineTarget: @escaping (String) -> Void = { Terminal.out($0 + "\n") },
        figureTarget: @escaping (String) -> Void = { _ in }
    ) {
        self.lineTarget = lineTarget
        self.figureTarget = figureTarget
    }

    public func line(_ text: String) { lineTarget(text) }
    public func figure(_ path: String) { figureTarget(path) }
}
