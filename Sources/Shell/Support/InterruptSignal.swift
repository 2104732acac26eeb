// Ctrl-C handling: the SIGINT handler only sets the interrupt flag that the
// interpreter and engine loops poll, so a command stops at a safe point.
import Numerics
#if canImport(Glibc)
import Glibc
#endif

/// Installs the SIGINT handler.
///
///     InterruptSignal.install(repeatable: false)   // scripts: a second Ctrl-C kills
public enum InterruptSignal {
    /// - Parameter repeatable: keep handling every Ctrl-C (the REPL); otherwise the
    ///   first one requests a clean stop and a second one ends the process at once,
    ///   in case a script is stuck where it does not poll.
    public static func install(repeatable: Bool) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in Interruption.request() }
        sigemptyset(&action.sa_mask)
        // No SA_RESTART: a blocked read returns EINTR, so readline sees the interrupt at once.
        action.sa_flags = repeatable ? 0 : Int32(bitPattern: UInt32(SA_RESETHAND))
        sigaction(SIGINT, &action, nil)
        // A parent may have started us with SIGINT blocked; threads created later inherit this.
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        sigaddset(&unblocked, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
    }
}
