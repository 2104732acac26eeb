// Finds the folder of library code written in ce (stdlib/prelude.ce and friends).

/// Where `stdlib/` is: `$CE_STDLIB`, else beside the executable's source tree
/// (`<repo>/.build/<config>/ce` finds `<repo>/stdlib`), else an install prefix
/// (`<prefix>/bin/ce` finds `<prefix>/share/ce/stdlib`).
///
///     if let dir = StdlibLocator.directory { ... dir + "/prelude.ce" ... }
public enum StdlibLocator {
    /// The stdlib folder, or nil when none is found.
    public static var directory: String? {
        if let configured = FileSystem.environment("CE_STDLIB") { return configured }
        guard let executable = FileSystem.executablePath else { return nil }
        return search(from: FileSystem.directory(of: executable))
    }

    /// Looks in `start` and up to five of its parents for `stdlib/prelude.ce`
    /// or `share/ce/stdlib/prelude.ce`.
    static func search(from start: String) -> String? {
        var folder = start
        for _ in 0..<6 {
            for candidate in [folder + "/stdlib", folder + "/share/ce/stdlib"]
            where FileSystem.exists(candidate + "/prelude.ce") {
                return candidate
            }
            let parent = FileSystem.directory(of: folder)
            if parent == folder { break }
            folder = parent
        }
        return nil
    }
}
