// Umbrella sampling: a bias W (in units of kT) on one observable, the fraction of
// a species or the energy per site (or a function of both, slowly), so that the
// chain samples exp(-E/T - W). Moves report what they change (ΔE, species), so W
// costs a table look-up per attempt; a run without a bias runs the unbiased
// loops unchanged (`NoBias`).
// Records keep W so averages can be reweighted back to the unbiased ensemble.
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A bias W(q) in units of kT on one observable q: the acceptance of a move becomes
/// min(1, exp(-ΔE/T - ΔW)).
///
///     Bias(on: .fraction(species: 1), shape: .harmonic(k: 400, center: 0.4))   // W = k/2 (x - 0.4)²
///     Bias(on: .energyPerSite, shape: .table(at: [-2, 0], values: [3, 0]))     // W linear between the points
public struct Bias: Sendable {
    /// What the bias depends on.
    public enum Observable: Sendable, Equatable {
        /// The fraction of all sites holding species index `species` (the composition of records).
        case fraction(species: Int)
        /// The total energy divided by the number of sites.
        case energyPerSite
        /// The energy per site and every species' fraction together (a `StateFunction`).
        case state
    }

    /// W of the energy per site and the fractions of all species, evaluated before and after every
    /// attempt that changes either (slow: two calls per attempt); the chains then run one after
    /// another on the calling thread, so the function may call back into an interpreter.
    public struct StateFunction: @unchecked Sendable {
        let body: (Double, [Double]) throws -> Double
        public init(_ body: @escaping (_ energyPerSite: Double, _ fractions: [Double]) throws -> Double) { self.body = body }
    }

    /// How W depends on the observable.
    public enum Shape: Sendable {
        /// W = k/2 (q - center)².
        case harmonic(k: Double, center: Double)
        /// W interpolated linearly between the points (at[i], values[i]), `at` increasing; constant
        /// beyond the first and last points.
        case table(at: [Double], values: [Double])
        /// W given by a function of the whole state (with `Observable.state`).
        case function(StateFunction)
    }

    public let on: Observable
    public let shape: Shape

    /// Checks the shape: finite numbers, a table of two or more increasing points.
    public init(on: Observable, shape: Shape) throws {
        switch shape {
        case .harmonic(let k, let center):
            guard k.isFinite, center.isFinite else { throw MonteCarloError("a harmonic bias needs finite k and center, got \(k) and \(center)") }
        case .table(let at, let values):
            guard at.count >= 2, at.count == values.count else {
                throw MonteCarloError("a tabulated bias needs two or more points and one value per point, got \(at.count) points and \(values.count) values")
            }
            guard at.allSatisfy(\.isFinite), values.allSatisfy(\.isFinite) else { throw MonteCarloError("a tabulated bias needs finite points and values") }
            guard zip(at, at.dropFirst()).allSatisfy({ $0 < $1 }) else { throw MonteCarloError("the points of a tabulated bias must increase") }
        case .function:
            guard on == .state else { throw MonteCarloError("a function bias is on the state (energy per site and fractions)") }
        }
        if case .function = shape {} else if on == .state {
            throw MonteCarloError("a bias on the state needs a function")
        }
        self.on = on
        self.shape = shape
    }

    /// W at observable value `q` (nan for a function of the state: see `value(energy:composition:sites:)`).
    ///
    ///     try Bias(on: .energyPerSite, shape: .table(at: [0, 1], values: [0, 2])).value(0.25)   // 0.5
    public func value(_ q: Double) -> Double {
        switch shape {
        case .harmonic(let k, let center):
            return 0.5 * k * (q - center) * (q - center)
        case .table(let at, let values):
            if q <= at[0] { return values[0] }
            if q >= at[at.count - 1] { return values[values.count - 1] }
            // Binary search for the interval [at[lo], at[lo + 1]] holding q.
            var lo = 0, hi = at.count - 1
            while hi - lo > 1 {
                let mid = (lo + hi) / 2
                if at[mid] <= q { lo = mid } else { hi = mid }
            }
            let t = (q - at[lo]) / (at[hi] - at[lo])
            return values[lo] + t * (values[hi] - values[lo])
        case .function:
            return .nan
        }
    }

