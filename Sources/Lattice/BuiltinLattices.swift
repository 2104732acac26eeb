// The built-in lattices users ask for by name, with a lattice parameter.
import Foundation

extension CrystalLattice {
    /// Names accepted by `builtin`.
    public static let builtinNames = ["chain", "square", "triangular", "honeycomb", "sc", "bcc", "fcc", "hcp", "rocksalt", "spinel", "layered"]

    /// The number of periodic axes: 1 for the chain, 2 for the built-in 2D lattices (their third
    /// axis is vacuum), 3 otherwise. Supercells and enumerations repeat the cell along these only.
    ///
    ///     try CrystalLattice.builtin("triangular").periodicAxes   // 2
    public var periodicAxes: Int {
        switch name {
        case "chain": return 1
        case "square", "triangular", "honeycomb": return 2
        default: return 3
        }
    }

    /// A built-in lattice with lattice parameter `a` (Å); `species` gives one list per sublattice.
    ///
    /// Sublattices: one for chain/square/triangular/sc/bcc/fcc, two equal ones
    /// for honeycomb/hcp (one list serves both), rocksalt [cation, anion],
    /// spinel [8a tetrahedral, 16c octahedral, 16d octahedral, 32e anion],
    /// layered O3 [Li layer, TM layer, O]. 2D lattices get a 10·a vacuum axis.
    ///
    ///     let rs = try CrystalLattice.builtin("rocksalt", a: 4.2, species: [["Li+", "Mn3+"], ["O2-", "F-"]])
    public static func builtin(_ name: String, a: Double = 1.0, c: Double? = nil, species: [[String]]? = nil) throws -> CrystalLattice {
        guard a > 0, a.isFinite else { throw LatticeError("lattice parameter a must be a positive number, got \(a)") }
        if let c { guard c > 0, c.isFinite else { throw LatticeError("lattice parameter c must be a positive number, got \(c)") } }
        let s3 = 3.0.squareRoot()
        var vectors: [[Double]]
        var positions: [[Double]]
        var groups: [Int]  // sublattice index of each site
        var defaults: [[String]]
        switch name.lowercased() {
        case "chain":
            vectors = [[a, 0, 0], [0, 10 * a, 0], [0, 0, 10 * a]]; positions = [[0, 0, 0]]; groups = [0]; defaults = [["A", "B"]]
        case "square":
            vectors = [[a, 0, 0], [0, a, 0], [0, 0, 10 * a]]; positions = [[0, 0, 0]]; groups = [0]; defaults = [["A", "B"]]
        case "triangular":
            vectors = [[a, 0, 0], [a / 2, a * s3 / 2, 0], [0, 0, 10 * a]]; positions = [[0, 0, 0]]; groups = [0]; defaults = [["A", "B"]]
        case "honeycomb":
            vectors = [[a, 0, 0], [a / 2, a * s3 / 2, 0], [0, 0, 10 * a]]
            positions = [[1.0 / 3, 1.0 / 3, 0], [2.0 / 3, 2.0 / 3, 0]]; groups = [0, 0]; defaults = [["A", "B"]]
        case "sc":
            vectors = [[a, 0, 0], [0, a, 0], [0, 0, a]]; positions = [[0, 0, 0]]; groups = [0]; defaults = [["A", "B"]]
        case "bcc":
            vectors = [[-a / 2, a / 2, a / 2], [a / 2, -a / 2, a / 2], [a / 2, a / 2, -a / 2]]; positions = [[0, 0, 0]]; groups = [0]; defaults = [["A", "B"]]
        case "fcc":
            vectors = [[0, a / 2, a / 2], [a / 2, 0, a / 2], [a / 2, a / 2, 0]]; positions = [[0, 0, 0]]; groups = [0]; defaults = [["A", "B"]]
        case "hcp":
            let cc = c ?? a * (8.0 / 3.0).squareRoot()
            vectors = [[a, 0, 0], [-a / 2, a * s3 / 2, 0], [0, 0, cc]]
            positions = [[1.0 / 3, 2.0 / 3, 0.25], [2.0 / 3, 1.0 / 3, 0.75]]; groups = [0, 0]; defaults = [["A", "B"]]
        case "rocksalt":
            vectors = [[0, a / 2, a / 2], [a / 2, 0, a / 2], [a / 2, a / 2, 0]]
            positions = [[0, 0, 0], [0.5, 0.5, 0.5]]; groups = [0, 1]; defaults = [["Li+", "Mn3+"], ["O2-", "F-"]]
        case "spinel":
            (vectors, positions, groups) = spinelCell(a: a)
            defaults = [["Li+", "Mn2+", "Vac"], ["Li+", "Mn2+", "Mn3+", "Mn4+", "Vac"], ["Li+", "Mn2+", "Mn3+", "Mn4+", "Vac"], ["O2-", "F-"]]
        case "layered", "o3", "layered-o3":
            // R-3m rhombohedral cell of the ideal O3 (α-NaFeO2) structure; a is the in-plane metal-metal distance.
            let cc = c ?? 2 * 6.0.squareRoot() * a
            vectors = [[a / 2, -a / (2 * s3), cc / 3], [0, a / s3, cc / 3], [-a / 2, -a / (2 * s3), cc / 3]]
            positions = [[0, 0, 0], [0.5, 0.5, 0.5], [0.25, 0.25, 0.25], [0.75, 0.75, 0.75]]; groups = [0, 1, 2, 2]
            defaults = [["Li+", "Vac"], ["Ni3+", "Ni4+"], ["O2-"]]
        default:
            throw LatticeError("unknown lattice '\(name)': choose one of \(builtinNames.joined(separator: ", ")), or give vectors and sites")
        }
        let lists = species ?? defaults
        let nGroups = (groups.max() ?? 0) + 1
        guard lists.count == nGroups else {
            throw LatticeError("lattice '\(name)' has \(nGroups) sublattice\(nGroups == 1 ? "" : "s"): give \(nGroups) species list\(nGroups == 1 ? "" : "s"), e.g. \(defaults.map { "[" + $0.joined(separator: ", ") + "]" }.joined(separator: ", "))")
        }
        return try CrystalLattice(name: name.lowercased(), vectors: vectors, positions: positions, species: groups.map { lists[$0] })
    }
}

