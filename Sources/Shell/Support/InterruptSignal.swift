// Ctrl-C handling: the SIGINT handler (and under mpirun the SIGTERM one) only sets
// the interrupt flag that the interpreter and engine loops poll, so a command stops
// at a safe point.
import Numerics
#if canImport(Glibc)
import Glibc
#endif

/// Installs the handler that turns a signal into a stop at the next safe point.
///
///     InterruptSignal.install(repeatable: false)   // scripts: a second Ctrl-C kills
public enum InterruptSignal {
    /// - Parameter signal: SIGINT (Ctrl-C), or SIGTERM as mpirun passes Ctrl-C on.
    /// - Parameter repeatable: keep handling every Ctrl-C (the REPL); otherwise the
    ///   first one requests a clean stop and a second one ends the process at once,
    ///   in case a script is stuck where it does not poll.
    public static func install(_ signal: Int32 = SIGINT, repeatable: Bool) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in Interruption.request() }
        sigemptyset(&action.sa_mask)
        // No SA_RESTART: a blocked read returns EINTR, so readline sees the interrupt at once.
        action.sa_flags = repeatable ? 0 : Int32(bitPattern: UInt32(SA_RESETHAND))
        sigaction(signal, &action, nil)
        // A parent may have started us with the signal blocked; threads created later inherit this.
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        sigaddset(&unblocked, signal)
        pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
    }
}
