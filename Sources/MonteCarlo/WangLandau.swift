// The Wang-Landau walk: swaps at fixed composition, or flips of single sites
// (free composition, e.g. an Ising model at free magnetisation), accepted with
// min(1, g(E)/g(E')); ln g(E) raised by ln f at every step, ln f halved each
// time the energy histogram is flat and then, once it is below 1/t, set to 1/t
// (Belardinelli and Pereyra 2007), until ln f reaches its final value. Energy
// windows run in parallel, each on its own seeded stream, and are joined by
// matching ln g where they overlap. A stopped walk keeps its whole state
// (WangLandauState) so that a later call carries on exactly where it stopped.
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The moves of a Wang-Landau walk.
public enum WangLandauMoves: String, Sendable, Equatable {
    /// Two sites of one sublattice holding different species exchange them: the composition is fixed.
    case swap
    /// One site takes another species of its sublattice: every composition is visited.
    case flip
}

/// Which estimate of ln g a Wang-Landau walk returns.
public enum DensityEstimate: String, Sendable, Equatable, CaseIterable {
    /// ln g solved from the transition counts of every proposed move (TransitionMatrix.swift).
    case transitionMatrix = "transition-matrix"
    /// ln g as the walk accumulated it, ln f at every visit.
    case wangLandau = "wang-landau"
}

/// How a Wang-Landau walk bins energies, moves, splits the energy range and when it stops.
///
///     WangLandauSettings(binWidth: 0.005)   // eV per supercell; ln f from 1 to 1e-6, 80 % flatness
///     WangLandauSettings(binWidth: 4, moves: .flip, windows: [-600 ... -100, -200 ... 600])
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
    /// A window stops (not converged) after this many sweeps.
    public var maxSweeps: Int
    /// Swaps (fixed composition) or flips (every composition).
    public var moves: WangLandauMoves
    /// Energy windows (model unit per supercell), ascending, each overlapping the next by at least
    /// two bins; empty for one walk over every energy. The lowest window reaches down to the lowest
    /// energy and the highest up to the highest, so together they cover every configuration.
    public var windows: [ClosedRange<Double>]
    /// The estimate of ln g returned; a resumed walk may change it (the walk keeps both).
    public var estimate: DensityEstimate
    /// Sweeps per window after ln f reaches its final value with ln g held fixed (a multicanonical
    /// walk, in detailed balance, so its transition counts are unbiased), counted for the
    /// transition-matrix estimate; 0 for none.
    public var productionSweeps: Int
    /// The most energy bins the walk may open.
    public static let maxBins = 1_000_000
    /// The most sweeps a window's walk may take to reach its energy range from the start.
    public static let approachSweeps = 100_000

    public init(binWidth: Double, flatness: Double = 0.8, initialLogFactor: Double = 1, finalLogFactor: Double = 1e-6,
                checkEvery: Int = 100, maxSweeps: Int = 10_000_000, moves: WangLandauMoves = .swap,
                windows: [ClosedRange<Double>] = [], estimate: DensityEstimate = .transitionMatrix, productionSweeps: Int = 0) {
        self.binWidth = binWidth
        self.flatness = flatness
        self.initialLogFactor = initialLogFactor
        self.finalLogFactor = finalLogFactor
        self.checkEvery = checkEvery
        self.maxSweeps = maxSweeps
        self.moves = moves
        self.windows = windows
        self.estimate = estimate
        self.productionSweeps = productionSweeps
    }

    /// ln f from which the walk records transition counts: halfway from the initial to the final ln f
    /// on a log scale. The first iterations drive the walk across energies faster than configurations
    /// relax within one, so their counts are biased (16x16 Ising to ln f 1e-6, seeds 1 to 3: ln g at
    /// E = ±512 off by 0.10 to 0.24 with every count, all too low; by 0.04 to 0.10 with these).
    var transitionsFrom: Double { (initialLogFactor * finalLogFactor).squareRoot() }

    func validate() throws {
        guard binWidth > 0, binWidth.isFinite else { throw MonteCarloError("the bin width must be a finite energy > 0, got \(binWidth)") }
        guard flatness > 0, flatness < 1 else { throw MonteCarloError("the flatness must be between 0 and 1, got \(flatness)") }
        guard initialLogFactor > 0, initialLogFactor.isFinite else { throw MonteCarloError("the initial ln f must be > 0, got \(initialLogFactor)") }
        guard finalLogFactor > 0, finalLogFactor < initialLogFactor else {
            throw MonteCarloError("the final ln f must be > 0 and below the initial \(initialLogFactor), got \(finalLogFactor)")
        }
        guard productionSweeps >= 0 else { throw MonteCarloError("the production sweeps must be >= 0, got \(productionSweeps)") }
        guard checkEvery >= 1 else { throw MonteCarloError("check flatness every >= 1 sweeps, got \(checkEvery)") }
        guard maxSweeps >= checkEvery else { throw MonteCarloError("the sweep limit \(maxSweeps) is below one check (\(checkEvery) sweeps)") }
        for (k, w) in windows.enumerated() where !(w.lowerBound.isFinite && w.upperBound.isFinite && w.lowerBound < w.upperBound) {
            throw MonteCarloError("energy window \(k + 1) [\(w.lowerBound), \(w.upperBound)] must have finite bounds, low < high")
        }
        for k in windows.indices.dropLast() {
            let a = windows[k], b = windows[k + 1]
            guard b.lowerBound > a.lowerBound, b.upperBound > a.upperBound else {
                throw MonteCarloError("energy windows must ascend: window \(k + 2) [\(b.lowerBound), \(b.upperBound)] does not lie above window \(k + 1) [\(a.lowerBound), \(a.upperBound)]")
            }
            guard DensityOfStates.bin(of: b.lowerBound, width: binWidth) < DensityOfStates.bin(of: a.upperBound, width: binWidth) else {
                throw MonteCarloError("energy windows \(k + 1) [\(a.lowerBound), \(a.upperBound)] and \(k + 2) [\(b.lowerBound), \(b.upperBound)] do not overlap by two bins of \(binWidth): they cannot be joined")
            }
        }
    }

    /// The bins window `k` may visit: its bounds as bins, open below for the first and above for the last.
    func binRange(ofWindow k: Int) -> (low: Int, high: Int) {
        guard !windows.isEmpty else { return (Int.min, Int.max) }
        let w = windows[k]
        return (k == 0 ? Int.min : DensityOfStates.bin(of: w.lowerBound, width: binWidth),
                k == windows.count - 1 ? Int.max : DensityOfStates.bin(of: w.upperBound, width: binWidth))
    }
}

