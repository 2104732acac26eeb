// The closure parametrisation against seed 003's Tables I-III, and the measured
// concentrations against their exact identities.
import Testing
@testable import Closure

@Suite struct TripletClosureTests {
    /// The PA column of Table II, row by row: (γ..., ξ...).
    static let tableIIPairColumn: [TripletType: [Double]] = [
        .linearPPP: [2, 1], .linearMMM: [2, 1], .angledPPP: [2, 1], .angledMMM: [2, 1],
        .trianglePPP: [3, 3], .triangleMMM: [3, 3],
        .linearPMP: [2, 1, 0], .linearMPM: [2, 1, 0], .angledPMP: [2, 1, 0], .angledMPM: [2, 1, 0],
        .linearPPM: [1, 1, 1, 0], .linearMMP: [1, 1, 1, 0], .angledPPM: [1, 1, 1, 0], .angledMMP: [1, 1, 1, 0],
        .trianglePPM: [1, 2, 2, 1], .triangleMMP: [1, 2, 1, 2],
    ]

    @Test func pairApproximationReproducesTableIIPairColumn() {
        let pa = TripletClosure.pairApproximation
        for type in TripletType.allCases {
            let e = pa.exponents[type.rawValue]
            #expect(e.gamma + e.xi == Self.tableIIPairColumn[type], "\(type.label)")
        }
    }

    @Test func pairApproximationEqualsEq13() {
        // Eq. 13 directly, at an arbitrary state.
        let s = ClusterState(plus: 0.6, minus: 0.4, plusPlus: 0.41, plusMinus: 0.19, minusMinus: 0.21)
        let pa = TripletClosure.pairApproximation
        #expect(abs(pa.value(.linearPMP, s) - 0.2 * 0.19 * 0.19 / 0.4) < 1e-15)
        #expect(abs(pa.value(.angledPPM, s) - 0.4 * 0.41 * 0.19 / 0.6) < 1e-15)
        #expect(abs(pa.value(.trianglePPM, s) - 0.4 * 0.41 * 0.19 * 0.19 / (0.6 * 0.6 * 0.4)) < 1e-15)
        #expect(abs(pa.value(.triangleMMP, s) - 0.4 * 0.21 * 0.19 * 0.19 / (0.6 * 0.4 * 0.4)) < 1e-15)
        #expect(abs(pa.value(.triangleMMM, s) - 0.4 * pow(0.21 / 0.4, 3)) < 1e-15)
    }

    @Test func sparseApproximationIsTableIII() {
        let s = ClusterState(plus: 0.6, minus: 0.4, plusPlus: 0.41, plusMinus: 0.19, minusMinus: 0.21)
        let sa = TripletClosure.sparseApproximation
        for type in TripletType.allCases {
            let expected = type.pattern == "+++" ? 0.41 : type.pattern == "---" ? 0.21 : 0.19
            #expect(abs(sa.value(type, s) - type.shape.weight * expected) < 1e-15)
            #expect(sa.exponents[type.rawValue].degree == 1)
        }
    }

    @Test func pairApproximationIsExactOnARandomLattice() throws {
        // Uncorrelated sites: every triplet factorises, so PA's J_i vanish up to sampling noise.
        var rng = RandomStream(seed: 5)
        let size = 90
        var censuses: [WindowCensus] = []
        for _ in 0..<2 {
            let spins = (0..<size * size).map { _ in rng.uniform() < 0.6 }
            censuses.append(try WindowCensus(lattice: .triangular, size: size, spins: spins))
        }
        let series = try ConcentrationSeries(times: [0, 1], censuses: censuses)
        let pa = TripletClosure.pairApproximation
        for type in TripletType.allCases {
            let g = pa.value(type, series.state(0)), c = series.globalTriplet(type, 0)
            #expect(abs(g - c) < 0.01, "\(type.label): PA \(g) vs measured \(c)")
        }
    }

    @Test func censusIdentities() throws {
        var rng = RandomStream(seed: 11)
        let size = 12
        let spins = (0..<size * size).map { _ in rng.uniform() < 0.4 }
        let c = try WindowCensus(lattice: .triangular, size: size, spins: spins)
        let lin = WindowShape(angle: 180, closed: false), ang = WindowShape(angle: 120, closed: false)
        let tri = WindowShape(angle: 60, closed: true)
        #expect(WindowLattice.triangular.windowsPerSite(lin) == 6)
        #expect(WindowLattice.triangular.windowsPerSite(ang) == 12)
        #expect(WindowLattice.triangular.windowsPerSite(tri) == 12)
        let pp = c.pairFraction(.plusPlus), pm = c.pairFraction(.plusMinus), mm = c.pairFraction(.minusMinus)
        #expect(abs(pp + mm + 2 * pm - 1) < 1e-14)
        #expect(abs(pp + pm - c.plusFraction) < 1e-14)   // composition: C+ = C++ + C+-
        for shape in [lin, ang, tri] {
            for a in [true, false] {
                for b in [true, false] {
                    // Σ_x C_xyz = C_yz and C_xyz = C_zyx.
                    let sum = c.patternFraction(shape, true, a, b) + c.patternFraction(shape, false, a, b)
                    let pair = a && b ? pp : (!a && !b ? mm : pm)
                    #expect(abs(sum - pair) < 1e-14)
                    #expect(c.patternFraction(shape, true, a, b) == c.patternFraction(shape, b, a, true))
                }
            }
        }
        // Triangle rotations are equal exactly: each triangle gives every rotation twice.
        #expect(c.patternFraction(tri, true, true, false) == c.patternFraction(tri, true, false, true))
    }

    @Test func seriesRejectsBadInput() {
        let t = Array(repeating: [0.1, 0.1], count: 16)
        #expect(throws: ClosureError.self) {
            _ = try ConcentrationSeries(times: [0, 1], plus: [0.5, 0.5], plusPlus: [0.5, 0.5], plusMinus: [0.5, 0.5],
                                        minusMinus: [0, 0], triplets: t)
        }
        #expect(throws: ClosureError.self) {
            _ = try ConcentrationSeries(times: [1, 0], plus: [0.5, 0.5], plusPlus: [0.5, 0.5], plusMinus: [0.25, 0.25],
                                        minusMinus: [0, 0], triplets: t)
        }
        #expect(throws: ClosureError.self) {
            _ = try ConcentrationSeries(times: [0, 1], plus: [0.5, 0.5], plusPlus: [0.5, 0.5], plusMinus: [0.25, 0.25],
                                        minusMinus: [0, 0], triplets: [[0.1, 0.1]])
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
