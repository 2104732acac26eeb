// Conventions a user of smol or icet relies on (issue 15, items 3 and 4): the
// site order of a configuration; units as the field uses them: temperature= in kelvin
// for a model in eV is exactly kT = k_B·T (CODATA), kT= for dimensionless
// models, the wrong one a clear error; mu= a map of species on built-in
// lattices and on configurations; summaries that say per prim or per
// supercell; a built-in lattice without a= says the default it took; and
// script arguments read as numbers (`ce run.ce 7`).
import Foundation
import PeerSupport
import Testing
@testable import Shell

@Suite struct ConventionsTests {
    static let fcc = """
        fcc = lattice("fcc", a=4.0, species=["Ag", "Pd"])
        m = model(clusters(fcc, cutoffs={2: 5.0}), eci=[0, 0, 0.03, -0.004, 0.002], multiplicity=true)
        start = configuration(fcc, supercell=3, composition=[[0.5, 0.5]], seed=3)
        """

    /// Site k·n + s is prim site s of the k-th cell; on an n1×n2×n3 supercell cell (i, j, k) is the
    /// ((i·n2 + j)·n3 + k)-th, at (i, j, k) + the site's fractional position, in prim vectors.
    @Test func sitesAreNumberedCellByCellPrimSitesWithin() throws {
        let lines = try scriptOutput("""
            rs = lattice("rocksalt", a=4.0, species=[["Li", "Vac"], ["O"]])
            c = configuration(rs, supercell=[2, 3, 2], seed=1)
            A = rs.vectors
            worst = 0
            seen = 0
            for i in range(2) { for j in range(3) { for k in range(2) { for s in range(2) {
                f = [i + rs.positions[s][0], j + rs.positions[s][1], k + rs.positions[s][2]]
                want = [f[0] * A[0][x] + f[1] * A[1][x] + f[2] * A[2][x] for x in range(3)]
                worst = max(worst, max(abs(c.positions[((i * 3 + j) * 2 + k) * 2 + s] - want)))
                seen = seen + 1
            } } } }
            print("diagonal", worst, seen, len(c.positions))
            # Any supercell: the two sites of a cell are one prim apart, each cell's O the Li's + (a/2, a/2, a/2).
            d = configuration(rs, supercell=[[2, 0, 0], [0, 1, 0], [1, 0, 2]], seed=1)
            print("cells", all([d.positions[2 * k + 1] - d.positions[2 * k] == [2.0, 2.0, 2.0] for k in range(d.cells)]), d.cells)
            """)
        #expect(lines == ["diagonal 0 24 24", "cells true 4"], "\(lines)")
    }

    /// The same run in kelvin and in kT = k_B·T (eV): the same energies bit for bit, the kelvin kept.
    @Test func kelvinIsBoltzmannTimesTemperature() throws {
        let lines = try scriptOutput(Self.fcc + """

            kB = 8.617333262145e-5
            a = anneal(start, energy=m, temperature=[1200, 600, 150], sweeps=20, moves="swap", record=["energy"], every=3, seed=5)
            b = anneal(start, energy=m, kT=[1200 * kB, 600 * kB, 150 * kB], sweeps=20, moves="swap", record=["energy"], every=3, seed=5)
            print("same", a.energy == b.energy, a.final == b.final, len(a.energy) > 3)
            e = sample(start, energy=m, temperature=900, sweeps=40, equilibration=10, chains=2, moves="swap", seed=2)
            f = sample(start, energy=m, kT=900 * kB, sweeps=40, equilibration=10, chains=2, moves="swap", seed=2)
            print("sample", e.energy == f.energy)
            g = anneal(start, energy=m, temperature=[1200, 600, 150], sweeps=20, record=["energy"], every=3, seed=5)
            print("swaps by default", g.energy == a.energy, g.final == a.final)
            print(e)
            print(a)
            """)
        #expect(lines.contains("same true true true"))
        #expect(lines.contains("sample true"))
        // On a configuration the moves are swaps unless another kind is asked for, as icet's canonical ensemble.
        #expect(lines.contains("swaps by default true true"), "\(lines)")
        #expect(lines.contains { $0.hasPrefix("sample: T 900.0 K (kT 0.077556 eV), ") }, "\(lines)")
        // Energies say what they are per: the sample's per supercell, the run's per supercell and per prim.
        #expect(lines.contains { $0.hasPrefix("sample: ") && $0.contains(" eV per supercell") && $0.contains("k_B per supercell") })
        #expect(lines.contains { $0.hasPrefix("run: ") && $0.contains(" eV per supercell (") && $0.contains(" eV/prim)") }, "\(lines)")
    }

