// The shell's side of reading and writing data files: reads bounded by the
// session's memory limit, and the Formats target's errors turned into
// RuntimeErrors that name the file.
import Formats
import Language
import Numerics

extension DataFile {
    /// Bytes of memory per byte of a text file once parsed into values: a short CSV cell or JSON
    /// number ("1,") becomes a codec cell and a ce value of 24 bytes or more each.
    static let textExpansion = 32

    /// The bytes of the file at `path`, refused from its size when reading and decoding it would pass
    /// the memory limit; `expansion` is how many bytes of memory each byte of the file may become
    /// (text formats grow into trees of values).
    ///
    ///     let bytes = try DataFile.bounded("runs.json", shownAs: "runs.json", expansion: 48)
    static func bounded(_ path: String, shownAs name: String, expansion: Int = 1) throws -> [UInt8] {
        let limit = MemoryBudget.limit
        do {
            return try read(path, maxBytes: limit / max(expansion, 1))
        } catch let e as FileTooLarge {
            throw RuntimeError(MemoryLimitExceeded(what: "loading '\(name)' (\(MemoryBudget.describe(e.bytes)))",
                                                   bytes: MemoryBudget.product(e.bytes, expansion), limit: limit).description)
        } catch let e as FileError {
            throw RuntimeError.noInput("cannot read '\(name)': \(e.reason)")
        }
    }

    /// Writes `bytes` to `path`; a failure names the file as the user wrote it.
    static func write(_ bytes: [UInt8], to path: String, shownAs name: String) throws {
        do { try write(bytes, to: path) } catch let e as FileError {
            throw RuntimeError.cannotCreate("cannot write '\(name)': \(e.reason)")
        }
    }

    /// Runs `body`, turning a codec's error into "cannot VERB 'PATH': message".
    static func naming<T>(_ path: String, _ verb: String = "load", _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch var error as RuntimeError {
            error.message = "cannot \(verb) '\(path)': \(error.message)"
            throw error
        } catch let error as FormatError {
            throw RuntimeError("cannot \(verb) '\(path)': \(error)")
        } catch let error as MemoryLimitExceeded {
            throw RuntimeError("cannot \(verb) '\(path)': \(error)")
        }
    }
}
