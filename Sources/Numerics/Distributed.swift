// Spreading independent tasks over the ranks of an MPI job (and each rank's share
// over its threads), then gathering every result on every rank in task order, so
// a script continues on each rank as if it had run alone. No I/O here: the
// communicator (Open MPI, loaded by the shell) is installed from outside.
import Synchronization

/// The processes of one job and the one collective tasks need: every rank's bytes to every rank.
///
///     let blobs = Ranks.current.allgather([1, 2, 3])   // blobs[r] is what rank r gave
public protocol RankCommunicator: AnyObject, Sendable {
    /// This process's rank, 0..<size.
    var rank: Int { get }
    /// The number of ranks (1 without MPI).
    var size: Int { get }
    /// Gives `bytes` to every rank and returns what each rank gave, in rank order.
    func allgather(_ bytes: [UInt8]) -> [[UInt8]]
    /// Ends every rank of the job at once with `message` (written by this rank) and exit `code`.
    func abort(_ message: String, code: Int32) -> Never
}

/// The job this process belongs to: one rank of one unless the shell installed an MPI communicator.
///
///     if Ranks.current.rank == 0 { print(table) }     // only rank 0 prints
public enum Ranks {
    private static let installed = Mutex<RankCommunicator>(SingleProcess())

    /// The communicator parallel commands spread their tasks over.
    public static var current: RankCommunicator { installed.withLock { $0 } }

    /// Whether this process is the one that prints, writes files and draws pictures (rank 0).
    public static var isLeader: Bool { current.rank == 0 }

    /// Installs the communicator of an MPI job (once, at start-up).
    public static func install(_ communicator: RankCommunicator) { installed.withLock { $0 = communicator } }

    /// One process: its own bytes come back.
    final class SingleProcess: RankCommunicator {
        var rank: Int { 0 }
        var size: Int { 1 }
        func allgather(_ bytes: [UInt8]) -> [[UInt8]] { [bytes] }
        func abort(_ message: String, code: Int32) -> Never { preconditionFailure(message) }
    }
}

/// Which of `count` tasks a rank runs: a contiguous block, the first `count % size` ranks one more.
/// Ranks beyond the task count get none and idle.
///
///     TaskShare(count: 10, rank: 1, size: 4).tasks    // 3..<6
public struct TaskShare: Equatable, Sendable {
    public let tasks: Range<Int>

    public init(count: Int, rank: Int, size: Int) {
        let base = count / size, extra = count % size
        let start = rank * base + min(rank, extra)
        tasks = start..<(start + base + (rank < extra ? 1 : 0))
    }
}

/// A value a task result can be sent as between ranks, bit for bit.
///
///     extension Point: RankPortable {
///         func write(to out: inout RankBytes) { out.append(x); out.append(y) }
///         init(from input: inout RankBytes.Reader) throws { x = try input.double(); y = try input.double() }
///     }
public protocol RankPortable {
    func write(to out: inout RankBytes)
    init(from input: inout RankBytes.Reader) throws
}

