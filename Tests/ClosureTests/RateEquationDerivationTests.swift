// The window method: Eq. 5 of seed 003 exactly, and a brute-force check of the
// derived equations against every possible swap on random configurations.
import Testing
@testable import Closure

@Suite struct RateEquationDerivationTests {
    @Test func triangularEquationsAreEq5() {
        let eq = deriveRateEquations(for: .triangular)
        #expect(eq.closedWindowsCancel)
        let plusPlus = [4, 2, -4, -2, 0, 0, 0, 0]
        let minusMinus = [0, 0, 0, 0, 4, 2, -4, -2]
        let plusMinus = [-2, -1, 2, 1, -2, -1, 2, 1]
        for r in 1...8 {
            #expect(eq.coefficient(.plusPlus, rate: r) == Rational(plusPlus[r - 1]))
            #expect(eq.coefficient(.minusMinus, rate: r) == Rational(minusMinus[r - 1]))
            #expect(eq.coefficient(.plusMinus, rate: r) == Rational(plusMinus[r - 1]))
        }
        #expect(eq.text(.plusPlus) == "dC++/dt = 4 k1 C[ang +-+] + 2 k2 C[lin +-+] - 4 k3 C[ang ++-] - 2 k4 C[lin ++-]")
        #expect(eq.reactions.map(\.concentration) == ["C[ang +-+]", "C[lin +-+]", "C[ang ++-]", "C[lin ++-]",
                                                     "C[ang -+-]", "C[lin -+-]", "C[ang --+]", "C[lin --+]"])
    }

    @Test func squareAndHoneycombHaveTheirOwnEquations() {
        let square = deriveRateEquations(for: .square)
        #expect(square.openShapes.map(\.name) == ["right", "lin"])
        #expect(square.text(.plusPlus) == "dC++/dt = 4 k1 C[right +-+] + 2 k2 C[lin +-+] - 4 k3 C[right ++-] - 2 k4 C[lin ++-]")
        let honeycomb = deriveRateEquations(for: .honeycomb)
        #expect(honeycomb.openShapes.map(\.name) == ["ang"])
        #expect(honeycomb.reactions.count == 4)
        #expect(honeycomb.text(.plusMinus) == "dC+-/dt = -2 k1 C[ang +-+] + 2 k2 C[ang ++-] - 2 k3 C[ang -+-] + 2 k4 C[ang --+]")
    }

    @Test(arguments: ["triangular", "square", "honeycomb"])
    func derivedEquationsMatchEverySwap(lattice name: String) throws {
        // With all rates 1, the summed pair-count change over every possible swap of a
        // configuration must equal N·(z/2)·RHS, RHS evaluated on the measured windows.
        let lattice = try WindowLattice.named(name)
        let size = 9
        let n = lattice.siteCount(size: size), z = lattice.coordination
        let table = try lattice.neighbourTable(size: size)
        var rng = RandomStream(seed: 17)
        let spins = (0..<n).map { _ in rng.uniform() < 0.45 }
        func bonds(_ s: [Bool]) -> [Int] {
            var b = [0, 0, 0]
            for a in 0..<n { for m in 0..<z where table[a * z + m] > a { b[pairKind(s[a], s[table[a * z + m]]).rawValue] += 1 } }
            return b
        }
        let base = bonds(spins)
        var total = [0, 0, 0]
        for a in 0..<n {
            for m in 0..<z {
                let b = table[a * z + m]
                guard b > a, spins[a] != spins[b] else { continue }
                var swapped = spins
                swapped.swapAt(a, b)
                let after = bonds(swapped)
                for k in 0..<3 { total[k] += after[k] - base[k] }
            }
        }
        let census = try WindowCensus(lattice: lattice, size: size, spins: spins)
        let eq = deriveRateEquations(for: lattice)
        for kind in PairKind.allCases {
            var rhs = 0.0
            for term in eq.terms[kind.rawValue] {
                let p = Array(term.reaction.pattern).map { $0 == "+" }
                rhs += term.coefficient.doubleValue * census.patternFraction(term.reaction.shape, p[0], p[1], p[2])
            }
            // dC_xx/dt = (2/z) dB_xx/dt per site, dC+-/dt = (1/z) dB+-/dt per site.
            let perSite = Double(total[kind.rawValue]) / Double(n)
            let predicted = rhs * Double(z) / (kind == .plusMinus ? 1 : 2)
            #expect(abs(perSite - predicted) < 1e-9, "\(name) \(kind.name): swaps \(perSite) vs equations \(predicted)")
        }
    }

    @Test func unknownLatticeIsAnError() {
        #expect(throws: ClosureError.self) { _ = try WindowLattice.named("kagome") }
    }
}
