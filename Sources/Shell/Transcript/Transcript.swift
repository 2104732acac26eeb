// A transcript as data: Markdown prose kept verbatim, and code blocks with
// the output and figures they produced. Parsing then rendering gives back
// the same bytes, so `ce check` can compare a file with its replay.

/// A recorded session: prose and ```` ```ce ```` blocks, each followed by its
/// ```` ```output ```` block (omitted when the block printed nothing) and by
/// image links to the figures it wrote.
///
///     var t = Transcript.parse(text)
///     t.items.append(.block(.init(code: "print(1)\n", output: "1\n")))
///     let markdown = t.rendered
public struct Transcript: Equatable {
    /// One ce input block and what running it produced.
    public struct Block: Equatable {
        /// The source, each line ending in a newline.
        public var code: String
        /// Printed lines, echoed values and error diagnostics, each line ending in a newline.
        public var output: String
        /// Paths (relative to the transcript's folder) of the figures the block wrote.
        public var figures: [String]

        public init(code: String, output: String = "", figures: [String] = []) {
            self.code = code
            self.output = output
            self.figures = figures
        }

        /// The Markdown lines of this block, each ending in a newline.
        public var rendered: String {
            var text = Transcript.fenced(code, info: "ce")
            if !output.isEmpty { text += Transcript.fenced(output, info: "output") }
            // A figure's alt text is its file name without the extension.
            for path in figures { text += "![\(FileSystem.stem(path))](\(path))\n" }
            return text
        }
    }

    public enum Item: Equatable {
        /// Markdown text kept byte for byte (headings, paragraphs, blank lines).
        case prose(String)
        case block(Block)
    }

    public var items: [Item]

    public init(items: [Item] = []) { self.items = items }

    /// Appends Markdown text, joined to the prose that ends the transcript if any (as `parse` would read it).
    public mutating func appendProse(_ text: String) {
        guard !text.isEmpty else { return }
        if case .prose(let earlier)? = items.last {
            items[items.count - 1] = .prose(earlier + text)
        } else {
            items.append(.prose(text))
        }
    }

    /// The Markdown text of the transcript.
    public var rendered: String {
        items.map { item -> String in
            switch item {
            case .prose(let text): return text
            case .block(let block): return block.rendered
            }
        }.joined()
    }

    /// The code blocks, in order.
    public var blocks: [Block] {
        items.compactMap { if case .block(let b) = $0 { return b } else { return nil } }
    }

    /// The session seed named in the header (`seed 7`), 0 when absent.
    public var seed: UInt64 {
        guard case .prose(let header)? = items.first else { return 0 }
        var rest = Substring(header)
        while let found = rest.firstRange(of: "seed ") {
            let digits = rest[found.upperBound...].prefix { $0.isASCII && $0.isNumber }
            if let value = UInt64(digits) { return value }
            rest = rest[found.upperBound...]
        }
        return 0
    }

    /// Parses Markdown. Blocks are fenced with three or more backticks and the
    /// info string `ce`; an `output` fence directly after a `ce` block is its
    /// output; image lines directly after those are its figures. Everything
    /// else is prose.
    public static func parse(_ text: String) -> Transcript {
        let lines = splitLines(text)
        var items: [Item] = []
        var prose = ""
        var i = 0
        while i < lines.count {
            guard let (code, afterCode) = fencedBody(lines, at: i, info: "ce") else {
                prose += lines[i]
                i += 1
                continue
            }
            var block = Block(code: code)
            var next = afterCode
            if let (output, afterOutput) = fencedBody(lines, at: next, info: "output") {
                block.output = output
                next = afterOutput
            }
            while next < lines.count, let path = figurePath(lines[next]) {
                block.figures.append(path)
                next += 1
            }
            if !prose.isEmpty { items.append(.prose(prose)) }
            prose = ""
            items.append(.block(block))
            i = next
        }
        if !prose.isEmpty { items.append(.prose(prose)) }
        return Transcript(items: items)
    }

    /// Lines with their newlines kept; the last one may lack it.
    static func splitLines(_ text: String) -> [String] {
        var lines: [String] = []
        var current = ""
        for ch in text {
            current.append(ch)
            if ch == "\n" {
                lines.append(current)
                current = ""
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// The body of a fenced block opening at line `start` with info string
    /// `info`, and the index after its closing fence; nil if none opens there
    /// or it is never closed.
    static func fencedBody(_ lines: [String], at start: Int, info: String) -> (String, Int)? {
        guard start < lines.count else { return nil }
        let opening = lines[start].trimmingTrailingWhitespace
        let ticks = opening.prefix { $0 == "`" }
        guard ticks.count >= 3, opening.dropFirst(ticks.count) == info else { return nil }
        var body = ""
        var j = start + 1
        while j < lines.count {
            if lines[j].trimmingTrailingWhitespace == ticks { return (body, j + 1) }
            body += lines[j]
            j += 1
        }
        return nil
    }

    /// A fenced block whose fence is longer than any backtick run starting a line of `body`.
    static func fenced(_ body: String, info: String) -> String {
        let longest = splitLines(body).map { $0.prefix { $0 == "`" }.count }.max() ?? 0
        let fence = String(repeating: "`", count: max(3, longest + 1))
        let terminated = body.isEmpty || body.hasSuffix("\n") ? body : body + "\n"
        return fence + info + "\n" + terminated + fence + "\n"
    }

    /// The target of a Markdown image line `![name](path)`.
    static func figurePath(_ line: String) -> String? {
        let text = line.trimmingTrailingWhitespace
        guard text.hasPrefix("!["), text.hasSuffix(")"), let middle = text.firstRange(of: "](") else { return nil }
        return String(text[middle.upperBound..<text.index(before: text.endIndex)])
    }
}

extension StringProtocol where SubSequence == Substring {
    /// The text without trailing spaces, tabs and newlines.
    var trimmingTrailingWhitespace: Substring {
        var end = endIndex
        while end > startIndex {
            let before = index(before: end)
            guard self[before] == " " || self[before] == "\t" || self[before] == "\n" || self[before] == "\r" else { break }
            end = before
        }
        return self[startIndex..<end]
    }
}
