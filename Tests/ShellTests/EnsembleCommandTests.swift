// The ensemble commands through the language: semigrand composition against
// icet's SGC ensemble on the agpd cluster expansion at 600 K, the phase
// diagram of a symmetric model (boundary at μ = 0 by symmetry), replica
// exchange and VCSGC at the prompt, and the errors a user meets.
import Foundation
import Language
import MonteCarlo
import PeerSupport
import Testing
@testable import Shell

@Suite struct EnsembleCommandTests {
    /// The numbers of a printed list "[1.0, 2.0]" or of a space-separated line.
    func numbers(_ line: Substring) -> [Double] {
        line.split(whereSeparator: { " [],".contains($0) }).compactMap { Double($0) }
    }

    /// agpd (examples/agpd_model.json, fitted on icet's Ag-Pd data) on a 4x4x4 cell at 600 K: the mean
    /// Pd fraction at two chemical-potential differences, ce against icet's SemiGrandCanonicalEnsemble,
    /// within 4 combined standard errors (autocorrelation-time errors of both series).
    @Test func semigrandCompositionAgreesWithIcetOnAgPd() throws {
        let folder = try temporaryDirectory()
        let model = Peer.repository.appendingPathComponent("examples/agpd_model.json").path
        let lat = try Peer.sharedData("agpd/lat.in")
        let mus = [-0.05, 0.08]
        let lines = try scriptOutput("""
            m = load("\(model)")
            export(m, "\(folder)/agpd_icet.json", format="icet")
            start = configuration(lattice("\(lat)"), supercell=4, composition=[[1, 0]])
            for dmu in \(mus) {
                s = sample(start, energy=m, moves="flip", mu={"Pd": dmu}, temperature=600, sweeps=100, equilibration=20,
                           chains=2, every=1, seed=3)
                print(s.composition["Pd"], s.composition_error["Pd"])
            }
            """)
        try #require(lines.count == 2, "\(lines)")
        let peer = try Peer.run("""
            import sys
            sys.path.insert(0, sys.argv[1] + "/scripts")
            from ce_exchange import icet_expansion
            from mchammer.calculators import ClusterExpansionCalculator
            from mchammer.ensembles import SemiGrandCanonicalEnsemble
            expansion = icet_expansion(sys.argv[2])
            atoms = expansion.primitive_structure.repeat(4)
            atoms.set_chemical_symbols(["Ag"] * len(atoms))
            calc = ClusterExpansionCalculator(atoms, expansion)
            n = len(atoms)
            for k, mu in enumerate([float(x) for x in sys.argv[3].split(",")]):
                mc = SemiGrandCanonicalEnsemble(structure=atoms, calculator=calc, temperature=600,
                                                chemical_potentials={"Ag": 0.0, "Pd": mu}, random_seed=k + 1,
                                                ensemble_data_write_interval=n)
                mc.run(220 * n)
                df = mc.data_container.data
                x = df[df["mctrial"] > 20 * n]["Pd_count"].to_numpy() / n
                print(" ".join(repr(float(v)) for v in x))
            """, arguments: [Peer.repository.path, "\(folder)/agpd_icet.json", mus.map { "\($0)" }.joined(separator: ",")])
        let series = peer.split(separator: "\n").filter { $0.first?.isNumber == true }.map(numbers)
        try #require(series.count == 2 && series.allSatisfy { $0.count == 200 }, "\(peer)")
        for k in 0..<2 {
            let ce = numbers(Substring(lines[k]))
            let icet = Estimate(series: series[k])
            let tolerance = 4 * (ce[1] * ce[1] + icet.error * icet.error).squareRoot()
            print("agpd 600 K, Δμ \(mus[k]) eV: x(Pd) ce \(ce[0]) ± \(ce[1]), icet \(icet.mean) ± \(icet.error)")
            #expect(ce[1] > 0 && icet.error > 0)
            #expect(abs(ce[0] - icet.mean) < tolerance, "Δμ \(mus[k]): ce \(ce) icet \(icet)")
        }
        // The two points differ by far more than their errors: the comparison can tell chemical potentials apart.
        #expect(numbers(Substring(lines[1]))[0] - numbers(Substring(lines[0]))[0] > 0.1)
    }

