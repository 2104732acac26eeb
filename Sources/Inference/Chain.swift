// One Markov chain's recorded states, costs and acceptance counts.

/// The kept states of one chain, after burn-in and thinning.
///
///     let x = chain.sample(10)          // parameters of the 11th kept state
///     chain.acceptanceRate(stage: 1)    // fraction of first proposals accepted
public struct Chain: Sendable {
    /// Parameters per state.
    public let dimension: Int
    /// Kept states, row-major: state i is `samples[i*dimension ..< (i+1)*dimension]`.
    public let samples: [Double]
    /// The cost J of each kept state (likelihood proportional to exp(-J)).
    public let costs: [Double]
    /// Post-burn-in iterations run (fewer than asked when interrupted).
    public let iterations: Int
    /// Proposals made at stage 1 and stage 2 after burn-in.
    public let proposed: [Int]
    /// Proposals accepted at stage 1 and stage 2 after burn-in.
    public let accepted: [Int]
    /// The scales the chain ran with after burn-in (adapted ones for `.adaptive`).
    public let sigma1: [Double]
    public let sigma2: [Double]
    /// Whether Ctrl-C stopped the chain early.
    public let interrupted: Bool

    public init(
        dimension: Int, samples: [Double], costs: [Double], iterations: Int, proposed: [Int], accepted: [Int],
        sigma1: [Double], sigma2: [Double], interrupted: Bool
    ) {
        self.dimension = dimension
        self.samples = samples
        self.costs = costs
        self.iterations = iterations
        self.proposed = proposed
        self.accepted = accepted
        self.sigma1 = sigma1
        self.sigma2 = sigma2
        self.interrupted = interrupted
    }

    /// Kept states.
    public var count: Int { costs.count }

    /// The parameters of kept state `i`.
    public func sample(_ i: Int) -> [Double] {
        Array(samples[i * dimension ..< (i + 1) * dimension])
    }

    /// Parameter `p` across kept states.
    public func column(_ p: Int) -> [Double] {
        (0..<count).map { samples[$0 * dimension + p] }
    }

    /// Accepted / proposed at `stage` (1 or 2); 0 when nothing was proposed.
    public func acceptanceRate(stage: Int) -> Double {
        let s = stage - 1
        guard s >= 0, s < proposed.count, proposed[s] > 0 else { return 0 }
        return Double(accepted[s]) / Double(proposed[s])
    }

    /// Moves accepted at any stage per iteration.
    public var overallAcceptance: Double {
        iterations > 0 ? Double(accepted.reduce(0, +)) / Double(iterations) : 0
    }
}

/// Chains travel between the ranks of an MPI job bit for bit.
extension Chain: RankPortable {
    public func write(to out: inout RankBytes) {
        out.append(dimension); out.append(samples); out.append(costs); out.append(iterations)
        out.append(proposed); out.append(accepted); out.append(sigma1); out.append(sigma2); out.append(interrupted)
    }

    public init(from input: inout RankBytes.Reader) throws {
        let dimension = try input.int(), samples = try input.doubles(), costs = try input.doubles()
        let iterations = try input.int(), proposed = try input.ints(), accepted = try input.ints()
        // `sample`, `column` and `acceptanceRate` index by these shapes.
        let values = costs.count.multipliedReportingOverflow(by: dimension)
        guard dimension >= 0, !values.overflow, samples.count == values.partialValue, accepted.count == proposed.count else {
            throw RankTransferError("a chain from another rank has \(samples.count) values for \(costs.count) states of \(dimension)")
        }
        self.init(dimension: dimension, samples: samples, costs: costs, iterations: iterations, proposed: proposed,
                  accepted: accepted, sigma1: try input.doubles(), sigma2: try input.doubles(), interrupted: try input.bool())
    }
}
