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
        let runs = parallelMap(chains, threads: threads) { chain -> Result<ChainOutcome, Error> in
            Result { try runChain(tables: tables, basisTable: basisTable, steps: steps, rng: RandomStream(seed: seed, stream: UInt64(chain))) }
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
    private func runChain(tables: [ClusterTable], basisTable: BasisTable, steps: Int, rng: RandomStream) throws -> ChainOutcome {
        var rng = rng
        var trackers = try tables.indices.map { c in
            try CorrelationTracker(table: tables[c], basisTable: basisTable, occupation: randomOccupation(cell: c, rng: &rng))
        }
        var current = 0
        var score = objective.value(trackers[0].correlations)
        var best = ChainOutcome(score: score, cell: 0, occupation: trackers[0].occupation, accepted: 0)
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
                    best = ChainOutcome(score: score, cell: current, occupation: trackers[c].occupation, accepted: 0)
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

/// The correlation sums of one supercell, updated locally on swaps.
struct CorrelationTracker {
    let table: ClusterTable
    /// φ_α(σ) of prim site s at `phi[(s * width + α) * width + σ]`.
    let phi: [Double]
    let width: Int
    private(set) var occupation: [Int]
    /// Σ over clusters and labelings of each function; correlations = sums / norms.
    private var sums: [Double]
    private let norms: [Double]
    /// Functions of each orbit: `orbitFunctions[o] ..< orbitFunctions[o + 1]`.
    private let orbitFunctions: [Int]
    /// Sites of each sublattice with more than one species present.
    private let swappable: [[Int]]
    /// The change of the sums a swap makes, and which clusters it has visited.
    private var change: [Double]
    private var stamp: [UInt32]
    private var epoch: UInt32 = 0
    private let nPrim: Int

    init(table: ClusterTable, basisTable: BasisTable, occupation: [Int]) throws {
        self.table = table
        self.occupation = occupation
        width = basisTable.width
        nPrim = table.supercell.lattice.sites.count
        var phi = [Double](repeating: 0, count: nPrim * width * width)
        for s in 0..<nPrim {
            let m = basisTable.counts[s]
            for a in 0..<m { for sigma in 0..<m { phi[(s * width + a) * width + sigma] = basisTable.values[basisTable.siteStart[s] + a * m + sigma] } }
        }
        self.phi = phi
        let nFunctions = table.functionOrbit.count
        var starts = [1]
        var f = 1
        for o in 0..<table.orbitOrder.count {
            while f < nFunctions && Int(table.functionOrbit[f]) == o { f += 1 }
            starts.append(f)
        }
        orbitFunctions = starts
        norms = (0..<nFunctions).map { f in
            guard f > 0 else { return 1 }
            let o = Int(table.functionOrbit[f])
            let clusters = table.orbitClusterStart[o + 1] - table.orbitClusterStart[o]
            let labelings = (table.functionLabelingStart[f + 1] - table.functionLabelingStart[f]) / table.orbitOrder[o]
            return Double(clusters * labelings)
        }
        let lattice = table.supercell.lattice
        swappable = lattice.sublattices.indices.compactMap { k -> [Int]? in
            let sites = (0..<table.supercell.siteCount).filter { lattice.sublatticeOfSite[$0 % lattice.sites.count] == k }
            return Set(sites.map { occupation[$0] }).count > 1 ? sites : nil
        }
        stamp = [UInt32](repeating: 0, count: table.clusterCount)
        change = [Double](repeating: 0, count: nFunctions)
        sums = [Double](repeating: 0, count: nFunctions)
        for c in 0..<table.clusterCount { add(cluster: c, sign: 1) }
        sums = change
        sums[0] = 1
    }

    /// The current correlation vector.
    var correlations: [Double] { zip(sums, norms).map { $0 / $1 } }

    /// Two sites of one sublattice holding different species; nil when no sublattice can swap.
    func proposeSwap(rng: inout RandomStream) -> (Int, Int)? {
        guard !swappable.isEmpty else { return nil }
        var sites = swappable[0]
        if swappable.count > 1 {
            let total = swappable.reduce(0) { $0 + $1.count }
            var pick = rng.int(below: total)
            for list in swappable { if pick < list.count { sites = list; break }; pick -= list.count }
        }
        let i = sites[rng.int(below: sites.count)]
        while true {
            let j = sites[rng.int(below: sites.count)]
            if occupation[j] != occupation[i] { return (i, j) }
        }
    }

    /// The correlations after swapping sites i and j, into `result` (the tracker keeps its state).
    mutating func correlationsAfterSwap(_ i: Int, _ j: Int, into result: inout [Double]) {
        measureSwap(i, j)
        occupation.swapAt(i, j)
        for f in result.indices { result[f] = (sums[f] + change[f]) / norms[f] }
    }

    /// Swaps sites i and j and updates the sums.
    mutating func applySwap(_ i: Int, _ j: Int) {
        measureSwap(i, j)
        for f in sums.indices { sums[f] += change[f] }
    }

    /// `change` = the sums after swapping i and j minus before; the occupation ends swapped.
    private mutating func measureSwap(_ i: Int, _ j: Int) {
        for f in change.indices { change[f] = 0 }
        addClusters(of: i, j, sign: -1)
        occupation.swapAt(i, j)
        addClusters(of: i, j, sign: 1)
    }

    /// Adds sign × the products of every cluster containing site i or j (each once) to `change`.
    private mutating func addClusters(of i: Int, _ j: Int, sign: Double) {
        epoch &+= 1
        if epoch == 0 { for c in stamp.indices { stamp[c] = 0 }; epoch = 1 }
        for pass in 0..<2 {
            let site = pass == 0 ? i : j
            for k in table.siteClusterStart[site]..<table.siteClusterStart[site + 1] {
                let c = Int(table.siteClusters[k])
                if stamp[c] != epoch { stamp[c] = epoch; add(cluster: c, sign: sign) }
            }
        }
    }

    /// Adds sign × every function's labeling products of cluster c to `change`.
    private mutating func add(cluster c: Int, sign: Double) {
        let o = Int(table.clusterOrbit[c])
        let k = table.orbitOrder[o]
        let first = table.clusterSiteStart[c]
        for f in orbitFunctions[o]..<orbitFunctions[o + 1] {
            var total = 0.0
            var l = table.functionLabelingStart[f]
            while l < table.functionLabelingStart[f + 1] {
                var product = 1.0
                for m in 0..<k {
                    let site = Int(table.clusterSites[first + m])
                    product *= phi[((site % nPrim) * width + Int(table.labelings[l + m])) * width + occupation[site]]
                }
                total += product
                l += k
            }
            change[f] += sign * total
        }
    }
}