/// Everything a stopped Wang-Landau walk needs to carry on: per window its ln g, histogram, ln f
/// schedule, configuration and random stream. `wangLandau(..., resume:)` continues from it.
public struct WangLandauState: Sendable {
    /// The settings it ran with (a resumed walk may change only the final ln f and the sweep limit).
    public let settings: WangLandauSettings
    let seed: UInt64
    let windows: [WangLandauWindowState]
}

/// One window's walk: nil `walk` until the window's energy range is reached.
struct WangLandauWindowState: Sendable {
    var walk: WangLandauWalk?
    var occupation: [UInt8]
    var rng: RandomStream
    var sweeps = 0
    var interrupted = false
}

/// The density of states of the configurations of `configuration`'s supercell by a Wang-Landau walk:
/// at its composition (swaps) or over every composition (flips).
///
/// Window k walks on `RandomStream(seed: seed, stream: k)` from `configuration`; windows run in
/// parallel over the ranks of an MPI job and on up to `threads` threads each, so the result is
/// identical for any rank and thread count. Polls `stop`
/// once per sweep and then returns the partial density (`interrupted`), whose `state` a later call
/// passes as `resume` to carry on exactly where it stopped (its streams, not `seed`, then drive
/// the walk). `progress(sweeps, ln f)` reports
/// window 0 at every check. A window that reaches `maxSweeps` returns with `converged == false`.
///
///     let dos = try wangLandau(start, model: model, settings: WangLandauSettings(binWidth: 1), seed: 7)
///     dos.thermodynamics(kT: 2).heatCapacity
public func wangLandau(_ configuration: Configuration, model: EnergyModel, settings: WangLandauSettings, seed: UInt64,
                       resume: WangLandauState? = nil, threads: Int = Threads.count,
                       progress: ((Int, Double) -> Void)? = nil,
                       stop: () -> Bool = { Interruption.isRequested }) throws -> DensityOfStates {
    try settings.validate()
    let moveSet = settings.moves.moveSet(for: configuration)
    try checkInputs(configuration, model: model, moves: moveSet, observers: ObserverSettings())
    let windowCount = max(1, settings.windows.count)
    let starts: [WangLandauWindowState]
    let runSeed: UInt64
    if let resume {
        try resume.check(against: settings, siteCount: configuration.siteCount)
        starts = resume.windows
        runSeed = resume.seed
    } else {
        starts = (0..<windowCount).map { k in
            WangLandauWindowState(occupation: configuration.occupation, rng: RandomStream(seed: seed, stream: UInt64(k)))
        }
        runSeed = seed
    }
    // Windows spread over the ranks of an MPI job (and each rank's share over its threads).
    let results = withoutActuallyEscaping(stop) { stop in
        distributedMap(windowCount, threads: threads) { k in
            Result {
                try runWindow(starts[k], k, configuration, model: model, moves: moveSet, settings: settings,
                              progress: k == 0 ? progress : nil, stop: stop)
            }
        }
    }
    let states = try results.map { try $0.get() }
    guard states.allSatisfy({ $0.occupation.count == configuration.siteCount }) else {
        throw RankTransferError("a window came back from another rank with another number of sites than \(configuration.siteCount)")
    }
    let state = WangLandauState(settings: settings, seed: runSeed, windows: states)
    for (k, s) in states.enumerated() where s.walk == nil && !s.interrupted {
        throw MonteCarloError("energy window \(k + 1) was not reached from the start configuration")
    }
    let logCount = DensityOfStates.logConfigurationCount(configuration, everyComposition: settings.moves == .flip)
    let walks = states.compactMap(\.walk)
    let interrupted = states.contains { $0.interrupted }
    let sweeps = states.reduce(0) { $0 + $1.sweeps }
    let logFactor = walks.map(\.logFactor).max() ?? settings.initialLogFactor
    let converged = walks.count == windowCount
        && walks.allSatisfy { $0.logFactor < settings.finalLogFactor && $0.production >= settings.productionSweeps }
    let iterations = walks.map(\.iterations).min() ?? 0
    // A walk stopped before every window has begun has nothing to join yet; it can still be resumed.
    guard walks.count == windowCount else {
        return DensityOfStates(binWidth: settings.binWidth, firstBin: 0, logWeights: [], energySums: [], visits: [],
                               logConfigurationCount: logCount, logFactor: logFactor, iterations: iterations, sweeps: sweeps,
                               converged: false, interrupted: interrupted, estimate: settings.estimate, state: state)
    }
    let joined = try join(walks, settings: settings)
    var logG = joined.logG
    var estimate = settings.estimate, stopped = interrupted
    if settings.estimate == .transitionMatrix {
        // Counts from every window add up: each samples its energies as any other would.
        var counts = TransitionCounts(bins: logG.count)
        for walk in walks { walk.transitions.add(firstBin: walk.firstBin, into: &counts, intoFirst: joined.firstBin) }
        // Ctrl-C during the solve: the walk's own ln g, said to be that estimate; resume= solves again.
        if let solved = try counts.logDensity(seen: joined.visits.map { $0 > 0 }, fallback: joined.logG, sites: configuration.siteCount,
                                              stop: stop) {
            logG = solved
        } else {
            estimate = .wangLandau
            stopped = true
        }
    }
    return DensityOfStates(binWidth: settings.binWidth, firstBin: joined.firstBin, logWeights: logG,
                           energySums: joined.energySums, visits: joined.visits, logConfigurationCount: logCount,
                           logFactor: logFactor, iterations: iterations, sweeps: sweeps, converged: converged,
                           interrupted: stopped, estimate: estimate, state: state)
}

