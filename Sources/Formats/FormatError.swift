// The one error type of the Formats target: what is wrong with a file's
// contents (or with data that cannot be written), with the line and column
// when the format has lines.
import Numerics

/// Bad input to a codec: a message, and where in the text it went wrong.
///
///     do { _ = try JSON.parse("[1, 2") }
///     catch let e as FormatError { print(e) }   // line 1, column 6: the JSON ends inside a list
public struct FormatError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What is wrong, without the position.
    public var message: String
    /// 1-based line and column in the text, when the format has lines.
    public var line: Int?
    public var column: Int?

    public init(_ message: String, line: Int? = nil, column: Int? = nil) {
        self.message = message
        self.line = line
        self.column = column
    }

    /// "line 3, column 7: message", or the message alone.
    public var description: String {
        switch (line, column) {
        case let (l?, c?): return "line \(l), column \(c): \(message)"
        case let (l?, nil): return "line \(l): \(message)"
        default: return message
        }
    }
}

/// Data rank 0 could not write is refused on the other ranks of an MPI job with the same error.
extension FormatError: RankPortableError {
    public func write(to out: inout RankBytes) {
        out.append(message); out.append(line ?? -1); out.append(column ?? -1)
    }

    public init(from input: inout RankBytes.Reader) throws {
        message = try input.string()
        let l = try input.int(), c = try input.int()
        line = l < 0 ? nil : l
        column = c < 0 ? nil : c
    }
}
