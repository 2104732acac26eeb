// Splits a script into what a transcript shows: comment-only paragraphs
// become prose, the other paragraphs (statements not separated by a blank
// line) become code blocks.
import Language

/// A piece of a script as a transcript shows it.
public enum ScriptParagraph: Equatable {
    /// Markdown from a paragraph of `#` comments (one `#` and one space stripped per line).
    case prose(String)
    /// Consecutive statements, each line ending in a newline.
    case code(String)

    /// Splits `source` at blank lines. A code paragraph the parser finds
    /// unfinished (a bracket, block or string left open; `isIncomplete`) takes
    /// the following paragraphs until it is complete, so a function body with a
    /// blank line stays one block. A `#!` first line is dropped.
    ///
    ///     ScriptParagraph.split("# Setup\n\nx = 1\ny = 2\n")
    ///     // [.prose("Setup\n"), .code("x = 1\ny = 2\n")]
    public static func split(
        _ source: String, isIncomplete: (String) -> Bool = { Completeness(of: $0) == .incomplete }
    ) -> [ScriptParagraph] {
        var lines = Transcript.splitLines(source).map { $0.hasSuffix("\n") ? String($0.dropLast()) : $0 }
        if let first = lines.first, first.hasPrefix("#!") { lines.removeFirst() }
        var paragraphs: [[String]] = []
        var current: [String] = []
        for line in lines {
            if line.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) {
                if !current.isEmpty { paragraphs.append(current) }
                current = []
            } else {
                current.append(line)
            }
        }
        if !current.isEmpty { paragraphs.append(current) }

        var result: [ScriptParagraph] = []
        var i = 0
        while i < paragraphs.count {
            let paragraph = paragraphs[i]
            i += 1
            if paragraph.allSatisfy(isComment) {
                result.append(.prose(paragraph.map(uncomment).map { $0 + "\n" }.joined()))
                continue
            }
            var code = paragraph.map { $0 + "\n" }.joined()
            while i < paragraphs.count && isIncomplete(code) {
                code += "\n" + paragraphs[i].map { $0 + "\n" }.joined()
                i += 1
            }
            result.append(.code(code))
        }
        return result
    }

    private static func isComment(_ line: String) -> Bool {
        line.drop { $0 == " " || $0 == "\t" }.hasPrefix("#")
    }

    private static func uncomment(_ line: String) -> String {
        var text = line.drop { $0 == " " || $0 == "\t" }.dropFirst()
        if text.hasPrefix(" ") { text = text.dropFirst() }
        return String(text)
    }
}
