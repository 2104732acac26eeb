// A density of states g(E) at fixed composition, binned in energy, and the
// canonical thermodynamics it gives at any temperature: U, F, S and C.
// Made by a Wang-Landau walk (WangLandau.swift) or by exact enumeration of
// every configuration of a small supercell (here).
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// ln g(E) over energy bins of width `binWidth`, normalised so that Σ g = the number of
/// configurations at the composition (so the entropy is absolute), and, after
/// `normalised(to:)`, also to degeneracies known beforehand.
///
///     let dos = try DensityOfStates.exact(start, model: model, binWidth: 1)
///     let t = dos.thermodynamics(kT: 2.0)
///     print(t.freeEnergy, t.entropy, t.heatCapacity)
public struct DensityOfStates: Sendable {
    /// Bin width in the model's energy unit; bin k holds energies in ((k - ½)w, (k + ½)w].
    public let binWidth: Double
    /// The index k of each non-empty bin, ascending.
    public let bins: [Int]
    /// The mean energy (per supercell, model unit) of the configurations seen in each bin.
    public let energies: [Double]
    /// ln g of each bin.
    public internal(set) var logDensity: [Double]
    /// The degeneracies ln g was pinned to (`normalised(to:)`), by ascending energy; empty when
    /// only Σ g fixes it.
    public internal(set) var known: [KnownDegeneracy] = []
    /// ln Σ g - ln(number of configurations): 0 unless known degeneracies left no room to keep Σ g.
    public internal(set) var logSumExcess = 0.0
    /// The energy of the bin of largest g where the correction to the known degeneracies was set
    /// to keep Σ g; nil without known degeneracies or when one of them lies in that bin.
    public internal(set) var sumNodeEnergy: Double?
    /// ln of the number of configurations at the composition (Σ g).
    public let logConfigurationCount: Double
    /// Wang-Landau: the last ln f used (0 for exact enumeration).
    public let logFactor: Double
    /// Wang-Landau: flat histograms reached (ln f reductions).
    public let iterations: Int
    /// Sweeps walked (attempts / sites); configurations enumerated for exact enumeration.
    public let sweeps: Int
    /// Whether ln f reached its final value (always true for exact enumeration).
    public let converged: Bool
    /// Whether Ctrl-C stopped the walk (the density is then partial).
    public let interrupted: Bool
    /// Wang-Landau: which estimate ln g is (nil for exact enumeration).
    public let estimate: DensityEstimate?
    /// Wang-Landau: the walk's whole state, to resume it (`wangLandau(..., resume: dos.state)`).
    public let state: WangLandauState?

    /// Canonical averages at kT (model unit) from the density of states.
    public struct Thermodynamics: Sendable, Equatable {
        /// k_B·T in the model's energy unit.
        public let kT: Double
        /// Internal energy U = ⟨E⟩ per supercell.
        public let energy: Double
        /// Free energy F = -kT ln Z per supercell.
        public let freeEnergy: Double
        /// Entropy S = (U - F)/T per supercell, in units of k_B.
        public let entropy: Double
        /// Heat capacity C = (⟨E²⟩ - ⟨E⟩²)/(k_B T²) per supercell, in units of k_B.
        public let heatCapacity: Double
    }

    /// U, F, S and C at `kT` (> 0), by log-sum-exp over the bins.
    public func thermodynamics(kT: Double) -> Thermodynamics {
        let exponents = zip(logDensity, energies).map { $0 - $1 / kT }
        let top = exponents.max() ?? 0
        let weights = exponents.map { exp($0 - top) }
        let z = weights.reduce(0, +)
        var mean = 0.0, square = 0.0
        for (w, e) in zip(weights, energies) { mean += w * e / z }
        for (w, e) in zip(weights, energies) { square += w * (e - mean) * (e - mean) / z }
        let free = -kT * (top + log(z))
        return Thermodynamics(kT: kT, energy: mean, freeEnergy: free, entropy: (mean - free) / kT,
                              heatCapacity: square / (kT * kT))
    }

    /// ln g of bin `k`, or nil when the bin is empty.
    public func logDensity(ofBin k: Int) -> Double? {
        bins.firstIndex(of: k).map { logDensity[$0] }
    }

    /// The bin index of an energy: the nearest multiple of the width (clamped to ±10¹⁵, far past
    /// any bin count a walk accepts, so a tiny width is an error, not a trap).
    @inline(__always)
    static func bin(of energy: Double, width: Double) -> Int {
        let x = (energy / width).rounded()
        return abs(x) < 1e15 ? Int(x) : (x > 0 ? 1_000_000_000_000_000 : -1_000_000_000_000_000)
    }

    /// A density of states from raw per-bin values, keeping the bins with `seen`, shifted so Σ g = the count.
    init(binWidth: Double, firstBin: Int, logWeights: [Double], energySums: [Double], visits: [Int],
         logConfigurationCount: Double, logFactor: Double, iterations: Int, sweeps: Int, converged: Bool, interrupted: Bool,
         estimate: DensityEstimate? = nil, state: WangLandauState? = nil) {
        var bins: [Int] = [], energies: [Double] = [], logs: [Double] = []
        for k in logWeights.indices where visits[k] > 0 {
            bins.append(firstBin + k)
            energies.append(energySums[k] / Double(visits[k]))
            logs.append(logWeights[k])
        }
        let top = logs.max() ?? 0
        let shift = logConfigurationCount - (top + log(logs.reduce(0) { $0 + exp($1 - top) }))
        self.binWidth = binWidth
        self.bins = bins
        self.energies = energies
        self.logDensity = logs.map { $0 + shift }
        self.logConfigurationCount = logConfigurationCount
        self.logFactor = logFactor
        self.iterations = iterations
        self.sweeps = sweeps
        self.converged = converged
        self.interrupted = interrupted
        self.estimate = estimate
        self.state = state
    }

