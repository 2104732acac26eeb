// The lower convex hull of energies over composition space, for any number of
// components: which structures are ground states, how far above the hull every
// other one lies, what the hull decomposes a composition into, and which pairs
// of ground states share a facet (for pictures). Hull energies are linear
// programs: E_hull(x) = min Σ λ_q e_q over λ >= 0, Σ λ_q = 1, Σ λ_q x_q = x.

/// The lower convex hull of points (composition, energy).
///
/// Compositions may be given in any coordinates that are affine in the chemical
/// composition (species counts per primitive cell, fractions, ...); dependent
/// coordinates (fractions summing to one, charge neutrality) are reduced first.
///
///     let hull = try CompositionHull(compositions: [[0], [0.5], [1], [0.5]], energies: [0, -0.1, 0, 0.05])
///     hull.vertices          // [0, 1, 2]
///     hull.distances         // [0, 0, 0, 0.15]
public struct CompositionHull: Sendable {
    /// The compositions as given.
    public let compositions: [[Double]]
    /// The energies as given.
    public let energies: [Double]
    /// Independent composition coordinates of each point (an orthonormal basis of their affine span).
    public let coordinates: [[Double]]
    /// Dimension of composition space (components - 1).
    public var dimension: Int { coordinates.first?.count ?? 0 }
    /// The ground states: points that are vertices of the lower hull, one per composition, ordered by
    /// composition compared from the last coordinate (a binary's second component ascending).
    public let vertices: [Int]
    /// The hull energy at each point's composition.
    public let hullEnergies: [Double]
    /// Pairs of vertices joined by an edge of the lower hull (the segment lies on it).
    public let edges: [(Int, Int)]
    /// Energies within this of the hull count as on it.
    public let tolerance: Double

    /// Energy above the hull of each point (>= 0 up to the tolerance).
    public var distances: [Double] { zip(energies, hullEnergies).map { max(0, $0 - $1) } }

    /// Whether point k lies on the hull.
    public func isOnHull(_ k: Int) -> Bool { energies[k] - hullEnergies[k] <= tolerance }

    /// Computes the hull of `energies` at `compositions` (one coordinate list per point, all the same length).
    public init(compositions: [[Double]], energies: [Double], tolerance: Double? = nil) throws {
        guard !energies.isEmpty else { throw LatticeError("a hull needs at least one structure") }
        guard compositions.count == energies.count else {
            throw LatticeError("\(compositions.count) compositions but \(energies.count) energies")
        }
        let width = compositions[0].count
        for (k, x) in compositions.enumerated() {
            guard x.count == width else { throw LatticeError("composition \(k) has \(x.count) coordinates, the first has \(width)") }
            guard x.allSatisfy({ $0.isFinite }) else { throw LatticeError("composition \(k) is not finite: \(x)") }
        }
        for (k, e) in energies.enumerated() where !e.isFinite {
            throw LatticeError("the energy of structure \(k) is \(e); remove structures without an energy first")
        }
        self.compositions = compositions
        self.energies = energies
        let scale = max(1, energies.map(abs).max() ?? 1)
        let tol = tolerance ?? 1e-9 * scale
        self.tolerance = tol
        let coords = affineCoordinates(compositions)
        coordinates = coords
        // One candidate per composition: the lowest energy there (the first within the tolerance).
        var lowest: [Int] = []
        var groupOf = [Int](repeating: 0, count: energies.count)
        var groupOfKey: [[Int64]: Int] = [:]
        for k in energies.indices {
            let key = coords[k].map { Int64(($0 * 1e8).rounded()) }
            if let g = groupOfKey[key] {
                if energies[k] < energies[lowest[g]] - tol { lowest[g] = k }
                groupOf[k] = g
            } else {
                groupOf[k] = lowest.count
                groupOfKey[key] = lowest.count
                lowest.append(k)
            }
        }
        let points = lowest.map { coords[$0] }
        let levels = lowest.map { energies[$0] }
        // The hull energy at every composition present.
        var atGroup: [Double] = []
        for (g, x) in points.enumerated() {
            if g % 64 == 0 { try pollInterruption() }
            atGroup.append(try envelope(at: x, points: points, energies: levels, excluding: nil) ?? levels[g])
        }
        hullEnergies = groupOf.map { atGroup[$0] }
        // A composition's lowest point is a vertex when the others cannot reach its energy there.
        var vertexGroups: [Int] = []
        for g in points.indices where levels[g] - atGroup[g] <= tol {
            let without = try envelope(at: points[g], points: points, energies: levels, excluding: g)
            if without.map({ $0 > levels[g] + tol }) ?? true { vertexGroups.append(g) }
        }
        vertices = vertexGroups.map { lowest[$0] }.sorted { compositions[$0].reversed().lexicographicallyPrecedes(compositions[$1].reversed()) }
        // Edges: the midpoint of a hull segment lies on the hull.
        var found: [(Int, Int)] = []
        for a in 0..<vertices.count {
            for b in (a + 1)..<vertices.count {
                try pollInterruption()
                let (i, j) = (vertices[a], vertices[b])
                let middle = zip(coords[i], coords[j]).map { ($0 + $1) / 2 }
                let level = (energies[i] + energies[j]) / 2
                if let e = try envelope(at: middle, points: points, energies: levels, excluding: nil), e >= level - tol { found.append((i, j)) }
            }
        }
        edges = found
    }

