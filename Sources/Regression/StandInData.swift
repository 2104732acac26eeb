// Synthetic cluster-expansion fitting problems with a given group layout, for
// tests, benchmarks and demos when a real feature matrix is not public (yang2022).

/// A stand-in feature matrix, true ECIs and energies with a realistic structure.
///
/// Each structure draws six latent composition variables u in [-1, 1]. Each group B
/// (an orbit) gets rank r_B <= p_B latent correlation functions, smooth products of one
/// to three composition variables plus short-range-order noise, mixed into its p_B
/// columns (so many groups are rank deficient, as real orbits are). Values lie in about
/// [-1, 1] like correlation functions, times an orbit multiplicity 1...4 (1 for point
/// groups); columns are not standardised. Column 0 (group of
/// the first column) is the constant empty cluster when `constantFirstColumn`; the last
/// group, if `ewaldLast`, is one Ewald-like column of a few eV. True ECIs are group
/// sparse: the point groups, the Ewald term and `activeGroups` random groups, half of
/// each active group's entries nonzero, decaying with group index. Energies are
/// y = X J + N(0, noise²) in eV per primitive cell.
///
///     let data = try StandInData(groupIDs: ids, rows: 342, seed: 1)
///     let (x, y) = (data.features, data.energies)
public struct StandInData: Sendable {
    public let features: Matrix
    public let energies: [Double]
    public let trueECI: [Double]
    public let groups: FeatureGroups
    /// Groups (indices into `groups.labels`) with a nonzero true ECI.
    public let trueGroups: [Int]

    public init(groupIDs: [Int], rows n: Int, seed: UInt64, activeGroups: Int = 20, noise: Double = 0.05,
                pointGroups: Int = 3, constantFirstColumn: Bool = true, ewaldLast: Bool = true) throws {
        guard n > 0 else { throw RegressionError.invalidInput("a stand-in needs at least one structure") }
        let groups = try FeatureGroups(ids: groupIDs)
        let p = groups.columnCount, G = groups.count
        var rng = RandomStream(seed: seed, stream: 0)
        let latentCount = 6
        try MemoryBudget.check(count: n, bytesEach: MemoryBudget.product(p + latentCount + 2, 16),
                               for: "a stand-in of \(n) structures")
        var u = [Double](repeating: 0, count: n * latentCount)
        for k in 0..<u.count { u[k] = rng.uniform(-1, 1) }
        var x = Matrix(rows: n, columns: p)
        let firstGroup = constantFirstColumn ? 1 : 0
        let ewaldGroup = ewaldLast ? G - 1 : -1
        for g in 0..<G {
            let cols = groups.columns[g]
            if constantFirstColumn && g == 0 {
                for j in cols { for i in 0..<n { x[i, j] = 1 } }
                continue
            }
            if g == ewaldGroup {
                for j in cols {
                    for i in 0..<n {
                        let a = u[i * latentCount], b = u[i * latentCount + 1]
                        x[i, j] = 3 + 2 * a * a + 1.5 * a * b + 0.3 * rng.normal()
                    }
                }
                continue
            }
            let size = cols.count
            let rank = max(1, Int((Double(size) * rng.uniform(0.4, 1)).rounded(.up)))
            // Latent correlation functions of this orbit.
            let order = g - firstGroup < pointGroups ? 1 : 1 + rng.int(below: 3)
            var latent = [Double](repeating: 0, count: n * rank)
            let sro = g - firstGroup < pointGroups ? 0.05 : 0.25
            for r in 0..<rank {
                let picks = (0..<order).map { _ in rng.int(below: latentCount) }
                let shift = rng.uniform(-0.3, 0.3)
                for i in 0..<n {
                    var v = 1.0
                    for k in picks { v *= u[i * latentCount + k] + shift }
                    latent[i * rank + r] = v + sro * rng.normal()
                }
            }
            // Features are correlation functions times the orbit multiplicity per primitive cell.
            let multiplicity = g - firstGroup < pointGroups ? 1.0 : Double(1 + rng.int(below: 4))
            var mixing = [Double](repeating: 0, count: rank * size)
            for k in 0..<mixing.count { mixing[k] = rng.normal() / Double(rank).squareRoot() }
            for (c, j) in cols.enumerated() {
                for i in 0..<n {
                    var v = 0.0
                    for r in 0..<rank { v += latent[i * rank + r] * mixing[r * size + c] }
                    x[i, j] = 0.6 * multiplicity * v
                }
            }
        }
        // Group-sparse truth.
        var truth = [Double](repeating: 0, count: p)
        var active = Set<Int>()
        for g in firstGroup..<min(G, firstGroup + pointGroups) { active.insert(g) }
        if ewaldGroup >= 0 { active.insert(ewaldGroup) }
        // Cluster groups besides the constant, point and Ewald ones (none in a tiny layout).
        let candidates = G - firstGroup - pointGroups - (ewaldLast ? 1 : 0)
        if candidates > 0 {
            let target = active.count + min(activeGroups, candidates)
            var guardCount = 0
            while active.count < target && guardCount < 100 * G {
                active.insert(firstGroup + pointGroups + rng.int(below: candidates))
                guardCount += 1
            }
        }
        let sorted = active.sorted()
        for g in sorted {
            let cols = groups.columns[g]
            let magnitude: Double
            if g == ewaldGroup { magnitude = 0.8 } else if g - firstGroup < pointGroups { magnitude = 1.0 } else {
                magnitude = 0.1 * (1 - 0.7 * Double(g) / Double(G))
            }
            var any = false
            for (k, j) in cols.enumerated() where k == 0 || rng.uniform() < 0.5 {
                truth[j] = magnitude * (rng.uniform() < 0.5 ? -1 : 1) * rng.uniform(0.5, 1.5)
                any = true
            }
            if !any, let j = cols.first { truth[j] = magnitude }
        }
        if constantFirstColumn { for j in groups.columns[0] { truth[j] = -19.94 } }
        var y = x.times(truth)
        for i in 0..<n { y[i] += noise * rng.normal() }
        features = x
        energies = y
        trueECI = truth
        self.groups = groups
        trueGroups = sorted.filter { !(constantFirstColumn && $0 == 0) }
    }
}
