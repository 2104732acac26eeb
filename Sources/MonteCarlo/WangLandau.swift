// The Wang-Landau walk: canonical swaps at fixed composition accepted with
// min(1, g(E)/g(E')), ln g(E) raised by ln f at every step, ln f halved each
// time the energy histogram is flat and then, once it is below 1/t, set to 1/t
// (Belardinelli and Pereyra 2007), until ln f reaches its final value.
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// How a Wang-Landau walk bins energies and when it stops.
///
///     WangLandauSettings(binWidth: 0.005)   // eV per supercell; ln f from 1 to 1e-6, 80 % flatness
public struct WangLandauSettings: Sendable {
    /// Energy bin width, in the model's unit per supercell.
    public var binWidth: Double
    /// A histogram is flat when its smallest count is at least this fraction of its mean (over the bins seen).
    public var flatness: Double
    /// ln f of the first iteration.
    public var initialLogFactor: Double
    /// The walk stops once ln f has been halved below this.
    public var finalLogFactor: Double
    /// Sweeps between flatness checks.
    public var checkEvery: Int
    /// The walk stops (not converged) after this many sweeps.
    public var maxSweeps: Int
    /// The most energy bins the walk may open.
    public static let maxBins = 1_000_000

    public init(binWidth: Double, flatness: Double = 0.8, initialLogFactor: Double = 1, finalLogFactor: Double = 1e-6,
                checkEvery: Int = 100, maxSweeps: Int = 10_000_000) {
        self.binWidth = binWidth
        self.flatness = flatness
        self.initialLogFactor = initialLogFactor
        self.finalLogFactor = finalLogFactor
        self.checkEvery = checkEvery
        self.maxSweeps = maxSweeps
    }

    func validate() throws {
        guard binWidth > 0, binWidth.isFinite else { throw MonteCarloError("the bin width must be a finite energy > 0, got \(binWidth)") }
        guard flatness > 0, flatness < 1 else { throw MonteCarloError("the flatness must be between 0 and 1, got \(flatness)") }
        guard initialLogFactor > 0, initialLogFactor.isFinite else { throw MonteCarloError("the initial ln f must be > 0, got \(initialLogFactor)") }
        guard finalLogFactor > 0, finalLogFactor < initialLogFactor else {
            throw MonteCarloError("the final ln f must be > 0 and below the initial \(initialLogFactor), got \(finalLogFactor)")
        }
        guard checkEvery >= 1 else { throw MonteCarloError("check flatness every >= 1 sweeps, got \(checkEvery)") }
        guard maxSweeps >= checkEvery else { throw MonteCarloError("the sweep limit \(maxSweeps) is below one check (\(checkEvery) sweeps)") }
    }
}

/// The density of states at the composition of `configuration` by a Wang-Landau walk of swaps
/// (two sites of one sublattice holding different species).
///
/// Deterministic for a seed (one chain, stream 0 of `seed`). Polls `stop` once per sweep and then
/// returns the partial density (`interrupted`); `progress(sweeps, ln f)` is called at every check.
/// A walk that reaches `maxSweeps` returns with `converged == false`.
///
///     let dos = try wangLandau(start, model: model, settings: WangLandauSettings(binWidth: 1), seed: 7)
///     dos.thermodynamics(kT: 2).heatCapacity
public func wangLandau(_ configuration: Configuration, model: EnergyModel, settings: WangLandauSettings, seed: UInt64,
                       progress: ((Int, Double) -> Void)? = nil,
                       stop: () -> Bool = { Interruption.isRequested }) throws -> DensityOfStates {
    try settings.validate()
    try checkInputs(configuration, model: model, moves: .swap, observers: ObserverSettings())
    let chain = MetropolisChain(model: model, configuration: configuration, moves: .swap, rng: RandomStream(seed: seed, stream: 0))
    var walk = WangLandauWalk(settings, energy: chain.energy)
    var done = 0, interrupted = false
    // The kernel is chosen and built once; the walk runs with it until ln f is small enough.
    func run<K: EnergyKernel>(with kernel: K) throws {
        while walk.logFactor >= settings.finalLogFactor && done < settings.maxSweeps {
            // One sweep at a time so that Ctrl-C is seen within a sweep's time.
            for _ in 0..<settings.checkEvery {
                if stop() { interrupted = true; break }
                try chain.wangLandauSweep(kernel, &walk)
                done += 1
            }
            if interrupted { break }
            chain.resynchronise()
            walk.energy = chain.energy
            // Flat histograms halve ln f until it falls below 1/t (t = attempts per bin seen); from
            // then on ln f = 1/t, which, unlike halving, does not freeze the error of ln g.
            let bins = walk.visits.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
            let inverseTime = Double(bins) / (Double(done) * Double(configuration.siteCount))
            if walk.isInverseTime || walk.logFactor < inverseTime {
                walk.isInverseTime = true
                walk.logFactor = inverseTime
            } else if walk.isFlat(settings.flatness) {
                walk.nextIteration()
            }
            progress?(done, walk.logFactor)
        }
    }
    let ewald = model.ewald.map { EwaldKernel($0, occupation: chain.occupation) }
    if let local = NeighbourhoodKernel.make(model.clusters) {
        if let ewald { try run(with: ClusterEwaldKernel(local, ewald)) } else { try run(with: local) }
    } else {
        let direct = ClusterKernel(model.clusters)
        if let ewald { try run(with: ClusterEwaldKernel(direct, ewald)) } else { try run(with: direct) }
    }
    return DensityOfStates(binWidth: settings.binWidth, firstBin: walk.firstBin, logWeights: walk.logG,
                           energySums: walk.energySums, visits: walk.visits,
                           logConfigurationCount: DensityOfStates.logConfigurationCount(configuration),
                           logFactor: walk.logFactor, iterations: walk.iterations, sweeps: done,
                           converged: walk.logFactor < settings.finalLogFactor, interrupted: interrupted)
}

