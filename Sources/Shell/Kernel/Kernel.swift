// `ce kernel -f connection.json`: a Jupyter kernel (messaging protocol 5.3)
// around one ce session. Cells run in order on the interpreter thread and
// share their variables; printed lines go out as streams, the last shown
// value as the cell's result, figures inline, diagnostics as errors.
import Formats
import Language
import Numerics
#if canImport(Glibc)
import Glibc
#endif

/// A Jupyter kernel running one ce session.
///
///     exit(Kernel.run(connectionFile: "kernel-1234.json"))
public final class Kernel {
    /// What `kernel_info_request` answers, on the shell or the control channel.
    static var info: JSONObject {
        JSONObject([
            ("status", .string("ok")),
            ("protocol_version", .string(KernelMessage.protocolVersion)),
            ("implementation", .string("ce")),
            ("implementation_version", .string(ShellVersion.current)),
            ("language_info", .object(JSONObject([
                ("name", .string("ce")),
                ("version", .string(ShellVersion.current)),
                ("mimetype", .string("text/x-ce")),
                ("file_extension", .string(".ce")),
                ("pygments_lexer", .string("text")),
                // ce reads close to Python: its comments, strings and numbers highlight right.
                ("codemirror_mode", .string("python")),
            ]))),
            ("banner", .string("ce \(ShellVersion.current): a scripting shell for lattice thermodynamics")),
            ("help_links", .array([])),
        ])
    }

    private let session: Session
    private let sockets: KernelSockets
    /// The Jupyter session id of the kernel's own messages.
    private let identity = KernelMessage.newIdentifier()
    private var executionCount = 0
    private var history: [(count: Int, code: String)] = []

    private init(session: Session, sockets: KernelSockets) {
        self.session = session
        self.sockets = sockets
    }

    /// Reads the connection file, binds the sockets and serves until a shutdown request.
    /// Returns 0 after a shutdown, 66 for an unreadable connection file, 70 when it cannot start.
    public static func run(connectionFile: String) -> Int32 {
        let info: ConnectionInfo
        do { info = try ConnectionInfo.read(connectionFile) } catch {
            KernelLog.write("\(error)")
            return ExitStatus.noInput
        }
        let sockets: KernelSockets
        do { sockets = try KernelSockets(info) } catch {
            KernelLog.write("\(error)")
            return ExitStatus.runtime
        }
        guard let session = Session.started() else { return ExitStatus.runtime }
        session.interpreter.context.progress = nil
        let kernel = Kernel(session: session, sockets: sockets)
        do { try sockets.start(control: kernel.handleControl) } catch {
            KernelLog.write("\(error)")
            return ExitStatus.runtime
        }
        KernelLog.write("listening on \(info.endpoint(info.shellPort)) (shell); session \(kernel.identity)")
        kernel.serve()
        sockets.finish()
        return 0
    }

    // MARK: - The interpreter thread

    private func serve() {
        while let request = sockets.nextShellRequest() {
            publish("status", ["execution_state": .string("busy")], parent: request)
            switch request.type {
            case "execute_request": execute(request)
            case "kernel_info_request": reply(request, Kernel.info)
            case "complete_request": reply(request, complete(request.content))
            case "inspect_request": reply(request, inspect(request.content))
            case "is_complete_request": reply(request, isComplete(request.content))
            case "history_request": reply(request, historyReply(request.content))
            case "comm_info_request": reply(request, ["status": .string("ok"), "comms": .object(JSONObject())])
            case "shutdown_request":
                reply(request, ["status": .string("ok"), "restart": request.content["restart"] ?? .bool(false)])
                sockets.stopAfterQueued()
            default: reply(request, Kernel.unknownTypeContent(request))
            }
            publish("status", ["execution_state": .string("idle")], parent: request)
        }
    }

    private func execute(_ request: KernelMessage) {
        let code = request.content["code"]?.string ?? ""
        let silent = request.content["silent"]?.bool ?? false
        let store = !silent && (request.content["store_history"]?.bool ?? true)
        if store {
            executionCount += 1
            history.append((executionCount, code))
        }
        if !silent {
            publish("execute_input", ["code": .string(code), "execution_count": .int(executionCount)], parent: request)
        }
        let cell = CellOutput(silent: silent) { [unowned self] type, content in publish(type, content, parent: request) }
        let outcome = cell.capture(session: session) {
            // Cells are named as transcript blocks are, so a notebook's errors read as its transcript's.
            session.execute(code, file: TranscriptBuilder.blockName(executionCount), echo: true)
        }
        var content: [String: JSONValue] = ["execution_count": .int(executionCount)]
        switch outcome {
        case .completed:
            cell.finish(executionCount: executionCount)
            content["status"] = .string("ok")
        case .exited(let code):
            cell.line("[exit(\(code)) does not end a notebook's session; restart the kernel to start afresh]")
            cell.finish(executionCount: executionCount)
            content["status"] = .string("ok")
        case .failed(let diagnostic):
            cell.finish(executionCount: nil)
            let error = Kernel.errorContent(diagnostic)
            if !silent { publish("error", error, parent: request) }
            content.merge(error) { $1 }
            content["status"] = .string("error")
        }
        if content["status"] == .string("ok") {
            content["user_expressions"] = .object(JSONObject())
            content["payload"] = .array([])
        }
        reply(request, content)
    }

