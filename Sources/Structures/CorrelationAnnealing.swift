// Simulated annealing of a function of the correlation vector over the
// decorations of one or several supercells at a fixed composition, moving
// between cells as icet's TargetClusterVectorAnnealing does, with correlations
// updated locally on every swap: special quasirandom structures (the SQS
// objective) and low-energy structures of a cluster expansion (its energy).
import Foundation
import Lattice

/// What an annealing minimises: a function of a supercell's correlation vector.
public protocol CorrelationObjective: Sendable {
    /// The objective of correlations `correlations` on a supercell of `cells` primitive cells.
    func value(_ correlations: [Double], cells: Int) -> Double
}

/// The energy of a cluster expansion, E = cells · (J_0 + Σ_f c_f Γ_f) eV per supercell, so that
/// annealing temperatures are kT in eV.
///
///     let energy = try ClusterExpansionEnergy(coefficients: eciTimesMultiplicity, constant: intercept)
public struct ClusterExpansionEnergy: CorrelationObjective {
    /// c_f per correlation function (the empty cluster's included).
    public let coefficients: [Double]
    /// Added per primitive cell.
    public let constant: Double

    public init(coefficients: [Double], constant: Double = 0) throws {
        guard (coefficients + [constant]).allSatisfy({ $0.isFinite }) else { throw LatticeError("the ECIs must be finite numbers") }
        self.coefficients = coefficients
        self.constant = constant
    }

    public func value(_ correlations: [Double], cells: Int) -> Double {
        var e = constant
        for f in coefficients.indices { e += coefficients[f] * correlations[f] }
        return Double(cells) * e
    }
}

extension SQSObjective: CorrelationObjective {
    public func value(_ correlations: [Double], cells: Int) -> Double { value(correlations) }
}

/// The best structure an annealing found.
public struct AnnealingResult: Sendable {
    /// The structure.
    public let configuration: Configuration
    /// Its objective (recomputed from its correlations).
    public let objective: Double
    /// Its correlation vector.
    public let correlations: [Double]
    /// Which of the supercells searched holds it.
    public let supercellIndex: Int
    /// Trial swaps made and accepted over all chains; the chain that found it.
    public let steps: Int
    public let accepted: Int
    public let chain: Int
}

/// Simulated annealing of a correlation objective at a fixed composition.
///
///     let search = try CorrelationAnnealing(space: space, basis: .sinusoid, supercells: [cell], composition: [[0.5, 0.5]])
///     let sqs = try search.run(objective: try SQSObjective(space: space, basis: .sinusoid, composition: [[0.5, 0.5]]),
///                              steps: 100_000, seed: 1)
///     sqs.objective
public struct CorrelationAnnealing: Sendable {
    public let space: ClusterSpace
    public let basis: SiteBasis
    /// The supercells that can hold the composition exactly.
    public let supercells: [Supercell]
    /// Species counts per sublattice in each supercell.
    let counts: [[[Int]]]

    /// Keeps the supercells whose sublattices hold `composition` in whole sites; throws when none does.
    public init(space: ClusterSpace, basis: SiteBasis, supercells: [Supercell], composition: [[Double]]) throws {
        guard !supercells.isEmpty else { throw LatticeError("give at least one supercell to search") }
        let lattice = space.lattice
        try checkFractions(composition, lattice: lattice)
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
    }

