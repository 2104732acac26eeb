// The version `ce --version` prints and transcript headers record.

/// The shell's version.
///
///     print("ce \(ShellVersion.current)")
public enum ShellVersion {
    public static let current = "0.1.0"
}
