// Two-dimensional lattices seen through three-site windows: neighbour tables,
// window shapes, and the census of singles, ordered pairs and triplet windows
// in a configuration. The window method and the measured concentrations both
// stand on this.

/// A neighbour of a site: the cell offset and the sublattice of the neighbour.
public struct NeighbourOffset: Hashable, Sendable {
    public let dx: Int
    public let dy: Int
    public let sublattice: Int
    public init(_ dx: Int, _ dy: Int, sublattice: Int = 0) {
        self.dx = dx
        self.dy = dy
        self.sublattice = sublattice
    }
}

/// The shape of a window (i, j, k): the angle at the centre j, and whether i and k are neighbours too.
public struct WindowShape: Hashable, Comparable, Sendable {
    /// Angle i-j-k in whole degrees.
    public let angle: Int
    /// Whether i and k are also nearest neighbours (a closed triangle).
    public let closed: Bool

    /// "lin" (180°), "ang" (120°), "right" (90°), "tri" (closed), else "<angle>deg".
    public var name: String {
        if closed { return angle == 60 ? "tri" : "closed\(angle)" }
        switch angle {
        case 180: return "lin"
        case 120: return "ang"
        case 90: return "right"
        default: return "\(angle)deg"
        }
    }

    public static func < (a: WindowShape, b: WindowShape) -> Bool {
        a.closed != b.closed ? !a.closed : a.angle < b.angle
    }
}

/// A periodic 2D lattice given by its cell vectors, sublattice positions and nearest-neighbour offsets.
///
///     let lat = WindowLattice.triangular
///     lat.coordination            // 6
///     lat.windowShapes            // ang, lin, tri
public struct WindowLattice: Sendable {
    public let name: String
    /// Cartesian cell vectors a1, a2.
    public let cell: [[Double]]
    /// Fractional positions of the sublattices in the cell.
    public let positions: [[Double]]
    /// Nearest neighbours of each sublattice.
    public let neighbours: [[NeighbourOffset]]

    /// Validates that the neighbour relation is symmetric and every site has the same coordination.
    public init(name: String, cell: [[Double]], positions: [[Double]], neighbours: [[NeighbourOffset]]) throws {
        guard cell.count == 2, cell.allSatisfy({ $0.count == 2 }) else { throw ClosureError("a 2D lattice needs two 2D cell vectors") }
        guard !positions.isEmpty, positions.count == neighbours.count, positions.allSatisfy({ $0.count == 2 }) else {
            throw ClosureError("each sublattice needs a 2D position and a neighbour list")
        }
        let z = neighbours[0].count
        guard z >= 2 else { throw ClosureError("sites need at least two neighbours to form windows") }
        for (s, list) in neighbours.enumerated() {
            guard list.count == z else { throw ClosureError("sublattice \(s) has \(list.count) neighbours, expected \(z)") }
            guard Set(list).count == list.count else { throw ClosureError("sublattice \(s) lists a neighbour twice") }
            for n in list {
                guard n.sublattice >= 0 && n.sublattice < positions.count else {
                    throw ClosureError("sublattice \(s): neighbour sublattice \(n.sublattice) does not exist")
                }
                guard neighbours[n.sublattice].contains(NeighbourOffset(-n.dx, -n.dy, sublattice: s)) else {
                    throw ClosureError("the neighbour relation is not symmetric (sublattice \(s) → \(n))")
                }
                guard !(n.dx == 0 && n.dy == 0 && n.sublattice == s) else { throw ClosureError("a site cannot neighbour itself") }
            }
        }
        self.init(unchecked: name, cell: cell, positions: positions, neighbours: neighbours)
    }

    private init(unchecked name: String, cell: [[Double]], positions: [[Double]], neighbours: [[NeighbourOffset]]) {
        self.name = name
        self.cell = cell
        self.positions = positions
        self.neighbours = neighbours
    }

    /// Sites (a, b), neighbours (±1,0), (0,±1), ±(1,-1) (science.md §2).
    public static let triangular = WindowLattice(
        unchecked: "triangular", cell: [[1, 0], [0.5, 0.75.squareRoot()]], positions: [[0, 0]],
        neighbours: [[NeighbourOffset(1, 0), NeighbourOffset(-1, 0), NeighbourOffset(0, 1), NeighbourOffset(0, -1),
                      NeighbourOffset(1, -1), NeighbourOffset(-1, 1)]])

    /// Sites (a, b), neighbours (±1,0), (0,±1).
    public static let square = WindowLattice(
        unchecked: "square", cell: [[1, 0], [0, 1]], positions: [[0, 0]],
        neighbours: [[NeighbourOffset(1, 0), NeighbourOffset(-1, 0), NeighbourOffset(0, 1), NeighbourOffset(0, -1)]])

