// Wang-Landau densities of states on the agpd cluster expansion against icet, the
// real peer: a 2 x 2 x 3 fcc cell at 6 Ag + 6 Pd (924 configurations, enumerated by
// both codes), ce's walk and icet's WangLandauEnsemble against the exact ln g.
import Foundation
import PeerSupport
import Testing
@testable import Shell

@Suite struct WangLandauIcetTests {
    /// The numbers of a printed list "[1.0, 2.0]" or of a space-separated line.
    static func numbers(_ line: some StringProtocol) -> [Double] {
        line.split(whereSeparator: { " [],".contains($0) }).compactMap { Double($0) }
    }

    /// The rows "k value..." of a peer's output that start with a bin index, by bin.
    static func rows(_ text: String) -> [Int: [Double]] {
        var table: [Int: [Double]] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard let k = Int(fields[0]) else { continue }
            table[k] = fields.dropFirst().compactMap { Double($0) }
        }
        return table
    }

    /// The number after `name` on the line of a peer's output that starts with it.
    static func named(_ name: String, _ text: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.dropFirst(name.count + 1)) }
    }

    /// The largest |ln g - ln g exact| / ln g exact over the bins (every exact ln g here is at least
    /// ln 2: translations give each configuration of this cell at least one partner), as the Ising
    /// tests measure it, and the largest |ln g - ln g exact| (the relative error of g itself).
    static func errors(_ lnG: [Int: Double], exact: [Int: Double]) -> (relative: Double, absolute: Double) {
        var relative = 0.0, absolute = 0.0
        for (k, e) in exact {
            let d = abs((lnG[k] ?? .infinity) - e)
            relative = max(relative, d / e)
            absolute = max(absolute, d)
        }
        return (relative, absolute)
    }

    /// (a) icet's calculator, enumerating the same cell, gives ce's exact bins, ln g and mean bin energies
    /// to 1e-9 (no energy within 1e-6 bins of a bin edge, so rounding cannot move a configuration): the
    /// Hamiltonians are equal. (b) ce's walk to ln f 1e-5 (seed 1) gives ln g (the transition-matrix
    /// estimate, with every swap of the cell scanned every 6 sweeps) within 1 % of exact at every bin: over
    /// seeds 1 to 5 the worst bin is off by 0.38, 0.43, 0.42, 0.20 and 0.31 % (to ln f 1e-6: 0.03 to 0.18 %;
    /// without the scans 0.5 to 1.6 % at 1e-5; the walk's own ln g 0.86 to 5.4 %). (c) icet's WangLandauEnsemble, which only
    /// halves ln f, to ln f 1e-3 (ten halvings, the same flatness 0.8 every 20 sweeps, seed 1; about 10 s of
    /// Python): within 50 %. Seeds 1 to 3 give 9.5, 17 and 46 %, and seed 1 still 13 % at ln f 6e-5: halving
    /// alone stops improving ln g (Belardinelli and Pereyra 2007), so the bound covers the scatter, not a trend.
    /// Σ g = 924 for all four.
    @Test func densityOfStatesAgreesWithIcetOnAgPd() throws {
        let folder = try temporaryDirectory()
        let model = Peer.repository.appendingPathComponent("examples/agpd_model.json").path
        let lines = try scriptOutput("""
            m = load("\(model)")
            export(m, "\(folder)/agpd_icet.json", format="icet")
            start = configuration(m.lattice, supercell=[2, 2, 3], composition=[[0.5, 0.5]], seed=1)
            save(start, "\(folder)/cell.extxyz")
            exact = density_of_states(start, energy=m, bin=0.01, method="exact")
            walk = density_of_states(start, energy=m, bin=0.01, final=1e-5, check=20, seed=1)
            for d in [exact, walk] { print(d.bins, format(d.ln_g, digits=17), format(d.energy, digits=17)) }
            print(format(exact.ln_configurations, digits=17), walk.ln_f, walk.sweeps)
            """)
        try #require(lines.count == 3, "\(lines)")
        // Each of the first two lines: bins, ln g and mean energies, one list after the other.
        func table(_ line: String) throws -> [Int: (lnG: Double, energy: Double)] {
            let values = Self.numbers(line)
            try #require(values.count % 3 == 0 && !values.isEmpty, "\(line)")
            let n = values.count / 3
            return Dictionary((0..<n).map { (Int(values[$0]), (values[n + $0], values[2 * n + $0])) }, uniquingKeysWith: { a, _ in a })
        }
        let exact = try table(lines[0]), walk = try table(lines[1])
        let summary = Self.numbers(lines[2])
        try #require(summary.count == 3, "\(lines[2])")
        #expect(abs(summary[0] - log(924)) < 1e-12 && summary[1] < 1e-5, "\(lines[2])")

        let cell = "\(folder)/cell.extxyz", icetModel = "\(folder)/agpd_icet.json"
        let enumerated = try Peer.runFile("bench/wl/icet_agpd.py", arguments: ["exact", icetModel, cell, "0.01"])
        let icetExact = Self.rows(enumerated)
        #expect(Self.named("configurations", enumerated) == 924 && Self.named("edge_distance", enumerated) ?? 0 > 1e-6, "\(enumerated)")
        #expect(Set(icetExact.keys) == Set(exact.keys), "bins: icet \(icetExact.keys.sorted()) ce \(exact.keys.sorted())")
        for (k, e) in exact {
            let icet = icetExact[k] ?? []
            #expect(icet.count == 2 && abs(icet[0] - e.lnG) < 1e-9 && abs(icet[1] - e.energy) < 1e-9,
                    "bin \(k): icet \(icet), ce \(e)")
        }

        let exactLnG = exact.mapValues(\.lnG)
        #expect(Set(walk.keys) == Set(exact.keys))
        let ce = Self.errors(walk.mapValues(\.lnG), exact: exactLnG)
        let walked = try Peer.runFile("bench/wl/icet_agpd.py", arguments: ["walk", icetModel, cell, "0.01", "1e-3", "20", "1"])
        let icetWalk = Self.rows(walked).compactMapValues(\.first)
        #expect(Set(icetWalk.keys) == Set(exact.keys), "\(walked)")
        let icet = Self.errors(icetWalk, exact: exactLnG)
        print("agpd 2x2x3, 924 configurations, 14 bins of 0.01 eV: ce Wang-Landau (ln f \(summary[1]), \(Int(summary[2])) sweeps)"
              + " worst |Δ ln g| / ln g \(ce.relative), |Δ ln g| \(ce.absolute); icet (\(walked.split(separator: "\n").first ?? ""))"
              + " worst |Δ ln g| / ln g \(icet.relative), |Δ ln g| \(icet.absolute)")
        #expect(ce.relative < 0.01, "ce: \(ce)")
        #expect(icet.relative < 0.5, "icet: \(icet)")
    }
}
