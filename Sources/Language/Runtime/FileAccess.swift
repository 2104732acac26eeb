// Reading source files for `use`: the only file access of the language.
import Formats
import Foundation
import Numerics

/// The file's text; a device, a binary file or one over the memory limit is refused with the reason.
func readSourceFile(_ path: String) throws -> String {
    do {
        return try DataFile.readText(path, maxBytes: MemoryBudget.limit)
    } catch let e as FileError {
        throw RuntimeError.noInput("cannot read \(e)")
    } catch let e as FileTooLarge {
        throw RuntimeError(MemoryLimitExceeded(what: "reading '\(e.path)'", bytes: e.bytes, limit: e.limit).description)
    }
}

/// An absolute path without `.` and `..`, so one file is used once.
func canonicalPath(_ path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
}