/// The bytes a rank sends: integers, doubles by bit pattern, strings as UTF-8 with their length.
///
///     var out = RankBytes(); out.append(2.5); out.append([1, 2])
public struct RankBytes {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public mutating func append(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
    public mutating func append(_ value: Int) { append(UInt64(bitPattern: Int64(value))) }
    public mutating func append(_ value: Double) { append(value.bitPattern) }
    public mutating func append(_ value: Bool) { bytes.append(value ? 1 : 0) }
    public mutating func append(_ value: String) {
        let utf8 = Array(value.utf8)
        append(utf8.count)
        bytes.append(contentsOf: utf8)
    }
    public mutating func append(_ values: [Double]) { append(values.count); for v in values { append(v) } }
    public mutating func append(_ values: [Int]) { append(values.count); for v in values { append(v) } }
    /// Raw bytes with their length, one byte each (not widened as `[Int]` would be).
    public mutating func append(bytes values: [UInt8]) { append(values.count); bytes.append(contentsOf: values) }

    /// Reads back what `RankBytes` wrote, in the same order; short or malformed input throws.
    public struct Reader {
        let bytes: [UInt8]
        var offset = 0

        public init(_ bytes: [UInt8]) { self.bytes = bytes }

        public var isAtEnd: Bool { offset == bytes.count }

        public mutating func uint64() throws -> UInt64 {
            guard bytes.count - offset >= 8 else { throw RankTransferError("a result from another rank ends early") }
            var value: UInt64 = 0
            for k in 0..<8 { value |= UInt64(bytes[offset + k]) << (8 * UInt64(k)) }
            offset += 8
            return value
        }
        public mutating func int() throws -> Int { Int(Int64(bitPattern: try uint64())) }
        public mutating func double() throws -> Double { Double(bitPattern: try uint64()) }
        public mutating func bool() throws -> Bool {
            guard offset < bytes.count else { throw RankTransferError("a result from another rank ends early") }
            offset += 1
            return bytes[offset - 1] != 0
        }
        /// A length read back, checked against the bytes left at `width` bytes an element, so a bad
        /// length throws before anything is allocated for it.
        public mutating func count(width: Int = 1) throws -> Int {
            let n = try int()
            guard n >= 0, n <= (bytes.count - offset) / width else { throw RankTransferError("a result from another rank has a bad length \(n)") }
            return n
        }
        public mutating func string() throws -> String {
            let n = try count()
            defer { offset += n }
            return String(decoding: bytes[offset..<(offset + n)], as: UTF8.self)
        }
        public mutating func doubles() throws -> [Double] { try (0..<count(width: 8)).map { _ in try double() } }
        public mutating func ints() throws -> [Int] { try (0..<count(width: 8)).map { _ in try int() } }
        /// What `append(bytes:)` wrote.
        public mutating func byteArray() throws -> [UInt8] {
            let n = try count()
            defer { offset += n }
            return Array(bytes[offset..<(offset + n)])
        }
    }
}

/// Results that did not arrive as sent, or ranks that asked for different work.
public struct RankTransferError: UserFacingError {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A task's error as another rank reported it: the same message, so every rank prints the same words.
public struct RemoteTaskError: UserFacingError {
    public let description: String
}

extension Result: RankPortable where Success: RankPortable, Failure == Error {
    public func write(to out: inout RankBytes) {
        switch self {
        case .success(let value): out.append(true); value.write(to: &out)
        case .failure(let error): out.append(false); out.append(String(describing: error))
        }
    }

    public init(from input: inout RankBytes.Reader) throws {
        if try input.bool() { self = .success(try Success(from: &input)) } else {
            self = .failure(RemoteTaskError(description: try input.string()))
        }
    }
}

/// A number sent bit for bit (NaN payloads and -0 included).
extension Double: RankPortable {
    public func write(to out: inout RankBytes) { out.append(self) }
    public init(from input: inout RankBytes.Reader) throws { self = try input.double() }
}

extension Optional: RankPortable where Wrapped: RankPortable {
    public func write(to out: inout RankBytes) {
        out.append(self != nil)
        if let value = self { value.write(to: &out) }
    }

    public init(from input: inout RankBytes.Reader) throws {
        self = try input.bool() ? try Wrapped(from: &input) : nil
    }
}

extension Array: RankPortable where Element: RankPortable {
    public func write(to out: inout RankBytes) {
        out.append(count)
        for e in self { e.write(to: &out) }
    }

    public init(from input: inout RankBytes.Reader) throws {
        let n = try input.count()
        self = try (0..<n).map { _ in try Element(from: &input) }
    }
}

/// Maps `body` over `0..<count` spread over the job's ranks (each rank's share on up to `threads`
/// threads) and returns every result, in task order, on every rank. With one rank it is
/// `parallelMap`. `alongside`, if given, runs on every rank as one more local task (work each rank
/// needs whole, such as the final fit beside its cross-validation splits).
///
///     let scores = distributedMap(splits.count) { t in Result { try score(split: t) } }
public func distributedMap<T: RankPortable>(_ count: Int, threads: Int = Threads.count,
                                            ranks: RankCommunicator = Ranks.current,
                                            alongside: (() -> Void)? = nil, _ body: (Int) -> T) -> [T] {
    let share = TaskShare(count: count, rank: ranks.rank, size: ranks.size).tasks
    // The task past the share, if any, is `alongside`'s; its nil is the only one dropped.
    let mine = parallelMap(share.count + (alongside == nil ? 0 : 1), threads: threads) { t -> T? in
        if t == share.count { alongside?(); return nil }
        return body(share.lowerBound + t)
    }.compactMap { $0 }
    if ranks.size == 1 { return mine }
    return gatherInTaskOrder(mine, count: count, fingerprint: 0, ranks: ranks) {
        Array(TaskShare(count: count, rank: $0, size: ranks.size).tasks)
    }
}

/// Which rank runs each of a list of tasks of unequal cost: the tasks with a cost estimate largest
/// first (equal costs in task order), each to the rank with the least cost so far (equal loads to
/// the lowest rank); the tasks without one (nil, or not a finite cost >= 0) round robin in task
/// order. It depends on the costs alone, so every rank finds the same owners.
///
///     CostedShare(costs: [5, 1, 3, nil, 2], size: 2).owner    // [0, 0, 1, 0, 1]
public struct CostedShare: Equatable, Sendable {
    /// The rank that runs each task.
    public let owner: [Int]
    /// The estimated cost each rank runs (tasks without an estimate count nothing).
    public let loads: [Double]

