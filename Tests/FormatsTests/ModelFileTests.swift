// Model files: ce's JSON and ATAT's lat.in + clusters.out + eci.out read back
// exactly what was written (orbits in order, coefficients bit for bit, the
// same energies), and refuse newer versions and clusters that are not on the
// lattice with messages that say so.
import Foundation
import Formats
import Lattice
import Testing

@Suite struct ModelFileTests {
    /// A binary fcc expansion with pairs and triplets and distinct coefficients.
    func fccModel(multiplicity: Bool = true) throws -> ClusterExpansion {
        let fcc = try CrystalLattice.builtin("fcc", a: 4.0, species: [["Ag", "Pd"]])
        let space = try ClusterSpace(lattice: fcc, cutoffs: [2: 6.0, 3: 4.1, 4: 4.1])
        let c = (0..<space.functionCount).map { (k: Int) -> Double in
            let sign: Double = k % 2 == 0 ? 1 : -1
            return 0.01 * Double(k + 1) * sign + 1.0 / 3.0
        }
        return try ClusterExpansion(space: space, basis: .sinusoid, coefficients: c, includesMultiplicity: multiplicity)
    }

    /// A rocksalt expansion with a ternary cation site (Li, Mn, vacancy), charges and an Ewald term.
    func ternaryModel() throws -> ClusterExpansion {
        let rs = try CrystalLattice.builtin("rocksalt", a: 4.2, species: [["Li+", "Mn3+", "Vac"], ["O2-", "F-"]])
        let space = try ClusterSpace(lattice: rs, cutoffs: [2: 4.3, 3: 3.0])
        let c = (0..<space.functionCount).map { (k: Int) -> Double in sin(Double(k) + 0.5) / 7 }
        return try ClusterExpansion(space: space, basis: .sinusoid, coefficients: c, includesMultiplicity: false,
                                    ewald: ClusterExpansion.Ewald(coefficient: 0.125))
    }

    /// Random configurations of a lattice on a few supercells.
    func configurations(_ lattice: CrystalLattice, count: Int = 6) throws -> [Configuration] {
        var rng = RandomStream(seed: 11)
        let matrices = [[2, 0, 0, 0, 2, 0, 0, 0, 2], [3, 0, 0, 1, 2, 0, 0, 0, 1], [1, 1, 0, 0, 2, 1, 1, 0, 3]]
        return try (0..<count).map { k in
            try Configuration.random(supercell: try Supercell(lattice: lattice, matrix: matrices[k % matrices.count]), rng: &rng)
        }
    }

    /// Written as JSON text, parsed and decoded.
    func roundTrip(_ model: ClusterExpansion) throws -> ClusterExpansion {
        try ModelFile.decode(try JSON.parse(JSON.encode(ModelFile.encode(model))))
    }

    @Test func modelFilesReadBackExactly() throws {
        for model in [try fccModel(), try fccModel(multiplicity: false), try ternaryModel()] {
            let back = try roundTrip(model)
            #expect(back.coefficients == model.coefficients)
            #expect(back.includesMultiplicity == model.includesMultiplicity)
            #expect(back.ewald == model.ewald)
            #expect(back.basis == model.basis && back.energyUnit == model.energyUnit)
            #expect(back.lattice.matches(model.lattice))
            #expect(back.space.orbits.map(\.representative) == model.space.orbits.map(\.representative))
            #expect(back.space.orbits.map(\.functions) == model.space.orbits.map(\.functions))
            let confs = try configurations(model.lattice)
            #expect(try back.energiesPerPrim(confs) == model.energiesPerPrim(confs))
        }
    }

    @Test func aNewerFormatVersionIsRefused() throws {
        guard case .object(var doc) = ModelFile.encode(try fccModel()) else { Issue.record("a model file is an object"); return }
        doc["version"] = .int(ModelFile.version + 1)
        let message = failure { try ModelFile.decode(.object(doc)) }
        #expect(message.contains("format version 2, newer than the version 1 this ce reads"))
    }

    @Test func clustersThatDoNotFitTheLatticeAreRefused() throws {
        guard case .object(let doc) = ModelFile.encode(try fccModel()), case .array(var orbits)? = doc["orbits"],
              case .object(var pair) = orbits[2] else { Issue.record("orbits are objects"); return }
        // A point between sites.
        var moved = doc
        pair["sites"] = .array([.array([.double(0), .double(0), .double(0)]), .array([.double(0.25), .double(0), .double(0)])])
        orbits[2] = .object(pair)
        moved["orbits"] = .array(orbits)
        #expect(failure { try ModelFile.decode(.object(moved)) }.contains("the clusters do not fit the lattice: cluster 3: [0.250000, 0.000000, 0.000000] is not a site"))
        // The right sites, but another lattice: the multiplicity the file gives is not the one on it.
        var other = doc
        let sc = try CrystalLattice.builtin("sc", a: 4.0, species: [["Ag", "Pd"]])
        let scModel = try ClusterExpansion(space: try ClusterSpace(lattice: sc, cutoffs: [:]), basis: .sinusoid, coefficients: [0, 0],
                                           includesMultiplicity: true)
        other["lattice"] = ModelFile.encode(scModel)["lattice"]
        #expect(failure { try ModelFile.decode(.object(other)) }.contains("the clusters do not fit the lattice"))
    }

