// The Jupyter kernel end to end: jupyter_client (the peer environment's)
// starts `ce kernel` from its kernelspec and talks to it as a notebook does.
import Formats
import PeerSupport
import Testing
@testable import Shell

@Suite(.serialized) struct KernelTests {
    /// The JSON report a peer script in Tests/ShellTests/peers prints on its last line after driving
    /// `ce kernel`; the script gets the ce executable and a fresh scratch folder.
    static func report(ofPeer script: String, scratch: String) throws -> JSONValue {
        let ce = try #require(CERunner.executable)
        let out = try Peer.runFile("Tests/ShellTests/peers/" + script, arguments: [ce, CERunner.scratchFolder(scratch)])
        return try lastLineJSON(out)
    }

    /// The JSON object a peer script prints as its last line.
    static func lastLineJSON(_ out: String) throws -> JSONValue {
        try JSON.parse(try #require(out.split(separator: "\n").last.map(String.init)))
    }

    /// One session through jupyter_client: streams, a result, a PNG and an SVG inline, a table as HTML, an error with its
    /// diagnostic, completion of `run.`, help, the parser's completeness, a long anneal stopped by SIGINT and
    /// by interrupt_request with the variables intact, history, restart (a fresh session) and shutdown.
    @Test func jupyterClientDrivesAWholeSession() throws {
        let report = try Self.report(ofPeer: "kernel_session.py", scratch: "kernel-session")

        #expect(report["protocol_version"]?.string == "5.3")
        #expect(report["language_info"]?["name"]?.string == "ce")
        #expect(report["language_info"]?["file_extension"]?.string == ".ce")
        #expect(report["language_info"]?["codemirror_mode"]?.string != nil)

        let first = try #require(report["first"])
        #expect(first["status"]?.string == "ok")
        #expect(first["streams"] == .array([.string("hello\n")]))
        #expect(first["results"] == .array([.string("42")]))
        #expect(first["states"] == .array([.string("busy"), .string("idle")]))
        #expect(first["inputs"]?[0]?.string == "a = 41\nprint(\"hello\")\na + 1")

        #expect(report["pictures"]?[0] == .array([.string("image/png"), .string("text/plain")]))
        #expect(report["pictures"]?[1] == .array([.string("image/svg+xml"), .string("text/plain")]))
        #expect(report["png_signature"]?.string == "89504e470d0a1a0a")
        #expect(report["svg_has_tag"] == .bool(true))

        // A plot without out= draws as text, as it does in a transcript.
        #expect(report["plot_as_text"] == .array([.int(0), .int(1)]))
        // A result that is a table comes as HTML too.
        #expect(report["table_result"]?[0] == .array([.string("text/html"), .string("text/plain")]))
        #expect(report["table_result"]?[1]?.string?.hasPrefix("<table>\n<thead><tr><th>") == true)

        let error = try #require(report["error"])
        #expect(error["status"]?.string == "error")
        #expect(error["ename"]?.string == "RuntimeError")
        #expect(error["evalue"]?.string == "'nosuch' is not defined")
        #expect(error["traceback"] == .array([.string("block 4:2:1: error: 'nosuch' is not defined"), .string("nosuch(1)"), .string("^")]))

        #expect(report["complete"]?["matches"]?.array?.contains(.string("run.final_energy")) == true)
        #expect(report["complete"]?["start"] == .int(0))
        #expect(report["complete"]?["end"] == .int(7))
        #expect(report["complete_name"] == .array([.string("anneal")]))
        let wide = try #require(report["complete_wide"])
        #expect(wide["matches"] == .array([.string("anneal")]))
        #expect(wide["expected"] == .array([wide["start"] ?? .null, wide["end"] ?? .null]))
        #expect(report["inspect"]?["found"] == .bool(true))
        #expect(report["inspect"]?["text"]?.string?.hasPrefix("anneal(lat") == true)
        #expect(report["is_complete_open"]?.string == "incomplete")
        #expect(report["is_complete_closed"]?.string == "complete")

        // A 10^8-sweep anneal stops within seconds of each interrupt; a, b and run survive both.
        #expect((report["sigint"]?["seconds"]?.number ?? 99) < 10)
        #expect(report["after_sigint"] == .array([.string("[41, 2, 35.0]")]))
        #expect((report["interrupt_request"]?["seconds"]?.number ?? 99) < 10)
        #expect(report["interrupt_reply"] == .array([.string("interrupt_reply"), .string("ok")]))
        #expect(report["after_interrupt_request"] == .array([.string("82")]))
        #expect(report["loop"]?["status"]?.string == "error")
        #expect(report["loop"]?["ename"]?.string == "Interrupted")
        #expect(report["loop"]?["evalue"]?.string == "stopped by Ctrl-C")
        #expect((report["loop"]?["seconds"]?.number ?? 99) < 10)
        #expect(report["after_loop"] == .array([.string("[41, true]")]))
        #expect(report["history"]?[2]?.string == "[a, spins > 0]")

        #expect(report["after_restart"]?["status"]?.string == "error")
        #expect(report["after_restart"]?["count"] == .int(1))
        #expect(report["after_restart"]?["evalue"]?.string == "'a' is not defined")
        #expect(report["after_restart_result"] == .array([.string("2")]))
        #expect(report["alive_after_shutdown"] == .bool(false))
    }

    /// A forged signature and a frame that is no message are dropped with a log line; unknown request
    /// types get a reply with status error on shell and control; the kernel keeps running throughout.
    @Test func hostileMessagesAreLoggedAndSurvived() throws {
        let report = try Self.report(ofPeer: "kernel_bad_input.py", scratch: "kernel-bad-input")
        #expect(report["shell_unknown"] == .array([.string("frobnicate_reply"), .string("error"), .string("UnknownMessageType")]))
        #expect(report["control_unknown"] == .array([.string("frobnicate_reply"), .string("error")]))
        #expect(report["forged_ran"] == .bool(false))
        #expect(report["still_running"] == .array([.string("ok"), .array([.string("42")])]))
        let entries = try #require(report["log"]?.array)
        let log = entries.compactMap { $0.string }
        #expect(log.contains("ce kernel: dropped a message on shell: a message with a bad signature (HMAC-SHA256 does not match the connection key)"))
        #expect(log.contains("ce kernel: dropped a message on shell: a message without the <IDS|MSG> delimiter (3 frames)"))
        // The 65 MiB frame never reached the kernel (ZMQ_MAXMSGSIZE); it would have been logged with its 5 frames.
        #expect(log.contains("ce kernel: dropped a message on shell: a message without the <IDS|MSG> delimiter (4 frames)"), "\(log)")
        #expect(!log.contains { $0.contains("(5 frames)") }, "\(log)")
        #expect(log.filter { $0 == "ce kernel: unknown message type 'frobnicate_request'; replied with status error" }.count == 2)
    }

    @Test func missingOrMalformedConnectionFileSaysWhy() throws {
        let missing = CERunner.run(["kernel", "-f", "/nonexistent/kernel-1.json"])
        #expect(missing.status == 66)
        #expect(missing.stderr == "ce kernel: cannot read the connection file '/nonexistent/kernel-1.json': no such file or directory\n")

        let folder = CERunner.scratchFolder("kernel-connection")
        try FileSystem.write(folder + "/broken.json", #"{"shell_port": 1, "ip": "127.0.0.1""#)
        let broken = CERunner.run(["kernel", "-f", folder + "/broken.json"])
        #expect(broken.status == 66)
        #expect(broken.stderr.hasPrefix("ce kernel: \(folder)/broken.json: not a JSON connection file"))

        try FileSystem.write(folder + "/ports.json", #"{"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "ip": "127.0.0.1"}"#)
        let ports = CERunner.run(["kernel", "-f", folder + "/ports.json"])
        #expect(ports.status == 66)
        #expect(ports.stderr == "ce kernel: \(folder)/ports.json: hb_port must be a port number from 1 to 65535, and is missing\n")
    }

    @Test func kernelInstallWritesTheKernelspec() throws {
        let folder = CERunner.scratchFolder("kernel-install")
        let result = CERunner.run(["kernel", "install", "--prefix", folder])
        #expect(result.status == 0)
        let spec = try JSON.parse(try FileSystem.read(folder + "/share/jupyter/kernels/ce/kernel.json"))
        let argv = try #require(spec["argv"]?.array)
        #expect(argv.count == 4)
        #expect(argv[0].string == CERunner.executable)
        #expect(Array(argv.dropFirst()) == [.string("kernel"), .string("-f"), .string("{connection_file}")])
        #expect(spec["language"]?.string == "ce")
        #expect(spec["display_name"]?.string == "ce")
    }

    /// Jupyter's cursor_pos counts code points; ce indexes characters. "👍🏽" and "é" written as e and an
    /// accent are two code points and one character each.
    @Test func cursorPositionsAreCodePoints() {
        let code = "s = \"\u{1F44D}\u{1F3FD}e\u{301}\"\nz = ann + 1"
        let content = JSONObject([("code", .string(code)), ("cursor_pos", .int(18))])
        let (characters, cursor) = Kernel.codeAndCursor(content)
        #expect(String(characters[..<cursor]).hasSuffix("z = ann"))
        #expect(Kernel.codePoints(characters.prefix(cursor)) == 18)
        // A cursor between the thumb and its skin tone stands before the thumb.
        #expect(Kernel.codeAndCursor(JSONObject([("code", .string(code)), ("cursor_pos", .int(6))])).cursor == 5)
        #expect(Kernel.codeAndCursor(JSONObject([("code", .string(code))])).cursor == characters.count)
    }
}
