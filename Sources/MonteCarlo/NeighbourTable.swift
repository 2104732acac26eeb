// Flat neighbour tables (site × direction) and the periodic square and
// triangular lattices used by the teaching models and the charge-balance model.

/// For every site, its `degree` neighbours in a fixed direction order: `neighbours[site * degree + d]`.
///
///     let t = NeighbourTable.triangular(48)
///     t.neighbour(of: 0, direction: 3)   // the site at (-1, 0)
public struct NeighbourTable: Sendable, Equatable {
    /// The number of sites.
    public let siteCount: Int
    /// Neighbours per site.
    public let degree: Int
    /// Flat table: the neighbour of site i in direction d is `neighbours[i * degree + d]`.
    public let neighbours: [Int32]
    /// The periodic size L for the built-in L x L lattices (0 otherwise).
    public let size: Int

    /// Creates a table after checking every entry is a site.
    public init(siteCount: Int, degree: Int, neighbours: [Int32]) throws {
        guard siteCount > 0, degree > 0, neighbours.count == siteCount * degree else {
            throw MonteCarloError("a neighbour table needs siteCount * degree entries (\(siteCount) x \(degree)), got \(neighbours.count)")
        }
        guard neighbours.allSatisfy({ $0 >= 0 && Int($0) < siteCount }) else {
            throw MonteCarloError("a neighbour table entry is not a site index in 0..<\(siteCount)")
        }
        self.siteCount = siteCount
        self.degree = degree
        self.neighbours = neighbours
        self.size = 0
    }

    private init(size: Int, offsets: [(Int, Int)]) {
        let n = size * size
        var table = [Int32](repeating: 0, count: n * offsets.count)
        for a in 0..<size {
            for b in 0..<size {
                for (d, (da, db)) in offsets.enumerated() {
                    table[NeighbourTable.site(a, b, size) * offsets.count + d] =
                        Int32(NeighbourTable.site(a + da, b + db, size))
                }
            }
        }
        self.siteCount = n
        self.degree = offsets.count
        self.neighbours = table
        self.size = size
    }

    /// The index of site (a, b) of a periodic L x L lattice: `((a mod L) * L + (b mod L))`.
    @inlinable
    public static func site(_ a: Int, _ b: Int, _ size: Int) -> Int {
        let aa = ((a % size) + size) % size, bb = ((b % size) + size) % size
        return aa * size + bb
    }

    /// The periodic L x L triangular lattice. Directions, in order:
    /// (1,0), (0,1), (-1,1), (-1,0), (0,-1), (1,-1): direction d+3 is opposite to d,
    /// d and d±1 (mod 6) are 60° apart, d and d±2 are 120° apart.
    public static func triangular(_ size: Int) -> NeighbourTable {
        NeighbourTable(size: max(1, size), offsets: triangularOffsets)
    }

    /// The periodic L x L square lattice. Directions: (1,0), (0,1), (-1,0), (0,-1).
    public static func square(_ size: Int) -> NeighbourTable {
        NeighbourTable(size: max(1, size), offsets: [(1, 0), (0, 1), (-1, 0), (0, -1)])
    }

    /// The six triangular neighbour offsets in direction order.
    public static let triangularOffsets: [(Int, Int)] = [(1, 0), (0, 1), (-1, 1), (-1, 0), (0, -1), (1, -1)]

    /// The neighbour of `site` in direction `d`.
    @inlinable
    public func neighbour(of site: Int, direction d: Int) -> Int { Int(neighbours[site * degree + d]) }
}
