// Special quasirandom structures: the objective against icet's
// compare_cluster_vectors, local correlation updates against recomputation,
// and the search against icet's generate_sqs on the same cells and trial steps.
import Foundation
import PeerSupport
import Testing
@testable import Structures

private func fccSpace() throws -> ClusterSpace {
    let fcc = try CrystalLattice.builtin("fcc", a: 4.0, species: [["Au", "Pd"]])
    return try ClusterSpace(lattice: fcc, cutoffs: [2: 5.0])
}

@Test func localUpdatesMatchRecomputedCorrelations() throws {
    let fcc = try CrystalLattice.builtin("fcc", a: 4.0, species: [["Au", "Pd", "Cu"]])
    let space = try ClusterSpace(lattice: fcc, cutoffs: [2: 5.0, 3: 4.1])
    let cell = try Supercell(lattice: fcc, matrix: [2, 1, 0, 0, 3, 0, 1, 0, 2])
    var rng = RandomStream(seed: 3)
    let start = try Configuration.random(supercell: cell, composition: [[0.5, 0.25, 0.25]], rng: &rng)
    let table = try ClusterTable(space: space, supercell: cell)
    let basis = BasisTable(lattice: fcc, basis: .sinusoid)
    let tracker = CorrelationTracker(kernel: SwapKernel(table: table, basisTable: basis), occupation: start.occupation)
    var trial = [Double](repeating: 0, count: space.functionCount)
    for _ in 0..<200 {
        let (i, j) = try #require(tracker.proposeSwap(rng: &rng))
        tracker.correlationsAfterSwap(i, j, into: &trial)
        var swapped = tracker.occupationList
        swapped.swapAt(i, j)
        let exact = table.correlations(of: swapped, table: basis)
        #expect(zip(trial, exact).allSatisfy { abs($0 - $1) < 1e-12 })
        if rng.uniform() < 0.5 { tracker.applySwap(i, j) }
    }
    let exact = table.correlations(of: tracker.occupationList, table: basis)
    #expect(zip(tracker.correlations, exact).allSatisfy { abs($0 - $1) < 1e-11 })
}

@Test func objectiveMatchesIcetCompareClusterVectors() throws {
    let space = try fccSpace()
    let objective = try SQSObjective(space: space, basis: .sinusoid, composition: [[0.75, 0.25]])
    // icet's random-alloy vector at Pd 1/4 (Pd is icet's first species: its point function is -(1 - 2x)).
    let script = """
    from ase.build import bulk
    from icet import ClusterSpace
    from icet.tools.structure_generation import _get_sqs_cluster_vector
    from mchammer.calculators import compare_cluster_vectors
    import numpy as np
    cs = ClusterSpace(bulk('Au', 'fcc', a=4.0), [5.0], ['Au', 'Pd'])
    target = _get_sqs_cluster_vector(cs, {'Au': 0.75, 'Pd': 0.25})
    print(*[float(t).hex() for t in target])
    for cv in ([1, 0.5, 0.25, 0.25, 0.1], [1, 0.5, 0.25, 0.3, 0.25], [1, 0.5, 0.1, 0.2, 0.3]):
        print(float(compare_cluster_vectors(np.array(cv, dtype=float), target, cs.as_list)).hex())
    """
    let values = try Peer.doubles(script)
    // Point correlations differ in sign (species order), pairs do not.
    #expect(zip(objective.target, values.prefix(5)).allSatisfy { abs(abs($0) - abs($1)) < 1e-14 })
    let vectors: [[Double]] = [[1, -0.5, 0.25, 0.25, 0.1], [1, -0.5, 0.25, 0.3, 0.25], [1, -0.5, 0.1, 0.2, 0.3]]
    for (cv, icet) in zip(vectors, values.dropFirst(5)) {
        #expect(abs(objective.value(cv) - icet) < 1e-14)
    }
}

