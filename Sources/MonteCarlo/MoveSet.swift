// The Monte Carlo moves: canonical swaps (anywhere or nearest neighbours),
// semigrand-canonical flips with chemical potentials, variance-constrained
// semigrand flips (icet's VCSGC), and charge-conserving paired flips for
// ionic site spaces.

/// Which moves a chain attempts; one attempt per site makes a sweep.
///
///     .swap                                  // two sites of different species, same sublattice, anywhere
///     .neighbourSwap(.triangular(48))        // a random site and a random neighbour (null if same species)
///     .flip(chemicalPotentials: [[0, 0.5]])  // μ[sublattice][species]
///     .chargeConservingFlip(charges: [[4, 1, 2]])
///     .constrainedFlip(phi: [-1.0], kappa: 200)   // VCSGC: c(species 1) held near -φ/2
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
    case chargeConservingFlip(charges: [[Double]])
    /// Variance-constrained semigrand-canonical flip (Sadigh and Erhart 2012, icet's VCSGCEnsemble) on
    /// binary sublattices: the weight is exp(-E/T - κ N_s (c_s + φ_s/2)²) per sublattice s of N_s
    /// sites, c_s its fraction of species 1; `phi[s]` for each sublattice (ignored on one-species
    /// sublattices). ⟨c⟩ then measures the free energy's slope: dF/dc per site = -κ T (φ + 2⟨c⟩).
    case constrainedFlip(phi: [Double], kappa: Double)

    /// A short name for summaries.
    public var name: String {
        switch self {
        case .swap: return "swap"
        case .neighbourSwap: return "neighbour"
        case .flip: return "flip"
        case .chargeConservingFlip: return "charge-flip"
        case .constrainedFlip: return "vcsgc"
        }
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
        case .chargeConservingFlip(let charges):
            guard charges.count == subs else { throw MonteCarloError("give charges for each of the \(subs) sublattices, got \(charges.count)") }
            try checkPerSpecies(charges, configuration, what: "charges")
        case .constrainedFlip(let phi, let kappa):
            guard phi.count == subs else { throw MonteCarloError("give φ for each of the \(subs) sublattices, got \(phi.count)") }
            guard kappa > 0, kappa.isFinite else { throw MonteCarloError("the VCSGC κ must be finite and > 0, got \(kappa)") }
            guard phi.allSatisfy(\.isFinite) else { throw MonteCarloError("the VCSGC φ must be finite, got \(phi)") }
            for i in 0..<configuration.siteCount where configuration.speciesCounts[i] > 2 {
                throw MonteCarloError("variance-constrained flips need binary sublattices; sublattice \(configuration.sublattices[i]) has \(configuration.speciesCounts[i]) species")
            }
        }
    }

    private func checkPerSpecies(_ values: [[Double]], _ c: Configuration, what: String) throws {
        for i in 0..<c.siteCount where values[Int(c.sublattices[i])].count != Int(c.speciesCounts[i]) {
            throw MonteCarloError("sublattice \(c.sublattices[i]) has \(c.speciesCounts[i]) species but \(values[Int(c.sublattices[i])].count) \(what)")
        }
    }
}