    /// Two sublattices A (0,0) and B (1/3,1/3) on the triangular cell; three neighbours each.
    public static let honeycomb = WindowLattice(
        unchecked: "honeycomb", cell: [[1, 0], [0.5, 0.75.squareRoot()]], positions: [[0, 0], [1.0 / 3, 1.0 / 3]],
        neighbours: [[NeighbourOffset(0, 0, sublattice: 1), NeighbourOffset(-1, 0, sublattice: 1),
                      NeighbourOffset(0, -1, sublattice: 1)],
                     [NeighbourOffset(0, 0, sublattice: 0), NeighbourOffset(1, 0, sublattice: 0),
                      NeighbourOffset(0, 1, sublattice: 0)]])

    /// The lattice called `name` ("triangular", "square", "honeycomb").
    public static func named(_ name: String) throws -> WindowLattice {
        switch name.lowercased() {
        case "triangular": return .triangular
        case "square": return .square
        case "honeycomb": return .honeycomb
        default: throw ClosureError("unknown lattice \"\(name)\": use \"triangular\", \"square\" or \"honeycomb\"")
        }
    }

    /// Neighbours per site.
    public var coordination: Int { neighbours[0].count }

    /// Cartesian vector from sublattice `s` in cell 0 to the neighbour `n`.
    func vector(from s: Int, to n: NeighbourOffset) -> (Double, Double) {
        let f0 = Double(n.dx) + positions[n.sublattice][0] - positions[s][0]
        let f1 = Double(n.dy) + positions[n.sublattice][1] - positions[s][1]
        return (f0 * cell[0][0] + f1 * cell[1][0], f0 * cell[0][1] + f1 * cell[1][1])
    }

    /// Whether the site at `a` (relative to sublattice `s` in cell 0) neighbours the site at `b`.
    func adjacent(_ a: NeighbourOffset, _ b: NeighbourOffset) -> Bool {
        neighbours[a.sublattice].contains(NeighbourOffset(b.dx - a.dx, b.dy - a.dy, sublattice: b.sublattice))
    }

    /// The windows (i, j, k) centred on a site of sublattice `s`: offsets of i and k and the shape.
    public func windows(centredOn s: Int) -> [(i: NeighbourOffset, k: NeighbourOffset, shape: WindowShape)] {
        var out: [(i: NeighbourOffset, k: NeighbourOffset, shape: WindowShape)] = []
        for i in neighbours[s] {
            for k in neighbours[s] where k != i {
                let (ax, ay) = vector(from: s, to: i), (bx, by) = vector(from: s, to: k)
                let cosine = (ax * bx + ay * by) / ((ax * ax + ay * ay) * (bx * bx + by * by)).squareRoot()
                let angle = Int((acos(max(-1, min(1, cosine))) * 180 / Double.pi).rounded())
                out.append((i, k, WindowShape(angle: angle, closed: adjacent(i, k))))
            }
        }
        return out
    }

    /// The distinct window shapes, open ones first by angle, then closed ones.
    public var windowShapes: [WindowShape] {
        Array(Set((0..<positions.count).flatMap { windows(centredOn: $0).map(\.shape) })).sorted()
    }

    /// Windows of each shape per site (averaged over sublattices).
    public func windowsPerSite(_ shape: WindowShape) -> Double {
        let total = (0..<positions.count).reduce(0) { acc, s in acc + windows(centredOn: s).filter { $0.shape == shape }.count }
        return Double(total) / Double(positions.count)
    }

    /// Sites in an L × L supercell.
    public func siteCount(size: Int) -> Int { size * size * positions.count }

    /// The index of sublattice `s` in cell (x, y) of an L × L periodic supercell.
    @inline(__always) public func site(_ x: Int, _ y: Int, _ s: Int, size: Int) -> Int {
        let xm = ((x % size) + size) % size, ym = ((y % size) + size) % size
        return (ym * size + xm) * positions.count + s
    }

    /// The neighbour table of an L × L supercell, flat: site * coordination + n.
    public func neighbourTable(size: Int) throws -> [Int] {
        guard size >= 3 else { throw ClosureError("the supercell must be at least 3 × 3 (got \(size))") }
        var table: [Int] = []
        table.reserveCapacity(siteCount(size: size) * coordination)
        for y in 0..<size {
            for x in 0..<size {
                for s in 0..<positions.count {
                    for n in neighbours[s] { table.append(site(x + n.dx, y + n.dy, n.sublattice, size: size)) }
                }
            }
        }
        return table
    }
}