    @Test func atatFilesReadBackExactly() throws {
        for model in [try fccModel(), try ternaryModelWithoutEwald()] {
            let files = try ATATModel.write(model)
            let back = try ATATModel.read(latIn: files.latIn, clustersOut: files.clustersOut, eciOut: files.eciOut)
            #expect(back.lattice.matches(model.lattice))
            #expect(back.space.orbits.map(\.representative) == model.space.orbits.map(\.representative))
            // Binary blocks carry the ECIs themselves; a labeling class of k functions divides by k and back.
            #expect(zip(back.eci, model.eci).allSatisfy { abs($0 - $1) <= 1e-15 * max(1, abs($1)) })
            let confs = try configurations(model.lattice)
            let (a, b) = (try back.energiesPerPrim(confs), try model.energiesPerPrim(confs))
            #expect(zip(a, b).allSatisfy { abs($0 - $1) <= 1e-14 * max(1, abs($1)) })
        }
    }

    /// The ternary model's ECIs without its Ewald term (ATAT's clusters.out has none).
    func ternaryModelWithoutEwald() throws -> ClusterExpansion {
        let m = try ternaryModel()
        return try ClusterExpansion(space: m.space, basis: .sinusoid, coefficients: m.coefficients, includesMultiplicity: m.includesMultiplicity)
    }

    @Test func atatBlocksAreCorrdumpsLayout() throws {
        let files = try ATATModel.write(try fccModel())
        let blocks = files.clustersOut.split(separator: "\n\n", omittingEmptySubsequences: false)
        // Empty cluster, point, then the nearest-neighbour pair: 6 per cell, 2.828 Å, two points.
        #expect(blocks[0] == "1\n0\n0")
        #expect(blocks[1] == "1\n0\n1\n0 0 0")
        #expect(blocks[2].hasPrefix("6\n2.82842712474619") && blocks[2].hasSuffix("\n2\n0 0 0\n0 0 1.0"))
        #expect(files.latIn.hasSuffix("1 0 0\n0 1 0\n0 0 1\n0 0 0 Ag,Pd\n"))
        // A ternary site gives each point "M-2 function": the multicomponent layout.
        let ternary = try ATATModel.write(try ternaryModelWithoutEwald()).clustersOut
        #expect(ternary.contains("\n1\n0\n1\n0 0 0 1 0\n") && ternary.contains("\n1\n0\n1\n0 0 0 1 1\n"))
        #expect(throws: FormatError.self) { _ = try ATATModel.write(try ternaryModel()) }   // Ewald
    }

    @Test func atatClustersOffTheLatticeAreRefused() throws {
        let files = try ATATModel.write(try fccModel())
        let shifted = files.clustersOut.replacingOccurrences(of: "0 0 1.0\n", with: "0 0 0.9\n")
        #expect(failure { try ATATModel.read(latIn: files.latIn, clustersOut: shifted, eciOut: files.eciOut) }
            .contains("is not a site of the lattice"))
        let wrongMultiplicity = files.clustersOut.replacingOccurrences(of: "6\n2.82842712474619", with: "4\n2.82842712474619")
        #expect(failure { try ATATModel.read(latIn: files.latIn, clustersOut: wrongMultiplicity, eciOut: files.eciOut) }
            .contains("the clusters do not fit the lattice: multiplicity 4, but the cluster has 6 per unit cell"))
        #expect(throws: FormatError.self) { _ = try ATATModel.read(latIn: files.latIn, clustersOut: files.clustersOut, eciOut: "0.1\n") }
    }

    @Test func structuresWithoutAtomsAreNotWritten() throws {
        let fcc = try CrystalLattice.builtin("fcc", a: 4.0, species: [["Ag", "Vac"]])
        let empty = try Configuration(supercell: try Supercell(lattice: fcc, size: 2), occupation: Array(repeating: 1, count: 8))
        for format in StructureWriter.Format.allCases {
            let message = failure { try StructureWriter.text([AtomicStructure(configuration: empty, id: "vacant")], as: format) }
            #expect(message.contains("structure 'vacant' has no atoms (every site is vacant)"))
        }
        let one = try Configuration(supercell: try Supercell(lattice: fcc, size: 1), occupation: [0])
        #expect(throws: FormatError.self) {
            _ = try StructureWriter.text(Array(repeating: AtomicStructure(configuration: one, id: "a"), count: 2), as: .poscar)
        }
    }

    /// The message of the error `body` throws, or "" when it throws none.
    func failure(_ body: () throws -> Any) -> String {
        do { _ = try body(); return "" } catch { return "\(error)" }
    }
}