@Test func fcc32SQSNoWorseThanIcetOnTheSameCells() throws {
    let space = try fccSpace()
    let lattice = space.lattice
    let classes = try Superlattice.classes(of: lattice, index: 32)
    #expect(classes.count == 177)  // icet's enumerate_supercells(prim, [32]) gives 177 cells
    let cells = try classes.map { try Supercell(lattice: lattice, matrix: Superlattice.reducedBasis($0.hermite, vectors: lattice.vectors).m) }
    let objective = try SQSObjective(space: space, basis: .sinusoid, composition: [[0.5, 0.5]])
    let steps = 20_000
    let search = try CorrelationAnnealing(space: space, basis: .sinusoid, supercells: cells, composition: [[0.5, 0.5]])
    let ours = try search.run(objective: objective, steps: steps, seed: 1)
    // icet's generate_sqs is enumerate_supercells + generate_sqs_from_supercells: give it the same 177 cells.
    let matrices = cells.map { "[" + $0.matrix.map(String.init).joined(separator: ",") + "]" }.joined(separator: ",")
    let script = """
    import numpy as np
    from ase.build import bulk, make_supercell
    from icet import ClusterSpace
    from icet.tools.structure_generation import generate_sqs_from_supercells, _get_sqs_cluster_vector
    from mchammer.calculators import compare_cluster_vectors
    prim = bulk('Au', 'fcc', a=4.0)
    cs = ClusterSpace(prim, [5.0], ['Au', 'Pd'])
    cells = [make_supercell(prim, np.array(m).reshape(3, 3)) for m in [\(matrices)]]
    s = generate_sqs_from_supercells(cs, cells, {'Au': 0.5, 'Pd': 0.5}, n_steps=\(steps), random_seed=1)
    target = _get_sqs_cluster_vector(cs, {'Au': 0.5, 'Pd': 0.5})
    print(float(compare_cluster_vectors(cs.get_cluster_vector(s), target, cs.as_list)).hex())
    """
    let icet = try Peer.doubles(script)[0]
    #expect(ours.objective <= icet + 1e-12)
    // 32 sites allow the random alloy's pairs exactly: every pair correlation 0 to 1e-12.
    #expect(ours.correlations.dropFirst().allSatisfy { abs($0) < 1e-12 })
    #expect(abs(objective.matchedPairRadius(ours.correlations) - 6.0.squareRoot()) < 1e-12)
    #expect(ours.configuration.occupation.filter { $0 == 1 }.count == 16)
}

@Test func annealingFindsTheLowestEnergyOfAllDecorations() throws {
    let fcc = try CrystalLattice.builtin("fcc", a: 4.0, species: [["Au", "Pd"]])
    let space = try ClusterSpace(lattice: fcc, cutoffs: [2: 5.0, 3: 3.0])
    let cell = try Supercell(lattice: fcc, matrix: [2, 0, 0, 0, 2, 0, 0, 0, 3])   // 12 sites
    var rng = RandomStream(seed: 9)
    let coefficients = (0..<space.functionCount).map { _ in rng.normal() * 0.05 }
    let energy = try ClusterExpansionEnergy(coefficients: coefficients, constant: 0.1)
    let table = try ClusterTable(space: space, supercell: cell)
    // Brute force: every decoration with 4 Pd of 12.
    var lowest = Double.infinity
    for mask in 0..<(1 << 12) where mask.nonzeroBitCount == 4 {
        let occupation = (0..<12).map { (mask >> $0) & 1 }
        lowest = min(lowest, energy.value(table.correlations(of: occupation, basis: .sinusoid), cells: 12))
    }
    let search = try CorrelationAnnealing(space: space, basis: .sinusoid, supercells: [cell], composition: [[2.0 / 3, 1.0 / 3]])
    let found = try search.run(objective: energy, steps: 20_000, seed: 2, temperatures: (0.2, 0.001))
    #expect(abs(found.objective - lowest) < 1e-12)
    #expect(found.configuration.occupation.filter { $0 == 1 }.count == 4)
}

/// An annealing's result bit for bit: objective, correlations, cell, chain, counts and occupation.
private func describe(_ r: AnnealingResult) -> String {
    "\(r.objective.bitPattern) \(r.correlations.map(\.bitPattern)) \(r.supercellIndex) \(r.chain) \(r.steps) \(r.accepted) \(r.configuration.occupation)"
}

@Test func sqsChainsOnSeveralThreadsFindTheSameBestStructure() throws {
    let space = try fccSpace()
    let lattice = space.lattice
    let cells = try Superlattice.classes(of: lattice, index: 8).map {
        try Supercell(lattice: lattice, matrix: Superlattice.reducedBasis($0.hermite, vectors: lattice.vectors).m)
    }
    let objective = try SQSObjective(space: space, basis: .sinusoid, composition: [[0.5, 0.5]])
    let search = try CorrelationAnnealing(space: space, basis: .sinusoid, supercells: cells, composition: [[0.5, 0.5]])
    let serial = try search.run(objective: objective, steps: 3000, seed: 7, chains: 6, threads: 1)
    for threads in [2, 4, 6] {
        let parallel = try search.run(objective: objective, steps: 3000, seed: 7, chains: 6, threads: threads)
        #expect(describe(parallel) == describe(serial), "\(threads) threads")
    }
    #expect(serial.steps == 6 * 3000)
    // Ranks of a job (simulated), 7 of them for 6 chains: every rank keeps the same best.
    for size in [2, 4, 7] {
        let perRank = SimulatedJob(size: size).run { rank in
            do { return describe(try search.run(objective: objective, steps: 3000, seed: 7, chains: 6, threads: 2, ranks: rank)) } catch {
                return "\(error)"
            }
        }
        for (r, found) in perRank.enumerated() { #expect(found == describe(serial), "rank \(r) of \(size)") }
    }
}