    /// The hull energy at composition `x` (in the coordinates given to init), or nil outside the compositions present.
    public func hullEnergy(at x: [Double]) throws -> Double? {
        try decomposition(at: x).map { parts in parts.reduce(0) { $0 + $1.weight * energies[$1.vertex] } }
    }

    /// Energies of formation against the end members: each energy minus the affine function through
    /// the lowest energies at the corners of the compositions present, when those corners make a
    /// simplex (components + 1 of them, as for binaries, ternaries, ...); nil otherwise. The corners
    /// come back as point indices (lowest energy at each corner composition).
    ///
    ///     hull.formationEnergies()?.corners    // [Ag, Pd] for a binary
    public func formationEnergies() throws -> (energies: [Double], corners: [Int])? {
        let d = dimension
        // Lowest point of each composition, then the compositions no other one can make.
        var lowestAt: [[Int64]: Int] = [:]
        var order: [[Int64]] = []
        for k in energies.indices {
            let key = coordinates[k].map { Int64(($0 * 1e8).rounded()) }
            if let j = lowestAt[key] { if energies[k] < energies[j] { lowestAt[key] = k } } else { lowestAt[key] = k; order.append(key) }
        }
        let points = order.compactMap { lowestAt[$0] }
        var corners: [Int] = []
        for (g, k) in points.enumerated() {
            let others = points.indices.filter { $0 != g }.map { coordinates[points[$0]] }
            guard !others.isEmpty else { corners.append(k); continue }
            var rows = [others.map { _ in 1.0 }]
            for axis in 0..<d { rows.append(others.map { $0[axis] }) }
            let feasible = try LinearProgram(costs: others.map { _ in 0 }, constraints: rows, bounds: [1] + coordinates[k]).solve()
            if feasible == .infeasible { corners.append(k) }
        }
        guard corners.count == d + 1 else { return nil }
        // The affine reference a + b·x through the corners: (d+1) equations in (d+1) unknowns.
        let system = try Matrix(rowMajor: corners.map { [1] + coordinates[$0] })
        let solution = try system.gram().cholesky()
            .solve(system.transposeTimes(corners.map { energies[$0] }))
        // At a corner's composition the reference is the corner's energy itself, exactly.
        let cornerKeys = Dictionary(corners.map { (coordinates[$0].map { Int64(($0 * 1e8).rounded()) }, energies[$0]) }, uniquingKeysWith: { a, _ in a })
        let reference = energies.indices.map { k in
            cornerKeys[coordinates[k].map { Int64(($0 * 1e8).rounded()) }]
                ?? solution[0] + zip(solution.dropFirst(), coordinates[k]).reduce(0) { $0 + $1.0 * $1.1 }
        }
        return (zip(energies, reference).map { $0 - $1 }, corners.sorted { compositions[$0].reversed().lexicographicallyPrecedes(compositions[$1].reversed()) })
    }

    /// The ground states the hull decomposes composition `x` into, with their weights (summing to 1).
    public func decomposition(at x: [Double]) throws -> [(vertex: Int, weight: Double)]? {
        guard x.count == compositions[0].count else {
            throw LatticeError("a composition here has \(compositions[0].count) coordinates, got \(x.count)")
        }
        let reduced = affineCoordinates(compositions + [x])
        guard let target = reduced.last, affineCoordinates(compositions).first?.count == target.count else { return nil }
        let points = vertices.map { reduced[$0] }
        let lp = hullProgram(at: target, points: points, energies: vertices.map { energies[$0] }, excluding: nil)
        guard case .optimal(let weights, _) = try lp.solve() else { return nil }
        return zip(vertices, weights).filter { $0.1 > 1e-12 }.map { (vertex: $0.0, weight: $0.1) }
    }
}

/// min Σ λ_q e_q subject to Σ λ_q = 1, Σ λ_q x_q = x, λ >= 0 (point `excluding` left out).
private func hullProgram(at x: [Double], points: [[Double]], energies: [Double], excluding: Int?) -> LinearProgram {
    let kept = points.indices.filter { $0 != excluding }
    var rows = [kept.map { _ in 1.0 }]
    for d in 0..<x.count { rows.append(kept.map { points[$0][d] }) }
    return LinearProgram(costs: kept.map { energies[$0] }, constraints: rows, bounds: [1] + x)
}

/// The lower envelope at x, nil when x is outside the compositions of the points kept.
private func envelope(at x: [Double], points: [[Double]], energies: [Double], excluding: Int?) throws -> Double? {
    if excluding != nil && points.count == 1 { return nil }
    let solution = try hullProgram(at: x, points: points, energies: energies, excluding: excluding).solve()
    if case .optimal(_, let value) = solution { return value }
    return nil
}

/// Coordinates of each point in an orthonormal basis of the affine span of all of them
/// (Gram-Schmidt on the differences from the first point, directions shorter than 1e-9 dropped).
func affineCoordinates(_ points: [[Double]]) -> [[Double]] {
    guard let origin = points.first else { return [] }
    var basis: [[Double]] = []
    for p in points {
        var v = zip(p, origin).map { $0 - $1 }
        for _ in 0..<2 {
            for b in basis {
                let dot = zip(v, b).reduce(0) { $0 + $1.0 * $1.1 }
                v = zip(v, b).map { $0 - dot * $1 }
            }
        }
        let length = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if length > 1e-9 { basis.append(v.map { $0 / length }) }
    }
    return points.map { p in
        let v = zip(p, origin).map { $0 - $1 }
        return basis.map { b in zip(v, b).reduce(0) { $0 + $1.0 * $1.1 } }
    }
}