    /// A run of a model in eV saved as HDF5: h5py reads the run's own numbers, with kelvin and eV in the units.
    @Test func anEVRunInHDF5CarriesKelvinAndEV() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ce-units-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        _ = try scriptOutput(Self.fcc + """

            run = anneal(start, energy=m, temperature=[900, 300], sweeps=6, moves="swap", record=["energy"], every=2, seed=5)
            save(run, "\(folder)/run.h5")
            save({"temperature": run.temperature, "kT": run.kT, "energy": run.energy, "final": run.final}, "\(folder)/run.json")
            """)
        let out = try Peer.run("""
            import h5py, json, sys
            d = sys.argv[1]
            r = json.load(open(d + "/run.json"))
            with h5py.File(d + "/run.h5", "r") as f:
                for name in ["temperature", "kT", "energy", "final"]:
                    print(name, f[name][()].tolist() == r[name], f[name].attrs.get("units", "-"))
            """, arguments: [folder])
        #expect(out == "temperature True K\nkT True eV\nenergy True eV per supercell\nfinal True -\n")
    }

    /// Energies come from models only: bare coefficients or a fit, whose convention the Hamiltonian cannot check, are refused.
    @Test func bareCoefficientsAreNotAnEnergy() throws {
        #expect(try scriptFailure(Self.fcc + "\nanneal(start, energy=[0, 0, 0.03, -0.004, 0.002], temperature=[900], sweeps=2, moves=\"swap\")")
            .contains("anneal: energy must be a string or model, got a list"))
        #expect(try scriptFailure(Self.fcc + "\ne = fit(standin(60, seed=2))\nsample(start, energy=e, temperature=900, sweeps=2, moves=\"swap\")")
            .contains("energy must be a string or model, got a fit"))
    }

    @Test func theWrongTemperatureKindIsAClearError() throws {
        // A dimensionless model takes kT=; a model in eV needs one of them.
        #expect(try scriptFailure("""
            anneal("triangular", size=6, composition={"Li": 1/3}, energy="charge-balance", temperature=300, sweeps=2, seed=1)
            """).contains("is dimensionless: give kT= (k_B·T in the model's energy unit), not temperature= in K"))
        #expect(try scriptFailure(Self.fcc + "\nanneal(start, energy=m, sweeps=2, moves=\"swap\", seed=1)")
            .contains("anneal: give temperature= in K (or kT= in eV)"))
        #expect(try scriptFailure(Self.fcc + "\nsample(start, energy=m, temperature=300, kT=0.1, sweeps=2, moves=\"swap\", seed=1)")
            .contains("not both"))
    }

    /// mu= is a map from species to eV, on a configuration as on a built-in lattice; a list or an unknown species is refused.
    @Test func chemicalPotentialsAreMapsOfSpecies() throws {
        let lines = try scriptOutput(Self.fcc + """

            up = anneal(start, energy=m, temperature=[600], sweeps=20, moves="flip", mu={"Pd": 1.0}, seed=5)
            down = anneal(start, energy=m, temperature=[600], sweeps=20, moves="flip", mu={"Ag": 1.0}, seed=5)
            fn count(c, name) { return len([s for s in c.species if s == name]) }
            print("pd", count(up.configuration, "Pd") > 20, count(down.configuration, "Pd") < 7)
            """)
        #expect(lines.contains("pd true true"), "\(lines)")
        #expect(try scriptFailure(Self.fcc + "\nanneal(start, energy=m, temperature=[600], sweeps=2, moves=\"flip\", mu={\"Cu\": 1.0})")
            .contains("mu keys are species names (Ag, Pd), got \"Cu\""))
        #expect(try scriptFailure(Self.fcc + "\nanneal(start, energy=m, temperature=[600], sweeps=2, moves=\"flip\", mu=[0, 1.0])")
            .contains("mu"))
    }

    @Test func aBuiltInLatticeWithoutASaysTheDefaultItTook() throws {
        let lines = try scriptOutput("""
            x = lattice("fcc", species=["Ag", "Pd"])
            y = lattice("fcc", a=4.09, species=["Ag", "Pd"])
            print(x.vectors[0][1], y.vectors[0][1])
            """)
        #expect(lines == ["lattice: fcc with a = 1 Å (the default); give a= in Å for the real lattice parameter", "0.5 2.045"])
    }

    /// `ce run.ce 7 0.25 Pd`: arguments are text, which int, float and str read as Python does.
    @Test func scriptArgumentsReadAsNumbers() throws {
        let folder = CERunner.scratchFolder("numbers")
        try FileSystem.write(folder + "/run.ce", """
            n = int(args[0])
            x = float(args[1])
            print(n + 1, x * 4, str(n) + args[2], int(" 12 "), float("1e-3"), float("-inf"))
            """)
        let result = CERunner.run([folder + "/run.ce", "7", "0.25", "Pd"])
        #expect(result.stdout == "8 1.0 7Pd 12 0.001 -inf\n", "\(result.stderr)")
        let bad = CERunner.run([folder + "/run.ce", "seven", "0.25", "Pd"])
        #expect(bad.status != 0 && bad.stderr.contains("run.ce:1:") && bad.stderr.contains("seven"), "\(bad.stderr)")
    }
}
