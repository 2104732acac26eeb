// Freeing values nested any depth without recursion. Swift frees an object's
// members from its deinit, so a chain a million links deep (`x = [x]` in a
// loop, a function whose default is the previous function, a closure over a
// frame that holds the previous closure) would free itself a million calls
// deep and overflow the stack. Every container of values (list, map, closure,
// frame) hands what it holds to this per-thread queue instead, and the
// outermost deinit frees the queue one object at a time.
#if canImport(Glibc)
import Glibc
#endif

/// The per-thread queue through which containers of values free what they hold.
///
///     deinit { DeepRelease.release(&items) }   // in a container of values
enum DeepRelease {
    /// Objects waiting to be dropped, and whether a deinit below on this thread is already dropping them.
    final class Queue {
        var pending: [AnyObject] = []
        var draining = false
    }

    /// The thread's queue, created on first use and freed when the thread ends.
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { raw in
            if let raw { Unmanaged<Queue>.fromOpaque(raw).release() }
        }
        return key
    }()

    static var queue: Queue {
        if let raw = pthread_getspecific(key) { return Unmanaged<Queue>.fromOpaque(raw).takeUnretainedValue() }
        let queue = Queue()
        pthread_setspecific(key, Unmanaged.passRetained(queue).toOpaque())
        return queue
    }

    /// Empties `values`; the containers among them are freed from the queue, not from the caller's stack.
    @inline(__always)
    static func release(_ values: inout [Value]) {
        guard values.contains(where: \.isContainer) else { return }
        let queue = self.queue
        for v in values { if let object = v.container { queue.pending.append(object) } }
        values = []
        drain(queue)
    }

    /// As `release` for optional values (a closure's defaults).
    static func release(_ values: inout [Value?]) {
        guard values.contains(where: { $0?.isContainer == true }) else { return }
        let queue = self.queue
        for v in values { if let object = v?.container { queue.pending.append(object) } }
        values = []
        drain(queue)
    }

    /// Drops the queued objects one by one; each one's deinit queues what it held, at this same depth.
    static func drain(_ queue: Queue) {
        guard !queue.draining else { return }
        queue.draining = true
        while let next = queue.pending.popLast() { _ = next }
        queue.draining = false
        // A long chain leaves a large buffer behind; give it back.
        if queue.pending.capacity > 4096 { queue.pending = [] }
    }
}

extension Value {
    /// Whether the value is a list, map, function or engine object: one that can hold further values.
    @inline(__always)
    var isContainer: Bool {
        switch self {
        case .list, .map, .function, .object: return true
        default: return false
        }
    }

    /// The object of a list, map, function or engine object (what can hold further values); nil for the rest.
    @inline(__always)
    var container: AnyObject? {
        switch self {
        case .list(let l): return l
        case .map(let m): return m
        case .function(let f): return f
        case .object(let o): return o
        default: return nil
        }
    }
}
