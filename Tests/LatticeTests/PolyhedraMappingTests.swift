// Anion-polyhedra mapping: synthetic rocksalt cells with tetrahedral sites, a
// distorted anion framework and off-centre cations map back exactly where the
// nearest-site matcher fails; each failure cause; limn3of's relaxed cells.
import Testing
import Foundation
@testable import Lattice

/// Rocksalt with both tetrahedral holes of the fcc anion array as sites (a = 4.2 Å): oct [Li, Mn, Vac], O, tet [Li, Vac] × 2.
private func rocksaltWithTetrahedra() throws -> CrystalLattice {
    try CrystalLattice(name: "rocksalt+tet", vectors: [[0, 2.1, 2.1], [2.1, 0, 2.1], [2.1, 2.1, 0]],
                       positions: [[0, 0, 0], [0.5, 0.5, 0.5], [0.25, 0.25, 0.25], [0.75, 0.75, 0.75]],
                       species: [["Li", "Mn", "Vac"], ["O"], ["Li", "Vac"], ["Li", "Vac"]])
}

/// A random configuration on a 2x2x2 supercell and a relaxed-looking structure of it: anions moved by up to
/// `anionNoise` Å per axis, octahedral cations `offCentre` Å towards a random face, tetrahedral ones 0.25 Å.
private func distortedCell(_ lattice: CrystalLattice, seed: UInt64, anionNoise: Double = 0.12, offCentre: Double = 0.7)
    throws -> (Configuration, AtomicStructure) {
    var rng = RandomStream(seed: seed)
    let sc = try Supercell(lattice: lattice, matrix: [2, 0, 0, 0, 2, 0, 0, 0, 2])
    var occupation = [Int](repeating: 0, count: sc.siteCount)
    for i in 0..<sc.siteCount {
        switch sc.primSite(i) {
        case 0: occupation[i] = [0, 0, 1, 2][rng.int(below: 4)]     // Li, Li, Mn, Vac
        case 1: occupation[i] = 0
        default: occupation[i] = rng.uniform() < 0.25 ? 0 : 1        // Li or Vac
        }
    }
    let conf = try Configuration(supercell: sc, occupation: occupation)
    var elements: [String] = [], positions: [Vector3] = []
    for i in 0..<sc.siteCount {
        let species = sc.space(i).species[occupation[i]]
        if species.isVacancy { continue }
        var p = sc.position(i)
        switch sc.primSite(i) {
        case 1: p += Vector3(rng.uniform(-anionNoise, anionNoise), rng.uniform(-anionNoise, anionNoise), rng.uniform(-anionNoise, anionNoise))
        case 0:
            let face = Vector3(rng.uniform() < 0.5 ? -1 : 1, rng.uniform() < 0.5 ? -1 : 1, rng.uniform() < 0.5 ? -1 : 1) / 3.0.squareRoot()
            p += offCentre * face
        default:
            let v = Vector3(rng.normal(), rng.normal(), rng.normal())
            p += 0.25 * v / norm(v)
        }
        elements.append(species.element)
        positions.append(p)
    }
    return (conf, AtomicStructure(id: "synthetic \(seed)", vectors: sc.vectors, elements: elements, charges: elements.map { _ in nil },
                                  positions: positions, info: [], energy: nil))
}

@Test func offCentreCationsMapThroughTheirPolyhedra() throws {
    let lattice = try rocksaltWithTetrahedra()
    let mapper = try AnionPolyhedraMapper(lattice: lattice, anions: ["O"])
    let nearest = StructureMapper(lattice: lattice, supercellSize: .species(["O"]))
    var nearestMapped = 0
    for seed in UInt64(1)...8 {
        let (conf, s) = try distortedCell(lattice, seed: seed)
        let m = try mapper.map(s).get()
        #expect(m.configuration.supercell.matrix == conf.supercell.matrix)
        #expect(m.configuration.occupation == conf.occupation, "seed \(seed)")
        if case .success = nearest.map(s) { nearestMapped += 1 }
    }
    // 0.7 Å off-centre is beyond stol 0.3 · (V/sites)^(1/3) = 0.44 Å: the nearest-site matcher maps none.
    #expect(nearestMapped == 0)
}

