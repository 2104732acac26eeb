// Enumeration against icet's enumerate_structures run in the same test: the
// number of structures of every size and composition, with composition bounds,
// two sublattices, vacancies and a 2D lattice.
import PeerSupport
import Testing
@testable import Structures

/// Tallies "size species-counts" for icet's structures and ours, sorted, so that any difference shows.
private func icetTally(_ setup: String, sizes: ClosedRange<Int>, symbols: String, restrictions: String = "None") throws -> [String] {
    let script = """
    from collections import Counter
    from ase.build import bulk
    from ase import Atoms
    from icet.tools import enumerate_structures
    \(setup)
    tally = Counter()
    for s in enumerate_structures(prim, range(\(sizes.lowerBound), \(sizes.upperBound + 1)), \(symbols), concentration_restrictions=\(restrictions)):
        counts = Counter(s.get_chemical_symbols())
        tally[(len(s) // len(prim), tuple(sorted(counts.items())))] += 1
    for (size, counts), k in sorted(tally.items()):
        print(size, " ".join(f"{e}:{c}" for e, c in counts), k)
    """
    return try Peer.run(script).split(separator: "\n").map(String.init).sorted()
}

private func ourTally(_ set: DerivativeStructureSet) throws -> [String] {
    var tally: [String: Int] = [:]
    for k in 0..<set.count {
        let c = try set.configuration(k)
        var counts: [String: Int] = [:]
        for (i, s) in c.occupation.enumerated() {
            let sp = c.supercell.space(i).species[s]
            if !sp.isVacancy { counts[sp.element, default: 0] += 1 } else { counts["X", default: 0] += 1 }
        }
        let key = "\(set.cellCount(of: k)) " + counts.keys.sorted().map { "\($0):\(counts[$0] ?? 0)" }.joined(separator: " ")
        tally[key, default: 0] += 1
    }
    return tally.map { "\($0.key) \($0.value)" }.sorted()
}

@Test func fccWithCompositionBoundsMatchesIcet() throws {
    let fcc = try CrystalLattice.builtin("fcc", a: 4.0, species: [["Ag", "Pd"]])
    let bound = try CompositionBound(lattice: fcc, species: "Pd", minimum: 0.2, maximum: 0.5)
    let set = try DerivativeStructureEnumerator(lattice: fcc, sizes: Array(1...7), bounds: [bound]).enumerate()
    let icet = try icetTally("prim = bulk('Ag', 'fcc', a=4.0)", sizes: 1...7, symbols: "['Ag', 'Pd']", restrictions: "{'Pd': (0.2, 0.5)}")
    #expect(try ourTally(set) == icet)
}

@Test func rocksaltTwoSublatticesMatchIcet() throws {
    let rocksalt = try CrystalLattice.builtin("rocksalt", a: 4.0, species: [["Li", "Mn"], ["O", "F"]])
    let set = try DerivativeStructureEnumerator(lattice: rocksalt, sizes: Array(1...4)).enumerate()
    let icet = try icetTally("prim = bulk('NaCl', 'rocksalt', a=4.0)", sizes: 1...4, symbols: "[['Li', 'Mn'], ['O', 'F']]")
    #expect(try ourTally(set) == icet)
    // icet's fractions are of all atoms: Li among cations in [0.2, 0.5] is Li among all in [0.1, 0.25].
    let bound = try CompositionBound(lattice: rocksalt, species: "Li", minimum: 0.2, maximum: 0.5)
    let bounded = try DerivativeStructureEnumerator(lattice: rocksalt, sizes: Array(1...4), bounds: [bound]).enumerate()
    let icetBounded = try icetTally("prim = bulk('NaCl', 'rocksalt', a=4.0)", sizes: 1...4, symbols: "[['Li', 'Mn'], ['O', 'F']]",
                                    restrictions: "{'Li': (0.1, 0.25)}")
    #expect(try ourTally(bounded) == icetBounded)
}

@Test func vacanciesAndInactiveSublatticeMatchIcet() throws {
    let rocksalt = try CrystalLattice.builtin("rocksalt", a: 4.0, species: [["Li", "Ni", "Vac"], ["O"]])
    let set = try DerivativeStructureEnumerator(lattice: rocksalt, sizes: Array(1...4)).enumerate()
    let icet = try icetTally("prim = bulk('NaCl', 'rocksalt', a=4.0)", sizes: 1...4, symbols: "[['Li', 'Ni', 'X'], ['O']]")
    #expect(try ourTally(set) == icet)
}

@Test func triangular2DMatchesIcet() throws {
    let tri = try CrystalLattice.builtin("triangular", a: 3.0, species: [["Mn", "Li"]])
    let set = try DerivativeStructureEnumerator(lattice: tri, sizes: Array(1...9)).enumerate()
    let setup = "prim = Atoms('Mn', cell=[[3, 0, 0], [1.5, 3 * 3**0.5 / 2, 0], [0, 0, 30]], pbc=[True, True, False])"
    let icet = try icetTally(setup, sizes: 1...9, symbols: "['Mn', 'Li']")
    #expect(try ourTally(set) == icet)
}
