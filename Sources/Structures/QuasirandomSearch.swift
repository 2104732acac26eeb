// The search for special quasirandom structures: simulated annealing of the
// SQS objective over the decorations of one or several supercells at a fixed
// composition, moving between cells as icet's TargetClusterVectorAnnealing
// does, with correlations updated locally on every swap.
import Foundation
import Lattice

/// The best structure a quasirandom search found.
public struct QuasirandomResult: Sendable {
    /// The structure.
    public let configuration: Configuration
    /// Its objective (recomputed from scratch).
    public let objective: Double
    /// Its correlation vector and the random alloy's.
    public let correlations: [Double]
    public let target: [Double]
    /// The radius of the longest pair matched with every shorter one, Å.
    public let matchedPairRadius: Double
    /// Which of the supercells searched holds it.
    public let supercellIndex: Int
    /// Trial swaps made and accepted over all chains; the chain that found it.
    public let steps: Int
    public let accepted: Int
    public let chain: Int
}

/// Simulated annealing towards the random alloy's correlations.
///
///     let search = try QuasirandomSearch(space: space, basis: .sinusoid, supercells: [cell],
///                                        composition: [[0.5, 0.5]], objective: objective)
///     let best = try search.run(steps: 100_000, seed: 1)
///     best.objective
public struct QuasirandomSearch: Sendable {
    public let space: ClusterSpace
    public let basis: SiteBasis
    /// The supercells that can hold the composition exactly.
    public let supercells: [Supercell]
    /// Species counts per sublattice in each supercell.
    let counts: [[[Int]]]
    public let objective: SQSObjective
    /// Artificial temperatures of the exponential schedule (icet's defaults).
    public var startTemperature = 5.0
    public var stopTemperature = 0.001

    /// Keeps the supercells whose sublattices hold `composition` in whole sites; throws when none does.
    public init(space: ClusterSpace, basis: SiteBasis, supercells: [Supercell], composition: [[Double]], objective: SQSObjective) throws {
        guard !supercells.isEmpty else { throw LatticeError("give at least one supercell to search") }
        let lattice = space.lattice
        var kept: [Supercell] = [], keptCounts: [[[Int]]] = []
        var example = ""
        for cell in supercells {
            guard cell.lattice.matches(lattice) else { throw LatticeError("the supercells are not of the cluster space's lattice") }
            var cellCounts: [[Int]] = []
            var fits = true
            for (k, sub) in lattice.sublattices.enumerated() {
                let sites = cell.cellCount * sub.sites.count
                let exact = composition[k].map { $0 * Double(sites) }
                let rounded = exact.map { Int($0.rounded()) }
                if zip(exact, rounded).contains(where: { abs($0 - Double($1)) > 1e-6 }) {
                    fits = false
                    if example.isEmpty, let (c, x) = zip(sub.space.species, exact).first(where: { abs($0.1 - $0.1.rounded()) > 1e-6 }) {
                        let near = (x.rounded(.down) / Double(sites), x.rounded(.up) / Double(sites))
                        example = "\(sites) sites of sublattice \(sub.label) would need \(String(format: "%.4g", x)) \(c) (nearest fractions \(String(format: "%.4g", near.0)) and \(String(format: "%.4g", near.1)))"
                    }
                }
                cellCounts.append(rounded)
            }
            if fits { kept.append(cell); keptCounts.append(cellCounts) }
        }
        guard !kept.isEmpty else {
            throw LatticeError("no supercell searched holds the composition exactly: \(example)")
        }
        self.space = space
        self.basis = basis
        self.supercells = kept
        counts = keptCounts
        self.objective = objective
    }

