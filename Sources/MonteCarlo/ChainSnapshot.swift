// A chain's whole mutable state as plain values, so that a run stopped by
// Ctrl-C can be carried on later exactly as if it had never stopped: the
// occupation, the random stream, the running energy and the order of the
// swap blocks (which site a random index picks depends on it).

/// Everything a `MetropolisChain` changes as it runs (internal; see `replicaExchange(resume:)`).
struct ChainSnapshot: Sendable {
    let occupation: [UInt8]
    let rng: RandomStream
    let energy: Double
    let attempts: Int
    let accepted: Int
    let tally: [Int]
    let blockCount: [Int32]
    let blockSites: [Int32]
    let position: [Int32]
    let constrainedCount: [Int]
    /// Whether the chain's kernels were on local fields (see `KernelChoice`).
    let usingFields: Bool
}

extension MetropolisChain {
    /// The chain's state now, with the kernel mode of `kernels`.
    func snapshot(kernels: KernelChoice) -> ChainSnapshot {
        let blocks = Int(sublatticeCount) * base
        let total = (0..<blocks).reduce(0) { max($0, Int(blockStart[$1]) + Int(sublatticeSize[$1 / base])) }
        return ChainSnapshot(occupation: occupation, rng: rng, energy: energy, attempts: attempts, accepted: accepted, tally: tally,
                             blockCount: Array(UnsafeBufferPointer(start: blockCount, count: blocks)),
                             blockSites: Array(UnsafeBufferPointer(start: blockSites, count: max(1, total))),
                             position: Array(UnsafeBufferPointer(start: position, count: n)),
                             constrainedCount: constrainedCount, usingFields: kernels.usingFields)
    }

    /// Puts the chain back in `state` (taken from a chain built the same way).
    func restore(_ state: ChainSnapshot) {
        for i in 0..<n { occ[i] = state.occupation[i] }
        for (k, v) in state.blockCount.enumerated() { blockCount[k] = v }
        for (k, v) in state.blockSites.enumerated() { blockSites[k] = v }
        for (k, v) in state.position.enumerated() { position[k] = v }
        rng = state.rng
        energy = state.energy
        attempts = state.attempts
        accepted = state.accepted
        tally = state.tally
        constrainedCount = state.constrainedCount
    }
}

extension KernelChoice {
    /// Returns to the kernel mode of a snapshot: local fields recomputed from the chain's occupation.
    func resume(_ state: ChainSnapshot, chain: MetropolisChain) {
        guard state.usingFields, let fields else { return }
        fields.reset(chain.occ)
        usingFields = true
    }
}

extension ChainSnapshot: RankPortable {
    func write(to out: inout RankBytes) {
        out.append(occupation.map { Int($0) })
        rng.write(to: &out)
        out.append(energy); out.append(attempts); out.append(accepted); out.append(tally)
        out.append(blockCount.map { Int($0) }); out.append(blockSites.map { Int($0) }); out.append(position.map { Int($0) })
        out.append(constrainedCount); out.append(usingFields)
    }

    init(from input: inout RankBytes.Reader) throws {
        func narrow<T: FixedWidthInteger>(_ values: [Int], _: T.Type) throws -> [T] {
            try values.map { v in
                guard let x = T(exactly: v) else { throw RankTransferError("a chain's state from another rank holds \(v), out of range") }
                return x
            }
        }
        occupation = try narrow(try input.ints(), UInt8.self)
        rng = try RandomStream(from: &input)
        energy = try input.double()
        attempts = try input.int()
        accepted = try input.int()
        tally = try input.ints()
        blockCount = try narrow(try input.ints(), Int32.self)
        blockSites = try narrow(try input.ints(), Int32.self)
        position = try narrow(try input.ints(), Int32.self)
        constrainedCount = try input.ints()
        usingFields = try input.bool()
        guard position.count == occupation.count else {
            throw RankTransferError("a chain's state from another rank has \(occupation.count) sites but \(position.count) positions")
        }
    }
}
