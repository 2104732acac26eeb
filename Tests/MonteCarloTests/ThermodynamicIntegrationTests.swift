// Free energy by thermodynamic integration over temperature against exact
// results: Kaufman's finite-lattice F of the 16x16 Ising model (flips, every
// magnetisation), and exact enumeration of a 4x4 cell at fixed composition (swaps).
import Testing
@testable import MonteCarlo

#if canImport(Glibc)
import Glibc
#endif

@Suite struct ThermodynamicIntegrationTests {
    static func ising(_ size: Int) throws -> (Configuration, EnergyModel) {
        let model = EnergyModel(clusters: try PairModel.ising(neighbours: .square(size), coupling: 1))
        let n = size * size
        let start = try Configuration(occupation: (0..<n).map { UInt8((($0 / size) + $0) % 2) },
                                      speciesCounts: Array(repeating: 2, count: n), sublattices: Array(repeating: 0, count: n))
        return (start, model)
    }

    /// F per site of the 16x16 Ising model at kT = 3 within 1e-3 of Kaufman's exact finite-lattice value,
    /// with a statistical error small enough (< 5.5e-4) that the bound means something. The cubic rule
    /// makes six β steps enough (its correction is about 1e-3 per site, its residual far below).
    @Test func isingFreeEnergyMatchesKaufman() throws {
        let (start, model) = try Self.ising(16)
        let betas = try integrationGrid(kT: [3], steps: 6)
        let ti = try integrateOverTemperature(start, model: model, moves: .flip(chemicalPotentials: [[0, 0]]), betas: betas,
                                              sweeps: 12_000, equilibration: 200, seed: 1)
        #expect(abs(ti.entropyAtInfinity - 256 * log(2.0)) < 1e-9)
        let f = try #require(ti.freeEnergy.last) / 256, error = try #require(ti.freeEnergyError.last) / 256
        let exact = KaufmanIsing.freeEnergyPerSite(16, kT: 3)
        #expect(abs(f - exact) < 1e-3, "F \(f) ± \(error) against Kaufman's \(exact)")
        #expect(error < 5.5e-4)
    }

    /// Swaps at fixed composition: F of the 4x4 Ising cell with 8 up spins at kT = 2 against exact
    /// enumeration of its 12,870 configurations, within four standard errors.
    @Test func fixedCompositionMatchesEnumeration() throws {
        let (start, model) = try Self.ising(4)
        let ti = try integrateOverTemperature(start, model: model, moves: .swap, betas: try integrationGrid(kT: [2], steps: 8),
                                              sweeps: 2000, equilibration: 100, seed: 2)
        #expect(abs(ti.entropyAtInfinity - log(12870)) < 1e-9)
        var z = 0.0
        for code in 0..<(1 << 16) where code.nonzeroBitCount == 8 {
            z += exp(-model.energy(of: (0..<16).map { UInt8((code >> $0) & 1) }) / 2)
        }
        let f = try #require(ti.freeEnergy.last), error = try #require(ti.freeEnergyError.last)
        #expect(abs(f - -2 * log(z)) < 4 * error + 1e-9, "F \(f) ± \(error) against exact \(-2 * log(z))")
        #expect(error > 0 && error < 0.1)
    }

    @Test func gridAndBadInput() throws {
        let grid = try integrationGrid(kT: [2, 3], steps: 4)
        #expect(grid == [0, 0.125, 0.25, 1.0 / 3, 0.5])
        #expect(throws: MonteCarloError.self) { try integrationGrid(kT: [2, 2.0000001], steps: 2) }
        #expect(throws: MonteCarloError.self) { try integrationGrid(kT: [], steps: 4) }
        let (start, model) = try Self.ising(4)
        #expect(throws: MonteCarloError.self) {
            try integrateOverTemperature(start, model: model, moves: .constrainedFlip(phi: [-1], kappa: 200), betas: [0, 1], sweeps: 10, seed: 1)
        }
        // Ctrl-C: nothing integrated, and it says so.
        let cut = try integrateOverTemperature(start, model: model, moves: .swap, betas: [0, 0.5], sweeps: 100, seed: 1, stop: { true })
        #expect(cut.interrupted && cut.freeEnergy.isEmpty)
    }
}
