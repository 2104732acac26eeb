// Finds the real datasets in `shared/data` beside the repository clone, so the tests
// run from any checkout, and fails the test (rather than skipping it) when they are absent.
import Foundation
import Testing

enum SharedData {
    /// `<repo>/../shared/data`, found from this file's path (`<repo>/Tests/StructuresTests/SharedData.swift`).
    static let root: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/data").standardized.path

    /// The text of a dataset file, e.g. `try SharedData.text("lno/prim.json")`; fails the test when missing.
    static func text(_ relative: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> String {
        let path = "\(root)/\(relative)"
        let text = try? String(contentsOfFile: path, encoding: .utf8)
        return try #require(text, "shared dataset missing: \(path) (clone the data as ../shared/data beside the repository)",
                            sourceLocation: sourceLocation)
    }
}
