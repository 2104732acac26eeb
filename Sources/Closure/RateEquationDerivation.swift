// The window method (ben-Avraham & Köhler; seed 003 §III A) done by the
// machine: enumerate every window of a lattice, every nearest-neighbour
// exchange inside it, and the resulting change of each pair count, giving the
// pair rate equations with exact rational coefficients for any 2D lattice.

/// An exact fraction, for rate-equation coefficients.
public struct Rational: Hashable, Sendable, CustomStringConvertible {
    public let numerator: Int
    public let denominator: Int

    public init(_ numerator: Int, _ denominator: Int = 1) {
        let g = max(1, gcd(abs(numerator), abs(denominator)))
        let sign = denominator < 0 ? -1 : 1
        self.numerator = sign * numerator / g
        self.denominator = sign * denominator / g
    }

    public static func + (a: Rational, b: Rational) -> Rational {
        Rational(a.numerator * b.denominator + b.numerator * a.denominator, a.denominator * b.denominator)
    }
    public static func * (a: Rational, b: Rational) -> Rational {
        Rational(a.numerator * b.numerator, a.denominator * b.denominator)
    }
    public var isZero: Bool { numerator == 0 }
    public var doubleValue: Double { Double(numerator) / Double(denominator) }
    public var description: String { denominator == 1 ? "\(numerator)" : "\(numerator)/\(denominator)" }
}

private func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }

/// One exchange reaction: in a window (i, j, k) showing `pattern`, sites j and k swap.
public struct ExchangeReaction: Hashable, Sendable {
    /// 1-based rate index (k1, k2, ...): patterns +-+, ++-, -+-, --+ in turn, open shapes by angle within each.
    public let index: Int
    public let shape: WindowShape
    /// Species of (i, j, k) before the swap.
    public let pattern: String
    /// "C[ang +-+]".
    public var concentration: String { "C[\(shape.name) \(pattern)]" }
}

/// A term `coefficient · k_index · C[shape pattern]` of a rate equation.
public struct RateTerm: Sendable {
    public let coefficient: Rational
    public let reaction: ExchangeReaction
}

/// Pair rate equations derived by the window method for one lattice.
///
///     let eq = deriveRateEquations(for: .triangular)
///     eq.text(.plusPlus)   // "dC++/dt = 4 k1 C[ang +-+] + 2 k2 C[lin +-+] - 4 k3 C[ang ++-] - 2 k4 C[lin ++-]"
public struct DerivedRateEquations: Sendable {
    public let lattice: String
    public let coordination: Int
    /// Open window shapes (the ones with reactions) and their windows per site.
    public let openShapes: [WindowShape]
    public let windowsPerSite: [Double]
    /// Every reaction, by rate index.
    public let reactions: [ExchangeReaction]
    /// Terms of dC++/dt, dC+-/dt, dC--/dt (indexed by `PairKind.rawValue`), in rate order.
    public let terms: [[RateTerm]]
    /// Whether swaps inside closed windows (triangles) leave every pair count unchanged.
    public let closedWindowsCancel: Bool

    /// "dC++/dt = 4 k1 C[ang +-+] + ..." for one pair kind.
    public func text(_ pair: PairKind) -> String {
        let row = terms[pair.rawValue]
        if row.isEmpty { return "d\(pair.name)/dt = 0" }
        var s = "d\(pair.name)/dt ="
        for (n, term) in row.enumerated() {
            let c = term.coefficient
            let negative = c.numerator < 0
            let magnitude = Rational(abs(c.numerator), c.denominator)
            let factor = magnitude == Rational(1) ? "" : "\(magnitude) "
            s += n == 0 ? (negative ? " -" : " ") : (negative ? " - " : " + ")
            s += "\(factor)k\(term.reaction.index) \(term.reaction.concentration)"
        }
        return s
    }

    /// The coefficient of reaction `index` in the equation of `pair` (0 when absent).
    public func coefficient(_ pair: PairKind, rate index: Int) -> Rational {
        terms[pair.rawValue].first { $0.reaction.index == index }?.coefficient ?? Rational(0)
    }
}

/// Derives dC++/dt, dC+-/dt, dC--/dt for nearest-neighbour exchanges on `lattice`.
///
/// Each window (i, j, k) centred on j, with s_j ≠ s_k, is one exchange of j and k
/// seen from the witness i; the swap turns bond (i, j) from (s_i, s_j) into
/// (s_i, s_k), and when i also neighbours k (a closed window) bond (i, k) turns
/// back the other way. A closed window is the same event as its mirror (i, k, j),
/// so it is counted with weight ½. Per site, dB/dt sums Δ over windows; with
/// ordered-pair concentrations C_xx = 2B_xx/(zN) and C+- = B+-/(zN) this gives the
/// coefficients (per-shape triplet normalisation).
public func deriveRateEquations(for lattice: WindowLattice) -> DerivedRateEquations {
    let sublattices = lattice.positions.count
    let open = lattice.windowShapes.filter { !$0.closed }
    let patterns = [(true, false, true), (true, true, false), (false, true, false), (false, false, true)]
    func text(_ p: (Bool, Bool, Bool)) -> String { [p.0, p.1, p.2].map { $0 ? "+" : "-" }.joined() }
    var reactions: [ExchangeReaction] = []
    for (p, pattern) in patterns.enumerated() {
        for (s, shape) in open.enumerated() {
            reactions.append(ExchangeReaction(index: p * open.count + s + 1, shape: shape, pattern: text(pattern)))
        }
    }
    // Bond-count change per site, in units of 1/(2·sublattices), by [pair kind][reaction].
    var delta = Array(repeating: [Int](repeating: 0, count: reactions.count), count: 3)
    var closedCancel = true
    for s in 0..<sublattices {
        for window in lattice.windows(centredOn: s) {
            for (p, (si, sj, sk)) in patterns.enumerated() {
                var change = [0, 0, 0]
                change[pairKind(si, sj).rawValue] -= 1
                change[pairKind(si, sk).rawValue] += 1
                if window.shape.closed {
                    change[pairKind(si, sk).rawValue] -= 1
                    change[pairKind(si, sj).rawValue] += 1
                    if change != [0, 0, 0] { closedCancel = false }
                    continue
                }
                guard let shapeIndex = open.firstIndex(of: window.shape) else { continue }
                let r = p * open.count + shapeIndex
                for kind in 0..<3 { delta[kind][r] += 2 * change[kind] }
            }
        }
    }
    let z = lattice.coordination
    let scale: [Rational] = [Rational(2, z), Rational(1, z), Rational(2, z)]
    let terms = (0..<3).map { kind -> [RateTerm] in
        reactions.indices.compactMap { r in
            let c = Rational(delta[kind][r], 2 * sublattices) * scale[kind]
            return c.isZero ? nil : RateTerm(coefficient: c, reaction: reactions[r])
        }
    }
    return DerivedRateEquations(lattice: lattice.name, coordination: z, openShapes: open,
                                windowsPerSite: open.map { lattice.windowsPerSite($0) }, reactions: reactions,
                                terms: terms, closedWindowsCancel: closedCancel)
}