    /// ln of the number of configurations with the species counts of `configuration` on each
    /// sublattice: Σ over sublattices of ln(n! / Π nᵢ!); with `everyComposition`, of every
    /// occupation of its sites: Σ over sites of ln(species allowed).
    public static func logConfigurationCount(_ configuration: Configuration, everyComposition: Bool = false) -> Double {
        if everyComposition { return configuration.speciesCounts.reduce(0.0) { $0 + log(Double($1)) } }
        var tallies = [[Int]](repeating: [Int](repeating: 0, count: configuration.maxSpecies), count: configuration.sublatticeCount)
        for i in 0..<configuration.siteCount {
            tallies[Int(configuration.sublattices[i])][Int(configuration.occupation[i])] += 1
        }
        return tallies.reduce(0.0) { $0 + FreeEnergy.logMultinomial($1) }
    }

    /// The most configurations `exact` enumerates.
    public static let exactLimit = 20_000_000

    /// The exact density of states: every configuration with the species counts of `configuration`
    /// on each sublattice (or, `everyComposition`, every occupation of its sites), its energy
    /// recomputed from scratch. Polls `stop` every 4,096 configurations and throws when it is set
    /// (a partial count is not a density of states).
    ///
    ///     let dos = try DensityOfStates.exact(start, model: model, binWidth: 1e-3)   // 16 sites: 12,870 at x = ½
    public static func exact(_ configuration: Configuration, model: EnergyModel, binWidth: Double, everyComposition: Bool = false,
                             stop: () -> Bool = { Interruption.isRequested }) throws -> DensityOfStates {
        guard binWidth > 0, binWidth.isFinite else { throw MonteCarloError("the bin width must be a finite energy > 0, got \(binWidth)") }
        guard model.siteCount == configuration.siteCount else {
            throw MonteCarloError("the energy model has \(model.siteCount) sites but the configuration \(configuration.siteCount)")
        }
        let logCount = logConfigurationCount(configuration, everyComposition: everyComposition)
        guard logCount <= log(Double(exactLimit)) else {
            throw MonteCarloError("exact enumeration would visit \(Int(exp(logCount).rounded())) configurations, more than \(exactLimit); use Wang-Landau")
        }
        // Each sublattice's sites and its species in lexicographic order, advanced like an odometer.
        var sites = [[Int]](repeating: [], count: configuration.sublatticeCount)
        for i in 0..<configuration.siteCount { sites[Int(configuration.sublattices[i])].append(i) }
        var orders = sites.map { members in members.map { configuration.occupation[$0] }.sorted() }
        if everyComposition {
            // One "sublattice" per site, its species 0 ..< m counted like an odometer digit.
            sites = (0..<configuration.siteCount).map { [$0] }
            orders = sites.map { _ in [0] }
        }
        var occupation = configuration.occupation
        var sums: [Int: (energy: Double, count: Int)] = [:]
        var enumerated = 0
        while true {
            for (members, order) in zip(sites, orders) { for (i, s) in zip(members, order) { occupation[i] = s } }
            let e = model.energy(of: occupation)
            let k = bin(of: e, width: binWidth)
            sums[k, default: (0, 0)].energy += e
            sums[k, default: (0, 0)].count += 1
            enumerated += 1
            if enumerated % 4096 == 0, stop() {
                throw MonteCarloError("exact enumeration interrupted after \(enumerated) configurations")
            }
            var advanced = false
            if everyComposition {
                for s in orders.indices {
                    orders[s][0] += 1
                    if orders[s][0] < configuration.speciesCounts[s] { advanced = true; break }
                    orders[s][0] = 0
                }
            } else {
                for s in orders.indices where nextPermutation(&orders[s]) {
                    advanced = true
                    break
                }
            }
            if !advanced { break }
        }
        let keys = sums.keys.sorted()
        let first = keys.first ?? 0
        let span = (keys.last ?? 0) - first + 1
        guard span <= WangLandauSettings.maxBins else {
            throw MonteCarloError("the energies span more than \(WangLandauSettings.maxBins) bins of width \(binWidth): give a wider bin")
        }
        var logs = [Double](repeating: 0, count: span), energySums = [Double](repeating: 0, count: span)
        var visits = [Int](repeating: 0, count: span)
        for (k, v) in sums {
            logs[k - first] = log(Double(v.count))
            energySums[k - first] = v.energy
            visits[k - first] = v.count
        }
        return DensityOfStates(binWidth: binWidth, firstBin: first, logWeights: logs, energySums: energySums, visits: visits,
                               logConfigurationCount: logCount, logFactor: 0, iterations: 0, sweeps: enumerated,
                               converged: true, interrupted: false)
    }
}

/// Rearranges `a` into its next permutation in lexicographic order; false (and `a` sorted) after the last.
func nextPermutation(_ a: inout [UInt8]) -> Bool {
    guard a.count >= 2 else { return false }
    var i = a.count - 2
    while i >= 0 && a[i] >= a[i + 1] { i -= 1 }
    if i < 0 {
        a.reverse()
        return false
    }
    var j = a.count - 1
    while a[j] <= a[i] { j -= 1 }
    a.swapAt(i, j)
    a[(i + 1)...].reverse()
    return true
}
