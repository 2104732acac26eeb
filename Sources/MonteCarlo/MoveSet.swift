// The Monte Carlo moves: canonical swaps (anywhere or nearest neighbours),
// semigrand-canonical flips with chemical potentials, variance-constrained
// semigrand flips (icet's VCSGC), charge-conserving paired flips for
// ionic site spaces, and fixed-weight mixtures of them.

/// Which moves a chain attempts; one attempt per site makes a sweep.
///
///     .swap                                  // two sites of different species, same sublattice, anywhere
///     .neighbourSwap(.triangular(48))        // a random site and a random neighbour (null if same species)
///     .flip(chemicalPotentials: [[0, 0.5]])  // μ[sublattice][species]
///     .chargeConservingFlip(charges: [[4, 1, 2]])
///     .chargeConservingFlip(charges: [[1, 2, 3]], chemicalPotentials: [[0, 0.1, 0]])   // semigrand
///     .constrainedFlip(phi: [-1.0], kappa: 200)   // VCSGC: c(species 1) held near -φ/2
///     .mixture([(.swap, 0.9), (.flip(chemicalPotentials: [[0, 0.5]]), 0.1)])
public enum MoveSet: Sendable {
    /// Canonical swap of a random site with a random site of another species in its sublattice.
    case swap
    /// Canonical swap of a random (site, direction) pair of the table; an attempt on two equal
    /// species or two sublattices is a null move that still counts as an attempt.
    case neighbourSwap(NeighbourTable)
    /// Semigrand-canonical flip of a random site to a random other species; the weight is
    /// exp(-(E - Σ μ[sublattice][species] N)/T).
    case flip(chemicalPotentials: [[Double]])
    /// Two random sites change species together so that the total charge is unchanged
    /// (`charges[sublattice][species]`); Metropolis-Hastings corrects the proposal asymmetry.
    /// With chemical potentials (μ[sublattice][species], as for flips) the weight is
    /// exp(-(E - Σ μ N)/T) over the states of the same total charge (smol's TableFlip with μ).
    case chargeConservingFlip(charges: [[Double]], chemicalPotentials: [[Double]]? = nil)
    /// Variance-constrained semigrand-canonical flip (Sadigh and Erhart 2012, icet's VCSGCEnsemble) on
    /// binary sublattices: the weight is exp(-E/T - κ N_s (c_s + φ_s/2)²) per sublattice s of N_s
    /// sites, c_s its fraction of species 1; `phi[s]` for each sublattice (ignored on one-species
    /// sublattices). ⟨c⟩ then measures the free energy's slope: dF/dc per site = -κ T (φ + 2⟨c⟩).
    case constrainedFlip(phi: [Double], kappa: Double)
    /// Each attempt draws one of the moves with its fixed weight (normalised), then proposes and
    /// accepts by that move's own rule. The choice does not depend on the state, so each kind
    /// keeps detailed balance on its own and the mixture samples the ensemble of its kinds
    /// (semigrand as soon as one flips). No nested mixtures, no variance-constrained flips.
    case mixture([(moves: MoveSet, weight: Double)])

    /// A short name for summaries ("swap 0.9 + flip 0.1" for a mixture).
    public var name: String {
        switch self {
        case .mixture(let parts):
            let total = parts.reduce(0) { $0 + $1.weight }
            return parts.map { "\($0.moves.name) \(Self.shortNumber($0.weight / total))" }.joined(separator: " + ")
        case .swap: return "swap"
        case .neighbourSwap: return "neighbour"
        case .flip: return "flip"
        case .chargeConservingFlip: return "charge-flip"
        case .constrainedFlip: return "vcsgc"
        }
    }

    /// A weight with at most 4 decimals and no trailing zeros (0.9, not 0.90000000000000002).
    private static func shortNumber(_ x: Double) -> String {
        var s = String(Double((x * 1e4).rounded()) / 1e4)
        if s.hasSuffix(".0") { s.removeLast(2) }
        return s
    }

    /// The names of the kinds of move, in the order of per-kind counts (`EquilibriumSample.moveAttempts`).
    ///
    ///     MoveSet.mixture([(.swap, 0.9), (.flip(chemicalPotentials: [[0, 0.5]]), 0.1)]).kindNames   // ["swap", "flip"]
    public var kindNames: [String] { parts.map(\.name) }

    /// The kinds of move this set attempts (one for a pure set).
    var parts: [MoveSet] {
        if case .mixture(let parts) = self { return parts.map(\.moves) }
        return [self]
    }

