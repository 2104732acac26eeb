// moves= through the language: charge-conserving flips with charges= (the
// total charge of every record unchanged), weighted mixtures (named in the
// summary, the same run for the same seed), and bad input as errors at the call.
import Foundation
import Testing
@testable import Shell

@Suite struct MoveSetCommandTests {
    static let ternary = """
        fcc = lattice("fcc", a=4.0, species=["Li", "Ni", "Co"])
        cs = clusters(fcc, cutoffs={2: 3.0})
        m = model(cs, eci=[0, 0.02, -0.01, 0.03, -0.02, 0.01], multiplicity=true)
        start = configuration(fcc, supercell=2, composition=[[0.25, 0.25, 0.5]], seed=3)
        q = {"Li": 1, "Ni": 3, "Co": 2}
        """

    /// Charge-flips keep Σ q on every snapshot while the composition changes (Li + Ni ⇄ 2 Co).
    @Test func chargeFlipsKeepTheTotalChargeOnEveryRecord() throws {
        let lines = try scriptOutput(Self.ternary + """

            run = anneal(start, energy=m, kT=[0.5, 0.2], sweeps=200, moves="charge-flip", charges=q, record=["snapshots"], every=5, seed=4)
            sp = run.species
            totals = [sum([q[sp[x]] for x in s]) for s in run.snapshots]
            print("records", len(totals) > 50, "charge", min(totals), max(totals))
            print("composition moves", min(run.composition["Co"]) < max(run.composition["Co"]))
            s = sample(start, energy=m, kT=0.3, sweeps=50, equilibration=10, chains=2, moves="charge-flip", charges=q, seed=2)
            print("acceptance", s.acceptance > 0)
            """)
        #expect(lines.contains("records true charge 16 16"), "\(lines)")
        #expect(lines.contains("composition moves true"), "\(lines)")
        #expect(lines.contains("acceptance true"), "\(lines)")
    }

    /// A mixture is named with its normalised weights, replays for its seed, and a one-kind map is that kind.
    @Test func mixturesAreNamedAndReplay() throws {
        let lines = try scriptOutput(Self.ternary + """

            a = anneal(start, energy=m, kT=[0.3], sweeps=40, moves={"swap": 9, "flip": 1}, mu={"Li": 0.1}, record=["energy"], every=5, seed=5)
            b = anneal(start, energy=m, kT=[0.3], sweeps=40, moves={"swap": 0.9, "flip": 0.1}, mu={"Li": 0.1}, record=["energy"], every=5, seed=5)
            c = anneal(start, energy=m, kT=[0.3], sweeps=40, moves={"swap": 1}, record=["energy"], every=5, seed=5)
            d = anneal(start, energy=m, kT=[0.3], sweeps=40, moves="swap", record=["energy"], every=5, seed=5)
            print("same", a.energy == b.energy, c.energy == d.energy, a.energy != d.energy)
            print(a)
            print(sample(start, energy=m, kT=0.3, sweeps=20, equilibration=5, chains=2, moves={"swap": 0.5, "charge-flip": 0.5}, charges=q, seed=1))
            """)
        #expect(lines.contains("same true true true"), "\(lines)")
        #expect(lines.contains { $0.hasPrefix("run: 1 steps, 40 sweeps, 320 attempted moves (swap 0.9 + flip 0.1), final energy") }, "\(lines)")
        #expect(lines.contains { $0.contains("records (swap 0.5 + charge-flip 0.5),") }, "\(lines)")
    }

    /// Each bad request fails at its call (t.ce:line:column) with what to change.
    @Test func badMovesAreErrorsAtTheCall() throws {
        let cases: [(String, String)] = [
            ("anneal(start, energy=m, kT=[0.3], moves=\"charge-flip\", charges={\"Li\": 1, \"Ni\": 3})", "charges= gives no charge for \"Co\""),
            ("anneal(start, energy=m, kT=[0.3], moves=\"charge-flip\")", "moves=\"charge-flip\" needs charges= by species name"),
            // All Co (charge 4): Co → Li (-3) or Ni (-2) has no partner gaining +3 or +2.
            ("anneal(configuration(fcc, supercell=2, composition=[[0, 0, 1]], seed=1), energy=m, kT=[0.3], moves=\"charge-flip\", charges={\"Li\": 1, \"Ni\": 2, \"Co\": 4})",
             "no charge-conserving flip can change this configuration"),
            ("anneal(start, energy=m, kT=[0.3], moves=\"charge-flip\", charges={\"Li\": 1, \"Ni\": 3, \"Co\": 2, \"Fe\": 2})", "charges keys are species names"),
            ("anneal(start, energy=m, kT=[0.3], moves=\"charge-flip\", charges=q, mu={\"Fe\": 0.1})", "mu keys are species names"),
            ("anneal(start, energy=m, kT=[0.3], moves=\"swap\", charges=q)", "charges= is for moves=\"charge-flip\""),
            ("anneal(start, energy=m, kT=[0.3], moves={\"swap\": 0.9, \"flip\": 0})", "moves[\"flip\"] must be a weight > 0"),
            ("anneal(start, energy=m, kT=[0.3], moves={\"swap\": 0.9, \"hop\": 0.1})", "moves must be \"swap\", \"flip\", \"charge-flip\" or \"vcsgc\", got \"hop\""),
            ("anneal(start, energy=m, kT=[0.3], moves={\"swap\": 0.9, \"vcsgc\": 0.1}, phi={\"Li\": -1})", "cannot be mixed"),
            ("anneal(start, energy=m, kT=[0.3], moves={})", "moves= mixture is empty"),
            ("anneal(\"square\", size=4, energy=\"ising\", kT=[1], moves={\"neighbour\": 1, \"jump\": 1})",
             "moves must be \"neighbour\", \"swap\", \"flip\", \"charge-flip\" or \"vcsgc\", got \"jump\""),
        ]
        for (call, message) in cases {
            let diagnostic = try scriptFailure(Self.ternary + "\n" + call)
            #expect(diagnostic.contains(message) && diagnostic.contains("t.ce:6:"), "\(call): \(diagnostic)")
        }
    }

    /// Pure move sets run the loops they always ran: the recorded anneal transcript (swaps on an fcc
    /// cluster expansion) replays byte for byte.
    @Test func pureMovesReplayTheRecordedTranscript() throws {
        let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../examples").standardized.path
        let folder = CERunner.scratchFolder("moves-replay")
        try FileSystem.write(folder + "/anneal_fcc.md", try FileSystem.read(examples + "/anneal_fcc.md"))
        let check = CERunner.run(["check", folder + "/anneal_fcc.md"])
        #expect(check.status == 0 && check.stdout == "ok: \(folder)/anneal_fcc.md\n", "\(check.stdout)\(check.stderr)")
    }
}
