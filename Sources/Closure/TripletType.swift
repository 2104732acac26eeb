// The 16 triplet types of the triangular-lattice mean-cluster model (seed 003,
// Eq. 4) and the power-law structure of their closures (Table I).
@_exported import Numerics

/// The shape of a three-site window (i, j, k) centred on j.
public enum TripletShape: Int, CaseIterable, Sendable {
    /// 180° at the centre: 6 windows per site on the triangular lattice.
    case linear
    /// 120° at the centre: 12 windows per site.
    case angled
    /// 60°, i and k also neighbours: 12 windows per site.
    case triangle

    /// The share of this shape among all windows (1/5, 2/5, 2/5; θ = 2/5 is the triangle share).
    public var weight: Double {
        switch self {
        case .linear: return 0.2
        case .angled: return 0.4
        case .triangle: return 0.4
        }
    }

    /// Short name used in tables.
    public var name: String {
        switch self {
        case .linear: return "lin"
        case .angled: return "ang"
        case .triangle: return "tri"
        }
    }
}

/// A pair concentration entering a closure.
public enum PairKind: Int, CaseIterable, Sendable {
    case plusPlus, plusMinus, minusMinus
    public var name: String { ["C++", "C+-", "C--"][rawValue] }
}

/// A single-site concentration entering a closure.
public enum SingleKind: Int, CaseIterable, Sendable {
    case plus, minus
    public var name: String { ["C+", "C-"][rawValue] }
}

/// One of the 16 triplet types, in the row order of seed 003's Table II.
///
/// Convention: a type's concentration is the fraction of ordered windows
/// (i, j, k) of its shape whose species are exactly its pattern, e.g. linear
/// `++-` counts (+,+,-) but not (-,+,+) (equal by reversal symmetry); triangle
/// `++-` counts one of the three rotations (+,+,-), so the share of triangles
/// with two + and one - is three times it.
///
///     TripletType.angledPPM.pattern   // "++-"
public enum TripletType: Int, CaseIterable, Sendable {
    case linearPPP, linearMMM, angledPPP, angledMMM, trianglePPP, triangleMMM
    case linearPMP, linearMPM, angledPMP, angledMPM
    case linearPPM, linearMMP, angledPPM, angledMMP, trianglePPM, triangleMMP

    /// The shape of the windows this type counts.
    public var shape: TripletShape {
        switch self {
        case .linearPPP, .linearMMM, .linearPMP, .linearMPM, .linearPPM, .linearMMP: return .linear
        case .angledPPP, .angledMMM, .angledPMP, .angledMPM, .angledPPM, .angledMMP: return .angled
        case .trianglePPP, .triangleMMM, .trianglePPM, .triangleMMP: return .triangle
        }
    }

    /// The species of (i, j, k), + or -, as a string.
    public var pattern: String {
        switch self {
        case .linearPPP, .angledPPP, .trianglePPP: return "+++"
        case .linearMMM, .angledMMM, .triangleMMM: return "---"
        case .linearPMP, .angledPMP: return "+-+"
        case .linearMPM, .angledMPM: return "-+-"
        case .linearPPM, .angledPPM, .trianglePPM: return "++-"
        case .linearMMP, .angledMMP, .triangleMMP: return "--+"
        }
    }

    /// The species of (i, j, k) as booleans (true = +).
    public var spins: (Bool, Bool, Bool) {
        let p = Array(pattern)
        return (p[0] == "+", p[1] == "+", p[2] == "+")
    }

    /// "lin ++-", "tri ---", ...
    public var label: String { "\(shape.name) \(pattern)" }

    /// "lin:++-", "tri:---", ...: the column key of an annealing run's record.
    public var key: String { "\(shape.name):\(pattern)" }

    /// The pair concentrations of the closure numerator, in Table II's order (γ1, γ2).
    public var pairs: [PairKind] {
        switch pattern {
        case "+++": return [.plusPlus]
        case "---": return [.minusMinus]
        case "+-+", "-+-": return [.plusMinus]
        case "++-": return [.plusPlus, .plusMinus]
        default: return [.minusMinus, .plusMinus]
        }
    }

    /// The single concentrations of the closure denominator, in Table II's order (ξ1, ξ2).
    ///
    /// Table I writes every denominator as C+^ξ1 C-^ξ2, but Table II's PA column
    /// only matches that for triangles: for chains ξ1 is the centre site's
    /// species. This order reproduces Table II (see `pairApproximation`).
    public var singles: [SingleKind] {
        switch pattern {
        case "+++": return [.plus]
        case "---": return [.minus]
        default:
            if shape == .triangle { return [.plus, .minus] }
            return spins.1 ? [.plus, .minus] : [.minus, .plus]
        }
    }

    /// Whether this type appears in the rate equations (Eq. 5): chains with a swap partner of the other species.
    public var entersRateEquations: Bool {
        shape != .triangle && pattern != "+++" && pattern != "---"
    }

    /// The type with the given shape and pattern, if it is one of the 16.
    public init?(shape: TripletShape, pattern: String) {
        guard let t = TripletType.allCases.first(where: { $0.shape == shape && $0.pattern == pattern }) else {
            return nil
        }
        self = t
    }
}
