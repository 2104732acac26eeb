// Free energies by thermodynamic integration: over inverse temperature from
// the infinite-temperature entropy, and over chemical potential from a known
// grand potential. Plain quadrature of sampled averages; k_B = 1 (kT units).
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Thermodynamic integration of sampled averages.
///
///     // F(T) per cell from U(β) on a grid that starts at β = 0:
///     let f = try FreeEnergy.overTemperature(betas: [0, 0.5, 1], energies: [u0, u1, u2],
///                                            entropyAtInfinity: FreeEnergy.logMultinomial([8, 8]))
///     // Ω(μ) per site from ⟨x⟩(μ), starting from Ω(μ₀):
///     let omega = try FreeEnergy.overChemicalPotential(mu: [-0.2, 0, 0.2], composition: [0.1, 0.5, 0.9], reference: -0.3)
public enum FreeEnergy {
    /// ln(n! / Π k_s!): the entropy (k_B = 1) of every arrangement of `counts` on their sites,
    /// the free energy's value -T S at infinite temperature.
    public static func logMultinomial(_ counts: [Int]) -> Double {
        lgamma(Double(counts.reduce(0, +) + 1)) - counts.reduce(0.0) { $0 + lgamma(Double($1 + 1)) }
    }

    /// F at each β of the grid from βF(β) = -S(∞) + ∫₀^β U dβ' (trapezoid rule; composite
    /// Simpson where the grid is uniform would be tighter, the trapezoid is exact for linear U).
    /// `betas` must start at 0 and increase; F at β = 0 is reported as -∞·S and left out:
    /// the result has one value per β > 0, in the units of U.
    public static func overTemperature(betas: [Double], energies: [Double], entropyAtInfinity: Double) throws -> [Double] {
        guard betas.count == energies.count, betas.count >= 2 else {
            throw MonteCarloError("temperature integration needs at least two (β, U) points of equal count, got \(betas.count) and \(energies.count)")
        }
        guard betas[0] == 0 else { throw MonteCarloError("temperature integration starts at infinite temperature (β = 0), got β = \(betas[0])") }
        guard zip(betas, betas.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw MonteCarloError("temperature integration needs increasing β (decreasing temperature)")
        }
        var integral = 0.0
        var out: [Double] = []
        for k in 1..<betas.count {
            integral += 0.5 * (betas[k] - betas[k - 1]) * (energies[k] + energies[k - 1])
            out.append((integral - entropyAtInfinity) / betas[k])
        }
        return out
    }

    /// The grand potential Ω(μ) = Ω(μ₀) - ∫_{μ₀}^{μ} x dμ' at each point of the path (trapezoid rule),
    /// for a path that stays in one phase; `mu` may increase or decrease.
    public static func overChemicalPotential(mu: [Double], composition: [Double], reference: Double) throws -> [Double] {
        guard mu.count == composition.count, !mu.isEmpty else {
            throw MonteCarloError("chemical-potential integration needs (μ, x) points of equal count, got \(mu.count) and \(composition.count)")
        }
        var omega = [reference]
        for k in 1..<mu.count {
            omega.append(omega[k - 1] - 0.5 * (mu[k] - mu[k - 1]) * (composition[k] + composition[k - 1]))
        }
        return omega
    }
}
