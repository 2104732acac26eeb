// The one place a size that comes from the user is checked before memory is
// allocated for it: an estimate of the bytes against the session's limit
// (`ce --memory`, by default a share of the machine's memory), so a command
// asked for 10^9 chains says how much that would need instead of aborting.
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// The memory limit of the process and the check every user-sized allocation makes against it.
///
///     try MemoryBudget.check(count: chains, bytesEach: steps * dimension * 8, for: "sample: \(chains) chains")
///     // sample: 1000000000 chains would need 7.5 TB of memory, more than the limit of 18 GB (ce --memory)
public enum MemoryBudget {
    /// The limit set by `setLimit`, or -1 for the default.
    private static let bytes = Atomic<Int>(-1)

    /// The limit in bytes: as set (`ce --memory`), else `defaultLimit`.
    public static var limit: Int {
        let set = bytes.load(ordering: .relaxed)
        return set >= 0 ? set : defaultLimit
    }

    /// Sets the limit; nil goes back to the default.
    public static func setLimit(_ newLimit: Int?) { bytes.store(newLimit.map { max($0, 0) } ?? -1, ordering: .relaxed) }

    /// Three quarters of physical memory, and at most half of the address-space and data limits
    /// (`ulimit -v`, `ulimit -d`), which also hold code, stacks and the allocator's slack.
    public static let defaultLimit: Int = {
        var limit = Int.max
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), pageSize = sysconf(Int32(_SC_PAGESIZE))
        if pages > 0 && pageSize > 0 { limit = product(pages, pageSize) / 4 * 3 }
        for resource in [RLIMIT_AS, RLIMIT_DATA] {
            var r = rlimit()
            if getrlimit(__rlimit_resource_t(resource.rawValue), &r) == 0 && r.rlim_cur != rlim_t.max {
                limit = min(limit, Int(clamping: r.rlim_cur / 2))
            }
        }
        return limit
    }()

    /// Throws `MemoryLimitExceeded` when `needed` bytes are more than the limit.
    public static func check(_ needed: Int, for what: @autoclosure () -> String) throws {
        let limit = self.limit
        if needed > limit { throw MemoryLimitExceeded(what: what(), bytes: needed, limit: limit) }
    }

    /// Checks `count` items of `bytesEach` bytes (the product saturates instead of overflowing).
    public static func check(count: Int, bytesEach: Int, for what: @autoclosure () -> String) throws {
        try check(product(count, bytesEach), for: what())
    }

    /// `a × b`, or `Int.max` when that overflows (a size that large is over any limit).
    public static func product(_ a: Int, _ b: Int) -> Int {
        let (p, overflow) = max(a, 0).multipliedReportingOverflow(by: max(b, 0))
        return overflow ? .max : p
    }

    /// `a + b`, or `Int.max` when that overflows.
    public static func sum(_ a: Int, _ b: Int) -> Int {
        let (s, overflow) = a.addingReportingOverflow(b)
        return overflow ? .max : s
    }

    /// A size as `--memory` takes it: bytes, or a number with k, M, G or T (powers of 1000, as `describe`
    /// prints) or Ki, Mi, Gi, Ti (powers of 1024), an optional trailing B; nil when it is not one.
    ///
    ///     MemoryBudget.parse("4G")     // 4000000000
    ///     MemoryBudget.parse("1.5GiB") // 1610612736
    public static func parse(_ text: String) -> Int? {
        var body = Substring(text).drop { $0 == " " }
        if body.hasSuffix("B") || body.hasSuffix("b") { body = body.dropLast() }
        var base = 1000.0
        if body.hasSuffix("i") { base = 1024; body = body.dropLast() }
        let powers: [Character: Double] = ["k": 1, "K": 1, "M": 2, "G": 3, "T": 4]
        var scale = 1.0
        if let last = body.last, let power = powers[last] { scale = pow(base, power); body = body.dropLast() }
        else if base == 1024 { return nil }
        guard let number = Double(body), number.isFinite, number >= 0 else { return nil }
        let bytes = (number * scale).rounded()
        return bytes < 9e18 ? Int(bytes) : nil
    }

    /// A byte count as people read it: "512 B", "3.2 MB", "7.5 TB" (powers of 1000, as `ls -h --si`).
    public static func describe(_ bytes: Int) -> String {
        if bytes == .max { return "more than 9.2 EB" }
        let units = ["B", "kB", "MB", "GB", "TB", "PB", "EB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 999.5 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        if unit == 0 { return "\(bytes) B" }
        let rounded = value < 9.95 ? (value * 10).rounded() / 10 : value.rounded()
        let text = rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
        return text + " " + units[unit]
    }
}

/// A request for more memory than the session's limit allows.
public struct MemoryLimitExceeded: UserFacingError, CustomStringConvertible, Sendable {
    /// What asked for the memory, e.g. "sample: 1000000000 chains".
    public let what: String
    public let bytes: Int
    public let limit: Int

    public init(what: String, bytes: Int, limit: Int) {
        self.what = what
        self.bytes = bytes
        self.limit = limit
    }

    public var description: String {
        "\(what) would need \(MemoryBudget.describe(bytes)) of memory, more than the limit of "
            + "\(MemoryBudget.describe(limit)) (ce --memory)"
    }
}
