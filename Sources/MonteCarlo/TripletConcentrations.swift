// Triplet-window concentrations on the triangular lattice (science.md §3):
// windows (j+d1, j, j+d2) with centre j, shapes linear (180°, 6 per site),
// angled (120°, 12 per site) and triangle (60°, 12 per site).

/// Counts of ordered triplet windows by shape and pattern, with both normalisations.
///
/// Conventions: "+" is the chosen species, "−" the rest; a pattern "xyz" is the window
/// (j+d1, j, j+d2) with y at the centre j. `perShape` divides a count by the windows of
/// its shape (6N, 12N, 12N), as the rate equations with factors 4:2 assume; `global`
/// divides by all 30N windows, i.e. perShape times θ-weight 1/5, 2/5, 2/5, as the pair
/// approximation's θ-weighted closures assume. Triangle values are ordered-window
/// fractions: "++-" = C_{++-} = C_{+-+} = C_{-++}; the fraction of unordered triangles
/// with two "+" is 3 × that.
///
///     let t = TripletConcentrations(config.occupation, size: 48, plus: 0)
///     t.perShape(.angled, "+-+")
public struct TripletConcentrations: Sendable, Equatable {
    /// A window shape by its angle at the centre site.
    public enum Shape: Int, Sendable, CaseIterable {
        /// 180°: d2 = -d1 (6 windows per site).
        case linear
        /// 120°: d2 = d1 ± 2 (12 windows per site).
        case angled
        /// 60°: d2 = d1 ± 1 (12 windows per site).
        case triangle

        /// Ordered windows per site.
        public var windowsPerSite: Int { self == .linear ? 6 : 12 }
        /// The θ-weight: windows of this shape over all 30 windows of a site.
        public var weight: Double { Double(windowsPerSite) / 30 }
        /// The short name used in keys ("lin", "ang", "tri").
        public var key: String { ["lin", "ang", "tri"][rawValue] }
    }

    /// Window counts `counts[shape][x*4 + y*2 + z]` with + = 0, − = 1.
    public let counts: [[Int]]
    /// Ordered pair counts [++, +-, -+, --] over the 6N (site, direction) pairs, for the checks.
    public let pairCounts: [Int]
    /// The number of sites N.
    public let siteCount: Int

    /// The 16 triplet types (shape, pattern) in the paper's order.
    public static let types: [(Shape, String)] =
        ["+++", "++-", "+-+", "-+-", "--+", "---"].map { (Shape.linear, $0) }
        + ["+++", "++-", "+-+", "-+-", "--+", "---"].map { (Shape.angled, $0) }
        + ["+++", "++-", "+--", "---"].map { (Shape.triangle, $0) }

    /// The 16 keys, e.g. "lin:++-", "ang:+-+", "tri:+--".
    public static let names: [String] = types.map { "\($0.0.key):\($0.1)" }

    /// Measures an occupation of the periodic L x L triangular lattice (`NeighbourTable.triangular` order).
    public init(_ occupation: [UInt8], size: Int, plus: UInt8 = 0) {
        let table = NeighbourTable.triangular(size)
        self.init(occupation, triangular: table, plus: plus)
    }

    /// Measures an occupation given the triangular neighbour table (degree 6, direction order of
    /// `NeighbourTable.triangular`).
    public init(_ occupation: [UInt8], triangular table: NeighbourTable, plus: UInt8 = 0) {
        precondition(table.degree == 6, "triplet windows need the 6-direction triangular table")
        var c = Array(repeating: Array(repeating: 0, count: 8), count: 3)
        var pairs = [0, 0, 0, 0]
        var m = [Int](repeating: 0, count: 6)
        // shape of (d1, d2) by their separation (d2 - d1) mod 6: 3 linear, 2/4 angled, 1/5 triangle
        let shapeOf = [-1, 2, 1, 0, 1, 2]
        for j in 0..<table.siteCount {
            let y = occupation[j] == plus ? 0 : 1
            for d in 0..<6 {
                m[d] = occupation[Int(table.neighbours[j * 6 + d])] == plus ? 0 : 1
                pairs[y * 2 + m[d]] += 1
            }
            for d1 in 0..<6 {
                for d2 in 0..<6 where d2 != d1 {
                    c[shapeOf[(d2 - d1 + 6) % 6]][m[d1] * 4 + y * 2 + m[d2]] += 1
                }
            }
        }
        counts = c
        pairCounts = pairs
        siteCount = table.siteCount
    }

    private static func index(_ pattern: String) -> Int? {
        let bits = pattern.map { $0 == "+" ? 0 : ($0 == "-" ? 1 : -1) }
        guard bits.count == 3, !bits.contains(-1) else { return nil }
        return bits[0] * 4 + bits[1] * 2 + bits[2]
    }

    /// C_xyz normalised within its shape; nil for a pattern not made of three "+"/"-".
    public func perShape(_ shape: Shape, _ pattern: String) -> Double? {
        guard let k = TripletConcentrations.index(pattern) else { return nil }
        return Double(counts[shape.rawValue][k]) / Double(shape.windowsPerSite * siteCount)
    }

    /// C_xyz normalised over all 30N windows (= θ-weight × per-shape value).
    public func global(_ shape: Shape, _ pattern: String) -> Double? {
        guard let k = TripletConcentrations.index(pattern) else { return nil }
        return Double(counts[shape.rawValue][k]) / Double(30 * siteCount)
    }

    /// The 16 per-shape values in the order of `names`.
    public var perShapeValues: [Double] { TripletConcentrations.types.map { perShape($0.0, $0.1) ?? 0 } }

    /// The 16 globally normalised values in the order of `names`.
    public var globalValues: [Double] { TripletConcentrations.types.map { global($0.0, $0.1) ?? 0 } }

    /// Whether Σ_x C_xyz = C_yz (per shape) and C_xyz = C_zyx hold exactly, checked on the integer counts.
    public var isConsistent: Bool {
        for shape in Shape.allCases {
            let perPair = shape == .linear ? 1 : 2    // windows of this shape per (centre, direction)
            let c = counts[shape.rawValue]
            for y in 0..<2 {
                for z in 0..<2 {
                    if c[y * 2 + z] + c[4 + y * 2 + z] != perPair * pairCounts[y * 2 + z] { return false }
                    for x in 0..<2 where c[x * 4 + y * 2 + z] != c[z * 4 + y * 2 + x] { return false }
                }
            }
        }
        return true
    }
}
