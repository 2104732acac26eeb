// Normalising a density of states to degeneracies known beforehand (the Ising
// ground state's g = 2, as Wang and Landau 2001 do) besides Σ g = the number of
// configurations. Σ g alone carries the walk's statistical error over the slowly
// mixing ordered energies to the extreme levels, where ln g is small and the
// relative error large; a known degeneracy there removes it.
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A degeneracy known beforehand: g configurations at `energy` (model unit per supercell).
///
///     KnownDegeneracy(energy: -512, degeneracy: 2)   // the two ground states of the 16x16 Ising model
public struct KnownDegeneracy: Sendable, Equatable {
    public let energy: Double
    public let degeneracy: Double

    public init(energy: Double, degeneracy: Double) {
        self.energy = energy
        self.degeneracy = degeneracy
    }
}

extension DensityOfStates {
    /// This density with ln g corrected by a function of energy that is piecewise linear in E
    /// (constant beyond its outermost nodes) with a node at each known energy, where ln g becomes
    /// ln g_known exactly, and one more at the bin of largest g, set so that Σ g stays the number
    /// of configurations. One known point is a shift only where it is the bin of largest g; a known
    /// point in that bin leaves no freedom for Σ g, whose excess `logSumExcess` then reports.
    /// Throws for a degeneracy ≤ 0 or not finite, an energy in no bin the walk saw, two points in
    /// one bin, or known degeneracies that alone reach the number of configurations.
    ///
    ///     let pinned = try dos.normalised(to: [KnownDegeneracy(energy: -512, degeneracy: 2),
    ///                                          KnownDegeneracy(energy: 512, degeneracy: 2)])
    public func normalised(to points: [KnownDegeneracy]) throws -> DensityOfStates {
        guard !points.isEmpty else { return self }
        guard !bins.isEmpty else { throw MonteCarloError("known degeneracies need a density of states with bins; this one has none yet") }
        var nodes: [(bin: Int, index: Int, correction: Double)] = []
        for (k, p) in points.enumerated() {
            guard p.energy.isFinite, p.degeneracy > 0, p.degeneracy.isFinite else {
                throw MonteCarloError("known point \(k + 1) must be a finite energy and a degeneracy g > 0, got [\(p.energy), \(p.degeneracy)]")
            }
            let bin = Self.bin(of: p.energy, width: binWidth)
            guard let index = bins.firstIndex(of: bin) else {
                let low = bins[0], high = bins[bins.count - 1]
                if bin < low || bin > high {
                    throw MonteCarloError("known point \(k + 1): energy \(p.energy) lies outside the walked range \(energies[0]) to \(energies[energies.count - 1])")
                }
                throw MonteCarloError("known point \(k + 1): no configuration of energy \(p.energy) was seen (its bin of \(binWidth) is empty)")
            }
            if let other = nodes.firstIndex(where: { $0.bin == bin }) {
                throw MonteCarloError("known points \(other + 1) and \(k + 1) fall in the same energy bin (energies \(points[other].energy) and \(p.energy))")
            }
            nodes.append((bin, index, log(p.degeneracy) - logDensity[index]))
        }
        let peak = logDensity.indices.max { logDensity[$0] < logDensity[$1] } ?? 0
        let keepsSum = !nodes.contains { $0.index == peak }
        // The Σ g node carries weight 1 and correction 0 here; its value c enters each bin as w·c.
        var all = nodes.map { (bin: $0.bin, value: $0.correction, weight: 0.0) }
        if keepsSum { all.append((bins[peak], 0, 1)) }
        all.sort { $0.bin < $1.bin }
        var fixed = [Double](repeating: 0, count: bins.count), weight = fixed
        for (i, k) in bins.enumerated() {
            let first = all[0], last = all[all.count - 1]
            if k <= first.bin {
                (fixed[i], weight[i]) = (first.value, first.weight)
            } else if k >= last.bin {
                (fixed[i], weight[i]) = (last.value, last.weight)
            } else {
                let j = all.firstIndex { $0.bin >= k } ?? all.count - 1
                let a = all[j - 1], b = all[j]
                let t = Double(k - a.bin) / Double(b.bin - a.bin)
                (fixed[i], weight[i]) = ((1 - t) * a.value + t * b.value, (1 - t) * a.weight + t * b.weight)
            }
        }
        var result = self
        result.known = points.sorted { $0.energy < $1.energy }
        var logs = zip(logDensity, fixed).map { $0 + $1 }
        if keepsSum {
            // ln Σ g(c) - ln count grows with the Σ g node's value c; bisect for its zero.
            func excess(_ c: Double) -> Double { logSumExp(zip(logs, weight).map { $0 + $1 * c }) - logConfigurationCount }
            let rest = zip(logs, weight).filter { $0.1 == 0 }.map(\.0)
            if !rest.isEmpty && logSumExp(rest) >= logConfigurationCount {
                throw MonteCarloError("the known degeneracies, with the levels they fix, reach the number of configurations (e^\(logConfigurationCount)): they cannot all be right")
            }
            var low = -1.0, high = 1.0
            while excess(high) < 0 { high *= 2 }
            while excess(low) > 0 { low *= 2 }
            for _ in 0..<200 {
                let mid = (low + high) / 2
                if mid == low || mid == high { break }
                if excess(mid) < 0 { low = mid } else { high = mid }
            }
            let c = (low + high) / 2
            logs = zip(logs, weight).map { $0 + $1 * c }
            result.sumNodeEnergy = energies[peak]
        } else {
            result.sumNodeEnergy = nil
        }
        result.logDensity = logs
        result.logSumExcess = keepsSum ? 0 : logSumExp(logs) - logConfigurationCount
        return result
    }
}

/// ln Σ exp(x), without overflow.
private func logSumExp(_ x: [Double]) -> Double {
    let top = x.max() ?? -Double.infinity
    guard top.isFinite else { return top }
    return top + log(x.reduce(0) { $0 + exp($1 - top) })
}
