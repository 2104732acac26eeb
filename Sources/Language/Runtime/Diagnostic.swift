// Errors as values with positions: what every failure in ce becomes before
// the user sees it.

/// A position in a source file; line and column count from 1.
public struct SourceLocation: Equatable, Sendable {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }
}

/// An error raised while running: a builtin's bad argument, an undefined
/// name, a failed engine command. Builtins throw it without a location and
/// the interpreter adds the call site.
///
///     throw RuntimeError("sweeps must be positive, got \(n)")
public struct RuntimeError: Error, CustomStringConvertible {
    public var message: String
    public var location: SourceLocation?
    /// The calls the error came out of, innermost first.
    public var trace = CallTrace()
    /// What failed, for the exit code: `.runtime`, or a file that could not be read or written.
    public var kind: Diagnostic.Kind = .runtime

    public init(_ message: String, at location: SourceLocation? = nil) {
        self.message = message
        self.location = location
    }

    /// A file to read is missing or unreadable (exit code 66).
    ///
    ///     throw RuntimeError.noInput("cannot read 'X.npy': no such file or directory")
    public static func noInput(_ message: String) -> RuntimeError {
        var e = RuntimeError(message)
        e.kind = .noInput
        return e
    }

    /// An output file cannot be written (exit code 73).
    public static func cannotCreate(_ message: String) -> RuntimeError {
        var e = RuntimeError(message)
        e.kind = .cannotCreate
        return e
    }

    public var description: String { message }
}

/// The chain of function calls a runtime error unwound through, innermost
/// first, so an error deep in a script says how it was reached. A recursion
/// is one entry with a count, and only the innermost `limit` calls are kept.
///
///     t.ce:2:14: error: '+' needs two numbers or two strings, got int and string
///         return x + "a"
///                  ^
///       in g, called from t.ce:5:12
///       in f, called from t.ce:7:1 (3 times)
public struct CallTrace: Equatable, Sendable {
    /// One call: the function that was running and where it was called.
    public struct Call: Equatable, Sendable {
        public var function: String
        public var site: SourceLocation
        /// Consecutive identical calls (a recursion) counted once.
        public var repeats: Int
    }

    public private(set) var calls: [Call] = []
    /// Calls beyond the first `limit` distinct ones.
    public private(set) var omitted = 0
    static let limit = 20

    public init() {}

    /// Records that the error left `function`, which was called at `site`.
    public mutating func record(_ function: String, calledFrom site: SourceLocation) {
        if let last = calls.last, last.function == function, last.site == site {
            calls[calls.count - 1].repeats += 1
        } else if calls.count < CallTrace.limit {
            calls.append(Call(function: function, site: site, repeats: 1))
        } else {
            omitted += 1
        }
    }

    /// One indented line per call, outermost last.
    public var rendered: String {
        var lines = calls.map { call in
            "  in \(call.function), called from \(call.site.file):\(call.site.line):\(call.site.column)"
                + (call.repeats > 1 ? " (\(call.repeats) times)" : "")
        }
        if omitted > 0 { lines.append("  ... and \(omitted) more calls") }
        return lines.joined(separator: "\n")
    }
}

/// What the user is shown when a statement cannot run: kind, message,
/// position and the offending source line.
///
///     tour.ce:3:9: error: expected ']' to close the list
///     y = [1, 2
///             ^
public struct Diagnostic: Error, CustomStringConvertible {
    public enum Kind: Sendable, CaseIterable {
        /// The source does not parse (exit code 65).
        case syntax
        /// A statement failed while running (exit code 70).
        case runtime
        /// A file the program reads is missing or unreadable (exit code 66).
        case noInput
        /// A file the program writes cannot be created (exit code 73).
        case cannotCreate
        /// The user pressed Ctrl-C (exit code 130).
        case interrupted
    }

    public var kind: Kind
    public var message: String
    public var location: SourceLocation?
    /// The text of the line at `location`, for the caret display.
    public var sourceLine: String?
    /// The function calls a runtime error came out of.
    public var trace: CallTrace

    public init(_ kind: Kind, _ message: String, at location: SourceLocation? = nil, sourceLine: String? = nil,
                trace: CallTrace = CallTrace()) {
        self.kind = kind
        self.message = message
        self.location = location
        self.sourceLine = sourceLine
        self.trace = trace
    }

    /// The process exit code for this kind of failure.
    public var exitCode: Int32 {
        switch kind {
        case .syntax: return 65
        case .runtime: return 70
        case .noInput: return 66
        case .cannotCreate: return 73
        case .interrupted: return 130
        }
    }

    /// `file:line:col: error: message`, then the line, then a caret under the spot.
    public var rendered: String {
        var text = ""
        if let loc = location {
            text = "\(loc.file):\(loc.line):\(loc.column): "
        }
        text += kind == .interrupted ? "interrupted: \(message)" : "error: \(message)"
        if let line = sourceLine, let loc = location {
            // A very long line is shown as a window around the spot.
            var shown = Array(line)
            var column = max(0, loc.column - 1)
            let window = 60
            if shown.count > 2 * window + 40 {
                let start = max(0, column - window)
                let end = min(shown.count, column + window)
                shown = (start > 0 ? Array("…") : []) + Array(shown[start..<end]) + (end < shown.count ? Array("…") : [])
                column = column - start + (start > 0 ? 1 : 0)
            }
            text += "\n" + String(shown) + "\n"
            // Keep tabs so the caret lines up under tab-indented code.
            let prefix = shown.prefix(column).map { $0 == "\t" ? "\t" : " " }.joined()
            text += prefix + "^"
        }
        if !trace.calls.isEmpty { text += "\n" + trace.rendered }
        return text
    }

    public var description: String { rendered }
}
