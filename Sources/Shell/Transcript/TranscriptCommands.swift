// `ce record` and `ce check`: write a script's transcript, and replay
// transcripts to prove they still hold byte for byte.

/// Records and checks Markdown transcripts. Both run in the transcript's
/// folder, so relative paths in a script mean the same at record and replay.
public enum TranscriptCommands {
    /// `ce record SCRIPT -o OUT`: runs the script block by block and writes the transcript.
    /// Returns 0 (errors inside blocks are recorded, not fatal), or the script's `exit` code.
    public static func record(script: String, to outputPath: String, seed: UInt64 = 0) -> Int32 {
        let source: String
        do { source = try FileSystem.read(script) } catch {
            Terminal.err("ce: cannot read \(error)\n")
            return ExitStatus.noInput
        }
        let target = FileSystem.absolute(outputPath)
        return inFolder(of: target) {
            guard let session = Session.started() else { return ExitStatus.runtime }
            session.interpreter.reseed(seed)
            let builder = TranscriptBuilder(evaluator: session.interpreter, output: session.output)
            builder.addProse(header(title: FileSystem.baseName(script), source: "`\(FileSystem.baseName(script))`",
                                    seed: seed, transcript: FileSystem.baseName(target)))
            let paragraphs = ScriptParagraph.split(source)
            for (index, paragraph) in paragraphs.enumerated() {
                if index > 0 { builder.addProse("\n") }
                switch paragraph {
                case .prose(let text): builder.addProse(text)
                case .code(let code): builder.addBlock(code: code)
                }
            }
            return finish(builder, writingTo: target)
        }
    }

    /// The header every transcript starts with: title, version, seed and how to replay.
    static func header(title: String, source: String, seed: UInt64, transcript: String) -> String {
        "# \(title)\n\nRecorded by ce \(ShellVersion.current) from \(source) with seed \(seed). "
            + "Replay with `ce check \(transcript)`.\n\n"
    }

    /// Writes the transcript and reports blocks that failed; returns the session's exit code.
    static func finish(_ builder: TranscriptBuilder, writingTo target: String, quiet: Bool = false) -> Int32 {
        do { try FileSystem.write(target, builder.transcript.rendered) } catch {
            Terminal.err("ce: cannot write \(error)\n")
            return ExitStatus.cannotCreate
        }
        if builder.failures > 0 && !quiet {
            Terminal.err("ce: note: \(builder.failures) block(s) ended with an error, recorded in \(target)\n")
        }
        if let problem = unrunBlocks(builder) { Terminal.err("ce: \(target): \(problem)\n") }
        return builder.exitCode ?? 0
    }

    /// What to say when blocks follow one that called `exit`: they never run, so nothing checks them.
    static func unrunBlocks(_ builder: TranscriptBuilder) -> String? {
        guard let block = builder.exitBlock, builder.blocksNotRun > 0 else { return nil }
        return "\(TranscriptBuilder.blockName(block)) calls exit(\(builder.exitCode ?? 0)), so the \(builder.blocksNotRun) "
            + "block(s) after it never run; end the transcript there or take the exit out"
    }

    /// `ce check [--fix] [--exact] FILE...`: replays each transcript (or notebook, read as the transcript it
    /// shows) in a fresh session and compares
    /// it with the file: numbers within `tolerance` (see `NumericMatch`; `.exact` compares bytes),
    /// every other character the same. Prints a unified diff of what differs beyond the tolerance and
    /// returns 1 when anything does, or when blocks follow one that calls `exit` (they never run).
    /// With `fix`, rewrites the outputs that differ, keeping the recorded text of those that agree.
    public static func check(_ paths: [String], fix: Bool, tolerance: NumericMatch = NumericMatch()) -> Int32 {
        var status: Int32 = 0
        for path in paths {
            // A notebook is checked as the transcript it shows.
            let isNotebook = path.hasSuffix(".ipynb")
            let recorded: String
            do { recorded = isNotebook ? try NotebookCommands.transcriptText(ofNotebook: path) : try FileSystem.read(path) } catch {
                Terminal.err("ce: cannot read \(error)\n")
                status = max(status, ExitStatus.noInput)
                continue
            }
            let target = FileSystem.absolute(path)
            let (replayed, figureProblems, unrun) = inFolder(of: target) { () -> (String, [String], String?) in
                let transcript = Transcript.parse(recorded)
                let figures = FigureCheck(transcript)
                guard let session = Session.started() else { return ("", ["cannot start a session"], nil) }
                let builder = TranscriptBuilder(evaluator: session.interpreter, output: session.output)
                let replayed = builder.replay(transcript)
                let merged = merge(recorded: transcript, replayed: replayed, tolerance: tolerance).rendered
                return (merged, figures.problems(transcriptName: path, tolerance: tolerance, fix: fix), unrunBlocks(builder))
            }
            let diff = UnifiedDiff(old: recorded, new: replayed, oldName: path, newName: path + " (replayed)")
            if let unrun {
                Terminal.err("ce: \(path): \(unrun)\n")
                status = max(status, ExitStatus.checkFailed)
            }
            if !figureProblems.isEmpty {
                figureProblems.forEach { Terminal.out($0 + "\n") }
                Terminal.err("ce: \(path): its figures differ from their replay\n")
                status = max(status, ExitStatus.checkFailed)
            }
            if diff.isEmpty {
                if figureProblems.isEmpty && unrun == nil { Terminal.out("ok: \(path)\n") }
            } else if fix {
                do {
                    let text = isNotebook
                        ? NotebookCommands.notebook(of: Transcript.parse(replayed), in: FileSystem.directory(of: target)) : replayed
                    try FileSystem.write(path, text)
                    Terminal.out("fixed: \(path)\n")
                } catch {
                    Terminal.err("ce: cannot write \(error)\n")
                    status = max(status, ExitStatus.cannotCreate)
                }
            } else {
                Terminal.out(diff.text)
                Terminal.err("ce: \(path) differs from its replay\n")
                status = max(status, ExitStatus.checkFailed)
            }
        }
        return status
    }

    /// The replay with each output line that agrees with the recorded one (within `tolerance`) taken
    /// from the recording, so a diff shows only real differences and `--fix` leaves agreeing lines alone.
    static func merge(recorded: Transcript, replayed: Transcript, tolerance: NumericMatch) -> Transcript {
        let old = recorded.blocks
        var merged = replayed
        var k = 0
        for (i, item) in merged.items.enumerated() {
            guard case .block(var block) = item else { continue }
            if k < old.count && old[k].code == block.code {
                block.output = tolerance.merge(recorded: old[k].output, replayed: block.output)
                merged.items[i] = .block(block)
            }
            k += 1
        }
        return merged
    }

    /// Runs `body` with the working directory set to `path`'s folder, then restores it.
    static func inFolder<T>(of path: String, _ body: () -> T) -> T {
        let saved = FileSystem.currentDirectory
        try? FileSystem.changeDirectory(FileSystem.directory(of: path))
        defer { try? FileSystem.changeDirectory(saved) }
        return body()
    }
}
