// distributedMap over ranks simulated by threads of one process (an in-memory
// allgather): every rank ends with every result in task order, the same as one
// rank on one thread, for any number of ranks and threads, idle ranks included.
import Foundation
import Testing
import PeerSupport
@testable import Numerics

/// A task result with the values that break a careless encoding: NaN, -0, infinities, text.
private struct Outcome: RankPortable, Equatable {
    var index: Int
    var values: [Double]
    var label: String

    func write(to out: inout RankBytes) { out.append(index); out.append(values); out.append(label) }
    init(index: Int, values: [Double], label: String) { self.index = index; self.values = values; self.label = label }
    init(from input: inout RankBytes.Reader) throws {
        index = try input.int(); values = try input.doubles(); label = try input.string()
    }

    static func == (a: Outcome, b: Outcome) -> Bool {
        a.index == b.index && a.label == b.label && a.values.map(\.bitPattern) == b.values.map(\.bitPattern)
    }
}

/// Task t's outcome from its own seeded stream; every fifth task fails with a message.
private func task(_ t: Int) -> Result<Outcome, Error> {
    if t % 5 == 4 { return .failure(RankTransferError("task \(t) failed: Δ < 0")) }
    var rng = RandomStream(seed: 11, stream: UInt64(t))
    let values = (0..<(t % 4)).map { _ in rng.uniform() } + [.nan, -0.0, .infinity, -.infinity]
    return .success(Outcome(index: t, values: values, label: "task \(t) µ"))
}

private func describe(_ results: [Result<Outcome, Error>]) -> [String] {
    results.map { r in
        switch r {
        case .success(let o): return "\(o.index) \(o.values.map(\.bitPattern)) \(o.label)"
        case .failure(let e): return "error: \(e)"
        }
    }
}

