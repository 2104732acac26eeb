// Transcript parsing, rendering, recording and replay, with a fake evaluator.
import Testing
@testable import Shell

@Suite struct TranscriptTests {
    let sample = """
        # Title

        Some prose.

        ```ce
        x = 1
        x
        ```
        ```output
        1
        ```
        ![plot](plot.png)

        ```ce
        y = 2
        ```

        ```ce
        print("```")
        ```
        ````output
        ```
        ````
        Trailing prose without newline
        """

    @Test func parseThenRenderGivesTheSameBytes() {
        let transcript = Transcript.parse(sample)
        #expect(transcript.rendered == sample)
        let blocks = transcript.blocks
        #expect(blocks.count == 3)
        #expect(blocks[0] == Transcript.Block(code: "x = 1\nx\n", output: "1\n", figures: ["plot.png"]))
        #expect(blocks[1].output.isEmpty)
        #expect(blocks[2].output == "```\n")
    }

    @Test func fencesGrowPastBackticksInTheBody() {
        let block = Transcript.Block(code: "```\n", output: "print(\"```\")\n")
        #expect(block.rendered == "````ce\n```\n````\n```output\nprint(\"```\")\n```\n")
        #expect(Transcript.parse(block.rendered).blocks == [block])
    }

    @Test func unclosedFenceStaysProse() {
        let text = "```ce\nx = 1\n"
        let transcript = Transcript.parse(text)
        #expect(transcript.blocks.isEmpty)
        #expect(transcript.rendered == text)
    }

    @Test func seedComesFromTheHeader() {
        let header = TranscriptCommands.header(title: "t.ce", source: "`t.ce`", seed: 42, transcript: "t.md")
        #expect(Transcript.parse(header + "```ce\nx\n```\n").seed == 42)
        #expect(Transcript.parse("no header\n").seed == 0)
    }

    @Test func scriptParagraphsSplitAtBlankLinesAndKeepOpenBlocksTogether() {
        let script = "#!/usr/bin/env ce\n# Setup\n#   indented\n\necho a\necho b\n\n\nif {\n\necho c\n}\n"
        let parts = ScriptParagraph.split(script) { source in
            source.filter { $0 == "{" }.count > source.filter { $0 == "}" }.count
        }
        #expect(parts == [.prose("Setup\n  indented\n"), .code("echo a\necho b\n"), .code("if {\n\necho c\n}\n")])
    }

    func record(_ script: String) -> (TranscriptBuilder, FakeEvaluator) {
        let output = SessionOutput()
        let fake = FakeEvaluator(output: output)
        let builder = TranscriptBuilder(evaluator: fake, output: output, folder: FileSystem.currentDirectory)
        builder.addProse("# t\n\n")
        for (i, part) in ScriptParagraph.split(script, isIncomplete: fake.isIncomplete).enumerated() {
            if i > 0 { builder.addProse("\n") }
            switch part {
            case .prose(let text): builder.addProse(text)
            case .code(let code): builder.addBlock(code: code)
            }
        }
        return (builder, fake)
    }

    @Test func recordingCapturesOutputErrorsAndFigures() {
        let (builder, _) = record("# Intro\n\necho hi\ncount\n\nfail\necho after\n\nfigure\ncount\n")
        let text = builder.transcript.rendered
        #expect(builder.failures == 1)
        // The error names the block of `fail` (the second) and its line in the block.
        #expect(text.contains("block 2:1:1: error: failed on purpose\nfail\n^\n"))
        // State carries across blocks: `count` sees every statement run before it.
        #expect(builder.transcript.blocks[0].output == "hi\n2\n")
        #expect(builder.transcript.blocks[2].output == "5\n")
        #expect(builder.transcript.blocks[2].figures == ["plot.png"])
        #expect(text.contains("```\n![plot](plot.png)\n"))
    }