    /// Runs `chains` independent annealings of `steps` trial swaps each (seeded streams `seed`/chain,
    /// spread over the job's ranks and `threads` threads), from `temperatures.start` to `.stop` on
    /// icet's logarithmic schedule, and returns the best structure found (the lowest score, the first
    /// chain of equals): the same for any rank and thread count.
    public func run(objective: some CorrelationObjective, steps: Int, seed: UInt64, chains: Int = 1, threads: Int = 1,
                    ranks: RankCommunicator = Ranks.current,
                    temperatures: (start: Double, stop: Double) = (5, 0.001)) throws -> AnnealingResult {
        guard steps >= 1, chains >= 1 else { throw LatticeError("an annealing needs at least one step and one chain") }
        guard temperatures.start >= temperatures.stop, temperatures.stop >= 0, temperatures.start.isFinite else {
            throw LatticeError("temperatures must fall from a finite start to a stop >= 0, got \(temperatures.start) to \(temperatures.stop)")
        }
        let tables = try supercells.map { try ClusterTable(space: space, supercell: $0) }
        let basisTable = BasisTable(lattice: space.lattice, basis: basis)
        let kernels = tables.map { SwapKernel(table: $0, basisTable: basisTable) }
        let runs = distributedMap(chains, threads: threads, ranks: ranks) { chain -> Result<ChainOutcome, Error> in
            Result {
                try runChain(kernels: kernels, objective: objective, steps: steps, temperatures: temperatures,
                             rng: RandomStream(seed: seed, stream: UInt64(chain)))
            }
        }
        try pollInterruption()
        var best: (chain: Int, outcome: ChainOutcome)? = nil
        var totalAccepted = 0
        for (chain, run) in runs.enumerated() {
            let outcome = try run.get()
            totalAccepted += outcome.accepted
            if best == nil || outcome.score < best!.outcome.score { best = (chain, outcome) }
        }
        guard let (chain, outcome) = best else { throw LatticeError("internal: no chain ran") }
        let cell = supercells[outcome.cell]
        let correlations = tables[outcome.cell].correlations(of: outcome.occupation, table: basisTable)
        return AnnealingResult(configuration: try Configuration(supercell: cell, occupation: outcome.occupation),
                               objective: objective.value(correlations, cells: cell.cellCount), correlations: correlations,
                               supercellIndex: outcome.cell, steps: steps * chains, accepted: totalAccepted, chain: chain)
    }

    /// A chain's best structure (sent between ranks bit for bit, so every rank picks the same best).
    struct ChainOutcome: RankPortable {
        let score: Double
        let cell: Int
        let occupation: [Int]
        let accepted: Int

        init(score: Double, cell: Int, occupation: [Int], accepted: Int) {
            self.score = score
            self.cell = cell
            self.occupation = occupation
            self.accepted = accepted
        }

        func write(to out: inout RankBytes) { out.append(score); out.append(cell); out.append(occupation); out.append(accepted) }

        init(from input: inout RankBytes.Reader) throws {
            score = try input.double(); cell = try input.int(); occupation = try input.ints(); accepted = try input.int()
        }
    }

    /// One annealing chain over all supercells: each step picks a cell, swaps two sites of
    /// different species on one sublattice there, and accepts by Metropolis on the objective.
    private func runChain(kernels: [SwapKernel], objective: some CorrelationObjective, steps: Int,
                          temperatures: (start: Double, stop: Double), rng: RandomStream) throws -> ChainOutcome {
        var rng = rng
        let trackers = kernels.indices.map { c in
            CorrelationTracker(kernel: kernels[c], occupation: randomOccupation(cell: c, rng: &rng))
        }
        var current = 0
        let cells = supercells.map(\.cellCount)
        var score = objective.value(trackers[0].correlations, cells: cells[0])
        var best = ChainOutcome(score: score, cell: 0, occupation: trackers[0].occupationList, accepted: 0)
        var accepted = 0
        let logSteps = log(Double(max(steps, 2)))
        var trial = [Double](repeating: 0, count: space.functionCount)
        for step in 0..<steps {
            if step & 0x3FFF == 0 { try pollInterruption() }
            let temperature = temperatures.start - (temperatures.start - temperatures.stop) * log(Double(step + 1)) / logSteps
            let c = trackers.count == 1 ? 0 : rng.int(below: trackers.count)
            guard let (i, j) = trackers[c].proposeSwap(rng: &rng) else { continue }
            trackers[c].correlationsAfterSwap(i, j, into: &trial)
            let proposed = objective.value(trial, cells: cells[c])
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
