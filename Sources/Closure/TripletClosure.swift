// Closures of the mean-cluster hierarchy: each triplet concentration as a
// power law of pair and single concentrations (Table I). The pair, optimal and
// sparse approximations are all of this form and differ only in exponents.

/// The exponents of one triplet type's closure: numerator pairs (γ) and denominator singles (ξ),
/// in the order of `TripletType.pairs` and `TripletType.singles`.
///
///     TripletExponents(gamma: [2], xi: [1])   // C++² / C+  for lin +++ under PA
public struct TripletExponents: Sendable, Equatable {
    public var gamma: [Double]
    public var xi: [Double]
    public init(gamma: [Double], xi: [Double]) {
        self.gamma = gamma
        self.xi = xi
    }

    /// Σγ - Σξ: 1 for a closure with the units of a concentration (the OA constraint).
    public var degree: Double { gamma.reduce(0, +) - xi.reduce(0, +) }
}

/// Which closure family a `TripletClosure` belongs to.
public enum ClosureKind: String, Sendable, CaseIterable {
    case pair, optimal, sparse

    /// "PA", "OA", "SA".
    public var abbreviation: String {
        switch self {
        case .pair: return "PA"
        case .optimal: return "OA"
        case .sparse: return "SA"
        }
    }
}

/// A closure for all 16 triplet types: g_i = w_i Π C_pair^γ / Π C_single^ξ, globally normalised
/// (w_i the shape weight 1/5, 2/5, 2/5).
///
///     let pa = TripletClosure.pairApproximation
///     pa.value(.linearPPP, state)      // 0.2 * C++² / C+
public struct TripletClosure: Sendable {
    public let kind: ClosureKind
    /// Exponents indexed by `TripletType.rawValue`.
    public let exponents: [TripletExponents]

    /// A closure from 16 exponent sets whose lengths match Table I.
    public init(kind: ClosureKind, exponents: [TripletExponents]) throws {
        guard exponents.count == TripletType.allCases.count else {
            throw ClosureError("a closure needs exponents for all 16 triplet types, got \(exponents.count)")
        }
        for type in TripletType.allCases {
            let e = exponents[type.rawValue]
            guard e.gamma.count == type.pairs.count, e.xi.count == type.singles.count else {
                throw ClosureError("\(type.label) takes \(type.pairs.count) pair and \(type.singles.count) single exponents")
            }
            guard (e.gamma + e.xi).allSatisfy({ $0.isFinite }) else {
                throw ClosureError("\(type.label) has a non-finite exponent")
            }
        }
        self.kind = kind
        self.exponents = exponents
    }

    /// The pair approximation (Eq. 13, θ = 2/5) in Table I's parametrisation.
    ///
    /// Chains: C_ij C_jk / C_j; triangles: C_ij C_jk C_ki / (C_i C_j C_k).
    /// Triangle exponents have Σγ - Σξ = 0, outside OA's feasible set.
    public static let pairApproximation: TripletClosure = {
        let e = TripletType.allCases.map { type -> TripletExponents in
            let (i, j, k) = type.spins
            let chainPairs: [PairKind] = [pairKind(i, j), pairKind(j, k)]
            let pairs = type.shape == .triangle ? chainPairs + [pairKind(k, i)] : chainPairs
            let singles: [Bool] = type.shape == .triangle ? [i, j, k] : [j]
            let gamma = type.pairs.map { p in Double(pairs.filter { $0 == p }.count) }
            let xi = type.singles.map { s in Double(singles.filter { ($0 ? SingleKind.plus : .minus) == s }.count) }
            return TripletExponents(gamma: gamma, xi: xi)
        }
        return TripletClosure(unchecked: .pair, exponents: e)
    }()

    /// The sparse approximation (seed 003 Table III): pure types w·C++ or w·C--, mixed types w·C+-.
    public static let sparseApproximation: TripletClosure = {
        TripletClosure(unchecked: .sparse, exponents: TripletType.allCases.map(sparseExponents))
    }()

    /// The sparse exponents of one type: a single pair to the power one, no singles.
    static func sparseExponents(_ type: TripletType) -> TripletExponents {
        let target: PairKind = type.pattern == "+++" ? .plusPlus : type.pattern == "---" ? .minusMinus : .plusMinus
        return TripletExponents(gamma: type.pairs.map { $0 == target ? 1 : 0 }, xi: type.singles.map { _ in 0 })
    }

