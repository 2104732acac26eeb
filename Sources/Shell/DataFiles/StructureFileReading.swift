// The reading side of structure files (StructureFiles.swift writes them):
// which files a path, a list or a glob names; reading each with the Formats
// readers within the memory limit; and a file or structure that cannot be
// read reported by file and line while the others are still read.
import Foundation
import Formats
import Glibc
import Language
import Lattice

extension StructureFiles {
    /// The files a `path=` argument names: paths and glob patterns ("runs/*/OUTCAR"), in order.
    static func paths(_ patterns: [String], _ callee: String, _ context: CallContext) throws -> [(shown: String, resolved: String)] {
        var out: [(shown: String, resolved: String)] = []
        for p in patterns {
            guard p.contains("*") || p.contains("?") || p.contains("[") else { out.append((p, context.resolve(p))); continue }
            let resolved = context.resolve(p)
            let matches = glob(resolved)
            guard !matches.isEmpty else { throw RuntimeError("\(callee): no file matches '\(p)'") }
            let prefix = String(resolved.dropLast(p.count))
            out += matches.map { (String($0.dropFirst(prefix.count)), $0) }
        }
        return out
    }

    /// Every structure of the files; a file or a structure that cannot be read becomes a problem line
    /// ("FILE:LINE: FORMAT: message") and the others are still read.
    static func read(_ files: [(shown: String, resolved: String)], options: StructureReadOptions, _ context: CallContext) throws
        -> (structures: [AtomicStructure], problems: [String]) {
        var structures: [AtomicStructure] = [], problems: [String] = []
        for file in files {
            try context.checkInterrupt()
            let bytes = try DataFile.bounded(file.resolved, shownAs: file.shown, expansion: 16)
            var fileOptions = options
            if StructureFormat.detect(name: file.shown, head: Array(bytes.prefix(64))) == .strOut {
                // ATAT keeps a structure's energy in the file `energy` beside str.out.
                let energyPath = (file.resolved as NSString).deletingLastPathComponent + "/energy"
                if let text = try? DataFile.readText(energyPath), let e = Double(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                    fileOptions.energy = e
                }
            }
            do {
                for result in try StructureFile.read(bytes, name: file.shown, options: fileOptions) {
                    switch result {
                    case .success(let s): structures.append(s)
                    case .failure(let e): problems.append(located(file.shown, e))
                    }
                }
            } catch let e as FormatError {
                problems.append(located(file.shown, e))
            }
        }
        return (structures, problems)
    }

    /// "FILE:LINE: message" (or "FILE: message").
    static func located(_ file: String, _ e: FormatError) -> String {
        file + (e.line.map { ":\($0)" } ?? "") + ": " + e.message
    }

    private static func glob(_ pattern: String) -> [String] {
        var g = glob_t()
        defer { globfree(&g) }
        guard Glibc.glob(pattern, 0, nil, &g) == 0 else { return [] }
        return (0..<Int(g.gl_pathc)).compactMap { g.gl_pathv[$0].map { String(cString: $0) } }.sorted()
    }
}