extension WangLandauMoves {
    /// The chain's move set: flips with zero chemical potentials, so the weights are g's alone.
    func moveSet(for configuration: Configuration) -> MoveSet {
        switch self {
        case .swap: return .swap
        case .flip:
            var mu = [[Double]](repeating: [], count: configuration.sublatticeCount)
            for i in 0..<configuration.siteCount { mu[Int(configuration.sublattices[i])] = Array(repeating: 0, count: Int(configuration.speciesCounts[i])) }
            return .flip(chemicalPotentials: mu)
        }
    }
}

extension WangLandauState {
    /// Refuses to resume with settings that would change the walk's meaning.
    func check(against s: WangLandauSettings, siteCount: Int) throws {
        let old = settings
        guard windows.first?.occupation.count == siteCount else {
            throw MonteCarloError("the walk to resume has \(windows.first?.occupation.count ?? 0) sites, the configuration \(siteCount)")
        }
        guard old.binWidth == s.binWidth else { throw MonteCarloError("the walk to resume used bins of \(old.binWidth), not \(s.binWidth)") }
        guard old.moves == s.moves else { throw MonteCarloError("the walk to resume used \(old.moves.rawValue) moves, not \(s.moves.rawValue)") }
        guard old.windows == s.windows else { throw MonteCarloError("the walk to resume used other energy windows (\(old.windows.count) windows)") }
        guard old.flatness == s.flatness, old.checkEvery == s.checkEvery, old.initialLogFactor == s.initialLogFactor else {
            throw MonteCarloError("the walk to resume used flatness \(old.flatness) checked every \(old.checkEvery) sweeps from ln f \(old.initialLogFactor): only the final ln f, the production sweeps and the sweep limit may change")
        }
    }
}

