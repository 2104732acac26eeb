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
            let builder = TranscriptBuilder(
                evaluator: session.interpreter, output: session.output, fileName: FileSystem.baseName(target))
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
        return builder.exitCode ?? 0
    }

    /// `ce check [--fix] FILE...`: replays each transcript in a fresh session; prints a
    /// unified diff and returns 1 when any differs (with `fix`, rewrites it and returns 0).
    public static func check(_ paths: [String], fix: Bool) -> Int32 {
        var status: Int32 = 0
        for path in paths {
            let recorded: String
            do { recorded = try FileSystem.read(path) } catch {
                Terminal.err("ce: cannot read \(error)\n")
                status = max(status, ExitStatus.noInput)
                continue
            }
            let target = FileSystem.absolute(path)
            let (replayed, figureProblems) = inFolder(of: target) { () -> (String, [String]) in
                let transcript = Transcript.parse(recorded)
                let figures = FigureCheck(transcript)
                guard let session = Session.started() else { return ("", ["cannot start a session"]) }
                let builder = TranscriptBuilder(
                    evaluator: session.interpreter, output: session.output, fileName: FileSystem.baseName(target))
                let replayed = builder.replay(transcript).rendered
                return (replayed, fix ? [] : figures.problems(transcriptName: path))
            }
            let diff = UnifiedDiff(old: recorded, new: replayed, oldName: path, newName: path + " (replayed)")
            if !figureProblems.isEmpty {
                figureProblems.forEach { Terminal.out($0 + "\n") }
                Terminal.err("ce: \(path): its figures differ from their replay\n")
                status = max(status, ExitStatus.checkFailed)
            }
            if diff.isEmpty {
                if figureProblems.isEmpty { Terminal.out("ok: \(path)\n") }
            } else if fix {
                do {
                    try FileSystem.write(path, replayed)
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

    /// Runs `body` with the working directory set to `path`'s folder, then restores it.
    static func inFolder<T>(of path: String, _ body: () -> T) -> T {
        let saved = FileSystem.currentDirectory
        try? FileSystem.changeDirectory(FileSystem.directory(of: path))
        defer { try? FileSystem.changeDirectory(saved) }
        return body()
    }
}
