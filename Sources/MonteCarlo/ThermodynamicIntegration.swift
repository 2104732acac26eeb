// Free energy by thermodynamic integration over inverse temperature: one
// Metropolis chain per point of a β grid that starts at infinite temperature,
// ⟨H⟩ and var(H) at each, and βF(β) = -S(∞) + ∫₀^β ⟨H⟩ dβ' with the cubic
// (Hermite) rule that uses dU/dβ = -var(H) at both ends of every interval.
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Synchronization

/// The result of `integrateOverTemperature`: the samples of every grid point and F at each β > 0.
public struct TemperatureIntegration: Sendable {
    /// The β grid (1/kT in the model's unit), from 0, increasing.
    public let betas: [Double]
    /// ⟨H⟩ of the cell at each β (H = E for swaps, E - Σ μ N for flips), with its autocorrelation error.
    public let enthalpy: [Estimate]
    /// var(H) of the cell at each β (= -d⟨H⟩/dβ).
    public let variance: [Double]
    /// S(∞) of the cell (k_B = 1): the logarithm of the number of configurations the moves reach.
    public let entropyAtInfinity: Double
    /// F of the cell at betas[1...] (for flips the grand potential F - Σ μ N), and its statistical error.
    public let freeEnergy: [Double]
    public let freeEnergyError: [Double]
    /// At betas[1...]: how much the end-point slopes changed the trapezoid value of F (large means the grid is coarse).
    public let quadratureCorrection: [Double]
    /// Whether an interrupt stopped the chains (then nothing was integrated: the arrays of F are empty).
    public let interrupted: Bool
}

/// Integrates ⟨H⟩ over inverse temperature from β = 0, where F = -kT S(∞), to every point of `betas`.
///
/// Point k runs its own chain from `configuration` with `RandomStream(seed: seed, stream: k)`:
/// `equilibration` sweeps, then `sweeps` sweeps recorded every `every`; the points run in parallel
/// on up to `threads` threads, so the result is the same for any thread count. Each interval
/// [β_k, β_k+1] of width h adds h/2 (H_k + H_k+1) + h²/12 (var_k+1 - var_k), exact for a cubic ⟨H⟩(β).
/// The error is statistical only (the points' errors through the quadrature weights).
/// `progress(finished)` is called (one call at a time) as each point finishes.
///
///     let ti = try integrateOverTemperature(start, model: ising, moves: .flip(chemicalPotentials: [[0, 0]]),
///                                           betas: (0...40).map { 0.5 * Double($0) / 40 }, sweeps: 4000, seed: 1)
///     ti.freeEnergy.last! / 256   // F per site at kT = 2
public func integrateOverTemperature(_ configuration: Configuration, model: EnergyModel, moves: MoveSet, betas: [Double],
                                     sweeps: Int, equilibration: Int = 0, every: Int = 1, seed: UInt64,
                                     threads: Int = Threads.count, progress: ((Int) -> Void)? = nil,
                                     stop: @escaping () -> Bool = { Interruption.isRequested }) throws -> TemperatureIntegration {
    guard betas.count >= 2, betas[0] == 0 else { throw MonteCarloError("temperature integration needs a β grid of at least two points starting at β = 0") }
    guard zip(betas, betas.dropFirst()).allSatisfy({ $0 < $1 }), betas.allSatisfy(\.isFinite) else {
        throw MonteCarloError("temperature integration needs finite, increasing β (decreasing temperature)")
    }
    guard every >= 1, sweeps >= 2 * every, equilibration >= 0 else {
        throw MonteCarloError("sample at least two records per point (sweeps >= 2 x every), got sweeps \(sweeps), every \(every)")
    }
    let entropy: Double
    switch moves {
    case .swap, .neighbourSwap:
        entropy = (0..<configuration.sublatticeCount).reduce(0.0) { sum, s in
            var counts = [Int](repeating: 0, count: configuration.maxSpecies)
            for i in 0..<configuration.siteCount where Int(configuration.sublattices[i]) == s { counts[Int(configuration.occupation[i])] += 1 }
            return sum + FreeEnergy.logMultinomial(counts)
        }
    case .flip:
        entropy = configuration.speciesCounts.reduce(0.0) { $0 + log(Double($1)) }
    case .chargeConservingFlip, .constrainedFlip, .mixture:
        throw MonteCarloError("temperature integration runs swaps and flips, not \(moves.name) moves (their infinite-temperature entropy is not a count)")
    }
    try checkInputs(configuration, model: model, moves: moves, observers: ObserverSettings(every: every))
    try ObserverSettings(every: every).checkMemory(siteCount: configuration.siteCount, sweeps: MemoryBudget.sum(sweeps, equilibration),
                                                   chains: betas.count)

    let total = sweeps + equilibration
    let finished = Mutex(0)
    let points: [(series: [Double], interrupted: Bool)] = parallelMap(betas.count, threads: threads) { k in
        let chain = MetropolisChain(model: model, configuration: configuration, moves: moves, rng: RandomStream(seed: seed, stream: UInt64(k)))
        let kernels = KernelChoice(model, chain: chain)
        var series: [Double] = []
        var last: Double?
        for sweep in 1...total {
            if stop() { return (series, true) }
            let before = (chain.attempts, chain.accepted)
            kernels.sweep(chain, beta: betas[k], lastAcceptance: last)
            last = Double(chain.accepted - before.1) / Double(max(1, chain.attempts - before.0))
            if sweep > equilibration && (sweep - equilibration) % every == 0 {
                chain.resynchronise()
                series.append(chain.enthalpy(moves))
            }
        }
        finished.withLock { count in
            count += 1
            progress?(count)
        }
        return (series, false)
    }
    let enthalpy = points.map { Estimate(series: $0.series) }
    // var(H) is the fluctuation heat capacity at T = 1.
    let variance = points.map { $0.series.count > 1 ? fluctuationHeatCapacity($0.series, temperature: 1) : 0 }
    if points.contains(where: \.interrupted) {
        return TemperatureIntegration(betas: betas, enthalpy: enthalpy, variance: variance, entropyAtInfinity: entropy,
                                      freeEnergy: [], freeEnergyError: [], quadratureCorrection: [], interrupted: true)
    }
    var integral = 0.0, correction = 0.0
    var weights = [Double](repeating: 0, count: betas.count)
    var free: [Double] = [], errors: [Double] = [], corrections: [Double] = []
    for k in 1..<betas.count {
        let h = betas[k] - betas[k - 1]
        integral += 0.5 * h * (enthalpy[k - 1].mean + enthalpy[k].mean)
        correction += h * h / 12 * (variance[k] - variance[k - 1])
        weights[k - 1] += 0.5 * h
        weights[k] = 0.5 * h
        let statistical = (0...k).reduce(0.0) { $0 + weights[$1] * weights[$1] * enthalpy[$1].error * enthalpy[$1].error }.squareRoot()
        free.append((integral + correction - entropy) / betas[k])
        errors.append(statistical / betas[k])
        corrections.append(correction / betas[k])
    }
    return TemperatureIntegration(betas: betas, enthalpy: enthalpy, variance: variance, entropyAtInfinity: entropy,
                                  freeEnergy: free, freeEnergyError: errors, quadratureCorrection: corrections, interrupted: false)
}

