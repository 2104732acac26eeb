// Measured cluster concentrations along an annealing run: the data every
// closure is calibrated on and judged against.

/// Time series of single, pair and triplet concentrations.
///
/// Normalisation (science.md §3): singles C+ + C- = 1; ordered nearest-neighbour
/// pairs with C+- = C-+ and C++ + C-- + 2C+- = 1; triplets **per shape**: the
/// fraction of the windows of that shape showing the type's ordered pattern (so
/// the 8 ordered patterns of a shape sum to 1). The closures of Table I are in
/// the paper's *global* normalisation, `globalTriplet` = shape weight × per-shape.
///
///     let s = try ConcentrationSeries(times: [0, 1], plus: [0.5, 0.5], plusPlus: [0.25, 0.2],
///                                     plusMinus: [0.25, 0.3], minusMinus: [0.25, 0.2], triplets: t)
public struct ConcentrationSeries: Sendable {
    /// Increasing times (e.g. the fraction of the annealing done, or sweeps).
    public let times: [Double]
    /// C+ and C- at each time (constant under swaps, kept per time for checks).
    public let plus: [Double]
    public let minus: [Double]
    /// Ordered-pair concentrations C++, C+-, C--.
    public let plusPlus: [Double]
    public let plusMinus: [Double]
    public let minusMinus: [Double]
    /// Per-shape triplet concentrations, indexed `[type.rawValue][time]`.
    public let triplets: [[Double]]

    /// Checks lengths, finiteness and the normalisations above (to 1e-9).
    public init(times: [Double], plus: [Double], plusPlus: [Double], plusMinus: [Double], minusMinus: [Double],
                triplets: [[Double]]) throws {
        let n = times.count
        guard n >= 2 else { throw ClosureError("a concentration series needs at least two times (got \(n))") }
        for (name, column) in [("C+", plus), ("C++", plusPlus), ("C+-", plusMinus), ("C--", minusMinus)]
        where column.count != n {
            throw ClosureError("\(name) has \(column.count) values for \(n) times")
        }
        guard triplets.count == TripletType.allCases.count else {
            throw ClosureError("expected 16 triplet series (Table II order), got \(triplets.count)")
        }
        for (i, column) in triplets.enumerated() where column.count != n {
            throw ClosureError("triplet \(TripletType.allCases[i].label) has \(column.count) values for \(n) times")
        }
        for k in 1..<n where !(times[k] > times[k - 1]) {
            throw ClosureError("times must increase (time \(k) is \(times[k]) after \(times[k - 1]))")
        }
        let all = [times, plus, plusPlus, plusMinus, minusMinus] + triplets
        guard all.allSatisfy({ $0.allSatisfy { $0.isFinite } }) else {
            throw ClosureError("the series has a non-finite value")
        }
        for k in 0..<n {
            let norm = plusPlus[k] + minusMinus[k] + 2 * plusMinus[k]
            guard abs(norm - 1) < 1e-9 else {
                throw ClosureError("pairs at time \(times[k]) violate C++ + C-- + 2C+- = 1 (sum \(norm))")
            }
            guard plus[k] >= 0 && plus[k] <= 1 else {
                throw ClosureError("C+ at time \(times[k]) is \(plus[k]), outside [0, 1]")
            }
        }
        self.times = times
        self.plus = plus
        self.minus = plus.map { 1 - $0 }
        self.plusPlus = plusPlus
        self.plusMinus = plusMinus
        self.minusMinus = minusMinus
        self.triplets = triplets
    }