/// The state of a walk: ln g, the histogram of this iteration and the energies seen, per bin
/// from `firstBin`; bins open as the walk reaches new energies.
struct WangLandauWalk {
    let width: Double
    var logFactor: Double
    var iterations = 0
    /// Whether ln f now follows 1/t instead of halving.
    var isInverseTime = false
    var energy: Double
    var firstBin: Int
    var logG: [Double] = [0]
    var histogram: [Int] = [0]
    var energySums: [Double] = [0]
    var visits: [Int] = [0]

    init(_ settings: WangLandauSettings, energy: Double) {
        width = settings.binWidth
        logFactor = settings.initialLogFactor
        self.energy = energy
        firstBin = DensityOfStates.bin(of: energy, width: width)
    }

    /// The slot of bin `k`, opening slots below or above as needed.
    @inline(__always)
    mutating func slot(_ k: Int) throws -> Int {
        let s = k - firstBin
        if s >= 0 && s < logG.count { return s }
        let newFirst = min(firstBin, k), newCount = max(firstBin + logG.count, k + 1) - newFirst
        guard newCount <= WangLandauSettings.maxBins else {
            throw MonteCarloError("the walk needs more than \(WangLandauSettings.maxBins) energy bins of width \(width): give a wider bin")
        }
        let below = firstBin - newFirst, above = newCount - below - logG.count
        logG = Array(repeating: 0, count: below) + logG + Array(repeating: 0, count: above)
        histogram = Array(repeating: 0, count: below) + histogram + Array(repeating: 0, count: above)
        energySums = Array(repeating: 0, count: below) + energySums + Array(repeating: 0, count: above)
        visits = Array(repeating: 0, count: below) + visits + Array(repeating: 0, count: above)
        firstBin = newFirst
        return k - firstBin
    }

    /// Records the current state: ln g += ln f, one more count in its bin.
    @inline(__always)
    mutating func visit(_ s: Int) {
        logG[s] += logFactor
        histogram[s] += 1
        energySums[s] += energy
        visits[s] += 1
    }

    /// Whether every bin seen so far holds at least `fraction` of the mean count of this iteration.
    func isFlat(_ fraction: Double) -> Bool {
        var total = 0, seen = 0, least = Int.max
        for (h, v) in zip(histogram, visits) where v > 0 {
            total += h
            seen += 1
            least = min(least, h)
        }
        return seen > 0 && total > 0 && Double(least) >= fraction * Double(total) / Double(seen)
    }

    /// Halves ln f and clears the histogram.
    mutating func nextIteration() {
        logFactor /= 2
        iterations += 1
        for k in histogram.indices { histogram[k] = 0 }
    }
}

extension MetropolisChain {
    /// One sweep (N attempted swaps) of a Wang-Landau walk: a swap from E to E' is accepted
    /// with probability min(1, g(E)/g(E')), and the state after each attempt is recorded.
    func wangLandauSweep<K: EnergyKernel>(_ kernel: K, _ walk: inout WangLandauWalk) throws {
        var rng = self.rng
        defer { self.rng = rng }
        // Bins by index, not slot: opening a bin below the first moves every slot.
        var current = DensityOfStates.bin(of: walk.energy, width: walk.width)
        _ = try walk.slot(current)
        for _ in 0..<n {
            let i = rng.int(below: n)
            let a = occ[i]
            if let (j, b) = swapPartner(of: i, holding: a, rng: &rng) {
                let delta = snapped(kernel.pairDelta(occ, i, b, j, a))
                let next = DensityOfStates.bin(of: walk.energy + delta, width: walk.width)
                let nextSlot = try walk.slot(next)
                let x = walk.logG[current - walk.firstBin] - walk.logG[nextSlot]
                if x >= 0 || rng.uniform() < exp(x) {
                    exchange(kernel, i, j, a, b)
                    walk.energy += delta
                    current = next
                    accepted += 1
                }
            }
            walk.visit(current - walk.firstBin)
        }
        attempts += n
    }
}
