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

extension LatticeBridgeTests {
    /// E = cells · Σ_f J_f m_f Φ_f from the correlation vector.
    static func correlationEnergy(_ table: ClusterTable, _ eci: [Double], _ occupation: [Int]) -> Double {
        let x = table.correlations(of: occupation, basis: .sinusoid)
        let m = table.space.functionMultiplicities
        return Double(table.supercell.cellCount) * zip(zip(eci, m), x).reduce(0) { $0 + $1.0.0 * Double($1.0.1) * $1.1 }
    }

    @Test func supercellsSmallerThanTheClustersGetExplicitTerms() throws {
        // On 1 x 1 x 1 and 2 x 1 x 1 fcc cells every neighbour shell wraps onto the site itself:
        // the templates cannot see "the other sites", so the model falls back to merged terms.
        let fcc = try CrystalLattice.builtin("fcc", a: 4.0, species: [["Cu", "Pd", "Au"]])
        let space = try ClusterSpace(lattice: fcc, cutoffs: [2: 5.0, 3: 4.1])
        var rng = RandomStream(seed: 5)
        let eci = (0..<space.functionCount).map { _ in rng.uniform(-0.1, 0.1) }
        for sizes in [[1, 1, 1], [2, 1, 1], [2, 2, 1]] {
            let supercell = try Supercell(lattice: fcc, sizes: sizes)
            let table = try ClusterTable(space: space, supercell: supercell)
            let model = try ClusterTableModel(clusterTable: table, eci: eci, basis: .sinusoid)
            for _ in 0..<10 {
                let config = try Lattice.Configuration.random(supercell: supercell, rng: &rng)
                let e = model.energy(of: try MonteCarlo.Configuration(config).occupation)
                #expect(abs(e - Self.correlationEnergy(table, eci, config.occupation)) < 1e-10, "\(sizes)")
            }
            if model.siteCount > 1 {
                LocalEnergyTests.check(EnergyModel(clusters: model), speciesCounts: model.speciesCounts, moves: 2_000, seed: 6)
            }
        }
    }

    @Test func kernelsAgreeAndTheRunPicksByAcceptance() throws {
        // The fcc binary of the benchmark, cooled from high to low temperature: direct evaluation
        // while most moves are accepted, local fields once few are. Pinned to either kernel, the
        // same seed gives the same run (both are exact).
        let fcc = try CrystalLattice.builtin("fcc", a: 4.0, species: [["Cu", "Au"]])
        let space = try ClusterSpace(lattice: fcc, cutoffs: [2: 5.0, 3: 4.1])
        let supercell = try Supercell(lattice: fcc, size: 4)
        let table = try ClusterTable(space: space, supercell: supercell)
        var rng = RandomStream(seed: 7)
        let eci = (0..<space.functionCount).map { _ in rng.uniform(-0.02, 0.02) / Double(space.functionMultiplicities[0]) }
        let model = EnergyModel(clusters: try ClusterTableModel(clusterTable: table, eci: eci, basis: .sinusoid))
        let start = try MonteCarlo.Configuration(try Lattice.Configuration.random(supercell: supercell, rng: &rng))
        LocalEnergyTests.check(model, speciesCounts: model.clusters.speciesCounts, moves: 20_000, seed: 8)
        let schedule = try AnnealSchedule.geometric(from: 2, to: 0.002, count: 8, sweeps: 40)
        let chosen = try anneal(start, model: model, moves: .swap, schedule: schedule, seed: 3, kernels: .byAcceptance)
        #expect(chosen.kernelSweeps[1] > 0 && chosen.kernelSweeps[2] > 0, "sweeps by kernel: \(chosen.kernelSweeps)")
        let direct = try anneal(start, model: model, moves: .swap, schedule: schedule, seed: 3, kernels: .direct)
        let fields = try anneal(start, model: model, moves: .swap, schedule: schedule, seed: 3, kernels: .fields)
        #expect(direct.kernelSweeps == [0, 320, 0] && fields.kernelSweeps == [0, 0, 320])
        #expect(direct.final == fields.final && chosen.final == direct.final)
        #expect(direct.accepted == fields.accepted && chosen.accepted == direct.accepted)
        #expect(abs(direct.finalEnergy - model.energy(of: direct.final.occupation)) < 1e-12)
    }
}

extension LatticeBridgeTests {
    /// A random model of `species` species on 10 sites: points, pairs and triplets, some with repeated sites.
    static func randomTripletModel(species: Int, seed: UInt64) throws -> ClusterTableModel {
        var rng = RandomStream(seed: seed)
        let n = 10
        let counts: [UInt8] = (0..<n).map { $0 % 4 == 0 ? 2 : UInt8(species) }
        var terms: [ClusterTerm] = []
        for size in [1, 2, 2, 3, 3, 3] {
            for _ in 0..<8 {
                let sites = (0..<size).map { _ in rng.int(below: n) }
                let entries = sites.reduce(1) { $0 * Int(counts[$1]) }
                terms.append(ClusterTerm(sites: sites, table: (0..<entries).map { _ in rng.uniform(-1, 1) }))
            }
        }
        return try ClusterTableModel(speciesCounts: counts, terms: terms, constant: -0.5)
    }

