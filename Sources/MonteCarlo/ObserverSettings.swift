// What a run records, and how often.

/// Observers recorded every `every` sweeps (and at the start and end of a run).
///
/// Energy, acceptance and composition are always recorded; pairs need a neighbour table,
/// triplets the 6-direction triangular table.
///
///     var obs = ObserverSettings(every: 10)
///     obs.pairs = .triangular(48); obs.triplets = true
public struct ObserverSettings: Sendable {
    /// Sweeps between records (>= 1).
    public var every: Int
    /// The neighbour table over which pair concentrations are counted, if recorded.
    public var pairs: NeighbourTable?
    /// Whether to record the 16 triplet concentrations (needs `pairs` = a triangular table).
    public var triplets: Bool
    /// The species counted as "+" (all others are "−").
    public var plus: UInt8
    /// Whether to keep the occupation at every record.
    public var snapshots: Bool
    /// The correlation vector of an occupation, if recorded (see `ObserverSettings.correlations(of:basis:)`).
    public var correlations: (@Sendable ([UInt8]) -> [Double])?
    /// The Warren–Cowley short-range order per shell, if recorded.
    public var sro: ShortRangeOrder?

    /// Creates settings; by default energy, acceptance and composition every sweep.
    public init(every: Int = 1, pairs: NeighbourTable? = nil, triplets: Bool = false, plus: UInt8 = 0, snapshots: Bool = false) {
        self.every = every
        self.pairs = pairs
        self.triplets = triplets
        self.plus = plus
        self.snapshots = snapshots
        self.correlations = nil
        self.sro = nil
    }

    func validate(siteCount: Int) throws {
        guard every >= 1 else { throw MonteCarloError("record every >= 1 sweeps, got \(every)") }
        if let pairs, pairs.siteCount != siteCount {
            throw MonteCarloError("the pair neighbour table has \(pairs.siteCount) sites but the configuration \(siteCount)")
        }
        if let sro, sro.siteCount != siteCount {
            throw MonteCarloError("the short-range-order table has \(sro.siteCount) sites but the configuration \(siteCount)")
        }
        if triplets && pairs?.degree != 6 {
            throw MonteCarloError("triplet concentrations need the triangular lattice's 6-neighbour table")
        }
    }

    /// Checks that `chains` runs of `sweeps` sweeps on `siteCount` sites, with their records, fit the memory limit.
    func checkMemory(siteCount: Int, sweeps: Int, chains: Int) throws {
        let records = sweeps / max(every, 1) + 2
        let functions = correlations == nil ? 0 : 64
        let sroBytes: Int = sro.map { 8 * $0.shells * $0.species.count * $0.species.count + 32 } ?? 0
        let recordBytes = MemoryLayout<Record>.stride + 64 + 8 * functions + (snapshots ? siteCount + 32 : 0)
            + (pairs == nil ? 0 : 256) + (triplets ? 256 : 0) + sroBytes
        // Each chain keeps its occupation and the kernel's per-site state beside its records.
        let chainBytes = MemoryBudget.sum(MemoryBudget.product(records, recordBytes), MemoryBudget.product(siteCount, 64))
        try MemoryBudget.check(count: chains, bytesEach: chainBytes,
                               for: chains == 1 ? "a run of \(sweeps) sweeps recorded every \(every)"
                                   : "\(chains) chains of \(sweeps) sweeps recorded every \(every)")
    }

    func record(sweep: Int, attempts: Int, temperature: Double, energy: Double, acceptance: Double,
                occupation: [UInt8], tally: [Int]) -> Record {
        let pairValues = pairs.map { PairConcentrations(occupation, neighbours: $0, plus: plus) }
        let tripletValues = triplets ? pairs.map { TripletConcentrations(occupation, triangular: $0, plus: plus) } : nil
        return Record(sweep: sweep, attempts: attempts, temperature: temperature, energy: energy, acceptance: acceptance,
                      composition: tally.map { Double($0) / Double(occupation.count) },
                      pairs: pairValues, triplets: tripletValues, correlations: correlations?(occupation),
                      sro: sro?.alphas(occupation), snapshot: snapshots ? occupation : nil)
    }
}

/// One record of a run.
public struct Record: Sendable {
    /// Sweeps done so far.
    public let sweep: Int
    /// Attempted moves so far (the "time" of the mean-cluster equations).
    public let attempts: Int
    /// Temperature of the last sweep.
    public let temperature: Double
    /// Total energy (fully recomputed).
    public let energy: Double
    /// Fraction of attempts accepted since the previous record (0 at the first).
    public let acceptance: Double
    /// Fraction of sites holding each species.
    public let composition: [Double]
    /// Pair concentrations, if recorded.
    public let pairs: PairConcentrations?
    /// Triplet concentrations, if recorded.
    public let triplets: TripletConcentrations?
    /// The correlation vector (empty cluster first), if recorded.
    public let correlations: [Double]?
    /// Warren–Cowley α per shell and species pair (order of `ShortRangeOrder.index`), if recorded.
    public let sro: [Double]?
    /// The occupation, if snapshots are recorded.
    public let snapshot: [UInt8]?
}
