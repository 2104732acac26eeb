// How `exit(code)` leaves the session: an error the interpreter does not
// turn into a diagnostic, so the shell can end the process with `code`.

/// Thrown by `exit(code)`; `Interpreter.run` rethrows it unchanged.
///
///     do { try interp.run("exit(3)", file: "-e", echo: false) }
///     catch let e as ExitRequest { Foundation.exit(e.code) }
public struct ExitRequest: Error, Equatable {
    public let code: Int32

    public init(code: Int32) { self.code = code }
}