/// Walks window `k` from `start` until ln f is below the final value, the sweep limit or `stop`.
private func runWindow(_ start: WangLandauWindowState, _ k: Int, _ configuration: Configuration, model: EnergyModel,
                       moves: MoveSet, settings: WangLandauSettings, progress: ((Int, Double) -> Void)?,
                       stop: () -> Bool) throws -> WangLandauWindowState {
    var state = start
    state.interrupted = false
    let here = try Configuration(occupation: state.occupation, speciesCounts: configuration.speciesCounts,
                                 sublattices: configuration.sublattices)
    let chain = MetropolisChain(model: model, configuration: here, moves: moves, rng: state.rng)
    let flips = settings.moves == .flip
    let (low, high) = settings.binRange(ofWindow: k)
    let n = configuration.siteCount
    // The kernel is chosen and built once; the walk runs with it until ln f is small enough.
    func run<K: EnergyKernel>(with kernel: K) throws {
        if state.walk == nil {
            var approached = 0
            while !chain.approachSweep(kernel, flips: flips, low: low, high: high, width: settings.binWidth) {
                approached += 1
                if stop() { state.interrupted = true; return }
                guard approached < WangLandauSettings.approachSweeps else {
                    let w = settings.windows[k]
                    throw MonteCarloError("energy window \(k + 1) [\(w.lowerBound), \(w.upperBound)] was not reached from the start configuration in \(approached) sweeps (at energy \(chain.energy)): widen it")
                }
            }
            chain.resynchronise()
            state.walk = WangLandauWalk(settings, energy: chain.energy)
        }
        guard var walk = state.walk else { return }
        defer { state.walk = walk }
        var done = state.sweeps
        while walk.logFactor >= settings.finalLogFactor && done < settings.maxSweeps {
            // One sweep at a time so that Ctrl-C is seen within a sweep's time; a resumed walk
            // first finishes the block it was stopped in, so it checks where an unstopped one would.
            for _ in 0..<(settings.checkEvery - done % settings.checkEvery) {
                if stop() { state.interrupted = true; break }
                try chain.wangLandauSweep(kernel, &walk, flips: flips, low: low, high: high,
                                          records: walk.logFactor <= settings.transitionsFrom)
                done += 1
            }
            state.sweeps = done
            if state.interrupted { break }
            chain.resynchronise()
            walk.energy = chain.energy
            // Flat histograms halve ln f until it falls below 1/t (t = attempts per bin seen); from
            // then on ln f = 1/t, which, unlike halving, does not freeze the error of ln g.
            let bins = walk.visits.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
            let inverseTime = Double(bins) / (Double(done) * Double(n))
            if walk.isInverseTime || walk.logFactor < inverseTime {
                walk.isInverseTime = true
                walk.logFactor = inverseTime
            } else if walk.isFlat(settings.flatness) {
                walk.nextIteration()
            }
            progress?(done, walk.logFactor)
        }
        // The production stage: ln g fixed, so configurations within a bin are sampled uniformly
        // and every transition count is unbiased (the counts of the walk with ln f > 0 are not).
        while !state.interrupted && walk.logFactor < settings.finalLogFactor && walk.production < settings.productionSweeps
                && done < settings.maxSweeps {
            if stop() { state.interrupted = true; break }
            try chain.wangLandauSweep(kernel, &walk, flips: flips, low: low, high: high, records: true, fixed: true)
            done += 1
            walk.production += 1
            state.sweeps = done
            if done % settings.checkEvery == 0 || walk.production == settings.productionSweeps {
                chain.resynchronise()
                walk.energy = chain.energy
            }
        }
    }
    let ewald = model.ewald.map { EwaldKernel($0, occupation: chain.occupation) }
    if let local = NeighbourhoodKernel.make(model.clusters) {
        if let ewald { try run(with: ClusterEwaldKernel(local, ewald)) } else { try run(with: local) }
    } else {
        let direct = ClusterKernel(model.clusters)
        if let ewald { try run(with: ClusterEwaldKernel(direct, ewald)) } else { try run(with: direct) }
    }
    state.occupation = chain.occupation
    state.rng = chain.rng
    return state
}

