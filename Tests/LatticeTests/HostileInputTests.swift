// Hostile input to the lattice engine: sizes, numbers and files that used to trap
// (integer overflow, Int(nan), out-of-range indices) now throw a LatticeError that says why.
import Testing
import Foundation
@testable import Lattice

@Test func hugeSupercellsAreRefusedNotOverflowed() throws {
    let fcc = try CrystalLattice.builtin("fcc", a: 4.0, species: [["Ag", "Pd"]])
    // 10^9 cubed overflows Int in the determinant.
    #expect(throws: LatticeError.self) { try Supercell(lattice: fcc, size: 1_000_000_000) }
    #expect(throws: LatticeError.self) { try Supercell(lattice: fcc, size: Int.max) }
    #expect(throws: LatticeError.self) { try Supercell(lattice: fcc, matrix: [2_000_000_000, 0, 0, 0, 2_000_000_000, 0, 0, 0, 1]) }
    #expect(throws: LatticeError.self) { try Supercell(lattice: fcc, size: 1_000_000) }
    // 10^18 cells of 18 sites: even the error message's site count overflowed.
    #expect(throws: LatticeError.self) { try Supercell(lattice: try CrystalLattice.builtin("spinel", a: 8.0), size: 1_000_000) }
    #expect(try Supercell(lattice: fcc, size: 3).siteCount == 27)
}

@Test func nonFiniteLatticesAreRefused() throws {
    #expect(throws: LatticeError.self) { try CrystalLattice.builtin("fcc", a: 1e200) }
    #expect(throws: LatticeError.self) { try CrystalLattice.builtin("hcp", a: 3, c: -1) }
    #expect(throws: LatticeError.self) { try CrystalLattice.builtin("hcp", a: 3, c: .infinity) }
    let unit = [[1.0, 0, 0], [0, 1, 0], [0, 0, 1]]
    #expect(throws: LatticeError.self) { try CrystalLattice(vectors: unit, positions: [[0, 0, .nan]], species: [["A", "B"]]) }
    #expect(throws: LatticeError.self) { try CrystalLattice(vectors: unit, positions: [[0, 0, 1e300]], species: [["A", "B"]]) }
    #expect(throws: LatticeError.self) { try CrystalLattice(vectors: [[.nan, 0, 0], [0, 1, 0], [0, 0, 1]], positions: [[0, 0, 0]], species: [["A", "B"]]) }
    #expect(throws: (any Error).self) { try Files.lattice(latIn: "1 1 1 0 0 0\n1 0 0\n0 1 0\n0 0 1\n0 0 0 A,B\n") }
    // Needle or flat cells made the Ewald translation scan overflow Int (or never end).
    let site = [[0.0, 0, 0]], ab = [["A+", "B-"]]
    #expect(throws: LatticeError.self) { try CrystalLattice(vectors: [[1e100, 0, 0], [0, 1e-50, 0], [0, 0, 1e-40]], positions: site, species: ab) }
    #expect(throws: LatticeError.self) { try CrystalLattice(vectors: [[1e4, 0, 0], [0, 1e-2, 0], [0, 0, 1]], positions: site, species: ab) }
    #expect(throws: LatticeError.self) { try CrystalLattice(vectors: [[1, 0, 0], [1, 1e-7, 0], [0, 0, 1]], positions: site, species: ab) }
    #expect(try CrystalLattice(vectors: [[300, 0, 0], [0, 0.3, 0], [0, 0, 1]], positions: site, species: ab).sites.count == 1)
}

@Test func speciesChargesStayPrintable() throws {
    #expect(throws: LatticeError.self) { try Species(parsing: "Mn1e300+") }
    #expect(throws: LatticeError.self) { try Species(parsing: "Mn-3+") }
    #expect(try Species(parsing: "Mn3+").description == "Mn3+")
    // JSON files carry charges as numbers; printing a huge one used to trap in Int(_:).
    #expect(Species(element: "Ag", charge: 1e300).description == "Ag1e+300+")
}

