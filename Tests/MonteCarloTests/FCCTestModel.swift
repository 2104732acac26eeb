// A 4,000-site fcc binary cluster expansion built by hand (until the Lattice
// module provides orbits): 3 pair shells (cutoff 5.0 Å, a = 4.0) and the two
// triplet orbits within 4.1 Å, equilateral nn (mult 8) and (nn, nn, 2nn) (mult 12).
@testable import MonteCarlo

enum FCCTestModel {
    /// Sites are the integer points (x, y, z) with x + y + z even in a periodic box of side 2L (units a/2).
    static func index(_ x: Int, _ y: Int, _ z: Int, _ cells: Int) -> Int {
        let m = 2 * cells
        let (a, b, c) = (((x % m) + m) % m, ((y % m) + m) % m, ((z % m) + m) % m)
        return (a * m + b) * cells + c / 2
    }

    /// Offsets (units a/2) with squared length `r2`.
    static func shell(_ r2: Int) -> [(Int, Int, Int)] {
        var out: [(Int, Int, Int)] = []
        for x in -2...2 { for y in -2...2 { for z in -2...2 where (x + y + z) % 2 == 0 && x * x + y * y + z * z == r2 { out.append((x, y, z)) } } }
        return out
    }

    /// The model on `cells`³ conventional cells (4 cells³ sites), s = ±1 for species 0/1:
    /// E = Σ_shells J Σ_pairs s s + Σ_orbits K Σ_triangles s s s.
    static func model(cells: Int, pairECIs: [Double] = [0.02, -0.005, 0.002], tripletECIs: [Double] = [0.001, -0.0005]) throws
        -> (model: ClusterTableModel, pairs: Int, triangles: [Int]) {
        let n = 4 * cells * cells * cells
        let spin = [1.0, -1.0]
        var terms: [ClusterTerm] = []
        var pairCount = 0
        let shells = [shell(2), shell(4), shell(6)]    // 12, 6, 24 neighbours: 2.83, 4.0, 4.90 Å
        var sites: [(Int, Int, Int)] = []
        let m = 2 * cells
        for x in 0..<m { for y in 0..<m { for z in 0..<m where (x + y + z) % 2 == 0 { sites.append((x, y, z)) } } }
        for (s, offsets) in shells.enumerated() {
            let table = [0, 1, 2, 3].map { pairECIs[s] * spin[$0 % 2] * spin[$0 / 2] }
            for (x, y, z) in sites {
                for (dx, dy, dz) in offsets where (dx, dy, dz) > (0, 0, 0) {
                    terms.append(ClusterTerm(sites: [index(x, y, z, cells), index(x + dx, y + dy, z + dz, cells)], table: table))
                    pairCount += 1
                }
            }
        }
        // Triangles with a vertex at each site: offsets u < v with u, v, u - v in nn or 2nn; keep each triangle once.
        let near = shell(2) + shell(4)
        var triangleCounts = [0, 0]
        var seen = Set<[Int]>()
        for (x, y, z) in sites {
            for u in near {
                for v in near where u < v {
                    let d = (u.0 - v.0) * (u.0 - v.0) + (u.1 - v.1) * (u.1 - v.1) + (u.2 - v.2) * (u.2 - v.2)
                    guard d == 2 || d == 4 else { continue }
                    let lengths = [u.0 * u.0 + u.1 * u.1 + u.2 * u.2, v.0 * v.0 + v.1 * v.1 + v.2 * v.2, d].sorted()
                    guard lengths == [2, 2, 2] || lengths == [2, 2, 4] else { continue }
                    let triangle = [index(x, y, z, cells), index(x + u.0, y + u.1, z + u.2, cells),
                                    index(x + v.0, y + v.1, z + v.2, cells)]
                    guard seen.insert(triangle.sorted()).inserted else { continue }
                    let orbit = lengths == [2, 2, 2] ? 0 : 1
                    triangleCounts[orbit] += 1
                    let table = (0..<8).map { tripletECIs[orbit] * spin[$0 % 2] * spin[($0 / 2) % 2] * spin[$0 / 4] }
                    terms.append(ClusterTerm(sites: triangle, table: table))
                }
            }
        }
        return (try ClusterTableModel(speciesCounts: Array(repeating: 2, count: n), terms: terms), pairCount, triangleCounts)
    }
}
