// The Ctrl-C flag that long loops poll, so an interrupt stops a command at a
// safe point and leaves the session intact.
import Synchronization

/// A process-wide interrupt request, set by the shell's SIGINT handler.
///
///     while !Interruption.isRequested { sweep() }
public enum Interruption {
    private static let flag = Atomic<Bool>(false)

    /// Whether an interrupt was requested and not yet cleared.
    @inline(__always)
    public static var isRequested: Bool { flag.load(ordering: .relaxed) }

    /// Requests an interrupt (async-signal-safe: one atomic store).
    public static func request() { flag.store(true, ordering: .relaxed) }

    /// Clears the request, before a new statement runs.
    public static func clear() { flag.store(false, ordering: .relaxed) }
}
