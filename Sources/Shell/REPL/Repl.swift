// The interactive loop: read an entry (continuing with `... ` while it is
// unfinished), run it with values echoed, show errors, keep going.
import Language
import Numerics

/// The read-eval-print loop of `ce` on a terminal (and of `ce record -o OUT.md`).
///
///     exit(Repl.runInteractive(recordingTo: nil))
public final class Repl {
    public static let prompt = "ce> "
    public static let continuationPrompt = "... "

    private let session: Session
    private let reader: LineReader
    private let recorder: TranscriptBuilder?
    private let transcriptPath: String?

    /// - Parameters:
    ///   - recorder: when set, each entry is also recorded as a transcript block
    ///     and the transcript is rewritten to `transcriptPath` after each entry.
    public init(session: Session, reader: LineReader, recorder: TranscriptBuilder? = nil, transcriptPath: String? = nil) {
        self.session = session
        self.reader = reader
        self.recorder = recorder
        self.transcriptPath = transcriptPath
    }

    /// Starts a session on the terminal (plain line reading when standard input
    /// is not one). When `recordingTo` is set, works in the transcript's folder
    /// (where the replay will run) and writes the transcript as it goes.
    public static func runInteractive(recordingTo transcript: String?, seed: UInt64 = 0) -> Int32 {
        let terminal = Terminal.isTerminal(0)
        var recorder: TranscriptBuilder?
        var target: String?
        if let transcript {
            let path = FileSystem.absolute(transcript)
            let folder = FileSystem.directory(of: path)
            if folder != FileSystem.currentDirectory {
                do { try FileSystem.changeDirectory(folder) } catch {
                    Terminal.err("ce: cannot record into \(error)\n")
                    return ExitStatus.cannotCreate
                }
                Terminal.err("ce: recording in \(folder), where the transcript will replay\n")
            }
            target = path
        }
        guard let session = Session.started() else { return ExitStatus.runtime }
        session.interpreter.reseed(seed)
        if let target {
            let builder = TranscriptBuilder(evaluator: session.interpreter, output: session.output)
            builder.echoToTerminal = true
            builder.addProse(TranscriptCommands.header(
                title: "Interactive session", source: "an interactive session", seed: seed,
                transcript: FileSystem.baseName(target)))
            // Write the header now: an unwritable path fails before any typing.
            let status = TranscriptCommands.finish(builder, writingTo: target, quiet: true)
            if status != 0 { return status }
            recorder = builder
        }
        let reader: LineReader
        if terminal {
            let interpreter = session.interpreter
            ReadlineReader.completer = { word, before in
                Completion(interpreter: interpreter).candidates(word: word, before: before)
            }
            reader = ReadlineReader(historyPath: ReadlineReader.defaultHistoryPath, mainPrompt: prompt)
            Terminal.out("ce \(ShellVersion.current): type help for commands, Ctrl-D to quit\n")
        } else {
            reader = PlainLineReader()
        }
        return Repl(session: session, reader: reader, recorder: recorder, transcriptPath: target).run()
    }

    /// Reads and runs entries until end of input or `exit(code)`; returns the exit code.
    public func run() -> Int32 {
        var pending: [String] = []
        while true {
            Terminal.flush()
            let line: String
            switch reader.read(prompt: pending.isEmpty ? Repl.prompt : Repl.continuationPrompt) {
            case .endOfInput:
                if Terminal.isTerminal(0) { Terminal.out("\n") }
                return 0
            case .line(let text):
                line = text
            case .lineAfterInterrupt(let text):
                pending = []
                line = text
            }
            pending.append(line)
            let source = pending.joined(separator: "\n")
            if source.allSatisfy({ $0 == " " || $0 == "\t" }) {
                pending = []
                continue
            }
            // The parser decides: input that fails at its end waits for the next line.
            if Completeness(of: source) == .incomplete { continue }
            pending = []
            if case .exited(let code) = execute(source) { return code }
        }
    }

    private func execute(_ source: String) -> RunOutcome {
        // A Ctrl-C during the entry has had its effect (a command returned early, or the entry
        // stopped with its message); it must not also cancel the next prompt.
        defer { Interruption.clear() }
        guard let recorder else {
            let outcome = session.execute(source, file: "<repl>", echo: true)
            if case .failed(let diagnostic) = outcome { Terminal.err(diagnostic.rendered + "\n") }
            return outcome
        }
        Interruption.clear()
        if !recorder.transcript.blocks.isEmpty { recorder.addProse("\n") }
        let outcome = recorder.addBlock(code: source + "\n")
        if let transcriptPath {
            _ = TranscriptCommands.finish(recorder, writingTo: transcriptPath, quiet: true)
        }
        return outcome
    }
}
