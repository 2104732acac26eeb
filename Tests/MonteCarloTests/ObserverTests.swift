// Pair and triplet concentrations on known configurations: the honeycomb
// ground state, a uniform lattice, and random ones (identities exact).
import Testing
@testable import MonteCarlo

@Suite struct ObserverTests {
    /// The √3 x √3 ordered state: Li on sites with (a - b) mod 3 == 0.
    static func honeycomb(_ size: Int) -> [UInt8] {
        var occ = [UInt8](repeating: 0, count: size * size)
        for a in 0..<size { for b in 0..<size where ((a - b) % 3 + 3) % 3 == 0 { occ[NeighbourTable.site(a, b, size)] = 1 } }
        return occ
    }

    @Test func honeycombGroundState() throws {
        let occ = Self.honeycomb(12)
        let model = try ChargeBalance.model(size: 12)
        #expect(model.energy(of: occ) == 0)
        let pairs = PairConcentrations(occ, neighbours: .triangular(12))
        #expect(pairs.counts == [288, 288, 288, 0])   // C++ = C+- = C-+ = 1/3, C-- = 0 over 6N = 864
        let t = TripletConcentrations(occ, size: 12)
        #expect(t.isConsistent)
        // Every Li has six Mn neighbours: linear "-" centred windows are all "+-+"
        #expect(t.perShape(.linear, "+-+") == 1.0 / 3)
        #expect(t.perShape(.triangle, "++-") == 1.0 / 3)   // every triangle holds exactly one Li
        #expect(abs((t.global(.triangle, "++-") ?? 0) - 0.4 / 3) < 1e-15)
        #expect(t.perShapeValues.count == 16 && TripletConcentrations.names.count == 16)
    }

    @Test func randomConfigurationsSatisfyIdentities() throws {
        var rng = RandomStream(seed: 9)
        for _ in 0..<20 {
            let c = try Configuration.random(siteCount: 81, counts: [50, 31], rng: &rng)
            let t = TripletConcentrations(c.occupation, size: 9)
            #expect(t.isConsistent)
            let p = PairConcentrations(c.occupation, neighbours: .triangular(9))
            #expect(p.counts[1] == p.counts[2])
            #expect(p.counts.reduce(0, +) == p.total)
            #expect(t.pairCounts == p.counts)
            for shape in TripletConcentrations.Shape.allCases {
                #expect(t.counts[shape.rawValue].reduce(0, +) == shape.windowsPerSite * 81)
            }
        }
    }

    @Test func randomLatticeOxygenEnergyIs8Over27() throws {
        // Each site Li with probability 1/3 independently: E_O has mean exactly 8/27 with |·|.
        let size = 48, n = size * size
        let model = try ChargeBalance.model(size: size)
        var rng = RandomStream(seed: 10)
        var perOxygen: [Double] = []
        for _ in 0..<200 {
            let occ = (0..<n).map { _ in UInt8(rng.int(below: 3) == 0 ? 1 : 0) }
            perOxygen.append(model.energy(of: occ) / Double(2 * n))
        }
        let e = Estimate(series: perOxygen)
        #expect(abs(e.mean - 8.0 / 27) < 3 * e.error, "mean \(e.mean) ± \(e.error)")
        #expect(e.error < 1e-3)
    }
}