/// Counts of singles, ordered pairs and ordered triplet windows in one configuration.
///
///     let c = try WindowCensus(lattice: .triangular, size: 6, spins: spins)   // spins[i] == true: "+"
///     c.pairFraction(.plusMinus)
public struct WindowCensus: Sendable {
    public let lattice: WindowLattice
    public let sites: Int
    public let plusSites: Int
    /// Ordered nearest-neighbour pairs by kind (+- counts the ordered (+,-) pairs only).
    public let orderedPairs: [Int]
    /// The window shapes, and per shape the count of each ordered pattern, pattern index = 4 s_i + 2 s_j + s_k (1 = +).
    public let shapes: [WindowShape]
    public let patternCounts: [[Int]]

    public init(lattice: WindowLattice, size: Int, spins: [Bool]) throws {
        let n = lattice.siteCount(size: size)
        guard spins.count == n else { throw ClosureError("the configuration has \(spins.count) sites, the supercell \(n)") }
        let shapes = lattice.windowShapes
        var pairs = [0, 0, 0]
        var counts = Array(repeating: [Int](repeating: 0, count: 8), count: shapes.count)
        let windows = (0..<lattice.positions.count).map { s in
            lattice.windows(centredOn: s).map { w in (w.i, w.k, shapes.firstIndex(of: w.shape) ?? 0) }
        }
        var plus = 0
        for y in 0..<size {
            for x in 0..<size {
                for s in 0..<lattice.positions.count {
                    let j = spins[lattice.site(x, y, s, size: size)]
                    if j { plus += 1 }
                    for nb in lattice.neighbours[s] {
                        let k = spins[lattice.site(x + nb.dx, y + nb.dy, nb.sublattice, size: size)]
                        if j && k { pairs[0] += 1 } else if !j && !k { pairs[2] += 1 } else if j { pairs[1] += 1 }
                    }
                    for (io, ko, shape) in windows[s] {
                        let i = spins[lattice.site(x + io.dx, y + io.dy, io.sublattice, size: size)]
                        let k = spins[lattice.site(x + ko.dx, y + ko.dy, ko.sublattice, size: size)]
                        counts[shape][(i ? 4 : 0) + (j ? 2 : 0) + (k ? 1 : 0)] += 1
                    }
                }
            }
        }
        self.lattice = lattice
        self.sites = n
        self.plusSites = plus
        self.orderedPairs = pairs
        self.shapes = shapes
        self.patternCounts = counts
    }

    /// C+.
    public var plusFraction: Double { Double(plusSites) / Double(sites) }

    /// C++, C+- or C-- over the z·N ordered pairs.
    public func pairFraction(_ kind: PairKind) -> Double {
        Double(orderedPairs[kind.rawValue]) / Double(sites * lattice.coordination)
    }

    /// The per-shape fraction of windows of `shape` with ordered pattern (i, j, k).
    public func patternFraction(_ shape: WindowShape, _ i: Bool, _ j: Bool, _ k: Bool) -> Double {
        guard let s = shapes.firstIndex(of: shape) else { return 0 }
        let total = patternCounts[s].reduce(0, +)
        return total == 0 ? 0 : Double(patternCounts[s][(i ? 4 : 0) + (j ? 2 : 0) + (k ? 1 : 0)]) / Double(total)
    }
}

extension ConcentrationSeries {
    /// A series from censuses of triangular-lattice configurations at the given times.
    ///
    ///     let series = try ConcentrationSeries(times: [0, 1], censuses: [c0, c1])
    public init(times: [Double], censuses: [WindowCensus]) throws {
        guard times.count == censuses.count else {
            throw ClosureError("\(times.count) times for \(censuses.count) configurations")
        }
        guard let first = censuses.first, first.lattice.name == "triangular" else {
            throw ClosureError("the 16 triplet types are defined on the triangular lattice")
        }
        let shapeOf: [TripletShape: WindowShape] = [
            .linear: WindowShape(angle: 180, closed: false), .angled: WindowShape(angle: 120, closed: false),
            .triangle: WindowShape(angle: 60, closed: true),
        ]
        let triplets = TripletType.allCases.map { type -> [Double] in
            let (i, j, k) = type.spins
            return censuses.map { $0.patternFraction(shapeOf[type.shape] ?? WindowShape(angle: 0, closed: false), i, j, k) }
        }
        try self.init(times: times, plus: censuses.map(\.plusFraction),
                      plusPlus: censuses.map { $0.pairFraction(.plusPlus) },
                      plusMinus: censuses.map { $0.pairFraction(.plusMinus) },
                      minusMinus: censuses.map { $0.pairFraction(.minusMinus) }, triplets: triplets)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
