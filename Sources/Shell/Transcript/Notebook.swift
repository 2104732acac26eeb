// Transcripts as Jupyter notebooks (nbformat 4.5) and back: prose becomes
// Markdown cells, each ce block a code cell with its output as a stream and
// its figures inline as display_data. A notebook reads back as the transcript
// it shows, which is how `ce check x.ipynb` replays it.
import Formats

/// Converts between `Transcript` and the JSON of a Jupyter notebook.
///
///     let json = Notebook.json(from: Transcript.parse(markdown), pictures: { try? DataFile.read($0) })
///     let back = try Notebook.transcript(from: json, file: "tour.ipynb").transcript   // the same transcript
public enum Notebook {
    /// What a notebook reads back as: the transcript, and the pictures it carries inline by path.
    public struct Contents {
        public var transcript: Transcript
        public var pictures: [(path: String, bytes: [UInt8])]
    }

    /// The kernelspec and language a ce notebook names, so Jupyter starts `ce kernel`.
    static var metadata: JSONObject {
        JSONObject([
            ("kernelspec", .object(JSONObject([("display_name", .string("ce")), ("language", .string("ce")), ("name", .string("ce"))]))),
            ("language_info", Kernel.info["language_info"] ?? .null),
        ])
    }

    /// The notebook of `transcript`. `pictures` gives the bytes of a figure path (nil: left out, named only).
    public static func json(from transcript: Transcript, pictures: (String) -> [UInt8]?) -> String {
        var cells: [JSONValue] = []
        var count = 0
        for item in transcript.items {
            switch item {
            case .prose(let text):
                let source = trimmedNewlines(text)
                if source.isEmpty { continue }
                cells.append(.object(JSONObject([
                    ("cell_type", .string("markdown")), ("id", .string("cell-\(cells.count + 1)")),
                    ("metadata", .object(JSONObject())), ("source", lines(source)),
                ])))
            case .block(let block):
                count += 1
                var outputs: [JSONValue] = []
                if !block.output.isEmpty {
                    outputs.append(.object(JSONObject([
                        ("name", .string("stdout")), ("output_type", .string("stream")), ("text", lines(block.output)),
                    ])))
                }
                for path in block.figures {
                    let data = pictures(path).flatMap { CellOutput.imageBundle($0, name: path) }
                        ?? JSONObject([("text/plain", .string("[figure \(path)]"))])
                    outputs.append(.object(JSONObject([
                        ("data", .object(data)), ("metadata", .object(CellOutput.figureMetadata(path))),
                        ("output_type", .string("display_data")),
                    ])))
                }
                cells.append(.object(JSONObject([
                    ("cell_type", .string("code")), ("execution_count", .int(count)), ("id", .string("cell-\(cells.count + 1)")),
                    ("metadata", .object(JSONObject())), ("outputs", .array(outputs)),
                    ("source", lines(String(block.code.dropLast(block.code.hasSuffix("\n") ? 1 : 0)))),
                ])))
            }
        }
        let notebook = JSONObject([
            ("cells", .array(cells)), ("metadata", .object(metadata)), ("nbformat", .int(4)), ("nbformat_minor", .int(5)),
        ])
        return JSON.encode(.object(notebook), indent: 1) + "\n"
    }

    /// The transcript a notebook shows: Markdown cells as prose, code cells as blocks whose output is
    /// their streams, results and error tracebacks in order, and whose figures are their pictures.
    /// Throws, naming `file`, when the text is not a notebook.
    public static func transcript(from text: String, file: String) throws -> Contents {
        let json: JSONValue
        do { json = try JSON.parse(text) } catch { throw KernelError("\(file): not a notebook: \(error)") }
        guard let cells = json["cells"]?.array, json["nbformat"]?.int == 4 else {
            throw KernelError("\(file): not a version 4 notebook (no \"cells\" list or \"nbformat\": 4)")
        }
        var transcript = Transcript()
        var pictures: [(path: String, bytes: [UInt8])] = []
        var blocks = 0
        for (index, cell) in cells.enumerated() {
            let source = joined(cell["source"])
            // The layout `ce record` writes: one blank line between a transcript's pieces.
            if index > 0 { transcript.appendProse("\n") }
            switch cell["cell_type"]?.string {
            case "markdown", "raw":
                transcript.appendProse(source + "\n")
            case "code":
                blocks += 1
                var block = Transcript.Block(code: source.isEmpty || source.hasSuffix("\n") ? source : source + "\n")
                for output in cell["outputs"]?.array ?? [] {
                    switch output["output_type"]?.string {
                    case "stream":
                        block.output += joined(output["text"])
                    case "execute_result":
                        block.output += joined(output["data"]?["text/plain"]) + "\n"
                    case "error":
                        let lines = output["traceback"]?.array?.compactMap(\.string) ?? []
                        block.output += lines.joined(separator: "\n") + "\n"
                    case "display_data":
                        guard let bytes = CellOutput.imageBytes(output["data"]) else {
                            block.output += joined(output["data"]?["text/plain"]) + "\n"
                            continue
                        }
                        let isSVG = output["data"]?["image/svg+xml"] != nil
                        let name = output["metadata"]?["ce"]?["figure"]?.string
                            ?? "\(FileSystem.stem(file))_\(blocks)_\(block.figures.count + 1)" + (isSVG ? ".svg" : ".png")
                        guard staysInFolder(name) else {
                            throw KernelError("\(file): cell \(index + 1): the picture name \"\(name)\" leaves the output folder; "
                                + "a picture is written beside the transcript, under a relative name without \"..\"")
                        }
                        pictures.append((name, bytes))
                        block.figures.append(name)
                    default:
                        let type = output["output_type"].map { JSON.encode($0, indent: nil) } ?? "(none)"
                        throw KernelError("\(file): cell \(index + 1) has an output of unknown type \(type)")
                    }
                }
                transcript.items.append(.block(block))
            default:
                throw KernelError("\(file): cell \(index + 1) is neither markdown nor code")
            }
        }
        return Contents(transcript: transcript, pictures: pictures)
    }

    /// Whether a picture name from a notebook's metadata names a file under the output folder: relative,
    /// without `..` or a NUL (the notebook may come from anyone; `ce convert` writes its pictures).
    ///
    ///     Notebook.staysInFolder("figs/e.png")   // true
    ///     Notebook.staysInFolder("../e.png")     // false
    static func staysInFolder(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix("/") && !name.contains("\0")
            && !name.split(separator: "/", omittingEmptySubsequences: false).contains("..")
    }

    /// Notebook text as nbformat stores it: a list of lines, each but the last ending in a newline.
    static func lines(_ text: String) -> JSONValue {
        .array(Transcript.splitLines(text).map { .string($0) })
    }

    /// A string or list of strings (nbformat allows both) as one string.
    static func joined(_ value: JSONValue?) -> String {
        if let s = value?.string { return s }
        return (value?.array ?? []).compactMap(\.string).joined()
    }

    static func trimmedNewlines(_ text: String) -> String {
        var s = Substring(text)
        while s.first == "\n" { s = s.dropFirst() }
        while s.last == "\n" { s = s.dropLast() }
        return String(s)
    }
}