    /// W of a recorded state (energy and composition as a record holds them) of `sites` sites; a
    /// function of the state that throws or gives no finite number is an error, not a NaN weight.
    public func value(energy: Double, composition: [Double], sites: Int) throws -> Double {
        switch on {
        case .energyPerSite: return value(energy / Double(sites))
        case .fraction(let s): return value(s < composition.count ? composition[s] : 0)
        case .state:
            guard case .function(let f) = shape else { return .nan }
            let w = try f.body(energy / Double(sites), composition)
            guard w.isFinite else { throw MonteCarloError("the bias function returned \(w), not a finite number") }
            return w
        }
    }

    /// Checks the bias fits a configuration (its species index exists).
    func validate(for configuration: Configuration) throws {
        if case .fraction(let s) = on, s < 0 || s >= configuration.maxSpecies {
            throw MonteCarloError("the bias is on species \(s) but the configuration has \(configuration.maxSpecies)")
        }
    }
}

/// The species changes of one move: one site a → b, another c → d (c = d when one site changes;
/// all equal for a swap, which keeps every count).
///
///     SpeciesChange(a: 0, b: 1, c: 2, d: 2).count(of: 1)   // +1
struct SpeciesChange {
    let a, b, c, d: Int
    static let none = SpeciesChange(a: 0, b: 0, c: 0, d: 0)

    /// The change of the count of species `s`.
    @inline(__always)
    func count(of s: Int) -> Int { (b == s ? 1 : 0) - (a == s ? 1 : 0) + (d == s ? 1 : 0) - (c == s ? 1 : 0) }
}

/// The bias as the chain's attempts see it: ΔW from the move's ΔE and its species changes.
/// Generic, so a chain without a bias compiles to its unbiased loops.
protocol BiasTerm {
    /// ΔW (kT units) when the energy goes from `energy` to `energy + delta` by `move` on `tally`.
    func change(_ tally: [Int], energy: Double, delta: Double, _ move: SpeciesChange) -> Double
}

/// No bias: ΔW = 0, folded away where the attempts are inlined.
struct NoBias: BiasTerm {
    @inline(__always)
    func change(_ tally: [Int], energy: Double, delta: Double, _ move: SpeciesChange) -> Double { 0 }
}

/// A composition bias tabulated at every count 0...N of its species (exact, one look-up per attempt).
struct CountBias: BiasTerm {
    let species: Int
    let table: [Double]

    init(_ bias: Bias, species: Int, sites: Int) {
        self.species = species
        table = (0...sites).map { bias.value(Double($0) / Double(sites)) }
    }

    @inline(__always)
    func change(_ tally: [Int], energy: Double, delta: Double, _ move: SpeciesChange) -> Double {
        let dn = move.count(of: species)
        return dn == 0 ? 0 : table[tally[species] + dn] - table[tally[species]]
    }
}

/// An energy bias: W of the energy per site before and after the move.
struct EnergyBias: BiasTerm {
    let bias: Bias
    let sites: Double

    @inline(__always)
    func change(_ tally: [Int], energy: Double, delta: Double, _ move: SpeciesChange) -> Double {
        delta == 0 ? 0 : bias.value((energy + delta) / sites) - bias.value(energy / sites)
    }
}

/// A bias given as a function of the state, called before and after each attempt that changes it.
/// A throw or a non-finite W rejects the move and every later one; the run then reports `failure`.
final class FunctionBias: BiasTerm {
    let function: Bias.StateFunction
    let sites: Double
    private(set) var failure: Error?

    init(_ function: Bias.StateFunction, sites: Int) {
        self.function = function
        self.sites = Double(sites)
    }

