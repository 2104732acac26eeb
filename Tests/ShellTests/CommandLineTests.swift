// The `ce` executable end to end: exit codes, diagnostics, scripts on stdin,
// `-e`, script arguments, and record/check/tamper of transcripts.
import Testing
@testable import Shell

@Suite struct CommandLineTests {
    @Test
    func versionUsageAndMissingFiles() {
        let version = CERunner.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout == "ce \(ShellVersion.current)\n")
        #expect(CERunner.run(["--no-such-option"]).status == ExitStatus.usage)
        #expect(CERunner.run(["record", "x.ce"]).status == ExitStatus.usage)  // -o is required
        let missing = CERunner.run(["/nonexistent/script.ce"])
        #expect(missing.status == ExitStatus.noInput)
        #expect(missing.stderr.contains("ce: cannot read '/nonexistent/script.ce': no such file or directory"))
    }

    @Test
    func standardInputRunsAsAScript() {
        let result = CERunner.run([], input: "x = 1\nfor i in range(1, 5) { x = x * i }\nprint(x)\n")
        #expect(result.stdout == "24\n")
        #expect(result.status == 0)
    }

    @Test
    func evaluateEchoesValuesAndScriptsSeeArguments() throws {
        #expect(CERunner.run(["-e", "x = 2\nx * 21"]).stdout == "42\n")
        let folder = CERunner.scratchFolder("args")
        try FileSystem.write(folder + "/args.ce", "print(args)\n")
        let result = CERunner.run([folder + "/args.ce", "a b", "--flag", "7"])
        #expect(result.stdout == "[\"a b\", \"--flag\", \"7\"]\n")
    }

    @Test
    func syntaxErrorShowsFileLineColumnAndCaret() throws {
        let folder = CERunner.scratchFolder("syntax")
        try FileSystem.write(folder + "/file.ce", "y = [1, 2\n")
        let result = CERunner.run([folder + "/file.ce"])
        #expect(result.status == ExitStatus.syntax)
        #expect(result.stderr.hasPrefix(folder + "/file.ce:1:10: error:") || result.stderr.hasPrefix(folder + "/file.ce:1:9: error:"))
        #expect(result.stderr.contains("\ny = [1, 2\n"))
        #expect(result.stderr.contains("\n        ^") || result.stderr.contains("\n         ^"))
    }

    @Test
    func runtimeErrorsExitSeventyWithThePosition() throws {
        let folder = CERunner.scratchFolder("runtime")
        try FileSystem.write(folder + "/undefined.ce", "print(undefined_name)\n")
        let undefined = CERunner.run([folder + "/undefined.ce"])
        #expect(undefined.status == ExitStatus.runtime)
        #expect(undefined.stderr.hasPrefix(folder + "/undefined.ce:1:7: error:"))
        #expect(undefined.stderr.contains("undefined_name"))

        let deep = CERunner.run(["-e", "fn f(n) { return f(n + 1) }\nf(0)"])
        #expect(deep.status == ExitStatus.runtime)
        #expect(deep.stderr.contains("too deep"))
    }

    @Test
    func recordThenCheckPassesAndATamperedOutputFailsWithADiff() throws {
        let folder = CERunner.scratchFolder("record")
        let script = "# A tiny session.\n\nx = 6\nprint(x * 7)\n\nx + 1\n"
        try FileSystem.write(folder + "/s.ce", script)
        let record = CERunner.run(["record", folder + "/s.ce", "-o", folder + "/s.md"])
        #expect(record.status == 0)
        let markdown = try FileSystem.read(folder + "/s.md")
        #expect(markdown.contains("```ce\nx = 6\nprint(x * 7)\n```\n"))
        #expect(markdown.contains("A tiny session.\n"))

        let check = CERunner.run(["check", folder + "/s.md"])
        #expect(check.status == 0)
        #expect(check.stdout == "ok: \(folder)/s.md\n")

        // Change one byte of an output block.
        let outputStart = try #require(markdown.firstRange(of: "```output\n"))
        var bytes = Array(markdown.utf8)
        let index = markdown.utf8.distance(from: markdown.startIndex, to: outputStart.upperBound)
        bytes[index] = bytes[index] == UInt8(ascii: "9") ? UInt8(ascii: "8") : UInt8(ascii: "9")
        let tampered = String(decoding: bytes, as: UTF8.self)
        try FileSystem.write(folder + "/s.md", tampered)
        let failed = CERunner.run(["check", folder + "/s.md"])
        #expect(failed.status == ExitStatus.checkFailed)
        #expect(failed.stdout.contains("--- \(folder)/s.md\n+++ \(folder)/s.md (replayed)\n@@ "))
        #expect(failed.stderr.contains("differs from its replay"))

        let fixed = CERunner.run(["check", "--fix", folder + "/s.md"])
        #expect(fixed.status == 0)
        #expect(try FileSystem.read(folder + "/s.md") == markdown)
    }

    @Test
    func recordingASessionFromStandardInputReplays() throws {
        let folder = CERunner.scratchFolder("session")
        let input = "x = 2\nfor i in range(0, 3) {\n  x = x * 2\n}\nx\nnope\n"
        let record = CERunner.run(["record", "-o", folder + "/session.md"], input: input)
        #expect(record.status == 0)
        #expect(record.stdout == "16\n")
        let markdown = try FileSystem.read(folder + "/session.md")
        #expect(markdown.contains("```ce\nfor i in range(0, 3) {\n  x = x * 2\n}\n```\n"))
        #expect(markdown.contains("```ce\nx\n```\n```output\n16\n```\n"))
        #expect(markdown.contains("error: 'nope' is not defined"))
        #expect(CERunner.run(["check", folder + "/session.md"]).status == 0)
    }

    @Test
    func theCommandLineAsTheReadmeDocumentsIt() throws {
        // `ce help CMD`, as `ce --help` suggests, for subcommands and builtins.
        let record = CERunner.run(["help", "record"])
        #expect(record.status == 0)
        #expect(record.stdout.contains("transcript"))
        #expect(CERunner.run(["help"]).stdout.contains("A scripting shell for lattice thermodynamics."))
        let anneal = CERunner.run(["help", "anneal"])
        #expect(anneal.status == 0)
        #expect(anneal.stdout.contains("sweeps         int (sweeps)"))
        #expect(CERunner.run(["help", "nosuch"]).status == ExitStatus.usage)
        // Every -e runs, in order, in one session.
        let twice = CERunner.run(["-e", "x = 20", "-e", "x + 1", "-e", "print(x * 2)"])
        #expect(twice.stdout == "21\n40\n")
        #expect(twice.status == 0)
        let stops = CERunner.run(["-e", "print(1)", "-e", "nope", "-e", "print(3)"])
        #expect(stops.stdout == "1\n")
        #expect(stops.status == ExitStatus.runtime)
        // A missing input inside a script is 66, an unwritable output 73.
        let folder = CERunner.scratchFolder("exit-codes")
        try FileSystem.write(folder + "/in.ce", "x = load(\"\(folder)/missing.npy\")\n")
        let missing = CERunner.run([folder + "/in.ce"])
        #expect(missing.status == ExitStatus.noInput)
        #expect(missing.stderr.hasPrefix(folder + "/in.ce:1:9: error: cannot read"))
        try FileSystem.write(folder + "/out.ce", "save([1, 2], \"/nonexistent/folder/x.npy\")\n")
        #expect(CERunner.run([folder + "/out.ce"]).status == ExitStatus.cannotCreate)
        try FileSystem.write(folder + "/use.ce", "use \"nowhere.ce\"\n")
        #expect(CERunner.run([folder + "/use.ce"]).status == ExitStatus.noInput)
        // --threads -1 is a usage error that says what is wrong.
        let threads = CERunner.run(["--threads", "-1", "-e", "1"])
        #expect(threads.status == ExitStatus.usage)
        #expect(threads.stderr.contains("--threads must be at least 1, got -1"))
    }
}
