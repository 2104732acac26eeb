// The Lattice bridge: cluster tables built from a cluster space and ECIs give
// the cluster-expansion energy from correlation vectors, and local energy
// differences with the real Ewald matrix equal full recomputation.
import Testing
import Lattice
@testable import MonteCarlo

@Suite struct LatticeBridgeTests {
    @Test func fccClusterExpansionMatchesCorrelations() throws {
        let fcc = try CrystalLattice.builtin("fcc", a: 4.0)
        let space = try ClusterSpace(lattice: fcc, cutoffs: [2: 5.0, 3: 4.1])
        #expect(space.orbits.map(\.multiplicity) == [1, 6, 3, 12, 8, 12])
        let supercell = try Supercell(lattice: fcc, size: 3)
        let table = try ClusterTable(space: space, supercell: supercell)
        var rng = RandomStream(seed: 1)
        let eci = (0..<space.functionCount).map { _ in rng.uniform(-0.1, 0.1) }
        let model = try ClusterTableModel(clusterTable: table, eci: eci, basis: .sinusoid)
        let m = space.functionMultiplicities
        for _ in 0..<20 {
            let config = try Lattice.Configuration.random(supercell: supercell, rng: &rng)
            let x = table.correlations(of: config.occupation, basis: .sinusoid)
            let expected = Double(supercell.cellCount) * zip(zip(eci, m), x).reduce(0) { $0 + $1.0.0 * Double($1.0.1) * $1.1 }
            let mc = try MonteCarlo.Configuration(config)
            #expect(abs(model.energy(of: mc.occupation) - expected) < 1e-10)
        }
        // Recorded correlation vectors give the recorded energies back.
        var observers = ObserverSettings(every: 5)
        observers.correlations = ObserverSettings.correlations(of: table, basis: .sinusoid)
        let start = try MonteCarlo.Configuration(try Lattice.Configuration.random(supercell: supercell, rng: &rng))
        let run = try anneal(start, model: EnergyModel(clusters: model), moves: .swap, schedule: .steps([0.05], sweeps: 20),
                             observers: observers, seed: 3)
        #expect(run.records.count == 5)
        for r in run.records {
            let x = try #require(r.correlations)
            let e = Double(supercell.cellCount) * zip(zip(eci, m), x).reduce(0) { $0 + $1.0.0 * Double($1.0.1) * $1.1 }
            #expect(abs(e - r.energy) < 1e-10)
        }
    }

    @Test func ternaryRocksaltWithEwaldLocalDifferences() throws {
        let lattice = try CrystalLattice.builtin("rocksalt", a: 4.2, species: [["Li+", "Mn3+", "Vac"], ["O2-", "F-"]])
        let space = try ClusterSpace(lattice: lattice, cutoffs: [2: 4.0, 3: 3.0])
        let supercell = try Supercell(lattice: lattice, size: 2)
        let table = try ClusterTable(space: space, supercell: supercell)
        var rng = RandomStream(seed: 2)
        let eci = (0..<space.functionCount).map { _ in rng.uniform(-0.1, 0.1) }
        let clusters = try ClusterTableModel(clusterTable: table, eci: eci, basis: .sinusoid)
        let ewald = try EwaldTerm(supercell: supercell, coefficient: 0.1)
        let model = try EnergyModel(clusters: clusters, ewald: ewald)
        let config = try Lattice.Configuration.random(supercell: supercell, rng: &rng)
        let lat = Double(config.ewaldEnergyPerPrim(accuracy: 1e-12)) * Double(supercell.cellCount) * 0.1
        #expect(abs(ewald.energy(of: try MonteCarlo.Configuration(config).occupation) - lat) < 1e-7)
        LocalEnergyTests.check(model, speciesCounts: clusters.speciesCounts, moves: 20_000, seed: 3)
    }
}
