// Counts of distinct derivative structures per size against the published
// Hart-Forcade numbers (issue 18), and counting (Burnside) against enumeration.
import PeerSupport
import Testing
@testable import Structures

@Test func fccBinaryCountsPerSize() throws {
    let fcc = try CrystalLattice.builtin("fcc", a: 4.0, species: [["Ag", "Pd"]])
    let enumerator = try DerivativeStructureEnumerator(lattice: fcc, sizes: Array(1...10))
    #expect(try enumerator.countsBySize() == [2, 2, 6, 19, 28, 80, 104, 390, 504, 1211])
    let set = try DerivativeStructureEnumerator(lattice: fcc, sizes: Array(1...8)).enumerate()
    var perSize = [Int](repeating: 0, count: 9)
    for k in 0..<set.count { perSize[set.cellCount(of: k)] += 1 }
    #expect(Array(perSize.dropFirst()) == [2, 2, 6, 19, 28, 80, 104, 390])
}

@Test func otherLatticesCountsPerSize() throws {
    let bcc = try CrystalLattice.builtin("bcc", a: 3.0, species: [["Ag", "Pd"]])
    #expect(try DerivativeStructureEnumerator(lattice: bcc, sizes: Array(1...10)).countsBySize() == [2, 2, 6, 19, 28, 80, 104, 390, 504, 1211])
    let hcp = try CrystalLattice.builtin("hcp", a: 3.0, species: [["Ag", "Pd"]])
    #expect(try DerivativeStructureEnumerator(lattice: hcp, sizes: Array(1...6)).countsBySize() == [3, 10, 50, 270, 651, 4793])
    let ternary = try CrystalLattice.builtin("fcc", a: 4.0, species: [["Ag", "Pd", "Cu"]])
    #expect(try DerivativeStructureEnumerator(lattice: ternary, sizes: Array(1...6)).countsBySize() == [3, 6, 21, 96, 165, 790])
    let rocksalt = try CrystalLattice.builtin("rocksalt", a: 4.0, species: [["Li+", "Mn3+"], ["O2-", "F-"]])
    #expect(try DerivativeStructureEnumerator(lattice: rocksalt, sizes: Array(1...5)).countsBySize() == [4, 11, 48, 266, 600])
}

@Test func enumerationMakesWhatCountingCounts() throws {
    let cases: [(CrystalLattice, [Int])] = [
        (try CrystalLattice.builtin("hcp", a: 3.0, species: [["Ag", "Pd"]]), Array(1...4)),
        (try CrystalLattice.builtin("fcc", a: 4.0, species: [["Ag", "Pd", "Cu"]]), Array(1...5)),
        (try CrystalLattice.builtin("rocksalt", a: 4.0, species: [["Li+", "Mn3+", "Vac"], ["O2-", "F-"]]), Array(1...3)),
        (try CrystalLattice.builtin("triangular", a: 1.0, species: [["Mn", "Li"]]), Array(1...9)),
        (try CrystalLattice.builtin("layered", a: 2.9), Array(1...4)),
    ]
    for (lattice, sizes) in cases {
        let enumerator = try DerivativeStructureEnumerator(lattice: lattice, sizes: sizes)
        let counts = try enumerator.countsBySize()
        let set = try enumerator.enumerate()
        var perSize = [Int](repeating: 0, count: (sizes.last ?? 0) + 1)
        for k in 0..<set.count { perSize[set.cellCount(of: k)] += 1 }
        #expect(sizes.map { perSize[$0] } == counts, "\(lattice.name)")
    }
}

/// Each structure of a set as its supercell matrix and occupation, to compare sets in order.
private func listing(_ set: DerivativeStructureSet) -> [String] {
    (0..<set.count).map { "\(set.supercell(of: $0).matrix) \(set.occupation(of: $0))" }
}

@Test func enumerationOnSeveralThreadsGivesTheSameStructuresInTheSameOrder() throws {
    let cases: [(CrystalLattice, [Int], [CompositionBound])] = [
        (try CrystalLattice.builtin("fcc", a: 4.0, species: [["Ag", "Pd"]]), Array(1...8), []),
        (try CrystalLattice.builtin("rocksalt", a: 4.0, species: [["Li+", "Mn3+", "Vac"], ["O2-", "F-"]]), Array(1...3), []),
    ]
    let fcc = cases[0].0
    let bounded = try [CompositionBound(lattice: fcc, species: "Pd", minimum: 0.25, maximum: 0.5)]
    for (lattice, sizes, bounds) in cases + [(fcc, [4, 6, 8], bounded)] {
        let enumerator = try DerivativeStructureEnumerator(lattice: lattice, sizes: sizes, bounds: bounds)
        let serial = listing(try enumerator.enumerate(threads: 1))
        let counts = try enumerator.countsBySize(threads: 1)
        #expect(serial.count == counts.reduce(0, +))
        for threads in [2, 3, 5] {
            #expect(try enumerator.countsBySize(threads: threads) == counts)
            let set = try enumerator.enumerate(threads: threads)
            #expect(listing(set) == serial, "\(lattice.name) \(sizes) on \(threads) threads")
            #expect(set.superlattices.map(\.hermite) == (try enumerator.enumerate(threads: 1)).superlattices.map(\.hermite))
        }
        // Ranks of a job (simulated), more than the superlattices of the small sizes: every rank
        // holds the same structures in the same order.
        for size in [2, 3, 7] {
            let perRank = SimulatedJob(size: size).run { rank in
                do { return listing(try enumerator.enumerate(threads: 2, ranks: rank)) } catch { return ["\(error)"] }
            }
            for (r, listed) in perRank.enumerated() { #expect(listed == serial, "\(lattice.name) \(sizes), rank \(r) of \(size)") }
        }
    }
}
