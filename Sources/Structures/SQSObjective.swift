// The objective of special quasirandom structures (van de Walle et al.,
// Calphad 42, 13 (2013); icet's generate_sqs, ATAT's mcsqs): how far a
// structure's correlations are from those of the random alloy.
import Lattice

/// Q = Σ_f w_f |Γ_f - Γ*_f| - ω·L, where Γ* are the random alloy's correlations and L is the
/// radius (half the length) of the longest pair such that it and every shorter pair match
/// Γ* within `tolerance` (icet's `compare_cluster_vectors`).
///
///     let objective = try SQSObjective(space: space, basis: .sinusoid, composition: [[0.5, 0.5]])
///     objective.target              // [1, 0, 0, 0, 0] for fcc pairs at x = 1/2
///     objective.value(correlations)
public struct SQSObjective: Sendable {
    /// The random alloy's correlation vector (empty cluster first).
    public let target: [Double]
    /// The weight of each correlation function (1 for all, as icet).
    public let weights: [Double]
    /// ω: the reward per Å of perfectly matched pair radius.
    public let optimalityWeight: Double
    /// Differences below this count as a perfect match.
    public let tolerance: Double
    /// The pair radius (Å) of each function, nil for functions of other orders.
    public let pairRadius: [Double?]

    /// The objective for the random alloy with species fractions `composition` per sublattice
    /// (inactive sublattices may be given as [1]). `orbitWeights`: one weight per orbit
    /// (empty cluster excluded), applied to each of its functions.
    public init(space: ClusterSpace, basis: SiteBasis, composition: [[Double]], orbitWeights: [Double]? = nil,
                optimalityWeight: Double = 1, tolerance: Double = 1e-5) throws {
        let lattice = space.lattice
        try checkFractions(composition, lattice: lattice)
        if let w = orbitWeights {
            guard w.count == space.orbits.count, w.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
                throw LatticeError("give one weight >= 0 per orbit (\(space.orbits.count)), got \(w.count)")
            }
        }
        guard optimalityWeight >= 0, optimalityWeight.isFinite, tolerance > 0, tolerance.isFinite else {
            throw LatticeError("the optimality weight must be >= 0 and the tolerance > 0")
        }
        // ⟨φ_α⟩ on each prim site: the basis averaged over the site's species fractions.
        let basisValues = lattice.sites.map { basis.values(count: $0.space.count) }
        let mean: [[Double]] = lattice.sites.indices.map { s in
            let c = composition[lattice.sublatticeOfSite[s]]
            return basisValues[s].map { row in zip(row, c).reduce(0) { $0 + $1.0 * $1.1 } }
        }
        var target: [Double] = [1], weights: [Double] = [1], radius: [Double?] = [nil]
        for (o, orbit) in space.orbits.enumerated() {
            for function in orbit.functions {
                // Independent sites: each labeling's average is the product of the sites' averages.
                let sum = function.reduce(0.0) { total, labeling in
                    total + zip(orbit.representative, labeling).reduce(1.0) { $0 * mean[$1.0.site][$1.1] }
                }
                target.append(sum / Double(function.count))
                weights.append(orbitWeights?[o] ?? 1)
                radius.append(orbit.order == 2 ? orbit.radius : nil)
            }
        }
        self.target = target
        self.weights = weights
        self.pairRadius = radius
        self.optimalityWeight = optimalityWeight
        self.tolerance = tolerance
    }

    /// Q of a correlation vector.
    public func value(_ correlations: [Double]) -> Double {
        var q = 0.0
        for f in target.indices { q += weights[f] * abs(correlations[f] - target[f]) }
        return q - optimalityWeight * matchedPairRadius(correlations)
    }

    /// L: the radius of the longest pair matched with every shorter pair (0 when the first pair misses).
    public func matchedPairRadius(_ correlations: [Double]) -> Double {
        var longest = 0.0
        for f in target.indices {
            guard let r = pairRadius[f] else { continue }
            if abs(correlations[f] - target[f]) < tolerance { longest = r } else { break }
        }
        return longest
    }
}

/// Checks species fractions given per sublattice: one list per sublattice, one non-negative fraction
/// per species, summing to 1.
func checkFractions(_ composition: [[Double]], lattice: CrystalLattice) throws {
    guard composition.count == lattice.sublattices.count else {
        throw LatticeError("give species fractions for each of the \(lattice.sublattices.count) sublattices, got \(composition.count)")
    }
    for (k, sub) in lattice.sublattices.enumerated() {
        let c = composition[k]
        guard c.count == sub.space.count, c.allSatisfy({ $0 >= 0 && $0.isFinite }), abs(c.reduce(0, +) - 1) < 1e-9 else {
            throw LatticeError("sublattice \(sub.label) \(sub.space) needs \(sub.space.count) fractions summing to 1, got \(c)")
        }
    }
}