    /// Checks the move set fits the configuration.
    func validate(for configuration: Configuration) throws {
        let subs = configuration.sublatticeCount
        switch self {
        case .swap:
            break
        case .neighbourSwap(let table):
            guard table.siteCount == configuration.siteCount else {
                throw MonteCarloError("the neighbour table has \(table.siteCount) sites but the configuration \(configuration.siteCount)")
            }
        case .flip(let mu):
            guard mu.count == subs else { throw MonteCarloError("give chemical potentials for each of the \(subs) sublattices, got \(mu.count)") }
            try checkPerSpecies(mu, configuration, what: "chemical potentials")
        case .chargeConservingFlip(let charges, let mu):
            guard charges.count == subs else { throw MonteCarloError("give charges for each of the \(subs) sublattices, got \(charges.count)") }
            try checkPerSpecies(charges, configuration, what: "charges")
            if let mu {
                guard mu.count == subs else { throw MonteCarloError("give chemical potentials for each of the \(subs) sublattices, got \(mu.count)") }
                try checkPerSpecies(mu, configuration, what: "chemical potentials")
            }
            guard Self.chargeMoveExists(charges, configuration) else {
                throw MonteCarloError("no charge-conserving flip can change this configuration: no site can change species with another site making up its charge")
            }
        case .constrainedFlip(let phi, let kappa):
            guard phi.count == subs else { throw MonteCarloError("give φ for each of the \(subs) sublattices, got \(phi.count)") }
            guard kappa > 0, kappa.isFinite else { throw MonteCarloError("the VCSGC κ must be finite and > 0, got \(kappa)") }
            guard phi.allSatisfy(\.isFinite) else { throw MonteCarloError("the VCSGC φ must be finite, got \(phi)") }
            for i in 0..<configuration.siteCount where configuration.speciesCounts[i] > 2 {
                throw MonteCarloError("variance-constrained flips need binary sublattices; sublattice \(configuration.sublattices[i]) has \(configuration.speciesCounts[i]) species")
            }
        case .mixture(let parts):
            guard !parts.isEmpty else { throw MonteCarloError("a mixture of moves needs at least one kind") }
            for (moves, weight) in parts {
                guard weight > 0, weight.isFinite else { throw MonteCarloError("mixture weights must be finite and > 0, got \(weight) for \(moves.name)") }
                switch moves {
                case .mixture: throw MonteCarloError("a mixture of moves cannot hold another mixture")
                // Other kinds' flips would leave its running composition stale.
                case .constrainedFlip: throw MonteCarloError("variance-constrained flips cannot be mixed with other moves")
                default: try moves.validate(for: configuration)
                }
            }
            let flips = parts.compactMap { part -> [[Double]]? in
                switch part.moves {
                case .flip(let mu): return mu
                case .chargeConservingFlip(_, let mu?): return mu
                default: return nil
                }
            }
            guard flips.allSatisfy({ $0 == flips[0] }) else { throw MonteCarloError("a mixture takes one set of chemical potentials for its flips") }
            let charges = parts.compactMap { if case .chargeConservingFlip(let q, _) = $0.moves { return q } else { return nil } }
            guard charges.allSatisfy({ $0 == charges[0] }) else { throw MonteCarloError("a mixture takes one set of charges for its charge-conserving flips") }
            let tables = parts.compactMap { if case .neighbourSwap(let t) = $0.moves { return t } else { return nil } }
            guard tables.count <= 1 else { throw MonteCarloError("a mixture takes one neighbour table") }
        }
    }

    /// Whether some paired flip from `c` keeps the total charge: site i goes a → a2 and another
    /// site j, b → b2 with q(b2) - q(b) = q(a) - q(a2) (b2 = b when the charges of a and a2 are
    /// equal). Checked over (sublattice, species) classes of sites, not over site pairs.
    static func chargeMoveExists(_ charges: [[Double]], _ c: Configuration) -> Bool {
        guard c.siteCount >= 2 else { return false }
        var count: [[Int]: Int] = [:]
        for i in 0..<c.siteCount { count[[Int(c.sublattices[i]), Int(c.occupation[i])], default: 0] += 1 }
        for (first, n1) in count where charges[first[0]].count >= 2 {
            let q = charges[first[0]]
            for a2 in q.indices where a2 != first[1] {
                let d = q[a2] - q[first[1]]
                if abs(d) < 1e-9 { return true }
                for (second, _) in count where second != first || n1 >= 2 {
                    let r = charges[second[0]]
                    if r.indices.contains(where: { $0 != second[1] && abs(r[$0] - r[second[1]] + d) < 1e-9 }) { return true }
                }
            }
        }
        return false
    }

    private func checkPerSpecies(_ values: [[Double]], _ c: Configuration, what: String) throws {
        for i in 0..<c.siteCount where values[Int(c.sublattices[i])].count != Int(c.speciesCounts[i]) {
            throw MonteCarloError("sublattice \(c.sublattices[i]) has \(c.speciesCounts[i]) species but \(values[Int(c.sublattices[i])].count) \(what)")
        }
    }
}
