// Reading the REPL's input: a line at a time, with a prompt.
#if canImport(Glibc)
import Glibc
#endif

/// What one read at the prompt gave.
public enum LineInput: Equatable {
    case line(String)
    /// Ctrl-C was pressed at the prompt: drop unfinished input; then this line was typed.
    case lineAfterInterrupt(String)
    /// Ctrl-D, or the end of piped input.
    case endOfInput
}

/// A source of input lines for the REPL.
public protocol LineReader: AnyObject {
    func read(prompt: String) -> LineInput
}

/// Reads plain lines from standard input, without prompts: readline would
/// echo prompt and input when standard input is a pipe.
public final class PlainLineReader: LineReader {
    public init() {}

    public func read(prompt: String) -> LineInput {
        var buffer: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(buffer) }
        while true {
            let n = getline(&buffer, &capacity, stdin)
            if n >= 0, let buffer {
                var line = String(cString: buffer)
                if line.hasSuffix("\n") { line.removeLast() }
                return .line(line)
            }
            // A Ctrl-C interrupts the read; the next statement clears the flag.
            if ferror(stdin) != 0 && errno == EINTR {
                clearerr(stdin)
                continue
            }
            return .endOfInput
        }
    }
}