@Suite struct DistributedTests {
    @Test func sharesCoverEveryTaskOnceInRankOrder() {
        for count in 0...23 {
            for size in 1...9 {
                let shares = (0..<size).map { TaskShare(count: count, rank: $0, size: size).tasks }
                #expect(shares.flatMap { Array($0) } == Array(0..<count), "count \(count) size \(size)")
                let lengths = shares.map(\.count)
                #expect((lengths.max() ?? 0) - (lengths.min() ?? 0) <= 1, "balanced: \(lengths)")
                if size > count { #expect(shares.suffix(size - count).allSatisfy { $0.isEmpty }, "extra ranks idle") }
            }
        }
        #expect(TaskShare(count: 10, rank: 1, size: 4).tasks == 3..<6)
    }

    @Test func everyRankHoldsTheOneThreadResultsInTaskOrder() {
        let count = 13
        let serial = describe(Threads.with(1) { (0..<count).map(task) })
        for size in [1, 2, 3, 4, 13, 20] {
            for threads in [1, 3] {
                let perRank = SimulatedJob(size: size).run { rank in
                    describe(distributedMap(count, threads: threads, ranks: rank) { task($0) })
                }
                for (r, results) in perRank.enumerated() {
                    #expect(results == serial, "rank \(r) of \(size), \(threads) threads")
                }
            }
        }
        #expect(serial.contains("error: task 4 failed: Δ < 0"), "errors arrive with their message")
    }

    @Test func costedShareCoversEveryTaskOnceAndBalancesTheCost() {
        #expect(CostedShare(costs: [5, 1, 3, nil, 2], size: 2).owner == [0, 0, 1, 0, 1])
        #expect(CostedShare(costs: [5, 1, 3, nil, 2], size: 2).loads == [6, 5])
        // No estimate (nil, NaN, negative): round robin in task order.
        #expect(CostedShare(costs: [nil, .nan, -1, nil, nil], size: 2).owner == [0, 1, 0, 1, 0])
        var rng = RandomStream(seed: 5)
        for count in [0, 1, 3, 17, 60] {
            // Costs as skewed as an enumeration's: a few tasks far larger than the rest.
            let costs: [Double?] = (0..<count).map { t in t % 7 == 3 ? nil : pow(10, 4 * rng.uniform()) }
            for size in 1...9 {
                let share = CostedShare(costs: costs, size: size)
                #expect(share.owner.allSatisfy { (0..<size).contains($0) })
                let lists = (0..<size).map { share.tasks(of: $0) }
                #expect(lists.flatMap { $0 }.sorted() == Array(0..<count), "every task once: count \(count) size \(size)")
                #expect(lists.allSatisfy { $0 == $0.sorted() }, "each rank's tasks in task order")
                let known = costs.compactMap { $0 }
                let recounted = (0..<size).map { r in lists[r].reduce(0.0) { $0 + (costs[$1] ?? 0) } }
                #expect(zip(recounted, share.loads).allSatisfy { abs($0 - $1) <= 1e-9 * max(1, $0) })
                // Largest first to the least loaded is within 4/3 of the best possible makespan,
                // which is at least the mean load and the largest task.
                let bound = max(known.reduce(0, +) / Double(size), known.max() ?? 0)
                #expect((share.loads.max() ?? 0) <= 4.0 / 3.0 * bound + 1e-9, "count \(count) size \(size): \(share.loads)")
                // Tasks without an estimate spread evenly.
                let unknown = (0..<size).map { r in lists[r].filter { costs[$0] == nil }.count }
                #expect((unknown.max() ?? 0) - (unknown.min() ?? 0) <= 1)
                if size > count { #expect(lists.filter(\.isEmpty).count >= size - count, "extra ranks idle") }
            }
        }
    }

    @Test func costedTasksComeBackInTaskOrderOnEveryRank() {
        let count = 17
        // Costs rising with the task (the last run first), some unknown, one zero.
        let costs: [Double?] = (0..<count).map { t in t % 6 == 2 ? nil : Double(t * t) }
        let serial = describe(Threads.with(1) { (0..<count).map(task) })
        for size in [1, 2, 3, 4, 7, 20] {
            for threads in [1, 3] {
                let perRank = SimulatedJob(size: size).run { rank in
                    describe(distributedMap(costs: costs, threads: threads, ranks: rank) { task($0) })
                }
                for (r, results) in perRank.enumerated() {
                    #expect(results == serial, "rank \(r) of \(size), \(threads) threads")
                }
            }
        }
        #expect(describe(distributedMap(costs: costs, threads: 4) { task($0) }) == serial, "one process, 4 threads")
        #expect(distributedMap(costs: [], threads: 3) { task($0) }.isEmpty)
    }

    @Test func workEveryRankNeedsWholeRunsOnEachRankOnce() {
        let runs = SimulatedJob(size: 3).run { rank -> Int in
            let counter = ResultSlots<Int>(count: 1)
            counter.set(0, 0)
            let results = distributedMap(5, threads: 2, ranks: rank, alongside: { counter.set(0, 1) }) { Outcome(index: $0, values: [], label: "") }
            #expect(results.map(\.index) == Array(0..<5))
            return counter.values[0]
        }
        #expect(runs == [1, 1, 1])
    }

    @Test func rankZeroWritesOnceEveryRankArrivedAndEveryRankWaitsForIt() {
        for size in [1, 2, 4] {
            let file = ResultSlots<Int>(count: 2)   // [0]: the file's contents, [1]: ranks arrived
            file.set(0, 0); file.set(1, 0)
            let arrivals = NSLock()
            let seen = SimulatedJob(size: size).run { rank -> Int in
                // The last rank arrives late: rank 0 must not replace the file before it has.
                if rank.rank == rank.size - 1 { Thread.sleep(forTimeInterval: 0.05) }
                arrivals.lock(); file.set(1, file.values[1] + 1); arrivals.unlock()
                var wrote = -1
                do {
                    try Ranks.leaderWrites(ranks: rank) {
                        wrote = file.values[1]
                        Thread.sleep(forTimeInterval: 0.05)
                        file.set(0, 42)
                    }
                } catch { return -2 }
                // Every rank reads the file just written; rank 0 saw every rank arrive first.
                return rank.rank == 0 ? (wrote == rank.size ? file.values[0] : -3) : (wrote == -1 ? file.values[0] : -4)
            }
            #expect(seen == Array(repeating: 42, count: size), "\(size) ranks")
        }
    }

    @Test func aFailedWriteOnRankZeroFailsEveryRankWithItsError() {
        let portable = SimulatedJob(size: 3).run { rank -> String in
            do {
                try Ranks.leaderWrites(rebuilding: [RankTransferError.self], ranks: rank) {
                    throw RankTransferError("cannot write 'a.json': no such file or directory")
                }
                return "no error"
            } catch let e as RankTransferError { return "RankTransferError: \(e)" } catch { return "other: \(error)" }
        }
        #expect(portable == Array(repeating: "RankTransferError: cannot write 'a.json': no such file or directory", count: 3))
        let other = SimulatedJob(size: 2).run { rank -> String in
            do {
                try Ranks.leaderWrites(ranks: rank) { throw CocoaError(.fileWriteNoPermission) }
                return "no error"
            } catch { return String(describing: error) }
        }
        #expect(other[0].contains("CocoaError") && other[1] == other[0], "the same words on every rank: \(other)")
    }

    @Test func randomStreamsTravelAndDrawOn() throws {
        var rng = RandomStream(seed: 9, stream: 4)
        _ = rng.next()
        var out = RankBytes()
        rng.write(to: &out)
        var input = RankBytes.Reader(out.bytes)
        var back = try RandomStream(from: &input)
        #expect((0..<5).map { _ in back.next() } == (0..<5).map { _ in rng.next() })
        var zero = RankBytes.Reader(Array(repeating: 0, count: 32))
        #expect(throws: RankTransferError.self) { try RandomStream(from: &zero) }
    }

    @Test func bytesRoundTripBitForBit() throws {
        var out = RankBytes()
        let doubles: [Double] = [.nan, -.nan, -0.0, 0.0, .infinity, .leastNonzeroMagnitude, 1e308, 0.1]
        out.append(doubles); out.append([Int.min, -1, Int.max]); out.append("ce ∑ eV"); out.append(true)
        out.append(bytes: [0, 255, 7])
        var input = RankBytes.Reader(out.bytes)
        let back = try input.doubles(), ints = try input.ints(), text = try input.string(), flag = try input.bool()
        #expect(try input.byteArray() == [0, 255, 7])
        #expect(back.map(\.bitPattern) == doubles.map(\.bitPattern))
        #expect(ints == [Int.min, -1, Int.max])
        #expect(text == "ce ∑ eV")
        #expect(flag)
        #expect(input.isAtEnd)
        var short = RankBytes.Reader(Array(out.bytes.prefix(12)))
        #expect(throws: RankTransferError.self) { try short.doubles() }
    }
}

/// Lets the tests send a plain error and get it back as itself.
extension RankTransferError: RankPortableError {
    public func write(to out: inout RankBytes) { out.append(description) }
    public init(from input: inout RankBytes.Reader) throws { self.init(try input.string()) }
}