    static let symmetric = """
        fcc = lattice("fcc", a=4.0, species=["Au", "Cu"])
        m = model(clusters(fcc, cutoffs={2: 3.0}), eci=[0, 0, -0.02], multiplicity=true)
        start = configuration(fcc, supercell=3, composition=[[1, 0]])

        """

    /// E = J Σ σσ is symmetric under Au ↔ Cu, so the two phases coexist at μ = 0 at every temperature, with
    /// compositions x and 1 - x; below the critical temperature the μ sweep shows a hysteresis loop around 0.
    @Test func phaseDiagramOfASymmetricModelPutsTheBoundaryAtZero() throws {
        let folder = try temporaryDirectory()
        let lines = try scriptOutput(Self.symmetric + """
            d = phase_diagram(start, energy=m, species="Cu", mu={"from": -0.3, "to": 0.3, "count": 13},
                              temperature=[300, 600], sweeps=40, equilibration=10, seed=1)
            print(len(d.boundaries.mu), d.boundaries.mu)
            print(d.boundaries.x_low)
            print(d.boundaries.x_high)
            print(d.temperature)
            print(len(d.phases), len(d.phases[0]))
            for p in d.phases[0] { print(p.mu_from, p.mu_to, p.x, p.energy) }
            write_structures([d.phases[0][0].configuration, d.phases[0][1].configuration], "\(folder)/phases.extxyz")
            print(structures("\(folder)/phases.extxyz", fcc).count)
            """)
        try #require(lines.count == 8, "\(lines)")
        // 300 K: nearly pure Au below the boundary at μ = 0, nearly pure Cu above, mirror images (equal energies).
        let below = numbers(Substring(lines[5])), above = numbers(Substring(lines[6]))
        #expect(below[0] == -0.3 && abs(below[1]) < 1e-9 && below[2] < 0.05, "\(lines[5])")
        #expect(abs(above[0]) < 1e-9 && above[1] == 0.3 && above[2] > 0.95, "\(lines[6])")
        #expect(abs(below[3] - above[3]) < 1e-9 && below[3] < 0, "\(lines[5...6])")
        #expect(lines[7] == "2", "\(lines)")
        let mu = numbers(Substring(lines[0]))
        #expect(mu.count == 3 && mu[0] == 2 && abs(mu[1]) < 1e-9 && abs(mu[2]) < 1e-9, "\(lines[0])")
        let low = numbers(Substring(lines[1])), high = numbers(Substring(lines[2]))
        #expect(low.allSatisfy { $0 < 0.05 } && high.allSatisfy { $0 > 0.95 }, "\(low) \(high)")
        #expect(numbers(Substring(lines[3])) == [300, 600])
        #expect(lines[4] == "2 2")
    }

    /// The progress bar of phase_diagram advances with every μ point of both branches, not only at the end.
    @Test func phaseDiagramProgressAdvancesPerPoint() throws {
        final class Recorder: ProgressReporter {
            var total = 0
            var updates: [Int] = []
            func begin(_ label: String, total: Int) { self.total = total }
            func update(_ done: Int) { updates.append(done) }
            func end() {}
        }
        let session = try Session(loadPrelude: true)
        session.output.lineTarget = { _ in }
        let recorder = Recorder()
        session.interpreter.context.progress = recorder
        let result = session.execute(Self.symmetric + """
            d = phase_diagram(start, energy=m, species="Cu", mu=[-0.1, 0, 0.1], temperature=[300, 600], sweeps=4, equilibration=1, seed=1)
            """, file: "t.ce", echo: false)
        if case .failed(let diagnostic) = result { Issue.record("\(diagnostic.rendered)") }
        #expect(recorder.total == 12 && recorder.updates == Array(1...12), "\(recorder.total) \(recorder.updates)")
    }