    /// Runs `chains` independent searches of `steps` trial swaps each (seeded streams `seed`/chain,
    /// in parallel on `threads`) and returns the best structure found: the same for any thread count.
    public func run(steps: Int, seed: UInt64, chains: Int = 1, threads: Int = 1) throws -> QuasirandomResult {
        guard steps >= 1, chains >= 1 else { throw LatticeError("a search needs at least one step and one chain") }
        let tables = try supercells.map { try ClusterTable(space: space, supercell: $0) }
        let basisTable = BasisTable(lattice: space.lattice, basis: basis)
        let kernels = tables.map { SwapKernel(table: $0, basisTable: basisTable) }
        let runs = parallelMap(chains, threads: threads) { chain -> Result<ChainOutcome, Error> in
            Result { try runChain(kernels: kernels, steps: steps, rng: RandomStream(seed: seed, stream: UInt64(chain))) }
        }
        var best: (chain: Int, outcome: ChainOutcome)? = nil
        var totalAccepted = 0
        for (chain, run) in runs.enumerated() {
            let outcome = try run.get()
            totalAccepted += outcome.accepted
            if best == nil || outcome.score < best!.outcome.score { best = (chain, outcome) }
        }
        guard let (chain, outcome) = best else { throw LatticeError("internal: no chain ran") }
        let table = tables[outcome.cell]
        let correlations = table.correlations(of: outcome.occupation, table: basisTable)
        return QuasirandomResult(configuration: try Configuration(supercell: supercells[outcome.cell], occupation: outcome.occupation),
                                 objective: objective.value(correlations), correlations: correlations, target: objective.target,
                                 matchedPairRadius: objective.matchedPairRadius(correlations), supercellIndex: outcome.cell,
                                 steps: steps * chains, accepted: totalAccepted, chain: chain)
    }

    struct ChainOutcome {
        let score: Double
        let cell: Int
        let occupation: [Int]
        let accepted: Int
    }

    /// One annealing chain over all supercells: each step picks a cell, swaps two sites of
    /// different species on one sublattice there, and accepts by Metropolis on the objective.
    private func runChain(kernels: [SwapKernel], steps: Int, rng: RandomStream) throws -> ChainOutcome {
        var rng = rng
        let trackers = kernels.indices.map { c in
            CorrelationTracker(kernel: kernels[c], occupation: randomOccupation(cell: c, rng: &rng))
        }
        var current = 0
        var score = objective.value(trackers[0].correlations)
        var best = ChainOutcome(score: score, cell: 0, occupation: trackers[0].occupationList, accepted: 0)
        var accepted = 0
        let logSteps = log(Double(max(steps, 2)))
        var trial = [Double](repeating: 0, count: objective.target.count)
        for step in 0..<steps {
            if step & 0x3FFF == 0 { try pollInterruption() }
            let temperature = startTemperature - (startTemperature - stopTemperature) * log(Double(step + 1)) / logSteps
            let c = trackers.count == 1 ? 0 : rng.int(below: trackers.count)
            guard let (i, j) = trackers[c].proposeSwap(rng: &rng) else { continue }
            trackers[c].correlationsAfterSwap(i, j, into: &trial)
            let proposed = objective.value(trial)
            let delta = proposed - score
            if delta < 0 || (temperature > 1e-6 && exp(-delta / temperature) > rng.uniform()) {
                trackers[c].applySwap(i, j)
                current = c
                score = proposed
                accepted += 1
                if score < best.score {
                    best = ChainOutcome(score: score, cell: current, occupation: trackers[c].occupationList, accepted: 0)
                }
            }
        }
        return ChainOutcome(score: best.score, cell: best.cell, occupation: best.occupation, accepted: accepted)
    }

    /// A random decoration of supercell c with the exact counts.
    private func randomOccupation(cell c: Int, rng: inout RandomStream) -> [Int] {
        let cell = supercells[c]
        let lattice = cell.lattice
        var occupation = [Int](repeating: 0, count: cell.siteCount)
        for (k, _) in lattice.sublattices.enumerated() {
            let sites = (0..<cell.siteCount).filter { lattice.sublatticeOfSite[cell.primSite($0)] == k }
            var labels: [Int] = []
            for (s, n) in counts[c][k].enumerated() { labels += Array(repeating: s, count: n) }
            rng.shuffle(&labels)
            for (p, site) in sites.enumerated() { occupation[site] = labels[p] }
        }
        return occupation
    }
}