    /// A series from named columns, as an annealing run records them: triplets under keys
    /// "lin:++-", "ang:+-+", "tri:+++" (per shape; triangle "--+" may also be keyed "tri:+--").
    ///
    ///     let s = try ConcentrationSeries(times: t, plus: cPlus, plusPlus: pp, plusMinus: pm, minusMinus: mm,
    ///                                     tripletColumn: { run.column($0) })
    public init(times: [Double], plus: [Double], plusPlus: [Double], plusMinus: [Double], minusMinus: [Double],
                tripletColumn: (String) -> [Double]?) throws {
        var triplets: [[Double]] = []
        for type in TripletType.allCases {
            let key = type.key
            let alias = type == .triangleMMP ? "tri:+--" : key
            guard let column = tripletColumn(key) ?? tripletColumn(alias) else {
                throw ClosureError("the data have no triplet column \"\(key)\" (record triplets when annealing)")
            }
            triplets.append(column)
        }
        try self.init(times: times, plus: plus, plusPlus: plusPlus, plusMinus: plusMinus, minusMinus: minusMinus,
                      triplets: triplets)
    }

    /// Number of times.
    public var count: Int { times.count }

    /// The per-shape concentration of `type` at time index `k`.
    public func triplet(_ type: TripletType, _ k: Int) -> Double { triplets[type.rawValue][k] }

    /// The globally normalised concentration (shape weight × per-shape) of `type` at time index `k`.
    public func globalTriplet(_ type: TripletType, _ k: Int) -> Double {
        type.shape.weight * triplets[type.rawValue][k]
    }

    /// The concentration of `type` at time index `k` in the given convention.
    public func triplet(_ type: TripletType, _ k: Int, convention: TripletConvention) -> Double {
        convention == .global ? globalTriplet(type, k) : triplets[type.rawValue][k]
    }

    /// The pair and single concentrations at time index `k`.
    public func state(_ k: Int) -> ClusterState {
        ClusterState(plus: plus[k], minus: minus[k], plusPlus: plusPlus[k], plusMinus: plusMinus[k],
                     minusMinus: minusMinus[k])
    }

    /// The first `count` times only (calibrating on part of a run).
    public func prefix(_ count: Int) throws -> ConcentrationSeries {
        let m = min(max(count, 0), self.count)
        return try ConcentrationSeries(times: Array(times[..<m]), plus: Array(plus[..<m]),
                                       plusPlus: Array(plusPlus[..<m]), plusMinus: Array(plusMinus[..<m]),
                                       minusMinus: Array(minusMinus[..<m]), triplets: triplets.map { Array($0[..<m]) })
    }

    /// ½∫(a(t) - b(t))² dt by the trapezoid rule over the series' times.
    public func halfSquaredError(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for k in 1..<times.count {
            let d0 = a[k - 1] - b[k - 1], d1 = a[k] - b[k]
            s += 0.5 * (times[k] - times[k - 1]) * (d0 * d0 + d1 * d1)
        }
        return 0.5 * s
    }
}

/// Which normalisation of the measured triplets the closures are compared with.
///
/// The closures of Table I carry the shape weights (global normalisation), while
/// the 4:2 factors of Eq. 5 need per-shape fractions. `global` compares like with
/// like; `perShape` compares the weighted closures with per-shape data, the mix
/// the paper's results are consistent with (science.md, "Known inconsistencies").
public enum TripletConvention: String, Sendable, CaseIterable {
    case global
    case perShape = "per-shape"
}

/// Single and pair concentrations at one instant: the arguments of every closure.
public struct ClusterState: Sendable, Equatable {
    public var plus: Double
    public var minus: Double
    public var plusPlus: Double
    public var plusMinus: Double
    public var minusMinus: Double

    public init(plus: Double, minus: Double, plusPlus: Double, plusMinus: Double, minusMinus: Double) {
        self.plus = plus
        self.minus = minus
        self.plusPlus = plusPlus
        self.plusMinus = plusMinus
        self.minusMinus = minusMinus
    }

    /// The concentration of a pair kind.
    @inline(__always) public func pair(_ p: PairKind) -> Double {
        switch p {
        case .plusPlus: return plusPlus
        case .plusMinus: return plusMinus
        case .minusMinus: return minusMinus
        }
    }

    /// The concentration of a single kind.
    @inline(__always) public func single(_ s: SingleKind) -> Double { s == .plus ? plus : minus }
}