@Test func enormousCutoffsAreRefused() throws {
    let fcc = try CrystalLattice.builtin("fcc", a: 4.0, species: [["Ag", "Pd"]])
    for cutoff in [100.0, 1e6, 1e18, 1e308] {
        #expect(throws: LatticeError.self) { try ClusterSpace(lattice: fcc, cutoffs: [2: cutoff]) }
    }
    #expect(try ClusterSpace(lattice: fcc, cutoffs: [2: 12.0]).orbits.count > 5)
    // 120 species: a triplet would enumerate 119^3 labelings per cluster.
    let letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ".map(String.init), lower = "abcdefghijklmnopqrstuvwxyz".map(String.init)
    let many = try CrystalLattice.builtin("fcc", a: 4.0, species: [Array(letters.flatMap { a in lower.map { a + $0 } }.prefix(120))])
    #expect(throws: LatticeError.self) { try ClusterSpace(lattice: many, cutoffs: [2: 3.0, 3: 3.0]) }
}

@Test func unmappableCellsFailWithAReason() throws {
    let fcc = try CrystalLattice.builtin("fcc", a: 4.0, species: [["Ag", "Pd"]])
    let mapper = StructureMapper(lattice: fcc)
    func reason(_ xyz: String) throws -> String {
        let frame = try #require(try Files.structures(.extendedXYZ, xyz).first)
        guard case .failure(let e) = mapper.map(frame) else { Issue.record("mapped \(xyz)"); return "" }
        return e.message
    }
    // Each of these reached Int(nan) or Int(1e200) in the supercell search or the site assignment.
    #expect(try reason("1\nLattice=\"4 0 0 0 4 0 0 0 4\"\nAg nan 0 0\n").contains("positions must be finite"))
    #expect(try reason("1\nLattice=\"4 0 0 0 4 0 0 0 4\"\nAg 1e300 0 0\n").contains("positions must be finite"))
    #expect(try reason("1\nLattice=\"1e300 0 0 0 1e300 0 0 0 1e300\"\nAg 0 0 0\n").contains("cell vectors"))
    #expect(try reason("1\nLattice=\"0 0 0 0 0 0 0 0 0\"\nAg 0 0 0\n").contains("singular"))
    #expect(try reason("1\nLattice=\"4e5 0 0 0 4e5 0 0 0 4e5\"\nAg 0 0 0\n").contains("no supercell found"))
    let needle = try Files.structures(.pymatgenJSON, """
        {"lattice": {"matrix": [[9e5, 0, 0], [0, 1e-5, 0], [0, 0, 4]]}, "sites": [{"species": [{"element": "Ag", "occu": 1}], "abc": [0, 0, 0]}]}
        """)
    guard case .failure(let e) = mapper.map(needle[0]) else { Issue.record("a needle cell mapped"); return }
    #expect(e.message.contains("no supercell found"))
}

@Test func mismatchedLatticesAndCompositionsAreRefused() throws {
    let fcc = try CrystalLattice.builtin("fcc", a: 4.0, species: [["Ag", "Pd"]])
    // Same site count, different lattice: correlations on it used to be computed silently.
    #expect(!fcc.matches(try CrystalLattice.builtin("sc", a: 4.0, species: [["Ag", "Pd"]])))
    #expect(!fcc.matches(try CrystalLattice.builtin("fcc", a: 5.0, species: [["Ag", "Pd"]])))
    #expect(!fcc.matches(try CrystalLattice.builtin("fcc", a: 4.0, species: [["Ag", "Cu"]])))
    #expect(fcc.matches(try CrystalLattice.builtin("fcc", a: 4.0, species: [["Ag", "Pd"]])))
    var rng = RandomStream(seed: 1)
    let sc = try Supercell(lattice: fcc, size: 2)
    #expect(throws: LatticeError.self) { try Configuration.random(supercell: sc, composition: [[0.5, 0.5], [0.5, 0.5]], rng: &rng) }
    #expect(throws: LatticeError.self) { try Configuration.random(supercell: sc, composition: [], rng: &rng) }
}
