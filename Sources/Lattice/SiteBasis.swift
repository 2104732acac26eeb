// Single-site basis functions φ_α(σ) for a site with M species: sinusoidal
// (van de Walle), indicator, and orthonormalised polynomial / Chebyshev.
import Foundation

/// The family of site basis functions used by a cluster expansion.
///
///     SiteBasis.sinusoid.values(count: 3)   // [[1,1,1], [-1, 0.5, 0.5], [-0, -0.866, 0.866]]
public enum SiteBasis: String, Sendable, CaseIterable {
    /// φ_α(σ) = -cos(2π⌈α/2⌉σ/M) for odd α, -sin(...) for even α (science.md §1).
    case sinusoid
    /// φ_α(σ) = 1 if σ = α-1 else 0: occupation of the first M-1 species.
    case indicator
    /// Monomials σ^α orthonormalised (Gram-Schmidt, uniform measure over species).
    case polynomial
    /// Chebyshev polynomials on σ mapped to [-1, 1], orthonormalised.
    case chebyshev

    /// Parses a basis name ("sinusoid", "sinusoidal", "indicator", "occupation", "polynomial", "chebyshev").
    public init(name: String) throws {
        switch name.lowercased() {
        case "sinusoid", "sinusoidal", "sin": self = .sinusoid
        case "indicator", "occupation": self = .indicator
        case "polynomial", "poly", "legendre": self = .polynomial
        case "chebyshev", "cheb": self = .chebyshev
        default: throw LatticeError("unknown basis '\(name)': choose sinusoid, indicator, polynomial or chebyshev")
        }
    }

    /// The table φ[α][σ] for α, σ in 0..<M (row 0 is the constant 1).
    public func values(count m: Int) -> [[Double]] {
        let sigmas = (0..<m).map(Double.init)
        switch self {
        case .sinusoid:
            return (0..<m).map { a in
                if a == 0 { return Array(repeating: 1.0, count: m) }
                let k = Double((a + 1) / 2)
                return sigmas.map { s in
                    let angle = 2 * Double.pi * k * s / Double(m)
                    return a % 2 == 1 ? -cos(angle) : -sin(angle)
                }
            }
        case .indicator:
            return (0..<m).map { a in a == 0 ? Array(repeating: 1.0, count: m) : sigmas.map { $0 == Double(a - 1) ? 1.0 : 0.0 } }
        case .polynomial:
            return orthonormalised((0..<m).map { a in sigmas.map { pow($0, Double(a)) } })
        case .chebyshev:
            let x = sigmas.map { m > 1 ? 2 * $0 / Double(m - 1) - 1 : 0 }
            return orthonormalised((0..<m).map { a in x.map { cos(Double(a) * acos(max(-1, min(1, $0)))) } })
        }
    }
}

/// Gram-Schmidt under the uniform measure (1/M) Σ_σ f g, keeping row 0 = 1.
private func orthonormalised(_ rows: [[Double]]) -> [[Double]] {
    let m = Double(rows.first?.count ?? 1)
    var out: [[Double]] = []
    for r in rows {
        var v = r
        for q in out {
            let dot = zip(v, q).reduce(0) { $0 + $1.0 * $1.1 } / m
            v = zip(v, q).map { $0 - dot * $1 }
        }
        let n = (v.reduce(0) { $0 + $1 * $1 } / m).squareRoot()
        out.append(n > 1e-12 ? v.map { $0 / n } : v)
    }
    return out
}