/// The primitive cell of spinel (Fd-3m, origin choice 2, ideal anion parameter u = 1/4):
/// 2 sites 8a, 4 sites 16c, 4 sites 16d, 8 sites 32e.
private func spinelCell(a: Double) -> ([[Double]], [[Double]], [Int]) {
    let fccT: [Vector3] = [Vector3(0, 0, 0), Vector3(0, 0.5, 0.5), Vector3(0.5, 0, 0.5), Vector3(0.5, 0.5, 0)]
    let u = 0.25
    let wyckoff: [[Vector3]] = [
        [Vector3(1, 1, 1) / 8, Vector3(7, 3, 3) / 8],
        [Vector3(0, 0, 0), Vector3(0.75, 0.25, 0.5), Vector3(0.25, 0.5, 0.75), Vector3(0.5, 0.75, 0.25)],
        [Vector3(0.5, 0.5, 0.5), Vector3(0.25, 0.75, 0), Vector3(0.75, 0, 0.25), Vector3(0, 0.25, 0.75)],
        [Vector3(u, u, u), Vector3(-u + 0.75, -u + 0.25, u + 0.5), Vector3(-u + 0.25, u + 0.5, -u + 0.75), Vector3(u + 0.5, -u + 0.75, -u + 0.25),
         Vector3(u + 0.75, u + 0.25, -u + 0.5), Vector3(u + 0.25, -u + 0.5, u + 0.75), Vector3(-u + 0.5, u + 0.75, u + 0.25), Vector3(-u, -u, -u)],
    ]
    let prim = Matrix3(rows: [[0, 0.5, 0.5], [0.5, 0, 0.5], [0.5, 0.5, 0]])
    let toPrim = prim.inverse ?? .identity
    var positions: [[Double]] = []
    var groups: [Int] = []
    var seen: [Vector3] = []
    for (g, list) in wyckoff.enumerated() {
        for p in list {
            for t in fccT {
                var f = toPrim.leftMultiply(p + t)   // conventional fractional = Cartesian/a here
                f -= (f + Vector3(repeating: 1e-9)).rounded(.down)
                if seen.contains(where: { d in let e = d - f; return norm(e - e.rounded(.toNearestOrAwayFromZero)) < 1e-6 }) { continue }
                seen.append(f)
                positions.append([f.x, f.y, f.z])
                groups.append(g)
            }
        }
    }
    return ([[0, a / 2, a / 2], [a / 2, 0, a / 2], [a / 2, a / 2, 0]], positions, groups)
}
