// Ordered nearest-neighbour pair concentrations C++, C+-, C-+, C-- over all
// (site, direction) pairs of a neighbour table (science.md §3, Eq. 3b).

/// Pair concentrations over the D·N ordered (site, direction) pairs; "+" is one chosen species, "−" the rest.
///
/// C+- = C-+ and C++ + C-- + 2 C+- = 1 (the paper's normalisation).
///
///     let p = PairConcentrations(config.occupation, neighbours: .triangular(48), plus: 0)
///     p["+-"]   // 1/3 in the honeycomb ground state
public struct PairConcentrations: Sendable, Equatable {
    /// Ordered pair counts [++, +-, -+, --].
    public let counts: [Int]
    /// The number of ordered pairs D·N.
    public let total: Int

    /// Counts the ordered pairs of `occupation`.
    public init(_ occupation: [UInt8], neighbours: NeighbourTable, plus: UInt8 = 0) {
        var c = [0, 0, 0, 0]
        let deg = neighbours.degree
        for i in 0..<neighbours.siteCount {
            let x = occupation[i] == plus ? 0 : 2
            for d in 0..<deg {
                let y = occupation[Int(neighbours.neighbours[i * deg + d])] == plus ? 0 : 1
                c[x + y] += 1
            }
        }
        counts = c
        total = neighbours.siteCount * deg
    }

    /// The pair names in order.
    public static let names = ["++", "+-", "-+", "--"]

    /// C_xy for x, y in {+, -} given as "++", "+-", "-+", "--"; nil for another name.
    public subscript(_ name: String) -> Double? {
        guard let k = PairConcentrations.names.firstIndex(of: name) else { return nil }
        return Double(counts[k]) / Double(total)
    }

    /// C++
    public var plusPlus: Double { Double(counts[0]) / Double(total) }
    /// C+-
    public var plusMinus: Double { Double(counts[1]) / Double(total) }
    /// C-+
    public var minusPlus: Double { Double(counts[2]) / Double(total) }
    /// C--
    public var minusMinus: Double { Double(counts[3]) / Double(total) }
}