    @Test func replayReproducesTheRecordingAndTamperingShowsADiff() {
        let (builder, _) = record("echo one\ncount\n\nfail\n\ncount\n")
        let recorded = builder.transcript.rendered
        let output = SessionOutput()
        let replayer = TranscriptBuilder(evaluator: FakeEvaluator(output: output), output: output)
        let replayed = replayer.replay(Transcript.parse(recorded)).rendered
        #expect(replayed == recorded)
        #expect(UnifiedDiff(old: recorded, new: replayed, oldName: "a", newName: "b").isEmpty)

        let tampered = recorded.replacingFirst("one\n2\n", with: "one\n3\n")
        #expect(tampered != recorded)
        let output2 = SessionOutput()
        let again = TranscriptBuilder(evaluator: FakeEvaluator(output: output2), output: output2)
            .replay(Transcript.parse(tampered)).rendered
        let diff = UnifiedDiff(old: tampered, new: again, oldName: "t.md", newName: "t.md (replayed)")
        #expect(diff.text.contains("-3\n+2\n"))
    }

    /// Diagnostics named the transcript file and its line, so renaming the file or adding prose above
    /// an erroring block broke its check although prose is free to edit.
    @Test func diagnosticsSurviveRenamingAndProseEdits() {
        let (builder, _) = record("echo one\n\necho two\nfail\n")
        let recorded = builder.transcript.rendered
        let edited = recorded.replacingFirst("```ce\necho two", with: "A new paragraph\nof prose.\n\n```ce\necho two")
        let output = SessionOutput()
        let replayed = TranscriptBuilder(evaluator: FakeEvaluator(output: output), output: output)
            .replay(Transcript.parse(edited)).rendered
        #expect(replayed == edited)
        #expect(replayed.contains("block 2:2:1: error: failed on purpose"))
    }

    /// A recorded `exit(3)` left later blocks without output and `check` said ok.
    @Test func exitEndsTheTranscriptVisibly() {
        let (builder, fake) = record("echo one\n\necho two\nexit 3\necho never\n\necho later\n")
        #expect(builder.exitCode == 3 && builder.exitBlock == 2 && builder.blocksNotRun == 1)
        #expect(builder.transcript.blocks[1].output == "two\n" + TranscriptBuilder.exitNote(3) + "\n")
        #expect(builder.transcript.blocks[2].output.isEmpty && fake.statementsRun == 3)
        #expect(TranscriptCommands.unrunBlocks(builder)
            == "block 2 calls exit(3), so the 1 block(s) after it never run; end the transcript there or take the exit out")
        let (last, _) = record("echo one\n\nexit 0\n")
        #expect(last.exitBlock == 2 && TranscriptCommands.unrunBlocks(last) == nil)
        #expect(last.transcript.rendered.contains("[exit(0): the session ends here; blocks after this one do not run]"))
    }

    @Test func checkComparesFloatsWithinTheToleranceAndKeepsWhatAgrees() {
        let recorded = Transcript(items: [.block(.init(code: "a\n", output: "rmse 0.1527642271\nn 12\n")),
                                          .block(.init(code: "b\n", output: "E 1.5\n"))])
        let replayed = Transcript(items: [.block(.init(code: "a\n", output: "rmse 0.1527642269\nn 12\n")),
                                          .block(.init(code: "b\n", output: "E 1.6\n"))])
        let merged = TranscriptCommands.merge(recorded: recorded, replayed: replayed, tolerance: NumericMatch())
        #expect(merged.blocks.map(\.output) == ["rmse 0.1527642271\nn 12\n", "E 1.6\n"])
        let exact = TranscriptCommands.merge(recorded: recorded, replayed: replayed, tolerance: .exact)
        #expect(exact == replayed)
    }

    @Test func replayUsesTheHeaderSeed() {
        let output = SessionOutput()
        let fake = FakeEvaluator(output: output)
        let header = TranscriptCommands.header(title: "t", source: "t", seed: 9, transcript: "t.md")
        let replayed = TranscriptBuilder(evaluator: fake, output: output)
            .replay(Transcript.parse(header + "```ce\nseed\n```\n"))
        #expect(replayed.blocks[0].output == "9\n")
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = firstRange(of: target) else { return self }
        return String(self[..<range.lowerBound]) + replacement + String(self[range.upperBound...])
    }
}
