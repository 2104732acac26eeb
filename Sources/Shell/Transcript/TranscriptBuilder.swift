// Grows a transcript block by block while running each block in one
// session, so state carries across blocks. Recording a script, recording
// a REPL session and replaying a transcript for `ce check` all go through it.

/// Runs code blocks in order and collects the transcript they make.
///
/// A block's errors are part of its output and the next block still runs.
/// Diagnostics name the block by its number among the transcript's ce blocks
/// and the line within it (`block 3:2:5: error: ...`), so they read the same
/// when the transcript is renamed or prose is added above a block. A block
/// that calls `exit` says so in its output; the blocks after it do not run.
///
///     let builder = TranscriptBuilder(evaluator: session.interpreter, output: session.output)
///     builder.addProse("# Tour\n\n")
///     builder.addBlock(code: "x = 1\nx + 1\n")   // output "2\n"
public final class TranscriptBuilder {
    public private(set) var transcript = Transcript()
    /// The exit code the session asked for with `exit(code)`; later blocks are kept but not run.
    public private(set) var exitCode: Int32?
    /// The number of the block that called `exit`, and how many blocks came after it unrun.
    public private(set) var exitBlock: Int?
    public private(set) var blocksNotRun = 0
    /// How many blocks ended with an error.
    public private(set) var failures = 0
    /// Also show output on the terminal (recording an interactive session).
    public var echoToTerminal = false

    private let evaluator: Evaluator
    private let output: SessionOutput
    private let folder: String
    private var blockCount = 0

    /// - Parameters:
    ///   - folder: the transcript's folder; figure paths under it are made relative.
    public init(evaluator: Evaluator, output: SessionOutput, folder: String = FileSystem.currentDirectory) {
        self.evaluator = evaluator
        self.output = output
        self.folder = folder
    }

    /// The name diagnostics give block `number` (counted from 1 among the ce blocks).
    public static func blockName(_ number: Int) -> String { "block \(number)" }

    /// The line a block that called `exit(code)` ends its output with.
    public static func exitNote(_ code: Int32) -> String { "[exit(\(code)): the session ends here; blocks after this one do not run]" }

    /// Appends Markdown text as it is.
    public func addProse(_ text: String) {
        transcript.appendProse(text)
    }

    /// Runs `code` (unless the session has exited) and appends it with its output.
    @discardableResult
    public func addBlock(code: String) -> RunOutcome {
        let source = code.hasSuffix("\n") ? code : code + "\n"
        var block = Transcript.Block(code: source)
        var outcome = RunOutcome.completed
        blockCount += 1
        if exitCode == nil {
            outcome = run(&block)
        } else {
            blocksNotRun += 1
        }
        transcript.items.append(.block(block))
        return outcome
    }

    /// Runs every block of `recorded` again and returns the transcript the replay makes.
    public func replay(_ recorded: Transcript) -> Transcript {
        evaluator.reseed(recorded.seed)
        for item in recorded.items {
            switch item {
            case .prose(let text): addProse(text)
            case .block(let block): addBlock(code: block.code)
            }
        }
        return transcript
    }

    private func run(_ block: inout Transcript.Block) -> RunOutcome {
        var printed = ""
        var figures: [String] = []
        let echo = echoToTerminal
        let (savedLine, savedFigure) = (output.lineTarget, output.figureTarget)
        output.lineTarget = { line in
            printed += line + "\n"
            if echo { Terminal.out(line + "\n") }
        }
        output.figureTarget = { figures.append($0) }
        defer { (output.lineTarget, output.figureTarget) = (savedLine, savedFigure) }

        let outcome = RunOutcome.of { try evaluator.run(block.code, file: Self.blockName(blockCount), echo: true) }
        switch outcome {
        case .completed: break
        case .failed(let diagnostic):
            failures += 1
            printed += diagnostic.rendered + "\n"
            if echo { Terminal.err(diagnostic.rendered + "\n") }
        case .exited(let code):
            exitCode = code
            exitBlock = blockCount
            printed += Self.exitNote(code) + "\n"
        }
        block.output = printed
        block.figures = figures.map(relativePath)
        return outcome
    }

    private func relativePath(_ path: String) -> String {
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}
