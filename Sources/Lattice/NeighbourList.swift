// Neighbour shells of a lattice and per-supercell neighbour lists as flat
// arrays, for Monte Carlo moves and local energies.
import Foundation

extension CrystalLattice {
    /// The neighbours of prim site `site` in the first `shells` distance shells (ascending),
    /// each as a lattice point with its distance and shell index (0-based).
    ///
    ///     let tri = try CrystalLattice.builtin("triangular", a: 1)
    ///     tri.neighbourPoints(of: 0, shells: 1).map(\.point.cell)   // the 6 vectors (±1,0,0), (0,±1,0), ±(1,-1,0)
    public func neighbourPoints(of site: Int, shells: Int = 1, activeOnly: Bool = false) -> [(point: LatticePoint, distance: Double, shell: Int)] {
        let p0 = cartesian(site: site, cell: .zero)
        let inv = inverseVectors
        // Grow the search radius until it holds `shells` distinct distances.
        var radius = 1.5 * (sites.count == 1 ? vectors.rowLengths.min() ?? 1 : pow(volume / Double(sites.count), 1.0 / 3.0))
        while true {
            let reach = (0..<3).map { Int((radius * norm(inv.column($0))).rounded(.up)) + 1 }
            var found: [(LatticePoint, Double)] = []
            for s in sites.indices where !activeOnly || sites[s].space.isActive {
                for x in -reach[0]...reach[0] { for y in -reach[1]...reach[1] { for z in -reach[2]...reach[2] {
                    let t = SIMD3(x, y, z)
                    if s == site && t == .zero { continue }
                    let d = norm(cartesian(site: s, cell: t) - p0)
                    if d <= radius { found.append((LatticePoint(site: s, cell: t), d)) }
                } } }
            }
            var distances: [Double] = []
            for d in found.map(\.1).sorted() where distances.last.map({ d - $0 > 1e-5 }) ?? true { distances.append(d) }
            if distances.count > shells || radius > 1e4 {
                let kept = Array(distances.prefix(shells))
                return found.compactMap { p, d in
                    guard let k = kept.firstIndex(where: { abs($0 - d) <= 1e-5 }) else { return nil }
                    return (p, d, k)
                }.sorted { ($0.shell, $0.point) < ($1.shell, $1.point) }
            }
            radius *= 1.6
        }
    }
}

extension Matrix3 {
    /// Lengths of the three row vectors.
    var rowLengths: [Double] { (0..<3).map { norm(row($0)) } }
}

/// Neighbours of every supercell site, flat: site i's neighbours are
/// `neighbours[start[i] ..< start[i + 1]]` with shell indices `shell[...]` (0 = nearest).
///
///     let nl = NeighbourList(supercell: sc, shells: 1)
///     for k in nl.start[i]..<nl.start[i + 1] { let j = Int(nl.neighbours[k]) }
public struct NeighbourList: Sendable {
    /// Start of each site's neighbours (count = sites + 1).
    public let start: [Int]
    /// Neighbour site indices (a periodic image may appear more than once in tiny supercells).
    public let neighbours: [Int32]
    /// Shell index of each neighbour.
    public let shell: [Int32]
    /// Distance of each shell, Å.
    public let shellDistances: [Double]

    /// Builds the lists for the first `shells` shells of every site.
    public init(supercell: Supercell, shells: Int = 1, activeOnly: Bool = false) {
        let lattice = supercell.lattice
        let perSite = lattice.sites.indices.map { lattice.neighbourPoints(of: $0, shells: shells, activeOnly: activeOnly) }
        var st: [Int] = [0], nb: [Int32] = [], sh: [Int32] = []
        let nPrim = lattice.sites.count
        for i in 0..<supercell.siteCount {
            let s = i % nPrim, t = supercell.cells[i / nPrim]
            for n in perSite[s] {
                nb.append(Int32(supercell.siteIndex(site: n.point.site, cell: n.point.cell &+ t)))
                sh.append(Int32(n.shell))
            }
            st.append(nb.count)
        }
        start = st
        neighbours = nb
        shell = sh
        var distances = [Double](repeating: 0, count: shells)
        for list in perSite { for n in list { distances[n.shell] = n.distance } }
        shellDistances = distances
    }
}