    /// `ename`, `evalue` and `traceback` (the rendered diagnostic, line by line) of a failed cell.
    static func errorContent(_ diagnostic: Diagnostic) -> [String: JSONValue] {
        let name: String
        switch diagnostic.kind {
        case .syntax: name = "SyntaxError"
        case .runtime: name = "RuntimeError"
        case .noInput: name = "FileNotFound"
        case .cannotCreate: name = "CannotCreate"
        case .interrupted: name = "Interrupted"
        }
        let lines = diagnostic.rendered.split(separator: "\n", omittingEmptySubsequences: false).map { JSONValue.string(String($0)) }
        return ["ename": .string(name), "evalue": .string(diagnostic.message), "traceback": .array(lines)]
    }

    private func complete(_ content: JSONObject) -> [String: JSONValue] {
        let (code, cursor) = Kernel.codeAndCursor(content)
        let before = String(code[..<cursor])
        let word = Kernel.wordBeforeCursor(before)
        let matches = Completion(interpreter: session.interpreter)
            .candidates(word: word, before: String(before.dropLast(word.count)))
        return [
            "status": .string("ok"), "matches": .array(matches.map { .string($0) }),
            "cursor_start": .int(Kernel.codePoints(code.prefix(cursor - word.count))),
            "cursor_end": .int(Kernel.codePoints(code.prefix(cursor))), "metadata": .object(JSONObject()),
        ]
    }

    /// A completion or inspection request's code as characters, and its cursor as a character index,
    /// clamped to the code (at the end when the request gives none). Jupyter counts `cursor_pos` in
    /// Unicode code points (protocol 5.2): "👍🏽" is two of them and one character; a cursor inside a
    /// character stands before it.
    static func codeAndCursor(_ content: JSONObject) -> (code: [Character], cursor: Int) {
        let code = Array(content["code"]?.string ?? "")
        guard let position = content["cursor_pos"]?.int else { return (code, code.count) }
        var points = 0, cursor = 0
        while cursor < code.count {
            points += code[cursor].unicodeScalars.count
            if points > position { break }
            cursor += 1
        }
        return (code, cursor)
    }

    /// The number of Unicode code points in `characters`: a character offset as Jupyter counts it.
    static func codePoints(_ characters: ArraySlice<Character>) -> Int {
        characters.reduce(0) { $0 + $1.unicodeScalars.count }
    }