/// A β grid for `integrateOverTemperature`: `steps` equal steps from 0 to the largest 1/kT of `targets`,
/// each target's β replacing the grid point nearest it (so every target is a point of the grid).
///
///     integrationGrid(kT: [2, 3], steps: 4)   // [0, 0.125, 0.25, 0.333…, 0.5]
public func integrationGrid(kT targets: [Double], steps: Int) throws -> [Double] {
    guard steps >= 1, steps <= 100_000 else { throw MonteCarloError("the temperature integration needs 1...100000 steps, got \(steps)") }
    guard !targets.isEmpty, targets.allSatisfy({ $0 > 0 && $0.isFinite }) else {
        throw MonteCarloError("the temperature integration needs target temperatures, each finite and > 0")
    }
    let top = 1 / (targets.min() ?? 1)
    var grid = (0...steps).map { top * Double($0) / Double(steps) }
    var taken = Set<Int>()
    for beta in Set(targets.map { 1 / $0 }) {
        let nearest = (1...steps).min { abs(grid[$0] - beta) < abs(grid[$1] - beta) } ?? steps
        guard taken.insert(nearest).inserted else {
            throw MonteCarloError("two target temperatures fall on one point of the β grid: give more steps (now \(steps))")
        }
        grid[nearest] = beta
    }
    guard zip(grid, grid.dropFirst()).allSatisfy({ $0 < $1 }) else {
        throw MonteCarloError("the target temperatures are too close for \(steps) steps of β: give more steps")
    }
    return grid
}

extension MetropolisChain {
    /// H = E - Σ μ N for flips, alone or mixed (the quantity whose Boltzmann weight the chain samples), E otherwise.
    func enthalpy(_ moves: MoveSet) -> Double {
        guard moves.parts.contains(where: { if case .flip = $0 { true } else { false } }) else { return energy }
        var work = 0.0
        for i in 0..<n { work += siteValues[i * base + Int(occ[i])] }
        return energy - work
    }
}
