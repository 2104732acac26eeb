// The ranks of an MPI job simulated by threads of one process (an in-memory
// allgather), so tests of distributedMap and its users run every rank at once.
import Foundation
import Numerics

/// Ranks of a job simulated in one process: `allgather` waits until every rank gave its bytes.
///
///     let perRank = SimulatedJob(size: 3).run { rank in distributedMap(5, ranks: rank) { $0 } }
public final class SimulatedJob: @unchecked Sendable {
    public let size: Int
    private let condition = NSCondition()
    private var slots: [[UInt8]]
    private var arrived = 0
    private var generation = 0
    private var delivered: [[UInt8]] = []

    public init(size: Int) {
        self.size = size
        slots = Array(repeating: [], count: size)
    }

    func allgather(rank: Int, _ bytes: [UInt8]) -> [[UInt8]] {
        condition.lock()
        defer { condition.unlock() }
        slots[rank] = bytes
        arrived += 1
        let mine = generation
        if arrived == size {
            delivered = slots
            arrived = 0
            generation += 1
            condition.broadcast()
        } else {
            while generation == mine { condition.wait() }
        }
        return delivered
    }

    /// One rank of the simulated job, its communicator.
    public final class Rank: RankCommunicator, @unchecked Sendable {
        let job: SimulatedJob
        public let rank: Int
        public var size: Int { job.size }
        init(_ job: SimulatedJob, _ rank: Int) { self.job = job; self.rank = rank }
        public func allgather(_ bytes: [UInt8]) -> [[UInt8]] { job.allgather(rank: rank, bytes) }
        public func abort(_ message: String, code: Int32) -> Never { preconditionFailure(message) }
    }

    /// Runs `body` once per rank, each on its own thread, and returns what each rank returned.
    public func run<T>(_ body: @escaping @Sendable (Rank) -> T) -> [T] {
        let results = ResultSlots<T>(count: size)
        let group = DispatchGroup()
        for r in 0..<size {
            let rank = Rank(self, r)
            group.enter()
            Thread.detachNewThread { [results] in
                results.set(r, body(rank))
                group.leave()
            }
        }
        group.wait()
        return results.values
    }
}

/// Values set from several threads, read once they are all set.
///
///     let slots = ResultSlots<Int>(count: 2); slots.set(1, 7)
public final class ResultSlots<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [T?]
    public init(count: Int) { slots = Array(repeating: nil, count: count) }
    public func set(_ i: Int, _ value: T) { lock.lock(); slots[i] = value; lock.unlock() }
    public var values: [T] { lock.lock(); defer { lock.unlock() }; return slots.map { $0! } }
}

