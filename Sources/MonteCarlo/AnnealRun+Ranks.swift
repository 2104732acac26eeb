// Annealing runs sent between the ranks of an MPI job bit for bit, so the chains of
// `sample` can run on different ranks and be combined as if run in one process.
import Numerics

extension AnnealRun: RankPortable {
    public func write(to out: inout RankBytes) {
        records.write(to: &out)
        stages.write(to: &out)
        final.write(to: &out)
        out.append(finalEnergy); out.append(sweeps); out.append(attempts); out.append(accepted)
        out.append(interrupted); out.append(kernelSweeps)
    }

    public init(from input: inout RankBytes.Reader) throws {
        self.init(records: try [Record](from: &input), stages: try [StageSummary](from: &input),
                  final: try Configuration(from: &input), finalEnergy: try input.double(), sweeps: try input.int(),
                  attempts: try input.int(), accepted: try input.int(), interrupted: try input.bool(),
                  kernelSweeps: try input.ints())
    }
}

extension StageSummary: RankPortable {
    public func write(to out: inout RankBytes) {
        out.append(from); out.append(to); out.append(samples); out.append(meanEnergy); out.append(energySD); out.append(acceptance)
        out.append(moveAttempts); out.append(moveAccepted)
    }

    public init(from input: inout RankBytes.Reader) throws {
        self.init(from: try input.double(), to: try input.double(), samples: try input.int(), meanEnergy: try input.double(),
                  energySD: try input.double(), acceptance: try input.double(), moveAttempts: try input.ints(), moveAccepted: try input.ints())
    }
}

extension Configuration: RankPortable {
    public func write(to out: inout RankBytes) {
        out.append(occupation.map(Int.init)); out.append(speciesCounts.map(Int.init)); out.append(sublattices.map(Int.init))
    }

    public init(from input: inout RankBytes.Reader) throws {
        try self.init(occupation: narrowed(input.ints()), speciesCounts: narrowed(input.ints()), sublattices: narrowed(input.ints()))
    }
}

/// `values` as the narrower integers they were sent from; one that does not fit throws.
private func narrowed<T: FixedWidthInteger>(_ values: [Int]) throws -> [T] {
    try values.map { v in
        guard let x = T(exactly: v) else { throw RankTransferError("a configuration from another rank holds \(v)") }
        return x
    }
}

extension Record: RankPortable {
    public func write(to out: inout RankBytes) {
        out.append(sweep); out.append(attempts); out.append(temperature); out.append(energy); out.append(acceptance)
        out.append(composition)
        out.append(pairs != nil)
        if let pairs { out.append(pairs.counts); out.append(pairs.total) }
        out.append(triplets != nil)
        if let triplets {
            out.append(triplets.counts.count)
            for c in triplets.counts { out.append(c) }
            out.append(triplets.pairCounts); out.append(triplets.siteCount)
        }
        out.append(correlations != nil)
        if let correlations { out.append(correlations) }
        out.append(sro != nil)
        if let sro { out.append(sro) }
        out.append(snapshot != nil)
        if let snapshot { out.append(snapshot.map(Int.init)) }
    }

    public init(from input: inout RankBytes.Reader) throws {
        let sweep = try input.int(), attempts = try input.int()
        let temperature = try input.double(), energy = try input.double(), acceptance = try input.double()
        let composition = try input.doubles()
        let pairs = try input.bool() ? try PairConcentrations(counts: try input.ints(), total: try input.int()) : nil
        var triplets: TripletConcentrations?
        if try input.bool() {
            let counts = try (0..<input.count()).map { _ in try input.ints() }
            triplets = try TripletConcentrations(counts: counts, pairCounts: try input.ints(), siteCount: try input.int())
        }
        let correlations = try input.bool() ? try input.doubles() : nil
        let sro = try input.bool() ? try input.doubles() : nil
        let snapshot: [UInt8]? = try input.bool() ? try narrowed(input.ints()) : nil
        self.init(sweep: sweep, attempts: attempts, temperature: temperature, energy: energy, acceptance: acceptance,
                  composition: composition, pairs: pairs, triplets: triplets, correlations: correlations, sro: sro, snapshot: snapshot)
    }
}

extension PairConcentrations {
    /// Counts as another rank measured them: [++, +-, -+, --], as the names index them.
    init(counts: [Int], total: Int) throws {
        guard counts.count == 4 else { throw RankTransferError("pair counts from another rank have \(counts.count) entries, not 4") }
        self.counts = counts
        self.total = total
    }
}

extension TripletConcentrations {
    /// Counts as another rank measured them: 8 patterns for each of the 3 shapes, 4 ordered pairs.
    init(counts: [[Int]], pairCounts: [Int], siteCount: Int) throws {
        guard counts.count == Shape.allCases.count, counts.allSatisfy({ $0.count == 8 }), pairCounts.count == 4 else {
            throw RankTransferError("triplet counts from another rank are not 8 patterns for each of 3 shapes and 4 pairs")
        }
        self.counts = counts
        self.pairCounts = pairCounts
        self.siteCount = siteCount
    }
}
