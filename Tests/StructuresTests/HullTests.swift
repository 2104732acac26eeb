// The lower convex hull against scipy's ConvexHull on agpd's DFT data, hand
// cases with collinear and repeated compositions, and a ternary.
import Formats
import Foundation
import PeerSupport
import Testing
@testable import Structures

@Test func agpdHullMatchesScipy() throws {
    let path = try Peer.sharedData("agpd/structures.extxyz")
    let bytes = try #require(FileManager.default.contents(atPath: path))
    let frames = try StructureFile.read(Array(bytes), name: path).map { try $0.get() }
    let x = frames.map { f in Double(f.elements.filter { $0 == "Pd" }.count) / Double(f.elements.count) }
    let e = try frames.map { f in try #require(Double(f.value("mixing_energy_eV_per_atom") ?? "")) }
    let hull = try CompositionHull(compositions: x.map { [$0] }, energies: e)
    let script = """
    import numpy as np, sys
    from ase.io import read
    from scipy.spatial import ConvexHull
    frames = read(sys.argv[1], index=':')
    x = np.array([f.get_chemical_symbols().count('Pd') / len(f) for f in frames])
    e = np.array([f.info['mixing_energy_eV_per_atom'] for f in frames])
    hull = ConvexHull(np.column_stack([x, e]))
    lower = [eq for eq in hull.equations if eq[1] < -1e-12]
    vertices = sorted({int(v) for s, eq in zip(hull.simplices, hull.equations) if eq[1] < -1e-12 for v in s})
    print(len(vertices), *vertices)
    hull_e = np.max([-(eq[0] * x + eq[2]) / eq[1] for eq in lower], axis=0)
    for d in e - hull_e:
        print(float(d).hex())
    """
    let out = try Peer.run(script, arguments: [path]).split(separator: "\n")
    let head = out[0].split(separator: " ").compactMap { Int($0) }
    let scipyVertices = Array(head.dropFirst())
    #expect(head[0] == scipyVertices.count)
    // Vertices of equal composition and energy would be ambiguous; agpd has none.
    #expect(hull.vertices.sorted() == scipyVertices)
    let scipyDistances = out.dropFirst().map { Double(String($0)) ?? .nan }
    #expect(scipyDistances.count == e.count)
    let worst = zip(hull.distances, scipyDistances).map { abs($0 - max(0, $1)) }.max() ?? .infinity
    #expect(worst < 1e-12)
    #expect(hull.vertices.count >= 4)
}

@Test func hullHandlesCollinearAndRepeatedCompositions() throws {
    // Four points on one line: only the ends are vertices; a duplicate composition keeps the lower one.
    let hull = try CompositionHull(compositions: [[0], [0.25], [0.5], [1], [0.5], [0.75]],
                                   energies: [0, -0.25, -0.5, 0, -0.3, -0.2])
    #expect(hull.vertices == [0, 2, 3])
    #expect(hull.isOnHull(1) && !hull.isOnHull(4))
    #expect(abs(hull.distances[4] - 0.2) < 1e-12 && abs(hull.distances[5] - 0.05) < 1e-12)
    #expect(hull.edges.map { [$0.0, $0.1] } == [[0, 2], [2, 3]])
    let parts = try #require(try hull.decomposition(at: [0.75]))
    #expect(parts.map(\.vertex) == [2, 3] && parts.allSatisfy { abs($0.weight - 0.5) < 1e-12 })
}

@Test func ternaryHullInFractionCoordinates() throws {
    // Fractions of A, B, C (dependent: they sum to 1). Corners at 0, the centre low, an edge midpoint high.
    let points: [[Double]] = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1.0 / 3, 1.0 / 3, 1.0 / 3], [0.5, 0.5, 0]]
    // Below the A-B edge the midpoint is a ground state: edges A-AB, AB-B, the other two sides and four spokes.
    let hull = try CompositionHull(compositions: points, energies: [0, 0, 0, -0.3, -0.1])
    #expect(hull.dimension == 2)
    #expect(hull.vertices.sorted() == [0, 1, 2, 3, 4])
    #expect(Set(hull.edges.map { [$0.0, $0.1].sorted() }) == [[0, 4], [1, 4], [0, 2], [1, 2], [0, 3], [1, 3], [2, 3], [3, 4]])
    // Above it, the midpoint sits 0.05 over the hull (the A-B side at 0): three sides and three spokes.
    let above = try CompositionHull(compositions: points, energies: [0, 0, 0, -0.3, 0.05])
    #expect(above.vertices.sorted() == [0, 1, 2, 3])
    #expect(abs(above.distances[4] - 0.05) < 1e-12)
    #expect(above.edges.count == 6)
    let parts = try #require(try above.decomposition(at: [0.5, 0.25, 0.25]))
    #expect(abs(parts.reduce(0) { $0 + $1.weight } - 1) < 1e-12)
    #expect(try above.hullEnergy(at: [2, -1, 0]) == nil)   // outside the composition triangle
}

@Test func formationEnergiesAgainstTheCorners() throws {
    // Energies with a linear part 1 + 2x: formation energies remove it; the corners are x = 0 and x = 1.
    let x = [0.0, 0.25, 0.5, 1, 0]
    let e = zip(x, [0, -0.1, -0.2, 0, 0.3]).map { 1 + 2 * $0 + $1 }
    let hull = try CompositionHull(compositions: x.map { [$0] }, energies: e)
    let formation = try #require(try hull.formationEnergies())
    #expect(formation.corners == [0, 3])
    #expect(zip(formation.energies, [0, -0.1, -0.2, 0, 0.3]).allSatisfy { abs($0 - $1) < 1e-12 })
    // Two binary sublattices make a square of compositions: no simplex, no reference.
    let square = try CompositionHull(compositions: [[0, 0], [1, 0], [0, 1], [1, 1], [0.5, 0.5]], energies: [0, 0, 0, 0, -1])
    #expect(try square.formationEnergies() == nil)
}
