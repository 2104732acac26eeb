// What one notebook cell shows, as Jupyter messages: printed lines as
// `stream`, every shown value but the last as stream text too (in order, as
// a transcript shows them), the last one as `execute_result`, and each figure
// a command wrote as `display_data` with the image inline.
import Formats
import Language
import Numerics

/// Collects a running cell's output and publishes it as IOPub messages.
///
///     let cell = CellOutput(silent: false) { type, content in publish(type, content) }
///     let outcome = cell.capture(session: session) { session.execute(code, file: "block 1", echo: true) }
///     cell.finish(executionCount: 1)
final class CellOutput {
    private let silent: Bool
    private let publish: (String, [String: JSONValue]) -> Void
    private var stream = ""
    /// The value shown last, held back until we know whether anything follows it.
    private var pending: Value?
    private var lastFlush = MonotonicClock.seconds

    init(silent: Bool, publish: @escaping (String, [String: JSONValue]) -> Void) {
        self.silent = silent
        self.publish = publish
    }

    /// Runs `body` with the session's lines, shown values and figures coming here.
    func capture(session: Session, _ body: () -> RunOutcome) -> RunOutcome {
        let output = session.output, context = session.interpreter.context
        let saved = (output.lineTarget, output.figureTarget, context.echo)
        output.lineTarget = { [unowned self] in line($0) }
        output.figureTarget = { [unowned self] in figure($0) }
        context.echo = { [unowned self] in echo($0) }
        defer { (output.lineTarget, output.figureTarget, context.echo) = saved }
        return body()
    }

    /// A printed line; lines go out together, at most every 0.1 s while a long command prints.
    func line(_ text: String) {
        releasePending()
        stream += text + "\n"
        if MonotonicClock.seconds - lastFlush > 0.1 { flushStream() }
    }

    func echo(_ value: Value) {
        releasePending()
        pending = value
    }

    /// A figure file: sent inline as PNG or SVG (with its name as the plain-text form).
    func figure(_ path: String) {
        releasePending()
        flushStream()
        guard let data = CellOutput.imageData(path) else {
            line("[figure \(path) was written but is neither a PNG nor an SVG]")
            return
        }
        publishUnlessSilent("display_data", ["data": .object(data), "metadata": .object(CellOutput.figureMetadata(CellOutput.figureName(path)))])
    }

    /// Sends what is left: the held value as the result when `executionCount` is given (the cell
    /// completed), else as stream text before the error.
    func finish(executionCount: Int?) {
        if let executionCount, let value = pending {
            pending = nil
            flushStream()
            publishUnlessSilent("execute_result", [
                "execution_count": .int(executionCount), "data": .object(CellOutput.mimeBundle(value)),
                "metadata": .object(JSONObject()),
            ])
        }
        releasePending()
        flushStream()
    }

    /// `text/plain` as the REPL prints the value, and `text/html` for a value that is a table.
    static func mimeBundle(_ value: Value) -> JSONObject {
        var bundle = JSONObject([("text/plain", .string(value.description))])
        if case .object(let object) = value, let table = object.dataTable, !table.columns.isEmpty {
            bundle["text/html"] = .string(html(table))
        }
        return bundle
    }

    /// An HTML table of the columns, headers with their units.
    static func html(_ table: DataTable) -> String {
        func escaped(_ s: String) -> String {
            s.replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;")
        }
        func cells(_ column: DataTable.Column) -> [String] {
            if case .list(let list) = column.values { return list.items.map(\.description) }
            return [column.values.description]
        }
        let columns = table.columns.map(cells)
        let rows = columns.map(\.count).max() ?? 0
        var out = "<table>\n<thead><tr>" + table.columns.map { "<th>\(escaped($0.header))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for r in 0..<rows {
            out += "<tr>" + columns.map { "<td>\(r < $0.count ? escaped($0[r]) : "")</td>" }.joined() + "</tr>\n"
        }
        return out + "</tbody>\n</table>"
    }

    /// The MIME bundle of an image file: base64 PNG or SVG text, and its name as text; nil for anything else.
    static func imageData(_ path: String) -> JSONObject? {
        guard let bytes = try? DataFile.read(path, maxBytes: MemoryBudget.limit) else { return nil }
        return imageBundle(bytes, name: figureName(path))
    }

    /// `image/png` (base64) or `image/svg+xml` for the bytes of a PNG or SVG, with `[figure NAME]` as text.
    static func imageBundle(_ bytes: [UInt8], name: String) -> JSONObject? {
        var data = JSONObject()
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            data["image/png"] = .string(Base64.encode(bytes))
        } else if String(decoding: bytes.prefix(2048), as: UTF8.self).contains("<svg") {
            data["image/svg+xml"] = .string(String(decoding: bytes, as: UTF8.self))
        } else {
            return nil
        }
        data["text/plain"] = .string("[figure \(name)]")
        return data
    }

    /// The bytes of the picture in a display_data bundle, nil when it has none.
    static func imageBytes(_ data: JSONValue?) -> [UInt8]? {
        if let png = data?["image/png"] {
            let text = Notebook.joined(png)
            return text.isEmpty ? nil : Base64.decode(text)
        }
        if let svg = data?["image/svg+xml"] { return Array(Notebook.joined(svg).utf8) }
        return nil
    }

    /// Output metadata naming the figure's file, so a notebook converts back to a transcript with the same links.
    static func figureMetadata(_ path: String) -> JSONObject {
        JSONObject([("ce", .object(JSONObject([("figure", .string(path))])))])
    }

    /// The figure's path relative to the working directory (where the notebook is), else as given.
    static func figureName(_ path: String) -> String {
        let folder = FileSystem.currentDirectory
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    private func releasePending() {
        guard let value = pending else { return }
        pending = nil
        stream += value.description + "\n"
    }

    private func flushStream() {
        lastFlush = MonotonicClock.seconds
        guard !stream.isEmpty else { return }
        publishUnlessSilent("stream", ["name": .string("stdout"), "text": .string(stream)])
        stream = ""
    }

    private func publishUnlessSilent(_ type: String, _ content: [String: JSONValue]) {
        if !silent { publish(type, content) }
    }
}