    /// resume= at the prompt: a run carried on to more sweeps prints what the longer run prints; changed settings are an error.
    @Test func replicaExchangeResumes() throws {
        let call = "replica_exchange(\"square\", size=4, energy=\"ising\", kT=[1.5, 2.5], moves=\"flip\", seed=3"
        let lines = try scriptOutput("""
            short = \(call), sweeps=100)
            long = \(call), sweeps=300)
            more = \(call), sweeps=300, resume=short)
            print(more.energy_series == long.energy_series, more.swaps == long.swaps, more.final == long.final, more.sweeps)
            """)
        #expect(lines == ["true true true 500"], "\(lines)")
        let bad = try scriptFailure("short = \(call), sweeps=100)\nreplica_exchange(\"square\", size=4, energy=\"ising\", kT=[1.5, 3], moves=\"flip\", resume=short)")
        #expect(bad.contains("same temperatures") && bad.contains("t.ce:2:"), "\(bad)")
    }

    @Test func vcsgcAndReplicaExchangeAtThePrompt() throws {
        let lines = try scriptOutput(Self.symmetric + """
            s = sample(start, energy=m, moves="vcsgc", phi={"Cu": -1}, kappa=200, temperature=600, sweeps=200, seed=1)
            print(s.composition["Cu"])
            t = sample(start, energy=m, moves="vcsgc", phi={"Au": -1.5}, kappa=200, temperature=600, sweeps=200, seed=1)
            print(t.composition["Cu"])
            r = replica_exchange("square", size=4, energy="ising", composition=[0.5, 0.5], kT=[1.5, 2.0, 2.5, 3.5],
                                 moves="flip", sweeps=300, every=1, seed=1)
            print(len(r.swap_acceptance), len(r.energy_series[0]), r.kT)
            print(r.energy)
            """)
        try #require(lines.count == 4, "\(lines)")
        // φ = -1 holds c(Cu) at 1/2; φ(Au) = -1.5 is φ(Cu) = -0.5, c(Cu) near 1/4.
        #expect(abs(numbers(Substring(lines[0]))[0] - 0.5) < 0.03, "\(lines[0])")
        #expect(abs(numbers(Substring(lines[1]))[0] - 0.25) < 0.03, "\(lines[1])")
        #expect(lines[2] == "3 300 [1.5, 2.0, 2.5, 3.5]")
        let e = numbers(Substring(lines[3]))
        #expect(e.count == 4 && zip(e, e.dropFirst()).allSatisfy { $0 < $1 }, "energies rise with temperature: \(e)")
    }

    @Test func badInputGetsItsPosition() throws {
        let re = "replica_exchange(\"square\", size=4, energy=\"ising\", moves=\"flip\", "
        var message = try scriptFailure(re + "kT=[])")
        #expect(message.contains("t.ce:1:") && message.contains("temperature list is empty"), "\(message)")
        message = try scriptFailure(re + "kT=[1, 0])")
        #expect(message.contains("t.ce:1:") && message.contains("temperature 2 of the list is 0"), "\(message)")
        message = try scriptFailure(Self.symmetric + "sample(start, energy=m, moves=\"flip\", mu={\"Pd\": 0.1}, temperature=300, sweeps=20)")
        #expect(message.contains("t.ce:4:") && message.contains("mu keys are species names (Au, Cu)") && message.contains("\"Pd\""), "\(message)")
        let pd = Self.symmetric + "phase_diagram(start, energy=m, mu=[0, 1], sweeps=20, "
        message = try scriptFailure(pd + "species=\"Pd\", temperature=[300])")
        #expect(message.contains("t.ce:4:") && message.contains("species \"Pd\" is not on the lattice"), "\(message)")
        message = try scriptFailure(pd + "species=\"Cu\", temperature=[])")
        #expect(message.contains("t.ce:4:") && message.contains("temperature list is empty"), "\(message)")
        message = try scriptFailure(pd + "species=\"Cu\", temperature=[300, -1])")
        #expect(message.contains("t.ce:4:") && message.contains("temperature 2 of the list is -1"), "\(message)")
        message = try scriptFailure(Self.symmetric + "sample(start, energy=m, moves=\"vcsgc\", temperature=300, sweeps=20)")
        #expect(message.contains("t.ce:4:") && message.contains("needs phi="), "\(message)")
    }
}
