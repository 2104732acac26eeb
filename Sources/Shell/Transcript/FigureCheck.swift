// What `ce check` proves about a transcript's figures: each linked image is
// written again on replay, is a real PNG, SVG or PDF, and, when its data was
// kept (plot(..., data=true) writes NAME.gp beside it), was drawn from the
// same data. Pixels are not compared: fonts and cairo versions differ
// between machines.

import Formats
import Numerics
#if canImport(Glibc)
import Glibc
#endif

/// The figures a transcript links, with their data scripts as recorded.
struct FigureCheck {
    private struct Recorded {
        let path: String
        let script: String?
    }

    private let figures: [Recorded]
    private let folder: String

    /// Reads the data script of every figure `transcript` links (paths relative to `folder`).
    init(_ transcript: Transcript, in folder: String = ".") {
        self.folder = folder
        let paths = transcript.blocks.flatMap(\.figures)
        figures = paths.map { Recorded(path: $0, script: try? FileSystem.read(FigureCheck.scriptPath(of: FigureCheck.resolve($0, in: folder)))) }
    }

    /// `path` in `folder` unless it is absolute.
    static func resolve(_ path: String, in folder: String) -> String {
        path.hasPrefix("/") || folder == "." ? path : folder + "/" + path
    }

    /// Problems found after the replay rewrote the figures; empty when all hold. A data script that
    /// agrees with the recorded one within `tolerance` is put back as recorded, so a check leaves the
    /// files as they were; with `fix`, differing scripts stay as replayed and are not reported.
    /// Under MPI only rank 0 draws and checks the figures; the other ranks find no problems here.
    func problems(transcriptName: String, tolerance: NumericMatch = NumericMatch(), fix: Bool = false) -> [String] {
        guard Ranks.isLeader else { return [] }
        var found: [String] = []
        for figure in figures {
            let imagePath = FigureCheck.resolve(figure.path, in: folder)
            guard let head = FigureCheck.leadingBytes(of: imagePath, count: 512), !head.isEmpty else {
                found.append("\(transcriptName): figure \(figure.path) was not written on replay")
                continue
            }
            let isPNG = head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
            let isSVG = String(decoding: head, as: UTF8.self).contains("<svg")
            let isPDF = head.starts(with: Array("%PDF-".utf8))
            if !(isPNG || isSVG || isPDF) {
                found.append("\(transcriptName): figure \(figure.path) is not a PNG, SVG or PDF image")
            }
            guard let recorded = figure.script else { continue }
            let scriptPath = FigureCheck.scriptPath(of: imagePath)
            let replayed = (try? FileSystem.read(scriptPath)) ?? ""
            let merged = tolerance.merge(recorded: recorded, replayed: replayed)
            if merged != replayed { try? DataFile.writeHere(Array(merged.utf8), to: scriptPath) }
            if merged != recorded {
                let shown = FigureCheck.scriptPath(of: figure.path)
                let diff = UnifiedDiff(old: recorded, new: merged, oldName: shown, newName: shown + " (replayed)")
                found.append("\(transcriptName): figure \(figure.path) was drawn from different data\n" + diff.text)
            }
        }
        return fix ? [] : found
    }

    /// Up to `count` bytes from the start of a file, or nil when it cannot be opened.
    static func leadingBytes(of path: String, count: Int) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes = [UInt8](repeating: 0, count: count)
        let n = fread(&bytes, 1, count, file)
        return Array(bytes.prefix(n))
    }

    /// `dir/name.png` → `dir/name.gp`.
    static func scriptPath(of image: String) -> String {
        let slash = image.lastIndex(of: "/")
        guard let dot = image.lastIndex(of: "."), slash.map({ dot > $0 }) ?? true else { return image + ".gp" }
        return String(image[..<dot]) + ".gp"
    }
}