    public init(costs: [Double?], size: Int) {
        let size = max(size, 1)
        var owner = [Int](repeating: 0, count: costs.count)
        var loads = [Double](repeating: 0, count: size)
        let known = costs.indices.compactMap { t -> (task: Int, cost: Double)? in
            guard let c = costs[t], c.isFinite, c >= 0 else { return nil }
            return (t, c)
        }.sorted { $0.cost != $1.cost ? $0.cost > $1.cost : $0.task < $1.task }
        for (t, c) in known {
            // The least-loaded rank, the lowest of equals: a scan, as ranks are few beside tasks.
            var least = 0
            for r in 1..<size where loads[r] < loads[least] { least = r }
            owner[t] = least
            loads[least] += c
        }
        var next = 0
        for t in costs.indices where !(costs[t].map { $0.isFinite && $0 >= 0 } ?? false) {
            owner[t] = next % size
            next += 1
        }
        self.owner = owner
        self.loads = loads
    }

    /// The tasks `rank` runs, in task order.
    public func tasks(of rank: Int) -> [Int] { owner.indices.filter { owner[$0] == rank } }
}

/// Maps `body` over the tasks `0..<costs.count` spread over the job's ranks by their estimated
/// costs (`CostedShare`: largest first to the least-loaded rank; tasks with a nil cost round
/// robin), each rank's share over up to `threads` threads the same way, and returns every result,
/// in task order, on every rank: the same as one process on one thread when each task keeps its own
/// seeded stream. For tasks as unequal as an enumeration's superlattices, where equal blocks of
/// tasks would leave most ranks waiting on the one with the largest cells.
///
///     let chunks = distributedMap(costs: cells.map { Double($0.decorations) }) { t in Result { try enumerate(cells[t]) } }
public func distributedMap<T: RankPortable>(costs: [Double?], threads: Int = Threads.count,
                                            ranks: RankCommunicator = Ranks.current, _ body: (Int) -> T) -> [T] {
    let share = CostedShare(costs: costs, size: ranks.size)
    let local = ranks.size == 1 ? Array(costs.indices) : share.tasks(of: ranks.rank)
    let workers = min(max(1, threads), local.count)
    var mine: [T]
    if workers <= 1 {
        mine = local.map(body)
    } else {
        let perThread = CostedShare(costs: local.map { costs[$0] }, size: workers)
        let lists = (0..<workers).map { perThread.tasks(of: $0) }
        let done = parallelMap(workers, threads: workers) { w in lists[w].map { (slot: $0, value: body(local[$0])) } }
        var slots = [T?](repeating: nil, count: local.count)
        for (slot, value) in done.joined() { slots[slot] = value }
        // Every local slot belongs to exactly one thread's list, so none is nil.
        mine = slots.compactMap { $0 }
    }
    if ranks.size == 1 { return mine }
    // Ranks that disagree on the costs would disagree on the owners: their bit patterns are checked.
    var fingerprint: UInt64 = 0xcbf2_9ce4_8422_2325
    for c in costs {
        fingerprint = (fingerprint ^ (c.map { $0.bitPattern } ?? 0x7ff4_0000_0000_0001)) &* 0x100_0000_01b3
    }
    return gatherInTaskOrder(mine, count: costs.count, fingerprint: fingerprint, ranks: ranks) { share.tasks(of: $0) }
}

/// Every rank's results put in task order on every rank: `mine` are this rank's, for the tasks
/// `tasks(rank)` names, in that order. A rank that ran a different command (another count or
/// fingerprint) or sent malformed results ends the job.
private func gatherInTaskOrder<T: RankPortable>(_ mine: [T], count: Int, fingerprint: UInt64, ranks: RankCommunicator,
                                                tasks: (Int) -> [Int]) -> [T] {
    var out = RankBytes()
    out.append(count)
    out.append(fingerprint)
    for result in mine { result.write(to: &out) }
    let blobs = ranks.allgather(out.bytes)
    var results = [T?](repeating: nil, count: count)
    for (rank, blob) in blobs.enumerated() {
        var input = RankBytes.Reader(blob)
        do {
            let theirs = try input.int()
            guard theirs == count else {
                throw RankTransferError("rank \(rank) ran a parallel command of \(theirs) tasks where rank \(ranks.rank) ran one of \(count): the ranks' scripts diverged")
            }
            guard try input.uint64() == fingerprint else {
                throw RankTransferError("rank \(rank) ran a parallel command with other task costs than rank \(ranks.rank): the ranks' scripts diverged")
            }
            for t in tasks(rank) { results[t] = try T(from: &input) }
            guard input.isAtEnd else { throw RankTransferError("rank \(rank) sent more results than its share") }
        } catch {
            ranks.abort("ce: rank \(ranks.rank) of \(ranks.size): \(error)", code: 70)
        }
    }
    // Every task has one owner among the ranks, so every slot was filled above.
    return results.compactMap { $0 }
}

/// An error a rank can send to the others and they rebuild as the same error, so a failure on one
/// rank reads the same on every rank.
///
///     extension FileError: RankPortableError { ... }   // write(to:) and init(from:)
public protocol RankPortableError: Error, RankPortable {}

extension Ranks {
    /// Runs `write` on rank 0 alone, once every rank has come to it, then tells every rank how it
    /// went. Rank 0 so never replaces a file another rank is still reading from before, and the ranks
    /// continue only once the file is written, so a rank reading it next finds it whole; a failed
    /// write fails every rank with rank 0's error (rebuilt as itself when its type is among
    /// `rebuilding`, else as a `RemoteTaskError` with the same words). A collective: every rank must
    /// call it, in the same order. With one rank it is `write()`.
    ///
    ///     try Ranks.leaderWrites(rebuilding: [FileError.self]) { try writeHere(bytes, to: path) }
    public static func leaderWrites(rebuilding kinds: [any RankPortableError.Type] = [], ranks: RankCommunicator = current,
                                    _ write: () throws -> Void) throws {
        guard ranks.size > 1 else { return try write() }
        _ = ranks.allgather([])
        var out = RankBytes()
        var failure: Error?
        if ranks.rank == 0 {
            do { try write(); out.append(-1) } catch {
                failure = error
                let portable = error as? any RankPortableError
                if let portable, let kind = kinds.firstIndex(where: { ObjectIdentifier($0) == ObjectIdentifier(type(of: portable)) }) {
                    out.append(kind)
                    portable.write(to: &out)
                } else {
                    out.append(kinds.count)
                    out.append(String(describing: error))
                }
            }
        }
        let outcome = ranks.allgather(out.bytes)[0]
        if let failure { throw failure }
        var input = RankBytes.Reader(outcome)
        let rebuilt: Error
        do {
            let kind = try input.int()
            guard kind >= 0 else { return }
            if kind < kinds.count {
                rebuilt = try kinds[kind].init(from: &input)
            } else {
                guard kind == kinds.count else { throw RankTransferError("rank 0 reported a write's outcome as kind \(kind)") }
                rebuilt = RemoteTaskError(description: try input.string())
            }
        } catch {
            ranks.abort("ce: rank \(ranks.rank) of \(ranks.size): \(error)", code: 70)
        }
        throw rebuilt
    }
}

/// A stream's state travels between ranks, so a task resumed on another rank draws on as it would have.
extension RandomStream: RankPortable {
    public func write(to out: inout RankBytes) {
        out.append(s0); out.append(s1); out.append(s2); out.append(s3)
    }

    public init(from input: inout RankBytes.Reader) throws {
        self.init(seed: 0)
        s0 = try input.uint64(); s1 = try input.uint64(); s2 = try input.uint64(); s3 = try input.uint64()
        guard s0 | s1 | s2 | s3 != 0 else { throw RankTransferError("a random stream from another rank is all zero") }
    }
}
