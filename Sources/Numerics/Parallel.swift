// Running independent tasks (chains, splits, stoichiometries) on several
// threads with results in task order, so output never depends on threads.
import Dispatch
import Synchronization

/// The number of worker threads parallel commands may use (`CE_THREADS`, `--threads`).
///
///     Threads.count = 2                                  // the process setting (ce --threads 2)
///     Threads.with(1) { minimizeMultiStart(...) }        // one thread, for this call only
public enum Threads {
    private static let configured = Atomic<Int>({
        if let text = getenvString("CE_THREADS"), let n = Int(text), n > 0 { return n }
        return 1
    }())

    /// A count for the calls inside `with` only: other threads, and tests running beside them, keep theirs.
    @TaskLocal private static var scoped: Int?

    /// Worker threads for parallel commands (at least 1): the innermost `with`, else the process setting.
    public static var count: Int {
        get { scoped ?? configured.load(ordering: .relaxed) }
        set { configured.store(max(1, newValue), ordering: .relaxed) }
    }

    /// Runs `body` with `count` worker threads for the calls it makes on this thread.
    public static func with<T>(_ count: Int, _ body: () throws -> T) rethrows -> T {
        try $scoped.withValue(max(1, count)) { try body() }
    }
}

/// Maps `body` over `0..<count` on up to `Threads.count` threads; results come back in index order.
///
///     let means = parallelMap(4) { chain in runChain(seed: 7, stream: UInt64(chain)) }
public func parallelMap<T>(_ count: Int, threads: Int = Threads.count, _ body: (Int) -> T) -> [T] {
    if count <= 0 { return [] }
    let workers = min(max(1, threads), count)
    if workers == 1 { return (0..<count).map(body) }
    return withoutActuallyEscaping(body) { body in
        let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer { results.deinitialize(); results.deallocate() }
        let box = UnsafeSendableBox(results: results, body: body)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var i = worker
            while i < count {
                box.results[i] = box.body(i)
                i += workers
            }
        }
        // Every index was written above, so each slot holds a value.
        return results.map { $0.unsafelyUnwrapped }
    }
}

private struct UnsafeSendableBox<T>: @unchecked Sendable {
    let results: UnsafeMutableBufferPointer<T?>
    let body: (Int) -> T
}

#if canImport(Glibc)
import Glibc
#endif
func getenvString(_ name: String) -> String? {
    guard let p = getenv(name) else { return nil }
    return String(cString: p)
}