    /// The word completion replaces: a file name after an open quote, else a (dotted) name.
    static func wordBeforeCursor(_ before: String) -> String {
        if Completion.insideString(before) {
            return String(before.reversed().prefix { $0 != "\"" }.reversed())
        }
        return String(before.reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }.reversed())
    }

    private func inspect(_ content: JSONObject) -> [String: JSONValue] {
        let (code, cursor) = Kernel.codeAndCursor(content)
        // The name around the cursor: its letters before and after.
        let isName: (Character) -> Bool = { $0.isLetter || $0.isNumber || $0 == "_" }
        var start = cursor, end = cursor
        while start > 0, isName(code[start - 1]) { start -= 1 }
        while end < code.count, isName(code[end]) { end += 1 }
        let name = String(code[start..<end])
        guard !name.isEmpty, session.interpreter.global(name) != nil else {
            return ["status": .string("ok"), "found": .bool(false), "data": .object(JSONObject()), "metadata": .object(JSONObject())]
        }
        let text = session.interpreter.help(name)
        return [
            "status": .string("ok"), "found": .bool(true),
            "data": .object(JSONObject([("text/plain", .string(text))])), "metadata": .object(JSONObject()),
        ]
    }

    private func isComplete(_ content: JSONObject) -> [String: JSONValue] {
        switch Completeness(of: content["code"]?.string ?? "") {
        case .complete: return ["status": .string("complete")]
        case .incomplete: return ["status": .string("incomplete"), "indent": .string("")]
        case .invalid: return ["status": .string("invalid")]
        }
    }

    /// The cells of this session: all of them, the last `n` (`tail`), or those matching `pattern` (`search`).
    private func historyReply(_ content: JSONObject) -> [String: JSONValue] {
        var cells = history
        switch content["hist_access_type"]?.string {
        case "tail":
            cells = Array(cells.suffix(max(0, content["n"]?.int ?? 10)))
        case "search":
            let pattern = content["pattern"]?.string ?? "*"
            cells = cells.filter { Kernel.glob(pattern, matches: $0.code) }
            if let n = content["n"]?.int { cells = Array(cells.suffix(max(0, n))) }
        case "range":
            let start = content["start"]?.int ?? 0, stop = content["stop"]?.int ?? Int.max
            cells = cells.filter { $0.count >= start && $0.count < stop }
        default: break
        }
        let output = content["output"]?.bool ?? false
        let entries = cells.map { cell -> JSONValue in
            let input = JSONValue.string(cell.code)
            return .array([.int(0), .int(cell.count), output ? .array([input, .null]) : input])
        }
        return ["status": .string("ok"), "history": .array(entries)]
    }

    /// Shell-style `*` and `?` wildcards over the whole text, as Jupyter's history search uses them.
    static func glob(_ pattern: String, matches text: String) -> Bool {
        let p = Array(pattern), t = Array(text)
        var i = 0, j = 0, star = -1, mark = 0
        while j < t.count {
            if i < p.count && (p[i] == "?" || p[i] == t[j]) {
                i += 1; j += 1
            } else if i < p.count && p[i] == "*" {
                star = i; mark = j; i += 1
            } else if star >= 0 {
                i = star + 1; mark += 1; j = mark
            } else {
                return false
            }
        }
        while i < p.count && p[i] == "*" { i += 1 }
        return i == p.count
    }

    /// The reply to a request ce does not know: status error, and a log line.
    private static func unknownTypeContent(_ request: KernelMessage) -> [String: JSONValue] {
        KernelLog.write("unknown message type '\(request.type)'; replied with status error")
        return [
            "status": .string("error"), "ename": .string("UnknownMessageType"),
            "evalue": .string("ce's kernel does not handle '\(request.type)' messages"), "traceback": .array([]),
        ]
    }

    /// `x_request` → `x_reply`; anything else gets `_reply` appended.
    static func replyType(_ request: KernelMessage) -> String {
        request.type.hasSuffix("_request") ? String(request.type.dropLast("_request".count)) + "_reply" : request.type + "_reply"
    }

    private func reply(_ request: KernelMessage, _ content: [String: JSONValue]) {
        reply(request, Kernel.object(content))
    }

    private func reply(_ request: KernelMessage, _ content: JSONObject) {
        let message = KernelMessage(type: Kernel.replyType(request), session: identity, parent: request.header,
                                    content: content, identities: request.identities)
        sockets.send(message, on: .shell)
    }

    private func publish(_ type: String, _ content: [String: JSONValue], parent: KernelMessage, onSocketThread: Bool = false) {
        let message = KernelMessage(type: type, session: identity, parent: parent.header, content: Kernel.object(content))
        if onSocketThread { sockets.sendFromSocketThread(message, on: .iopub) } else { sockets.send(message, on: .iopub) }
    }

    /// A JSON object with the members in sorted order, so messages read the same every time.
    static func object(_ members: [String: JSONValue]) -> JSONObject {
        JSONObject(members.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    // MARK: - The socket thread

    /// Control messages, answered at once even while a cell runs.
    private func handleControl(_ request: KernelMessage) {
        publish("status", ["execution_state": .string("busy")], parent: request, onSocketThread: true)
        let content: JSONObject
        switch request.type {
        case "interrupt_request":
            // The same as Ctrl-C: the running statement stops at its next poll, the session stays.
            Interruption.request()
            content = Kernel.object(["status": .string("ok")])
        case "shutdown_request":
            content = Kernel.object(["status": .string("ok"), "restart": request.content["restart"] ?? .bool(false)])
            Interruption.request()
            sockets.stopNow()
        case "kernel_info_request":
            content = Kernel.info
        default:
            content = Kernel.object(Kernel.unknownTypeContent(request))
        }
        let reply = KernelMessage(type: Kernel.replyType(request), session: identity, parent: request.header,
                                  content: content, identities: request.identities)
        sockets.sendFromSocketThread(reply, on: .control)
        publish("status", ["execution_state": .string("idle")], parent: request, onSocketThread: true)
    }
}
