// Reading source files for `use`: the only file access of the language.
import Foundation

/// The file's text, or nil when it cannot be read as UTF-8.
func readFile(_ path: String) -> String? {
    try? String(contentsOfFile: path, encoding: .utf8)
}

/// An absolute path without `.` and `..`, so one file is used once.
func canonicalPath(_ path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
}
