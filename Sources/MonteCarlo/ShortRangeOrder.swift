// Warren–Cowley short-range order per neighbour shell, counted in one flat
// loop over a precomputed (site, neighbour, shell) table at each record.
import Lattice

/// Warren–Cowley parameters α_ij^(s) = 1 − P(j | i, s) / c_j^(s) for every ordered pair of species on each shell.
///
/// P(j | i, s) is the fraction of the shell-s neighbours of i-sites that hold j; c_j^(s) is the fraction of j
/// among the shell-s neighbours of every site that may hold i, whatever it holds (on a single sublattice,
/// the concentration of j: Cowley's definition; on several, the concentration of j where i's shell-s
/// neighbours sit, so that a random arrangement gives α ≈ 0 on every sublattice pair). Only active sites
/// (more than one allowed species) count, as centres and as neighbours, and shells are the distance shells
/// among active sites around each prim site. α is NaN when no i-site or no j-neighbour exists on that shell.
///
///     let sro = ShortRangeOrder(supercell: sc, shells: 2)
///     let alpha = sro.alphas(occupation)   // alpha[sro.index(shell: 0, i, j)]
public struct ShortRangeOrder: Sendable {
    /// Shells counted (shell 0 = nearest).
    public let shells: Int
    /// The species named in the order of the α array (first appearance over the supercell's active sites).
    public let species: [String]
    /// Start of each site's neighbours in `neighbours` (sites + 1 entries; inactive sites have none).
    let start: [Int]
    let neighbours: [Int32]
    let shell: [Int32]
    /// Species index (into `species`) of (site i, occupation o) at `speciesBase[i] + o`.
    let speciesBase: [Int32]
    let speciesTable: [Int32]
    /// The group (prim site) of each site, and whether each group admits each species (groups × species).
    let group: [Int32]
    let admits: [Bool]

    /// The table for the first `shells` shells of active sites of `supercell` (a configuration's site numbering).
    public init(supercell: Supercell, shells: Int) throws {
        guard shells >= 1, shells <= 20 else { throw MonteCarloError("short-range order needs 1...20 shells, got \(shells)") }
        let list = NeighbourList(supercell: supercell, shells: shells, activeOnly: true)
        var names: [String] = []
        var base: [Int32] = [], table: [Int32] = []
        var tableOfPrim: [Int: Int32] = [:]
        var primSpecies: [Int: [String]] = [:]
        var st: [Int] = [0]
        for i in 0..<supercell.siteCount {
            let space = supercell.space(i)
            let prim = supercell.primSite(i)
            if let b = tableOfPrim[prim] {
                base.append(b)
            } else {
                tableOfPrim[prim] = Int32(table.count)
                primSpecies[prim] = space.species.map(\.description)
                base.append(Int32(table.count))
                for s in space.species.map(\.description) {
                    if !names.contains(s) { names.append(s) }
                    table.append(Int32(names.firstIndex(of: s) ?? 0))
                }
            }
            // A site with one species is no centre (its neighbours are active sites only already).
            st.append(st[st.count - 1] + (space.isActive ? list.start[i + 1] - list.start[i] : 0))
        }
        var nb: [Int32] = [], sh: [Int32] = []
        for i in 0..<supercell.siteCount where supercell.space(i).isActive {
            nb += list.neighbours[list.start[i]..<list.start[i + 1]]
            sh += list.shell[list.start[i]..<list.start[i + 1]]
        }
        self.shells = shells
        self.species = names
        self.start = st
        self.neighbours = nb
        self.shell = sh
        self.speciesBase = base
        self.speciesTable = table
        let groups = supercell.lattice.sites.count
        self.group = (0..<supercell.siteCount).map { Int32(supercell.primSite($0)) }
        self.admits = (0..<groups).flatMap { g in names.map { primSpecies[g]?.contains($0) ?? false } }
    }

    /// The site count the table was built for.
    public var siteCount: Int { start.count - 1 }

    /// The position of α_ij on `shell` (0-based) in the array `alphas` returns.
    public func index(shell: Int, _ i: Int, _ j: Int) -> Int { (shell * species.count + i) * species.count + j }

    /// Pair counts N_ij^(s) and neighbour counts per centre group G_gj^(s) (shell-major), in one pass.
    func tallies(_ occupation: [UInt8]) -> (pairs: [Int], groups: [Int]) {
        let m = species.count, groups = admits.count / max(m, 1)
        var counts = [Int](repeating: 0, count: shells * m * m)
        var byGroup = [Int](repeating: 0, count: shells * groups * m)
        for i in 0..<siteCount where start[i] < start[i + 1] {
            let a = Int(speciesTable[Int(speciesBase[i]) + Int(occupation[i])])
            let g = Int(group[i])
            for k in start[i]..<start[i + 1] {
                let j = Int(neighbours[k])
                let b = Int(speciesTable[Int(speciesBase[j]) + Int(occupation[j])])
                let s = Int(shell[k])
                counts[(s * m + a) * m + b] += 1
                byGroup[(s * groups + g) * m + b] += 1
            }
        }
        return (counts, byGroup)
    }

    /// Pair counts N_ij^(s) (shell-major, then centre species, then neighbour species).
    public func counts(_ occupation: [UInt8]) -> [Int] { tallies(occupation).pairs }

    /// α_ij^(s) for every shell and ordered species pair, in the order of `index(shell:_:_:)`.
    public func alphas(_ occupation: [UInt8]) -> [Double] {
        let m = species.count, groups = admits.count / max(m, 1)
        let (n, byGroup) = tallies(occupation)
        var alpha = [Double](repeating: .nan, count: n.count)
        for s in 0..<shells {
            for a in 0..<m {
                let row = (0..<m).reduce(0) { $0 + n[index(shell: s, a, $1)] }
                guard row > 0 else { continue }
                // The neighbours of every site that may hold a, by species.
                var around = [Int](repeating: 0, count: m)
                for g in 0..<groups where admits[g * m + a] {
                    for b in 0..<m { around[b] += byGroup[(s * groups + g) * m + b] }
                }
                let total = Double(around.reduce(0, +))
                for b in 0..<m where around[b] > 0 {
                    let conditional = Double(n[index(shell: s, a, b)]) / Double(row)
                    alpha[index(shell: s, a, b)] = 1 - conditional / (Double(around[b]) / total)
                }
            }
        }
        return alpha
    }
}
