// The memory check for values whose size the user chooses: a list of n
// values, a range expanded, a string grown. One place, over MemoryBudget,
// so `range(0, 10^9)` says what it would need instead of ending the process.
import Numerics

/// Checks that lists and strings of a given size fit the session's memory limit.
///
///     try ValueBudget.checkList(n, "rand")   // rand: a list of 1000000000 values would need 32 GB of memory, ...
public enum ValueBudget {
    /// Bytes a list element takes, with room for the growth of the list's storage.
    static let bytesPerElement = 2 * MemoryLayout<Value>.stride

    /// Whether a list of `count` values fits the memory limit.
    public static func listFits(_ count: Int) -> Bool { MemoryBudget.product(count, bytesPerElement) <= MemoryBudget.limit }

    /// What a list of `count` values would need: "a list of N values would need X of memory, more than ...".
    public static func listTooLarge(_ count: Int) -> MemoryLimitExceeded {
        MemoryLimitExceeded(what: "a list of \(count) values", bytes: MemoryBudget.product(count, bytesPerElement), limit: MemoryBudget.limit)
    }

    /// Throws a RuntimeError unless a list of `count` values fits the memory limit.
    public static func checkList(_ count: Int, _ callee: String) throws {
        if !listFits(count) {
            let e = listTooLarge(count)
            throw RuntimeError(callee.isEmpty ? e.description : "\(callee): \(e)")
        }
    }

    /// Whether one more element can be appended to a list of `count` (a cheap test for loops that grow a list).
    @inline(__always)
    static func canGrow(_ count: Int) -> Bool { count < MemoryBudget.limit / bytesPerElement }

    /// Bytes a map entry takes: its key and value, and the key again with its position in the hash index,
    /// with room for growth.
    static let bytesPerMapEntry = 2 * (2 * MemoryLayout<MapKey>.stride + MemoryLayout<Value>.stride + MemoryLayout<Int>.stride)

    /// Whether one more entry can be added to a map of `count` (the cheap test before each new key).
    @inline(__always)
    static func mapCanGrow(_ count: Int) -> Bool { count < MemoryBudget.limit / bytesPerMapEntry }

    /// Throws a RuntimeError unless a map of `count` entries fits the memory limit.
    static func checkMap(_ count: Int) throws {
        let bytes = MemoryBudget.product(count, bytesPerMapEntry)
        if bytes > MemoryBudget.limit {
            throw RuntimeError(MemoryLimitExceeded(what: "a map of \(count) entries", bytes: bytes, limit: MemoryBudget.limit).description)
        }
    }

    /// Throws a RuntimeError unless a string of `bytes` UTF-8 bytes fits the memory limit.
    public static func checkString(bytes: Int) throws {
        if MemoryBudget.product(bytes, 2) > MemoryBudget.limit {
            throw RuntimeError(MemoryLimitExceeded(what: "a string of \(bytes) bytes", bytes: MemoryBudget.product(bytes, 2),
                                                   limit: MemoryBudget.limit).description)
        }
    }
}
