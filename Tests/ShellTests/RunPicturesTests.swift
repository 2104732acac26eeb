// An anneal run's ready-made pictures hold the run's own numbers: energy per
// site and pair concentrations against sweeps, the schedule on the right-hand
// axis, and the final configuration with one class per species and the
// composition asked for.
import Testing
import Language
@testable import Shell

@Suite struct RunPicturesTests {
    @Test func runFiguresHoldTheRunsSeriesAndFinalConfiguration() throws {
        let context = CallContext(print: { _ in })
        let builtin = MonteCarloCommands.anneal
        let value = try builtin.call([.string("triangular")], [
            ("size", .int(12)), ("composition", .record([("Li", .double(1.0 / 3))])), ("energy", .string("charge-balance")),
            ("kT", .record([("from", .double(1.0)), ("to", .double(0.05)), ("count", .int(4))])), ("sweeps", .int(20)),
            ("seed", .int(2)),
        ], context: context)
        guard case .object(let object) = value, let run = object as? AnnealRunObject else {
            Issue.record("anneal returns a run")
            return
        }
        #expect(run.figureNames == ["energy", "pairs", "temperature", "final"])
        let energy = try run.figure(nil)
        #expect(energy.xlabel == "sweep (attempted moves per site)")
        // Sweeps are attempted moves over the 144 sites; energies per site.
        #expect(energy.series[0].x == run.run.times.map { Double($0) / 144 })
        #expect(energy.series[0].y == run.run.energies.map { $0 / 144 })
        #expect(energy.series[1].onSecondAxis && energy.series[1].y == run.run.temperatures && energy.y2label == "kT (dimensionless)")
        let pairs = try run.figure("pairs")
        #expect(pairs.series.map(\.label) == ["C++", "C+-", "C--", "kT"])
        // Each record keeps science.md's normalisation C++ + 2 C+- + C-- = 1 (Eq. 3b).
        for i in pairs.series[0].y.indices {
            #expect(abs(pairs.series[0].y[i] + 2 * pairs.series[1].y[i] + pairs.series[2].y[i] - 1) < 1e-12)
        }
        // 144 sites, a third of them Li: the final picture has 48 sites of the Li class.
        let final = try run.figure("final")
        #expect(final.kind == .sites)
        let classes = try #require(final.series.first?.classes)
        #expect(classes.count == 144)
        let li = try #require(final.classNames.firstIndex(of: "Li"))
        #expect(classes.filter { $0 == li }.count == 48)
    }
}
