// Transcripts as notebooks: the conversion both ways, `ce check` on a
// notebook, and the shipped notebooks run by nbclient against `ce kernel`
// and rendered by nbconvert, with their outputs equal to the transcripts'.
import Formats
import PeerSupport
import Testing
@testable import Shell

@Suite(.serialized) struct NotebookTests {
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]
    static let markdown = """
        # demo

        Recorded by ce 0.1.0 from `demo.ce` with seed 0. Replay with `ce check demo.md`.

        ```ce
        x = 1
        x + 1
        ```
        ```output
        2
        ```
        ![pic](pic.png)

        ## Second part

        Text.

        ```ce
        y = 2
        ```

        """

    @Test func transcriptBecomesANotebookAndComesBack() throws {
        let transcript = Transcript.parse(Self.markdown)
        let json = Notebook.json(from: transcript) { $0 == "pic.png" ? Self.png : nil }
        let notebook = try JSON.parse(json)
        #expect(notebook["nbformat"] == .int(4))
        #expect(notebook["metadata"]?["kernelspec"]?["name"]?.string == "ce")
        let cells = try #require(notebook["cells"]?.array)
        #expect(cells.map { $0["cell_type"]?.string ?? "" } == ["markdown", "code", "markdown", "code"])
        #expect(Notebook.joined(cells[1]["source"]) == "x = 1\nx + 1")
        #expect(cells[1]["execution_count"] == .int(1))
        #expect(cells[3]["execution_count"] == .int(2))
        let outputs = try #require(cells[1]["outputs"]?.array)
        #expect(outputs[0]["output_type"]?.string == "stream")
        #expect(Notebook.joined(outputs[0]["text"]) == "2\n")
        #expect(outputs[1]["output_type"]?.string == "display_data")
        #expect(outputs[1]["data"]?["image/png"]?.string == Base64.encode(Self.png))
        #expect(outputs[1]["metadata"]?["ce"]?["figure"]?.string == "pic.png")

        let back = try Notebook.transcript(from: json, file: "demo.ipynb")
        #expect(back.transcript.rendered == Self.markdown)
        #expect(back.pictures.map(\.path) == ["pic.png"])
        #expect(back.pictures.first?.bytes == Self.png)
    }

    /// What the kernel sends (streams, a result, an error, a picture without a name) reads as transcript output.
    @Test func kernelOutputsReadAsTranscriptOutput() throws {
        let json = """
            {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
             {"cell_type": "code", "execution_count": 1, "metadata": {}, "source": ["print(1)\\n", "2\\n", "3"],
              "outputs": [{"output_type": "stream", "name": "stdout", "text": ["1\\n", "2\\n"]},
                          {"output_type": "execute_result", "execution_count": 1, "metadata": {}, "data": {"text/plain": "3"}},
                          {"output_type": "display_data", "metadata": {}, "data": {"image/png": "\(Base64.encode(Self.png))"}},
                          {"output_type": "error", "ename": "RuntimeError", "evalue": "no", "traceback": ["block 1:1:1: error: no", "x", "^"]}]}]}
            """
        let contents = try Notebook.transcript(from: json, file: "nb/run.ipynb")
        let block = try #require(contents.transcript.blocks.first)
        #expect(block.code == "print(1)\n2\n3\n")
        #expect(block.output == "1\n2\n3\nblock 1:1:1: error: no\nx\n^\n")
        #expect(block.figures == ["run_1_1.png"])
        #expect(contents.pictures.first?.bytes == Self.png)

        #expect(throws: KernelError.self) { try Notebook.transcript(from: "{\"cells\": []}", file: "x.ipynb") }
        #expect(throws: KernelError.self) { try Notebook.transcript(from: "[", file: "x.ipynb") }
    }

    @Test func convertAndCheckOnTheCommandLine() throws {
        let folder = CERunner.scratchFolder("notebook-cli")
        try FileSystem.write(folder + "/t.md", """
            # t

            Recorded by ce 0.1.0 from `t.ce` with seed 0. Replay with `ce check t.md`.

            ```ce
            [1, 2] * 3
            ```
            ```output
            [3, 6]
            ```

            """)
        #expect(CERunner.run(["convert", folder + "/t.md", "-o", folder + "/t.ipynb"]).status == 0)
        let checked = CERunner.run(["check", folder + "/t.ipynb"])
        #expect(checked.status == 0)
        #expect(checked.stdout == "ok: \(folder)/t.ipynb\n")

        // A notebook whose output is wrong fails its check with a diff, and --fix mends it.
        let notebook = try FileSystem.read(folder + "/t.ipynb")
        try FileSystem.write(folder + "/t.ipynb", notebook.replacing("[3, 6]", with: "[3, 7]"))
        let wrong = CERunner.run(["check", folder + "/t.ipynb"])
        #expect(wrong.status == 1)
        #expect(wrong.stdout.contains("-[3, 7]\n+[3, 6]"))
        #expect(CERunner.run(["check", "--fix", folder + "/t.ipynb"]).status == 0)
        #expect(try FileSystem.read(folder + "/t.ipynb") == notebook)

        #expect(CERunner.run(["convert", folder + "/t.ipynb", "-o", folder + "/back.md"]).status == 0)
        #expect(try FileSystem.read(folder + "/back.md") == (try FileSystem.read(folder + "/t.md")))

        let pair = CERunner.run(["convert", folder + "/t.md", "-o", folder + "/t.txt"])
        #expect(pair.status == 64)
        #expect(pair.stderr.hasPrefix("ce: convert turns a transcript (.md) into a notebook (.ipynb) or back"))
        try FileSystem.write(folder + "/bad.ipynb", "{\"cells\": 3}")
        let bad = CERunner.run(["convert", folder + "/bad.ipynb", "-o", folder + "/bad.md"])
        #expect(bad.status == 66)
        #expect(bad.stderr == "ce: \(folder)/bad.ipynb: not a version 4 notebook (no \"cells\" list or \"nbformat\": 4)\n")
    }

    /// A notebook's picture names come from its metadata, so anyone's notebook could name any file: `ce convert`
    /// writes pictures only under the output folder and refuses an absolute name or one with `..`.
    @Test func convertKeepsPicturesInTheOutputFolder() throws {
        let folder = CERunner.scratchFolder("notebook-confined")
        try FileSystem.makeDirectories(folder + "/out")
        func notebook(figure: String) -> String {
            """
            {"cells": [{"cell_type": "code", "execution_count": 1, "metadata": {}, "source": ["plot([1], [2])"],
              "outputs": [{"output_type": "display_data", "data": {"image/svg+xml": "<svg/>", "text/plain": "a figure"},
                           "metadata": {"ce": {"figure": "\(figure)"}}}]}],
             "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
            """
        }
        for name in ["../escaped.svg", "/tmp/ce-notebook-escaped.svg", "figs/../../escaped.svg"] {
            try FileSystem.write(folder + "/n.ipynb", notebook(figure: name))
            let r = CERunner.run(["convert", folder + "/n.ipynb", "-o", folder + "/out/n.md"])
            #expect(r.status == 66, "\(name)")
            #expect(r.stderr == "ce: \(folder)/n.ipynb: cell 1: the picture name \"\(name)\" leaves the output folder; "
                + "a picture is written beside the transcript, under a relative name without \"..\"\n")
        }
        #expect(!FileSystem.exists(folder + "/escaped.svg") && !FileSystem.exists("/tmp/ce-notebook-escaped.svg"))
        // A relative name inside the folder is written there.
        try FileSystem.write(folder + "/n.ipynb", notebook(figure: "figs/kept.svg"))
        #expect(CERunner.run(["convert", folder + "/n.ipynb", "-o", folder + "/out/n.md"]).status == 0)
        #expect(try FileSystem.read(folder + "/out/figs/kept.svg") == "<svg/>")
    }

    /// nbclient runs two shipped notebooks on `ce kernel` in examples/ (where their transcripts replay); read
    /// back, they equal the transcripts byte for byte. nbconvert's HTML carries every picture inline.
    @Test func nbclientRunsShippedNotebooksAsTheirTranscripts() throws {
        let ce = try #require(CERunner.executable)
        let folder = CERunner.scratchFolder("notebook-nbclient")
        let examples = Peer.repository.appendingPathComponent("examples").path
        let names = ["tour", "lno"]
        let out = try Peer.runFile("Tests/ShellTests/peers/notebook_run.py", arguments: [ce, folder, examples] + names
            + ["--", folder + "/tour.ipynb", examples + "/anneal.ipynb"])
        for name in names {
            let converted = CERunner.run(["convert", folder + "/\(name).ipynb", "-o", folder + "/\(name).md"])
            #expect(converted.status == 0, "\(converted.stderr)")
            let replayed = try FileSystem.read(folder + "/\(name).md")
            let recorded = try FileSystem.read(examples + "/\(name).md")
            #expect(replayed == recorded, "\(UnifiedDiff(old: recorded, new: replayed, oldName: name + ".md", newName: "nbclient").text)")
        }
        let html = try KernelTests.lastLineJSON(out)
        #expect(html["tour.ipynb"] == .object(JSONObject([("png_inline", .int(0)), ("svg_inline", .int(1)), ("linked_images", .int(0))])))
        #expect(html["anneal.ipynb"] == .object(JSONObject([("png_inline", .int(3)), ("svg_inline", .int(0)), ("linked_images", .int(0))])))
    }
}