    init(unchecked kind: ClosureKind, exponents: [TripletExponents]) {
        self.kind = kind
        self.exponents = exponents
    }

    /// g_i at one state (global normalisation).
    public func value(_ type: TripletType, _ state: ClusterState) -> Double {
        let e = exponents[type.rawValue]
        return TripletClosure.powerLaw(weight: type.shape.weight, gamma: e.gamma, xi: e.xi,
                                       logPairs: type.pairs.map { log(state.pair($0)) },
                                       logSingles: type.singles.map { log(state.single($0)) })
    }

    /// w · exp(Σγ log C_pair - Σξ log C_single), in log space so that large opposite
    /// exponents cannot overflow; a zero exponent drops its factor (0^0 = 1).
    @inline(__always)
    static func powerLaw(weight: Double, gamma: [Double], xi: [Double], logPairs: [Double], logSingles: [Double]) -> Double {
        var logG = 0.0
        for a in 0..<gamma.count where gamma[a] != 0 { logG += gamma[a] * logPairs[a] }
        for b in 0..<xi.count where xi[b] != 0 { logG -= xi[b] * logSingles[b] }
        return logG.isNaN ? .nan : weight * exp(logG)
    }

    /// g_i along a series (global normalisation).
    public func reconstruction(_ type: TripletType, on series: ConcentrationSeries) -> [Double] {
        (0..<series.count).map { value(type, series.state($0)) }
    }

    /// J_i = ½∫(g_i(C̃(t)) - C̃_i(t))² dt (Eq. 15, trapezoid over the data times), C̃_i in `convention`.
    public func error(_ type: TripletType, on series: ConcentrationSeries,
                      convention: TripletConvention = .global) -> Double {
        let g = reconstruction(type, on: series)
        let data = (0..<series.count).map { series.triplet(type, $0, convention: convention) }
        let j = series.halfSquaredError(g, data)
        return j.isNaN ? .infinity : j
    }

    /// J_i for all 16 types, in `TripletType` order.
    public func errors(on series: ConcentrationSeries, convention: TripletConvention = .global) -> [Double] {
        TripletType.allCases.map { error($0, on: series, convention: convention) }
    }

    /// E = (1/16) Σ J_i (Eq. 30).
    public func meanError(on series: ConcentrationSeries, convention: TripletConvention = .global) -> Double {
        errors(on: series, convention: convention).reduce(0, +) / Double(TripletType.allCases.count)
    }

    /// "C++^2 / C+^1": the closure of one type as text (weights omitted), zero exponents dropped.
    public func formula(_ type: TripletType, digits: Int = 2) -> String {
        let e = exponents[type.rawValue]
        func term(_ name: String, _ p: Double) -> String? {
            if abs(p) < 0.5 * pow(10, -Double(digits)) { return nil }
            if abs(p - 1) < 0.5 * pow(10, -Double(digits)) { return name }
            return "\(name)^\(formatFixed(p, digits))"
        }
        let num = zip(type.pairs, e.gamma).compactMap { term($0.0.name, $0.1) }
        let den = zip(type.singles, e.xi).compactMap { term($0.0.name, $0.1) }
        let top = num.isEmpty ? "1" : num.joined(separator: " ")
        return den.isEmpty ? top : "\(top) / \(den.count > 1 ? "(" + den.joined(separator: " ") + ")" : den[0])"
    }
}

func pairKind(_ a: Bool, _ b: Bool) -> PairKind {
    a && b ? .plusPlus : (!a && !b ? .minusMinus : .plusMinus)
}

/// `x` with exactly `digits` decimals (deterministic, no locale).
func formatFixed(_ x: Double, _ digits: Int) -> String {
    if !x.isFinite { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
    let scale = pow(10.0, Double(digits))
    var r = (abs(x) * scale).rounded()
    let negative = x < 0 && r != 0
    var intPart = (r / scale).rounded(.down)
    r -= intPart * scale
    if r >= scale { intPart += 1; r -= scale }
    var s = "\(Int(intPart))"
    if digits > 0 {
        let frac = String(Int(r))
        s += "." + String(repeating: "0", count: digits - frac.count) + frac
    }
    return negative ? "-" + s : s
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
