// free_energy through the language: thermodynamic integration of a cluster
// expansion at fixed composition against the exact density of states of the
// same 12-site cell, units in K and eV per site and per prim, the Ising model
// with flips, and the errors a user meets with their positions.
import Foundation
import Testing
@testable import Shell

@Suite struct FreeEnergyCommandTests {
    /// F per site and per prim at 300 and 1000 K within four standard errors of exact enumeration.
    @Test func clusterExpansionAgreesWithExactEnumeration() throws {
        let lines = try scriptOutput(ThermodynamicsCommandTests.setup + """
            t = free_energy(start, energy=m, temperature=[300, 1000], steps=8, sweeps=1000, seed=2)
            x = thermodynamics(density_of_states(start, energy=m, bin=0.001, method="exact"), temperature=[300, 1000])
            print(t.T)
            print(t.F)
            print(t.error)
            print(t.F_prim)
            print(x.F_prim)
            print(t.S)
            print(x.S_prim)
            """)
        let n = ThermodynamicsCommandTests().numbers
        #expect(n(lines[0]) == [300, 1000])
        let f = n(lines[1]), error = n(lines[2]), prim = n(lines[3]), exact = n(lines[4])
        // One site per fcc prim: per site and per prim agree.
        #expect(f == prim)
        for k in 0..<2 {
            #expect(abs(f[k] - exact[k]) < 4 * error[k] && error[k] < 0.003, "F \(f[k]) ± \(error[k]) vs exact \(exact[k])")
        }
        #expect(zip(n(lines[5]), n(lines[6])).allSatisfy { abs($0 - $1) < 0.05 }, "\(lines)")
    }

    /// The Ising model with flips reports F at each kT asked for, in order; a μ makes it Ω.
    @Test func isingWithFlipsAndChemicalPotential() throws {
        let lines = try scriptOutput("""
            t = free_energy("square", size=4, energy="ising", moves="flip", kT=[3, 2], steps=4, sweeps=200, seed=1)
            print(t.kT, len(t.F), t.F[1] < t.F[0])
            g = free_energy("square", size=4, energy="ising", moves="flip", mu={"B": 0.5}, kT=[2], steps=4, sweeps=200, seed=1)
            print(fields(g))
            """)
        #expect(lines[0] == "[3.0, 2.0] 2 false", "\(lines)")
        #expect(lines[1].contains("Omega") && !lines[1].contains("\"F\""), "\(lines)")
    }

    /// Over chemical potential: Ω(μ) and F = Ω + μx per site of the 4x4 Ising model at kT = 3 along a μ path,
    /// against exact enumeration of its 65,536 configurations, within four standard errors and the trapezoid's error.
    @Test func chemicalPotentialPathMatchesEnumeration() throws {
        let mus = stride(from: 0.0, through: 1.0, by: 0.1).map { $0 }
        let lines = try scriptOutput("""
            g = free_energy("square", size=4, energy="ising", moves="flip", kT=[3], mu={"B": 0}, path=\(Array(mus.dropFirst())),
                            steps=6, sweeps=3000, seed=4)
            print(g.mu)
            print(g.Omega)
            print(g.error)
            print(g.x)
            print(g.F)
            print(g.x_error)
            """)
        let n = ThermodynamicsCommandTests().numbers
        try #require(lines.count == 6, "\(lines)")
        #expect(zip(n(lines[0]), mus).allSatisfy { abs($0 - $1) < 1e-12 })
        let omega = n(lines[1]), error = n(lines[2]), x = n(lines[3]), f = n(lines[4]), xError = n(lines[5])
        for (k, mu) in mus.enumerated() {
            var z = 0.0, nb = 0.0
            for code in 0..<(1 << 16) {
                var e = 0.0
                for i in 0..<16 {
                    let s = (code >> i) & 1 == 1 ? 1.0 : -1.0
                    let right = (code >> ((i / 4) * 4 + (i + 1) % 4)) & 1 == 1 ? 1.0 : -1.0
                    let down = (code >> ((i + 4) % 16)) & 1 == 1 ? 1.0 : -1.0
                    e -= s * (right + down)
                }
                let w = exp(-(e - mu * Double(code.nonzeroBitCount)) / 3)
                z += w
                nb += w * Double(code.nonzeroBitCount)
            }
            let exact = -3 * log(z) / 16, xExact = nb / z / 16
            #expect(abs(omega[k] - exact) < 4 * error[k] + 1e-3, "μ \(mu): Ω \(omega[k]) ± \(error[k]) vs exact \(exact)")
            #expect(abs(x[k] - xExact) < 4 * xError[k], "μ \(mu): x \(x[k]) ± \(xError[k]) vs exact \(xExact)")
            #expect(abs(f[k] - (omega[k] + mu * x[k])) < 1e-8)
        }
        #expect(error.allSatisfy { $0 > 0 && $0 < 0.02 }, "\(error)")
        let bad = try scriptFailure("free_energy(\"square\", size=4, energy=\"ising\", moves=\"flip\", kT=[2, 3], mu={\"B\": 0}, path=[1])")
        #expect(bad.contains("one temperature"), "\(bad)")
        #expect(try scriptFailure("free_energy(\"square\", size=4, energy=\"ising\", moves=\"swap\", kT=[2], path=[1])").contains("moves=\"flip\""))
    }

    @Test func badInputIsAnErrorWithItsPosition() throws {
        let ising = "free_energy(\"square\", size=4, energy=\"ising\", moves=\"flip\""
        let empty = try scriptFailure("x = 1\n\(ising), kT=[])")
        #expect(empty.contains("temperature list is empty") && empty.contains("t.ce:2:"), "\(empty)")
        #expect(try scriptFailure("\(ising), temperature=[300])").contains("give kT="))
        #expect(try scriptFailure("\(ising), kT=[2, -1])").contains("finite and > 0"))
        #expect(try scriptFailure("\(ising), kT=[2], steps=0)").contains("steps must be"))
        #expect(try scriptFailure("\(ising), kT=[2, 2.001], steps=2)").contains("give more steps"))
        #expect(try scriptFailure("free_energy(\"square\", size=4, energy=\"ising\", moves=\"vcsgc\", phi={\"B\": -1}, kT=[2])").contains("not vcsgc"))
        #expect(try scriptFailure("\(ising), mu={\"Xx\": 1}, kT=[2])").contains("Xx"))
    }
}