/// Joins the windows' ln g into one: each window is shifted by the mean difference of ln g over the
/// bins it shares with those below, and shared bins take the mean of the two.
private func join(_ walks: [WangLandauWalk], settings: WangLandauSettings) throws
    -> (firstBin: Int, logG: [Double], energySums: [Double], visits: [Int]) {
    let low = walks.map(\.firstBin).min() ?? 0
    let high = walks.map { $0.firstBin + $0.logG.count }.max() ?? low
    var logG = [Double](repeating: 0, count: high - low), sums = logG, visits = [Int](repeating: 0, count: high - low)
    for (k, walk) in walks.enumerated() {
        var shift = 0.0, shared = 0
        for s in walk.visits.indices where walk.visits[s] > 0 && visits[walk.firstBin + s - low] > 0 {
            shift += logG[walk.firstBin + s - low] - walk.logG[s]
            shared += 1
        }
        if k > 0 && shared == 0 {
            let a = settings.windows[k - 1], b = settings.windows[k]
            throw MonteCarloError("energy windows \(k) [\(a.lowerBound), \(a.upperBound)] and \(k + 1) [\(b.lowerBound), \(b.upperBound)] visited no energy bin in common: they cannot be joined; widen their overlap")
        }
        if shared > 0 { shift /= Double(shared) }
        for s in walk.visits.indices where walk.visits[s] > 0 {
            let g = walk.firstBin + s - low
            logG[g] = visits[g] > 0 ? (logG[g] + walk.logG[s] + shift) / 2 : walk.logG[s] + shift
            sums[g] += walk.energySums[s]
            visits[g] += walk.visits[s]
        }
    }
    return (low, logG, sums, visits)
}

