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
        let builder = TranscriptBuilder(evaluator: fake, output: output, fileName: "t.md", folder: FileSystem.currentDirectory)
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
        // The error names the transcript line of `fail`: line 15 of the Markdown.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[14] == "fail")
        #expect(text.contains("t.md:15:1: error: failed on purpose\nfail\n^\n"))
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
        let replayer = TranscriptBuilder(evaluator: FakeEvaluator(output: output), output: output, fileName: "t.md")
        let replayed = replayer.replay(Transcript.parse(recorded)).rendered
        #expect(replayed == recorded)
        #expect(UnifiedDiff(old: recorded, new: replayed, oldName: "a", newName: "b").isEmpty)

        let tampered = recorded.replacingFirst("one\n2\n", with: "one\n3\n")
        #expect(tampered != recorded)
        let output2 = SessionOutput()
        let again = TranscriptBuilder(evaluator: FakeEvaluator(output: output2), output: output2, fileName: "t.md")
            .replay(Transcript.parse(tampered)).rendered
        let diff = UnifiedDiff(old: tampered, new: again, oldName: "t.md", newName: "t.md (replayed)")
        #expect(diff.text.contains("-3\n+2\n"))
    }

    @Test func replayUsesTheHeaderSeed() {
        let output = SessionOutput()
        let fake = FakeEvaluator(output: output)
        let header = TranscriptCommands.header(title: "t", source: "t", seed: 9, transcript: "t.md")
        let replayed = TranscriptBuilder(evaluator: fake, output: output, fileName: "t.md")
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
