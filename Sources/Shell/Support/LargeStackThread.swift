// Runs the interpreter on a thread with a 512 MiB stack: the interpreter's
// recursion limits assume that much, and the main thread has only 8 MiB.
#if canImport(Glibc)
import Glibc
#endif

/// Runs a body on a fresh thread with a large stack and waits for its result.
///
///     let code = LargeStackThread.run { ShellMain.runScript(path) }
public enum LargeStackThread {
    /// The stack size the interpreter's depth limits are tuned for.
    public static let stackSize = 512 << 20

    private final class Job {
        let body: () -> Int32
        var result: Int32 = 0
        init(_ body: @escaping () -> Int32) { self.body = body }
    }

    /// Runs `body` on a thread with `stackSize` bytes of stack and returns its result.
    /// SIGINT is blocked on the calling thread meanwhile, so Ctrl-C interrupts the
    /// worker's blocking reads (readline needs that to redraw its prompt).
    public static func run(_ body: @escaping () -> Int32) -> Int32 {
        let job = Job(body)
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, stackSize)
        var thread = pthread_t()
        let context = Unmanaged.passRetained(job).toOpaque()
        let created = pthread_create(&thread, &attributes, { raw in
            let job = Unmanaged<Job>.fromOpaque(raw!).takeRetainedValue()
            job.result = job.body()
            return nil
        }, context)
        if created != 0 {
            // No thread: run here with the default stack rather than not at all.
            Unmanaged<Job>.fromOpaque(context).release()
            return body()
        }
        var blocked = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGINT)
        pthread_sigmask(SIG_BLOCK, &blocked, nil)
        pthread_join(thread, nil)
        return job.result
    }
}