/// The state of a walk: ln g, the histogram of this iteration and the energies seen, per bin
/// from `firstBin`; bins open as the walk reaches new energies.
struct WangLandauWalk: Sendable {
    let width: Double
    var logFactor: Double
    var iterations = 0
    /// Whether ln f now follows 1/t instead of halving.
    var isInverseTime = false
    /// Sweeps of the production stage walked (WangLandauSettings.productionSweeps).
    var production = 0
    var energy: Double
    var firstBin: Int
    var logG: [Double] = [0]
    var histogram: [Int] = [0]
    var energySums: [Double] = [0]
    var visits: [Int] = [0]
    /// Every proposal's bin offset and the scans of all moves of a configuration (TransitionMatrix.swift).
    var transitions = TransitionCounts(bins: 1)

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
        transitions.open(below: below, above: above)
        firstBin = newFirst
        return k - firstBin
    }

    /// Records the current state: ln g += ln f (unless `fixed`), one more count in its bin.
    @inline(__always)
    mutating func visit(_ s: Int, fixed: Bool) {
        if !fixed { logG[s] += logFactor }
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
    /// A proposed move: a swap of `i` (species `a`) with `j` (species `b`), or a flip of `i` to `b` (`j` < 0).
    @inline(__always)
    private func propose<K: EnergyKernel>(_ kernel: K, flips: Bool, rng: inout RandomStream)
        -> (i: Int, a: UInt8, j: Int, b: UInt8, delta: Double)? {
        let i = rng.int(below: n)
        let a = occ[i]
        if flips {
            let m = Int(speciesCount[i])
            if m < 2 { return nil }
            var b = rng.int(below: m - 1)
            if b >= Int(a) { b += 1 }
            return (i, a, -1, UInt8(b), snapped(kernel.flipDelta(occ, i, UInt8(b))))
        }
        guard let (j, b) = swapPartner(of: i, holding: a, rng: &rng) else { return nil }
        return (i, a, j, b, snapped(kernel.pairDelta(occ, i, b, j, a)))
    }

    @inline(__always)
    private func apply<K: EnergyKernel>(_ kernel: K, _ move: (i: Int, a: UInt8, j: Int, b: UInt8, delta: Double)) {
        if move.j < 0 {
            occ[move.i] = move.b
            kernel.commit(occ, move.i, from: move.a, to: move.b)
            tally[Int(move.a)] -= 1
            tally[Int(move.b)] += 1
        } else {
            exchange(kernel, move.i, move.j, move.a, move.b)
        }
        energy += move.delta
        accepted += 1
    }

    /// One sweep of moves toward the energy bins [low, high], each accepted when it does not move
    /// farther away; true (and stops) once inside.
    func approachSweep<K: EnergyKernel>(_ kernel: K, flips: Bool, low: Int, high: Int, width: Double) -> Bool {
        func distance(_ e: Double) -> Int {
            let k = DensityOfStates.bin(of: e, width: width)
            return k < low ? low - k : (k > high ? k - high : 0)
        }
        if distance(energy) == 0 { return true }
        var rng = self.rng
        defer { self.rng = rng }
        for _ in 0..<n {
            guard let move = propose(kernel, flips: flips, rng: &rng) else { continue }
            if distance(energy + move.delta) <= distance(energy) {
                apply(kernel, move)
                if distance(energy) == 0 { return true }
            }
        }
        attempts += n
        return false
    }

    /// One sweep (N attempted moves) of a Wang-Landau walk within the bins [low, high]: a move from
    /// E to E' is accepted with probability min(1, g(E)/g(E')) (never out of the window), and the
    /// state after each attempt is recorded; with `records`, each proposal's bin offset too and every
    /// move of the configuration the sweep ends in (swaps: when due, `scanSwaps`). `fixed` leaves ln g as it is.
    func wangLandauSweep<K: EnergyKernel>(_ kernel: K, _ walk: inout WangLandauWalk, flips: Bool,
                                          low: Int = Int.min, high: Int = Int.max, records: Bool = true,
                                          fixed: Bool = false) throws {
        var rng = self.rng
        defer { self.rng = rng }
        // Bins by index, not slot: opening a bin below the first moves every slot.
        var current = DensityOfStates.bin(of: walk.energy, width: walk.width)
        _ = try walk.slot(current)
        energy = walk.energy
        for _ in 0..<n {
            if let move = propose(kernel, flips: flips, rng: &rng) {
                let next = DensityOfStates.bin(of: walk.energy + move.delta, width: walk.width)
                if records { walk.transitions.propose(current - walk.firstBin, next - current) }
                if next >= low && next <= high {
                    let nextSlot = try walk.slot(next)
                    let x = walk.logG[current - walk.firstBin] - walk.logG[nextSlot]
                    if x >= 0 || rng.uniform() < exp(x) {
                        apply(kernel, move)
                        walk.energy += move.delta
                        current = next
                    }
                }
            } else if records {
                walk.transitions.propose(current - walk.firstBin, 0)
            }
            walk.visit(current - walk.firstBin, fixed: fixed)
        }
        attempts += n
        if records {
            if flips {
                scan(kernel, &walk, bin: current)
            } else {
                scanSwaps(kernel, &walk, bin: current)
            }
        }
    }

    /// The most swaps a scan visits, per site: beyond, a cell's swaps are too many to scan.
    static let swapScanPairsPerSite = 64

    /// Records every swap of the current configuration (in `bin`) as `scan` does flips, each weighted
    /// by its chance to be proposed (times N), once every ⌈P/N⌉ sweeps for P ordered swap pairs, so the
    /// scans cost about one sweep of moves; none when P exceeds 64 N (a scan would stall the walk).
    func scanSwaps<K: EnergyKernel>(_ kernel: K, _ walk: inout WangLandauWalk, bin: Int) {
        // Each site of species a on a sublattice of size S has S - N_a partners: P = Σ N_a (S - N_a).
        var pairs = 0
        for sub in 0..<sublatticeCount {
            for a in 0..<base { pairs += Int(blockCount[sub * base + a]) * Int(sublatticeSize[sub] - blockCount[sub * base + a]) }
        }
        guard pairs > 0, pairs <= Self.swapScanPairsPerSite * n, (attempts / n) % ((pairs + n - 1) / n) == 0 else { return }
        var offsets: [Int] = [], weights: [Double] = []
        offsets.reserveCapacity(pairs + n)
        weights.reserveCapacity(pairs + n)
        for i in 0..<n {
            let sub = Int(sublattice[i]), a = occ[i]
            let others = Int(sublatticeSize[sub] - blockCount[sub * base + Int(a)])
            guard others > 0 else { offsets.append(0); weights.append(1); continue }
            for b in 0..<base where b != Int(a) {
                let start = Int(blockStart[sub * base + b])
                for k in start..<(start + Int(blockCount[sub * base + b])) {
                    let delta = snapped(kernel.pairDelta(occ, i, UInt8(b), Int(blockSites[k]), a))
                    offsets.append(DensityOfStates.bin(of: walk.energy + delta, width: walk.width) - bin)
                    weights.append(1 / Double(others))
                }
            }
        }
        walk.transitions.scan(bin - walk.firstBin, offsets: offsets, weights: weights)
    }

    /// Records in the walk's transition counts every flip of the current configuration (in `bin`),
    /// each weighted by its chance to be proposed (times N); a site with one species stays put.
    private func scan<K: EnergyKernel>(_ kernel: K, _ walk: inout WangLandauWalk, bin: Int) {
        var offsets: [Int] = [], weights: [Double] = []
        offsets.reserveCapacity(n)
        weights.reserveCapacity(n)
        for i in 0..<n {
            let m = Int(speciesCount[i]), a = occ[i]
            guard m >= 2 else { offsets.append(0); weights.append(1); continue }
            for b in 0..<UInt8(m) where b != a {
                let delta = snapped(kernel.flipDelta(occ, i, b))
                offsets.append(DensityOfStates.bin(of: walk.energy + delta, width: walk.width) - bin)
                weights.append(1 / Double(m - 1))
            }
        }
        walk.transitions.scan(bin - walk.firstBin, offsets: offsets, weights: weights)
    }
}

