// density_of_states and thermodynamics through the language: a Wang-Landau
// density of a cluster expansion on a 12-site fcc supercell against exact
// enumeration of its 924 configurations at x = 1/2, units in K and eV, and
// the errors a user meets.
import Foundation
import Testing
@testable import Shell
@testable import MonteCarlo

@Suite struct ThermodynamicsCommandTests {
    static let setup = """
        fcc = lattice("fcc", a=4.0, species=["Au", "Cu"])
        m = model(clusters(fcc, cutoffs={2: 5.0}), eci=[0, 0, 0.03, -0.004, 0.002], multiplicity=true)
        start = configuration(fcc, supercell=[2, 2, 3], composition=[[0.5, 0.5]], seed=1)

        """

    /// A printed list of numbers, "[1.0, 2.0]".
    func numbers(_ line: String) -> [Double] {
        line.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).split(separator: ",").compactMap {
            Double($0.trimmingCharacters(in: .whitespaces))
        }
    }

    @Test func wangLandauAgreesWithExactEnumerationInKelvinAndEV() throws {
        let lines = try scriptOutput(Self.setup + """
            dos = density_of_states(start, energy=m, bin=0.001, final=1e-4, check=20, seed=2)
            exact = density_of_states(start, energy=m, bin=0.001, method="exact")
            print(dos.converged, exact.sweeps, dos.bins == exact.bins)
            w = thermodynamics(dos, temperature=[300, 1000, 3000])
            x = thermodynamics(exact, temperature=[300, 1000, 3000])
            k = thermodynamics(exact, kT=[300 * 8.617333262e-5])
            print(w.F)
            print(x.F)
            print(w.S)
            print(x.S)
            print(w.C)
            print(x.C)
            print(x.T)
            print(k.F)
            print(x.F_prim)
            print(thermodynamics(exact, kT=1000).S)
            """)
        try #require(lines.count == 11, "\(lines)")
        #expect(lines[0] == "true 924 true")
        let (wf, xf, ws, xs, wc, xc) = (numbers(lines[1]), numbers(lines[2]), numbers(lines[3]), numbers(lines[4]),
                                        numbers(lines[5]), numbers(lines[6]))
        print("F (eV/supercell) WL \(wf) exact \(xf); S (k_B) WL \(ws) exact \(xs); C (k_B) WL \(wc) exact \(xc)")
        // A short walk (ln f to 1e-4, 3 s in debug; seed 2 gives 0.6 %, 0.12 k_B, 3.1 %): the accuracy
        // at ln f = 1e-5 is checked on the Ising model in WangLandauTests; here, that the binding and units are right.
        for k in 0..<3 {
            #expect(abs(wf[k] - xf[k]) < 0.01 * abs(xf[k]))
            #expect(abs(ws[k] - xs[k]) < 0.2)
            #expect(abs(wc[k] - xc[k]) < 0.06 * abs(xc[k]) + 1e-3)
        }
        #expect(numbers(lines[7]) == [300, 1000, 3000])
        #expect(abs(numbers(lines[8])[0] - xf[0]) < 1e-12)
        // The supercell of [2, 2, 3] primitive fcc cells has 12 of them.
        #expect(zip(numbers(lines[9]), xf).allSatisfy { abs($0 * 12 - $1) < 1e-9 })
        // Infinite temperature: S = ln C(12, 6) = ln 924.
        #expect(abs(numbers(lines[10])[0] - log(924.0)) < 1e-6)
    }

    @Test func badInputIsAnErrorWithItsPosition() throws {
        let dos = Self.setup + "dos = density_of_states(start, energy=m, bin=0.001, method=\"exact\")\n"
        #expect(try scriptFailure(dos + "thermodynamics(dos, temperature=[])").contains("temperature list is empty"))
        #expect(try scriptFailure(dos + "thermodynamics(dos, temperature=[300, -5])").contains("finite and > 0"))
        #expect(try scriptFailure(dos + "thermodynamics(dos)").contains("give temperature="))
        #expect(try scriptFailure(dos + "thermodynamics(dos, temperature=300, kT=0.1)").contains("not both"))
        #expect(try scriptFailure(Self.setup + "density_of_states(start, energy=m, bin=0.001, method=\"metropolis\")").contains("method must be"))
        #expect(try scriptFailure(Self.setup + "density_of_states(start, energy=m, bin=0)").contains("bin must be"))
        #expect(try scriptFailure(Self.setup + "density_of_states(start, energy=m, bin=0.001, flatness=2)").contains("flatness"))
        let diagnostic = try scriptFailure(Self.setup + "density_of_states(start, energy=m, bin=1e-300, method=\"exact\")")
        #expect(diagnostic.contains("wider bin") && diagnostic.contains("t.ce:4:"), "\(diagnostic)")
    }

    /// The square Ising model through the language: exact enumeration over every magnetisation,
    /// windows that give the same numbers on any thread count, resume, and C(T)'s picture.
    @Test func isingWithFlipsWindowsAndResume() throws {
        let walk = "density_of_states(\"square\", size=4, energy=\"ising\", moves=\"flip\", bin=4, final=1e-2, check=10, windows=[[-32, 0], [-12, 32]]"
        let lines = try scriptOutput("""
            exact = density_of_states("square", size=4, energy="ising", moves="flip", bin=4, method="exact")
            print(exact.sweeps, exact.ln_g[0], exact.energy[0])
            wl = \(walk), seed=3)
            part = \(walk), seed=3, max_sweeps=30)
            rest = \(walk), resume=part)
            print(wl.converged, wl.bins == exact.bins, part.converged, rest.ln_g == wl.ln_g, rest.sweeps == wl.sweeps)
            """)
        #expect(lines.last == "true true false true true", "\(lines)")
        #expect(lines.first == "65536 0.6931471806 -32.0", "\(lines)")
        // C(T) of the exact 4x4 density peaks where Kaufman's exact C does (kT 2.439), within the picture's grid step.
        // The exact 4x4 counts (g(-E) = g(E); E = ±28 does not occur), Σ g = 2^16.
        let half: [Double] = [2, 0, 32, 64, 424, 1728, 6688, 13568]
        let counts = half + [20524] + half.reversed()
        let exact = DensityOfStates(binWidth: 4, firstBin: -8, logWeights: counts.map { $0 > 0 ? log($0) : 0 },
                                    energySums: counts.indices.map { Double(4 * ($0 - 8)) * counts[$0] },
                                    visits: counts.map { Int($0) }, logConfigurationCount: 16 * log(2.0), logFactor: 0,
                                    iterations: 0, sweeps: 65536, converged: true, interrupted: false)
        let object = DensityOfStatesObject(exact, method: "exact", scale: .dimensionless, cells: 16, sites: 16)
        let figure = try object.figure("heat_capacity")
        let c = try #require(figure.series.first)
        let peak = c.x[c.y.indices.max { c.y[$0] < c.y[$1] } ?? 0]
        #expect(abs(peak - 2.439) < 0.05, "C(T) peaks at kT \(peak)")
        #expect(try object.figure(nil).series.first?.y == exact.logDensity)
    }

    /// An unconverged walk says so where the user reads the numbers; a converged or exact one does not;
    /// the Ising model's kelvin error names the Ising model.
    @Test func unconvergedDensityAndModelNameAreSaid() throws {
        let walk = "density_of_states(\"square\", size=4, energy=\"ising\", moves=\"flip\", bin=4, check=10, seed=1"
        let lines = try scriptOutput("""
            part = \(walk), max_sweeps=20)
            t = thermodynamics(part, kT=[2])
            done = \(walk), final=1e-2)
            print(done.converged)
            x = thermodynamics(done, kT=[2])
            """)
        #expect(lines.filter { $0.hasPrefix("thermodynamics: the density of states is NOT converged (stopped at max_sweeps") }.count == 1, "\(lines)")
        #expect(lines.filter { $0.hasPrefix("thermodynamics") }.count == 1 && lines.last == "true", "\(lines)")
        let kelvin = try scriptFailure("""
            d = \(walk), max_sweeps=20)
            thermodynamics(d, temperature=[300])
            """)
        #expect(kelvin.contains("the ising energy is dimensionless") && !kelvin.contains("cluster expansion") && kelvin.contains("t.ce:2:"), "\(kelvin)")
    }

    @Test func windowsThatDoNotOverlapAreAnErrorWithItsPosition() throws {
        let diagnostic = try scriptFailure("""
            x = 1
            density_of_states("square", size=4, energy="ising", moves="flip", bin=4, windows=[[-32, -8], [-4, 32]])
            """)
        #expect(diagnostic.contains("windows 1 [-32.0, -8.0] and 2 [-4.0, 32.0] do not overlap") && diagnostic.contains("t.ce:2:"), "\(diagnostic)")
        #expect(try scriptFailure("density_of_states(\"square\", energy=\"ising\", bin=4, windows=[[3]])").contains("window 1 must be [low, high]"))
        #expect(try scriptFailure("density_of_states(\"square\", energy=\"ising\", bin=4, moves=\"jump\")").contains("moves must be"))
    }

    /// estimate= through the language: the transition-matrix estimate by default, the walk's own ln g on
    /// resume= with estimate="wang-landau" (the same walk, not walked further), both named in the summary.
    @Test func estimateIsChosenAndNamed() throws {
        let walk = "density_of_states(\"square\", size=4, energy=\"ising\", moves=\"flip\", bin=4, final=1e-3, check=10"
        let lines = try scriptOutput("""
            a = \(walk), seed=1)
            b = \(walk), resume=a, estimate="wang-landau")
            print(a.estimate, b.estimate, a.sweeps == b.sweeps, a.ln_g == b.ln_g)
            print(b)
            """)
        try #require(lines.count >= 2, "\(lines)")
        #expect(lines[0] == "transition-matrix wang-landau true false")
        #expect(lines[1].contains("Wang-Landau (wang-landau estimate)"), "\(lines[1])")
        let bad = try scriptFailure("\(walk), seed=1, estimate=\"tm\")")
        #expect(bad.contains("estimate must be \"transition-matrix\" or \"wang-landau\", got \"tm\""), "\(bad)")
    }

    /// known= through the language: the ground states pinned exactly, Σ g kept, the summary and the
    /// normalisation field say so; bad points are errors at the call.
    @Test func knownDegeneraciesPinLnGAndBadOnesAreErrors() throws {
        let walk = "density_of_states(\"square\", size=4, energy=\"ising\", moves=\"flip\", bin=4, final=1e-3, check=10, seed=1"
        let lines = try scriptOutput("""
            d = \(walk), known=[[-32, 2], [32, 2]])
            print(exp(d.ln_g[0]), exp(d.ln_g[len(d.ln_g) - 1]), sum([exp(x) for x in d.ln_g]))
            print(d.normalisation)
            plain = \(walk))
            print(plain.normalisation)
            print(d)
            """)
        try #require(lines.count >= 4, "\(lines)")
        let values = lines[0].split(separator: " ").compactMap { Double($0) }
        #expect(values.count == 3 && abs(values[0] - 2) < 1e-9 && abs(values[1] - 2) < 1e-9 && abs(values[2] - 65536) < 1e-6, "\(lines[0])")
        #expect(lines[1] == "normalised to g(-32.0) = 2.0, g(32.0) = 2.0 and Σ g = configurations (piecewise-linear correction in E, Σ g node at E 0.0)", "\(lines[1])")
        #expect(lines[2] == "normalised to Σ g = configurations")
        #expect(lines[3].hasSuffix("on 16 sites; " + lines[1]), "\(lines[3])")
        let outside = try scriptFailure("x = 1\n" + walk + ", known=[[-36, 2]])")
        #expect(outside.contains("known point 1: energy -36.0 lies outside the walked range -32.0 to 32.0") && outside.contains("t.ce:2:"), "\(outside)")
        let zero = try scriptFailure("x = 1\n" + walk + ", known=[[-32, 2], [32, 0]])")
        #expect(zero.contains("known point 2 must be [E, g] with a finite energy E and g > 0, got [32.0, 0.0]") && zero.contains("t.ce:2:"), "\(zero)")
        #expect(try scriptFailure(walk + ", max_sweeps=10, known=[[-32]])").contains("known point 1 must be [E, g]"))
        #expect(try scriptFailure(walk + ", known=[-32, 2])").contains("known must be a list of (list of numbers)"))
        // A walk stopped at max_sweeps keeps its partial density (to resume) when a known level is not reached yet.
        let stopped = try scriptOutput("d = " + walk + ", max_sweeps=10, known=[[-32, 2]])\nprint(d.normalisation)")
        #expect(stopped.contains { $0.hasPrefix("density_of_states: known= not applied to the unconverged density (known point 1") }, "\(stopped)")
        #expect(stopped.last == "normalised to Σ g = configurations", "\(stopped)")
    }
}