    @Test(arguments: [3, 4])
    func speciesFieldsAreExact(species: Int) throws {
        let model = try Self.randomTripletModel(species: species, seed: UInt64(40 + species))
        #expect(species == 3 ? SpeciesFieldKernel<SIMD2<Double>>(model) != nil : SpeciesFieldKernel<SIMD4<Double>>(model) != nil)
        LocalEnergyTests.check(EnergyModel(clusters: model), speciesCounts: model.speciesCounts, moves: 20_000,
                               seed: UInt64(50 + species), expectSpeciesFields: true)
    }

    @Test(arguments: [3, 4])
    func speciesKernelsAgreeAndTheRunPicksByAcceptance(species: Int) throws {
        // The fcc model of the benchmark with three (mc.fcc_ternary) or four species, cooled from high to low
        // temperature: direct evaluation while most swaps are accepted, per-species fields once few are.
        // Pinned to either kernel, the same seed gives the same run, and the running energy after every
        // swap equals a recomputation from scratch.
        let fcc = try CrystalLattice.builtin("fcc", a: 4.0, species: [Array(["Cu", "Pd", "Ag", "Au"].prefix(species))])
        let space = try ClusterSpace(lattice: fcc, cutoffs: [2: 5.0, 3: 4.1])
        let supercell = try Supercell(lattice: fcc, size: 4)
        let table = try ClusterTable(space: space, supercell: supercell)
        var rng = RandomStream(seed: UInt64(70 + species))
        let eci = (0..<space.functionCount).map { _ in rng.uniform(-0.02, 0.02) / Double(space.functionMultiplicities[0]) }
        let model = EnergyModel(clusters: try ClusterTableModel(clusterTable: table, eci: eci, basis: .sinusoid))
        #expect(LocalFieldKernel(model.clusters) == nil && NeighbourhoodKernel.make(model.clusters) == nil)
        let start = try MonteCarlo.Configuration(try Lattice.Configuration.random(supercell: supercell, rng: &rng))
        LocalEnergyTests.check(model, speciesCounts: model.clusters.speciesCounts, moves: 2_000, seed: 8, expectSpeciesFields: true)
        let schedule = try AnnealSchedule.geometric(from: 2, to: 0.002, count: 8, sweeps: 30)
        let chosen = try anneal(start, model: model, moves: .swap, schedule: schedule, seed: 3, kernels: .byAcceptance)
        #expect(chosen.kernelSweeps[1] > 0 && chosen.kernelSweeps[2] > 0, "sweeps by kernel: \(chosen.kernelSweeps)")
        let direct = try anneal(start, model: model, moves: .swap, schedule: schedule, seed: 3, kernels: .direct)
        let fields = try anneal(start, model: model, moves: .swap, schedule: schedule, seed: 3, kernels: .fields)
        #expect(direct.kernelSweeps == [0, 240, 0] && fields.kernelSweeps == [0, 0, 240])
        #expect(direct.final == fields.final && chosen.final == direct.final)
        #expect(direct.accepted == fields.accepted && chosen.accepted == direct.accepted)
        if species == 3 {
            try Self.checkDrift(model, start, SpeciesFieldKernel<SIMD2<Double>>(model.clusters), SpeciesFieldKernel<SIMD2<Double>>(model.clusters))
        } else {
            try Self.checkDrift(model, start, SpeciesFieldKernel<SIMD4<Double>>(model.clusters), SpeciesFieldKernel<SIMD4<Double>>(model.clusters))
        }
    }

    /// 100 sweeps of swaps with `kernel` at kT = 0.2: the running ΔE sum against the energy
    /// recomputed from scratch, and every field against `fresh`'s recomputation.
    static func checkDrift<L>(_ model: EnergyModel, _ start: MonteCarlo.Configuration, _ kernel: SpeciesFieldKernel<L>?,
                              _ fresh: SpeciesFieldKernel<L>?) throws {
        let chain = MetropolisChain(model: model, configuration: start, moves: .swap, rng: RandomStream(seed: 9))
        let kernel = try #require(kernel), fresh = try #require(fresh)
        kernel.reset(chain.occ)
        for _ in 0..<100 { chain.sweep(kernel, beta: 5) }
        #expect(chain.accepted > 1_000, "accepted \(chain.accepted)")
        #expect(abs(chain.energy - model.energy(of: chain.occupation)) < 1e-12 * Double(chain.n))
        fresh.reset(chain.occ)
        let drift = (0..<chain.n).map { i in (0..<kernel.base).map { s in abs(kernel.lane(i, UInt8(s)) - fresh.lane(i, UInt8(s))) }.max() ?? 0 }.max() ?? 0
        #expect(drift < 1e-13, "largest field drift \(drift)")
    }
}
