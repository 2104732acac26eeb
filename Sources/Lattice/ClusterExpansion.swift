// A fitted cluster expansion as one value: its lattice and orbits (the cluster
// space), site basis, ECIs with the multiplicity convention they were fitted
// in, the Ewald term and the energy unit. Energies are per primitive cell.
// Everything that evaluates or simulates the expansion reads it from here, so
// the convention cannot differ between the fit and the Hamiltonian.
import Foundation

/// A cluster expansion: E(σ)/prim = Σ_f c_f x_f(σ) + J_ewald · E_ewald(σ)/prim, where x_f is the
/// correlation function Φ_f (`includesMultiplicity == false`, smol's and icet's layout) or m_f Φ_f
/// with m_f the orbit's multiplicity per primitive cell (`true`, the layout of `features()` and ATAT).
///
///     let model = try ClusterExpansion(space: space, basis: .sinusoid, coefficients: fit.eci, includesMultiplicity: true)
///     try model.energiesPerPrim([configuration])   // eV per primitive cell
public struct ClusterExpansion: Sendable {
    /// The electrostatic term: a coefficient on the Ewald energy per primitive cell of the species'
    /// oxidation states (an inverse dielectric constant), summed to `accuracy`.
    public struct Ewald: Sendable, Equatable {
        public let coefficient: Double
        /// Relative size of the neglected terms of the Ewald sums.
        public let accuracy: Double
        public static let defaultAccuracy = 1e-14

        public init(coefficient: Double, accuracy: Double = Ewald.defaultAccuracy) {
            self.coefficient = coefficient
            self.accuracy = accuracy
        }
    }

    /// The lattice and the orbits (empty cluster first, then `space.orbits`).
    public let space: ClusterSpace
    /// The site basis of the correlation functions.
    public let basis: SiteBasis
    /// One coefficient per correlation function, empty cluster first.
    public let coefficients: [Double]
    /// Whether each coefficient multiplies m_f Φ_f (true) or Φ_f (false).
    public let includesMultiplicity: Bool
    /// The Ewald term, when the expansion has one.
    public let ewald: Ewald?
    /// The unit of the energies, "eV" unless said otherwise; energies are per primitive cell.
    public let energyUnit: String

    /// The normalisation of every energy the expansion gives.
    public static let normalisation = "prim"

    /// Checks the coefficients against the cluster space and the Ewald term against the species' charges.
    public init(space: ClusterSpace, basis: SiteBasis, coefficients: [Double], includesMultiplicity: Bool,
                ewald: Ewald? = nil, energyUnit: String = "eV") throws {
        guard coefficients.count == space.functionCount else {
            throw LatticeError("the cluster space has \(space.functionCount) correlation functions (empty cluster first), but \(coefficients.count) coefficients were given")
        }
        if let k = coefficients.firstIndex(where: { !$0.isFinite }) {
            throw LatticeError("coefficient \(k) is \(coefficients[k]); coefficients must be finite")
        }
        if let ewald {
            guard ewald.coefficient.isFinite else { throw LatticeError("the Ewald coefficient must be finite, got \(ewald.coefficient)") }
            guard ewald.accuracy > 0, ewald.accuracy < 1 else { throw LatticeError("the Ewald accuracy must be in (0, 1), got \(ewald.accuracy)") }
            let charged = space.lattice.sites.contains { site in site.space.species.contains { $0.charge != 0 } }
            guard charged else {
                throw LatticeError("an Ewald term needs oxidation states on the lattice's species (e.g. \"Li+\", \"O2-\"); \(space.lattice.name) has none")
            }
        }
        guard !energyUnit.isEmpty else { throw LatticeError("the energy unit must not be empty") }
        self.space = space
        self.basis = basis
        self.coefficients = coefficients
        self.includesMultiplicity = includesMultiplicity
        self.ewald = ewald
        self.energyUnit = energyUnit
    }

    /// The lattice.
    public var lattice: CrystalLattice { space.lattice }

    /// The coefficient of each plain correlation function Φ_f (c_f m_f, or c_f when multiplicity is excluded).
    public var correlationCoefficients: [Double] {
        guard includesMultiplicity else { return coefficients }
        return zip(coefficients, space.functionMultiplicities).map { $0 * Double($1) }
    }

    /// The ECI J_f of each function in the m_f Φ_f convention (c_f, or c_f / m_f when multiplicity is
    /// excluded): what Monte Carlo cluster tables take.
    public var eci: [Double] {
        guard !includesMultiplicity else { return coefficients }
        return zip(coefficients, space.functionMultiplicities).map { $0 / Double($1) }
    }

    /// The features x_f of a correlation vector in this expansion's layout (then the Ewald energy per prim).
    public func features(correlations: [Double], ewaldPerPrim: Double?) -> [Double] {
        var x = correlations
        if includesMultiplicity {
            let m = space.functionMultiplicities
            for k in x.indices { x[k] *= Double(m[k]) }
        }
        if ewald != nil { x.append(ewaldPerPrim ?? 0) }
        return x
    }

    /// The energy per primitive cell of a configuration's features (`features(correlations:ewaldPerPrim:)`).
    public func energy(features x: [Double]) -> Double {
        var e = 0.0
        for k in coefficients.indices { e += coefficients[k] * x[k] }
        if let ewald, x.count > coefficients.count { e += ewald.coefficient * x[coefficients.count] }
        return e
    }

    /// The energy per primitive cell of each configuration (each on a supercell of this lattice);
    /// `checkpoint` runs before each one (to stop on Ctrl-C by throwing).
    ///
    ///     try model.energiesPerPrim(structures.map(\.configuration))
    public func energiesPerPrim(_ configurations: [Configuration], checkpoint: () throws -> Void = {}) throws -> [Double] {
        var tables: [[Int]: ClusterTable] = [:]
        let values = BasisTable(lattice: lattice, basis: basis)
        return try configurations.enumerated().map { k, c in
            try checkpoint()
            guard c.supercell.lattice.matches(lattice) else {
                throw LatticeError("configuration \(k) is on a different lattice (\(c.supercell.lattice.name)) than the model's \(lattice.name)")
            }
            let table: ClusterTable
            if let t = tables[c.supercell.matrix] { table = t } else {
                table = try ClusterTable(space: space, supercell: c.supercell)
                tables[c.supercell.matrix] = table
            }
            let phi = table.correlations(of: c.occupation, table: values)
            return energy(features: features(correlations: phi, ewaldPerPrim: ewald.map { c.ewaldEnergyPerPrim(accuracy: $0.accuracy) }))
        }
    }

    /// The correlation vector (empty cluster first) of a configuration.
    public func correlations(of c: Configuration) throws -> [Double] {
        guard c.supercell.lattice.matches(lattice) else {
            throw LatticeError("the configuration is on a different lattice (\(c.supercell.lattice.name)) than the model's \(lattice.name)")
        }
        return try ClusterTable(space: space, supercell: c.supercell).correlations(of: c.occupation, basis: basis)
    }
}