@Test func polyhedraFailuresNameTheirCause() throws {
    let lattice = try rocksaltWithTetrahedra()
    let mapper = try AnionPolyhedraMapper(lattice: lattice, anions: ["O"])
    let (_, s) = try distortedCell(lattice, seed: 3)
    func cause(_ t: AtomicStructure) -> PolyhedraFailureCause? {
        if case .failure(let f) = mapper.map(t) { return f.cause }
        return nil
    }
    // A Mn moved into an empty tetrahedron: the tetrahedral sites do not allow Mn.
    var mnInTet = s
    let mn = try #require(s.elements.firstIndex(of: "Mn"))
    let sc = try Supercell(lattice: lattice, matrix: [2, 0, 0, 0, 2, 0, 0, 0, 2])
    let emptyTet = try #require((0..<sc.siteCount).first { i in
        sc.primSite(i) >= 2 && !s.positions.contains { norm($0 - sc.position(i)) < 0.8 }
    })
    mnInTet.positions[mn] = sc.position(emptyTet)
    #expect(cause(mnInTet) == .disallowedSpecies)
    // An anion framework sheared out of shape.
    var sheared = s
    sheared.vectors = Matrix3(rows: [[8.4, 0, 0], [3.0, 8.4, 0], [0, 0, 8.4]])
    sheared.positions = s.positions.map { Basis3(sheared.vectors).cartesian(Basis3(s.vectors).inverse!.cartesian($0)) }
    #expect(cause(sheared) == .anionFramework)
    // A cation far from every anion (the cutoff excludes part of every polyhedron around it).
    let tight = try AnionPolyhedraMapper(lattice: lattice, anions: ["O"], cutoff: 1.5)
    if case .failure(let f) = tight.map(s) { #expect(f.cause == .polyhedron) } else { Issue.record("mapped with a 1.5 Å cutoff") }
    // Two cations in one octahedron.
    var crowded = s
    let li = s.elements.indices.filter { s.elements[$0] == "Li" }
    crowded.positions[li[1]] = s.positions[li[0]] + Vector3(0.05, 0, 0)
    #expect(cause(crowded) == .sharedPolyhedron)
}

@Test func limn3ofRelaxedCellsMapThroughPolyhedraAsTheNearestSiteMapperDoes() throws {
    let lattice = try Files.lattice(json: try SharedData.text("limn3of/prim.json"))
    let frames = try Files.structures(.extendedXYZ, try SharedData.text("limn3of/structures.extxyz"))
    let polyhedra = try AnionPolyhedraMapper(lattice: lattice, ltol: 0.15, stol: 0.2, angleTolerance: 2)
    #expect(polyhedra.anions == ["F", "O"])
    let nearest = StructureMapper(lattice: lattice, ltol: 0.15, stol: 0.2, angleTolerance: 2, supercellSize: .sites)
    // Each polyhedra-mapped cell gives the correlations smol stored for it (its own site mapping).
    let ideal = try Files.structures(.extendedXYZ, try SharedData.text("limn3of/ideal_structures.extxyz"))
    let space = try ClusterSpace(lattice: lattice, cutoffs: [2: 6.964912057439828, 3: 3.6373066946901065, 4: 3.6373066946901065])
    var byPolyhedra = 0, byNearest = 0, worst = 0.0
    for (f, stored) in zip(frames, ideal) {
        let a = polyhedra.map(f), b = nearest.map(f)
        if case .success(let p) = a {
            byPolyhedra += 1
            let fm = try FeatureMatrix(configurations: [p.configuration], totalEnergies: [p.energy], space: space, basis: .indicator, ewald: false, multiplicity: false)
            let published = (stored.value("published_features_per_prim") ?? "").split(separator: " ").compactMap { Double($0) }
            #expect(published.count == 35)
            for c in 0..<min(34, published.count) { worst = max(worst, abs(fm.values[c] - published[c])) }
            if case .success(let n) = b {
                // Same cells and, through the same species counts per site type, the same training row.
                #expect(p.configuration.supercell.cellCount == n.configuration.supercell.cellCount)
                #expect(p.configuration.occupation.sorted() == n.configuration.occupation.sorted())
            }
        }
        if case .success = b { byNearest += 1 }
    }
    #expect(byNearest == 50)
    #expect(byPolyhedra >= byNearest)
    #expect(worst < 1e-8)
}
