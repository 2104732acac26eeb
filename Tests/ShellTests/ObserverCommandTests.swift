// The observers of `anneal` and `sample` in the language: record=["sro"] and
// observe= order parameters written as ce functions, with their errors.
import Language
import Testing
@testable import Shell

@Suite struct ObserverCommandTests {
    static let setup = """
        fcc = lattice("fcc", a=4.0, species=["Au", "Cu"])
        m = model(clusters(fcc, cutoffs={2: 5.0}), eci=[0, 0, 0.03, -0.004, 0.002], multiplicity=true)
        start = configuration(fcc, supercell=3, composition=[[0.5, 0.5]], seed=3)
        fn xau(c) { return len(filter(fn(s) { return s == "Au" }, c.species)) / c.sites }

        """

    /// The printed lines of `source` after the setup; a failure is recorded.
    func run(_ source: String) throws -> [String] {
        let session = try Session(loadPrelude: false)
        var lines: [String] = []
        session.output.lineTarget = { lines.append($0) }
        if case .failed(let diagnostic) = session.execute(Self.setup + source, file: "t.ce", echo: false) {
            Issue.record("ce failed: \(diagnostic.rendered)")
        }
        return lines
    }

    /// The rendered diagnostic of `source` after the setup, or nil when it runs.
    func failure(_ source: String) throws -> String? {
        let session = try Session(loadPrelude: false)
        guard case .failed(let diagnostic) = session.execute(Self.setup + source, file: "t.ce", echo: false) else { return nil }
        return diagnostic.rendered
    }

    @Test func observedCompositionEqualsTheRecordedComposition() throws {
        // A semigrand run, so that the composition changes between records.
        let lines = try run("""
            run = anneal(start, energy=m, temperature=[900, 300], sweeps=20, moves="flip", mu={"Au": 0.05}, every=5,
                         seed=4, record=["energy", "sro"], observe={"xAu": xau})
            print(run.observed["xAu"] == run.composition["Au"], len(run.observed["xAu"]), len(run.sweep))
            print(run.snapshots == nil, len(run.sro["Au-Cu"]), len(run.sro["Au-Cu"][0]))
            s = sample(start, energy=m, temperature=600, sweeps=40, equilibration=10, chains=2, moves="flip",
                       mu={"Au": 0.05}, every=5, seed=1, observe={"xAu": xau})
            print(abs(s.observed["xAu"] - s.composition["Au"]) < 1e-12, s.observed_error["xAu"] >= 0)
            """)
        #expect(lines == ["true 9 9", "true 2 9", "true true"])
    }

    @Test func theShortRangeOrderOfAnOrderedStateIsExact() throws {
        // Cooled far below the ordering temperature of this model, the 64-site cell orders as L1_0 (run.sro at the end).
        let lines = try run("""
            cubic = configuration(fcc, supercell=4, composition=[[0.5, 0.5]], seed=3)
            run = anneal(cubic, energy=m, temperature={"from": 2000, "to": 100, "count": 5}, sweeps=40, every=20,
                         seed=5, record=["sro"], shells=2)
            print(run.sro["Au-Cu"][0][-1], run.sro["Cu-Au"][1][-1])
            """)
        #expect(lines == ["-0.3333333333 1.0"])
    }

    @Test func anErrorInsideTheCallbackCarriesItsPosition() throws {
        let message = try failure("""
            run = anneal(start, energy=m, temperature=500, sweeps=10, seed=1, observe={"bad": fn(c) { return c.nope + 1 }})
            """)
        // The position of `.nope` inside the function, then the call that ran it.
        #expect(message?.hasPrefix("t.ce:5:100: error: configuration has no field 'nope'") == true, "\(message ?? "no error")")
        #expect(message?.contains("in anneal, called from t.ce:5:13") == true)
        let notNumber = try failure("""
            run = anneal(start, energy=m, temperature=500, sweeps=10, seed=1, observe={"x": fn(c) { return "a" }})
            """)
        #expect(notNumber?.contains("anneal: observe[\"x\"] must return a number, got string") == true, "\(notNumber ?? "no error")")
    }

    @Test func unknownRecordNamesListTheValidOnes() throws {
        let message = try failure("""
            run = anneal(start, energy=m, temperature=500, sweeps=10, record=["energy", "sros"])
            """)
        #expect(message?.contains("anneal: on a configuration, record takes \"energy\", \"correlations\", \"sro\", \"snapshots\", got \"sros\"") == true,
                "\(message ?? "no error")")
        let builtin = try failure("r = anneal(\"triangular\", size=6, record=[\"sro\"])")
        #expect(builtin?.contains("\"sro\" needs a configuration") == true, "\(builtin ?? "no error")")
    }
}