    func change(_ tally: [Int], energy: Double, delta: Double, _ move: SpeciesChange) -> Double {
        if failure != nil { return .infinity }
        if delta == 0 && move.a == move.b && move.c == move.d { return 0 }
        var after = tally
        after[move.a] -= 1; after[move.b] += 1; after[move.c] -= 1; after[move.d] += 1
        do {
            let before = try function.body(energy / sites, tally.map { Double($0) / sites })
            let next = try function.body((energy + delta) / sites, after.map { Double($0) / sites })
            guard before.isFinite, next.isFinite else { throw MonteCarloError("the bias function returned \(before.isFinite ? next : before), not a finite number") }
            return next - before
        } catch {
            failure = error
            return .infinity
        }
    }
}

/// What a biased sample adds: W at every record, and averages reweighted to the unbiased ensemble.
///
///     let s = try sampleEquilibrium(start, model: model, moves: .swap, temperature: 2, sweeps: 1000, bias: bias, seed: 1)
///     s.bias?.energy; s.bias?.effectiveSamples
public struct BiasReweighting: Sendable {
    /// W (kT units) at each chain's records after equilibration, in the order of `energySeries`.
    public let values: [[Double]]
    /// The unbiased mean energy: Σ E exp(W) / Σ exp(W) over all records.
    public let energy: Double
    /// The unbiased mean fraction of each species.
    public let composition: [Double]
    /// The unbiased means of the `observe` values, if any.
    public let observed: [Double]?
    /// The effective number of samples of the weights, (Σ w)² / Σ w² (the count of records when W is constant).
    public let effectiveSamples: Double
    /// Standard errors of `energy`, `composition` and `observed`: the jackknife over blocks of records
    /// (`jackknifeError`); NaN with fewer than 20 records per chain.
    public let energyError: Double
    public let compositionError: [Double]
    public let observedError: [Double]?

    /// Reweights the series (one entry per record, all chains together) with weights exp(W - max W).
    ///
    ///     BiasReweighting.weights([0, log(2.0)])   // [0.5, 1]
    static func weights(_ w: [Double]) -> [Double] {
        let top = w.max() ?? 0
        return w.map { exp($0 - top) }
    }

    /// The weighted mean of `x` with weights `w`.
    static func mean(_ x: [Double], _ w: [Double]) -> Double {
        zip(x, w).reduce(0) { $0 + $1.0 * $1.1 } / w.reduce(0, +)
    }

    /// The standard error of the weighted mean Σ w x / Σ w of records taken `length` per chain, one
    /// chain after another: each chain is cut into 10 blocks of consecutive records (so correlated
    /// records stay together) and the mean is recomputed without each block in turn (the jackknife,
    /// which a ratio of sums needs: a few records with large w dominate both). NaN below 20 records
    /// per chain, infinite when one block holds all the weight.
    ///
    ///     BiasReweighting.jackknifeError(x, w, length: 1000)
    static func jackknifeError(_ x: [Double], _ w: [Double], length: Int) -> Double {
        let perChain = 10
        guard length >= 2 * perChain, x.count == w.count, x.count % length == 0 else { return .nan }
        var sums: [Double] = [], weights: [Double] = []
        for start in stride(from: 0, to: x.count, by: length) {
            for b in 0..<perChain {
                let lo = start + b * length / perChain, hi = start + (b + 1) * length / perChain
                var s = 0.0, t = 0.0
                for i in lo..<hi { s += w[i] * x[i]; t += w[i] }
                sums.append(s)
                weights.append(t)
            }
        }
        let total = sums.reduce(0, +), weight = weights.reduce(0, +)
        var left: [Double] = []
        for (s, t) in zip(sums, weights) {
            guard weight - t > 0 else { return .infinity }
            left.append((total - s) / (weight - t))
        }
        let count = Double(left.count), mean = left.reduce(0, +) / count
        return ((count - 1) / count * left.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }).squareRoot()
    }
}
