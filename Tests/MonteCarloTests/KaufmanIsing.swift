// The exact finite-lattice 2D Ising model (J = 1, L x L torus, L even), independent of
// the Monte Carlo engine: Kaufman's (1949) partition function, and from it the exact
// density of states g(E) as Beale (1996) obtained it. Beale expanded Kaufman's Z as a
// polynomial in exact arithmetic; here the same polynomial P(w) = Σ_j g_j w^j
// (E = -2N + 4j, w = e^(-4K)) is evaluated at complex w on circles by Kaufman's formula
// and its coefficients are read off by a discrete Fourier transform, each from the circle
// on which it weighs the most (a saddle point), so every g_j keeps ~12 significant digits.
import Foundation

/// Complex numbers, just enough for Kaufman's formula.
struct Complex {
    var re: Double, im: Double
    init(_ re: Double, _ im: Double = 0) { self.re = re; self.im = im }
    static func + (a: Complex, b: Complex) -> Complex { Complex(a.re + b.re, a.im + b.im) }
    static func - (a: Complex, b: Complex) -> Complex { Complex(a.re - b.re, a.im - b.im) }
    static func * (a: Complex, b: Complex) -> Complex { Complex(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re) }
    static func / (a: Complex, b: Complex) -> Complex {
        let d = b.re * b.re + b.im * b.im
        return Complex((a.re * b.re + a.im * b.im) / d, (a.im * b.re - a.re * b.im) / d)
    }
    var log: Complex { Complex(Foundation.log((re * re + im * im).squareRoot()), atan2(im, re)) }
    var exp: Complex { let m = Foundation.exp(re); return Complex(m * cos(im), m * sin(im)) }
    static func polar(_ r: Double, _ theta: Double) -> Complex { Complex(r * cos(theta), r * sin(theta)) }
}

enum KaufmanIsing {
    /// ln(y^N Z) at y = e^(-2K) (complex allowed), for the L x L torus, N = L²: ln P(y²).
    ///
    /// Z = ½ (2 sinh 2K)^(N/2) (Z1 + Z2 + Z3 + Z4), Z1,2 = Π_{k odd} 2 cosh, 2 sinh (L γ_k / 2),
    /// Z3,4 = Π_{k even} (k = 0, 2, ..., 2L - 2), cosh γ_k = cosh 2K coth 2K - cos(πk/L),
    /// γ_0 = 2K + ln tanh K. cosh(Lγ/2) = T_{L/2}(cosh γ), sinh(Lγ/2) = sinh γ U_{L/2-1}(cosh γ);
    /// the sinh γ of k and 2L - k multiply to cosh²γ - 1, and those of k = 0 and L are rational in y.
    static func logP(_ L: Int, y: Complex) -> Complex {
        let one = Complex(1), y2 = y * y, half = L / 2
        let c = (one + y2) * (one + y2) / (Complex(2) * y * (one - y2))
        func chebyshev(_ x: Complex) -> (t: Complex, u: Complex) {
            // T_half(x) and U_{half-1}(x) by their recurrences.
            var t0 = one, t1 = x, u0 = one, u1 = Complex(2) * x
            if half == 1 { return (x, one) }
            for _ in 2...half {
                (t0, t1) = (t1, Complex(2) * x * t1 - t0)
                (u0, u1) = (u1, Complex(2) * x * u1 - u0)
            }
            return (t1, u0)
        }
        var logs = [Complex](repeating: Complex(0), count: 4)
        for k in 0..<(2 * L) {
            let ck = c - Complex(cos(Double.pi * Double(k) / Double(L)))
            let (t, u) = chebyshev(ck)
            let odd = k % 2 == 1
            var sinhPart: Complex
            if k == 0 || k == L {
                let e = k == 0 ? (one - y) / (y * (one + y)) : (one + y) / (y * (one - y))
                sinhPart = (e - one / e) / Complex(2)
            } else if k < L {
                sinhPart = ck * ck - one
            } else {
                sinhPart = one   // counted with its partner 2L - k
            }
            logs[odd ? 0 : 2] = logs[odd ? 0 : 2] + (Complex(2) * t).log
            logs[odd ? 1 : 3] = logs[odd ? 1 : 3] + (Complex(2) * u * sinhPart).log
        }
        let top = logs.map(\.re).max() ?? 0
        var sum = Complex(0)
        for l in logs { sum = sum + (l - Complex(top)).exp }
        let n = Double(L * L)
        // y^N · ½ (2 sinh 2K)^(N/2) = ½ y^(N/2) (1 - y²)^(N/2)
        return Complex(top - Foundation.log(2)) + sum.log + Complex(n / 2) * (y.log + (one - y2).log)
    }

    /// ln Z (real K > 0) of the L x L torus.
    static func logZ(_ L: Int, K: Double) -> Double {
        let y = exp(-2 * K)
        return logP(L, y: Complex(y)).re - Double(L * L) * log(y)
    }

    /// Free energy per site, F/N = -kT ln Z / N, at kT = 1/K (J = 1).
    static func freeEnergyPerSite(_ L: Int, kT: Double) -> Double { -kT * logZ(L, K: 1 / kT) / Double(L * L) }

    /// Heat capacity per site (units of k_B): K² d² ln Z / dK² / N, by a central difference.
    static func heatCapacityPerSite(_ L: Int, kT: Double) -> Double {
        let k = 1 / kT, h = 1e-3
        let second = (logZ(L, K: k + h) - 2 * logZ(L, K: k) + logZ(L, K: k - h)) / (h * h)
        return k * k * second / Double(L * L)
    }

    /// The exact ln g_j, j = 0 ... N (E = -2N + 4j); -inf where no configuration has that energy.
    static func logDensity(_ L: Int) -> [Double] {
        let n = L * L, m = n + 4
        var best = [Double](repeating: -.infinity, count: n + 1)    // ln(g_j ρ^j / P(ρ)) of the kept estimate
        var value = [Double](repeating: 0, count: n + 1)
        // Circles w = e^(-4K): from near the infinite temperature to deep in the ordered phase.
        for step in 0..<100 {
            let kappa = 0.002 + 0.025 * Double(step)
            let rho = exp(-4 * kappa)
            let samples = (0..<m).map { q in
                // y = √w; P depends on y² only, so either root serves.
                let theta = 2 * Double.pi * Double(q) / Double(m)
                return logP(L, y: Complex.polar(rho.squareRoot(), theta / 2)).exp
            }
            let logTotal = logP(L, y: Complex(rho.squareRoot())).re
            for j in 0...(n / 2) {
                var s = Complex(0)
                for (q, p) in samples.enumerated() {
                    s = s + p * Complex.polar(1, -2 * Double.pi * Double(j * q % m) / Double(m))
                }
                let a = s.re / Double(m)     // g_j ρ^j
                guard a > 0 else { continue }
                let weight = log(a) - logTotal
                if weight > best[j] {
                    best[j] = weight
                    value[j] = log(a) - Double(j) * log(rho)
                }
            }
        }
        // Coefficients that no circle resolves above rounding are the energies that do not occur.
        for j in 0...(n / 2) where best[j] < -25 { value[j] = -.infinity }
        for j in (n / 2 + 1)...n { value[j] = value[n - j] }    // E → -E (flip one sublattice)
        return value
    }
}
