// Process exit codes (BSD sysexits), shared by every command of `ce`.

/// The exit codes `ce` uses.
public enum ExitStatus {
    public static let ok: Int32 = 0
    /// A transcript differs from its replay.
    public static let checkFailed: Int32 = 1
    /// Bad command-line usage.
    public static let usage: Int32 = 64
    /// The source does not parse.
    public static let syntax: Int32 = 65
    /// A file to read does not exist or cannot be read.
    public static let noInput: Int32 = 66
    /// A runtime error.
    public static let runtime: Int32 = 70
    /// An output file cannot be written.
    public static let cannotCreate: Int32 = 73
    /// Stopped by Ctrl-C.
    public static let interrupted: Int32 = 130
}
