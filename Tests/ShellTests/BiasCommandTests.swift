// sample(..., bias=...) through the language: the reweighted fields and summary,
// per-move counts of mixtures (one kind always rejected), μ with charge-flips,
// and malformed biases as errors at the call.
import Testing
@testable import Shell

@Suite struct BiasCommandTests {
    /// A stiff composition bias pins x_B at its start (every flip rejected, swaps accepted); the per-kind
    /// attempts add up to all attempts; the unbiased fields and the summary are there.
    @Test func biasAndPerMoveCountsInTheLanguage() throws {
        let lines = try scriptOutput("""
            s = sample("square", size=8, energy="ising", kT=2.5, moves={"swap": 0.6, "flip": 0.4}, mu={"B": 0.3},
                       bias={"on": "x_B", "k": 1e9, "x0": 0.5}, sweeps=100, equilibration=10, chains=2, seed=3)
            print("attempts", s.move_attempts["swap"] + s.move_attempts["flip"] == 2 * 100 * 64)
            print("flips accepted", s.move_accepted["flip"], "swaps accepted", s.move_accepted["swap"] > 0)
            print("pinned", s.composition["B"], s.unbiased["composition"]["B"])
            print("series", len(s.bias_series), len(s.bias_series[0]) == s.samples, s.effective_samples == 2 * s.samples)
            print(s)
            t = sample("square", size=8, energy="ising", kT=2.0, bias={"on": "energy", "at": [-2, 0], "w": [3, 0]},
                       sweeps=200, chains=2, seed=1)
            print("tilted", t.unbiased["energy"] < t.energy, t.effective_samples < 2 * t.samples)
            h = sample("square", size=8, energy="ising", kT=2.5, moves="flip", bias={"on": "x_B", "k": 2000, "x0": 0.3}, sweeps=100, seed=4)
            f = sample("square", size=8, energy="ising", kT=2.5, moves="flip", bias={"on": "x_B", "fn": fn(x) { return 1000 * (x - 0.3) * (x - 0.3) }}, sweeps=100, seed=4)
            g = sample("square", size=8, energy="ising", kT=2.5, moves="flip", bias={"on": "x_B", "fn": fn(x) { return 1000 * (x - 0.4) * (x - 0.4) }}, sweeps=100, seed=4)
            print("fn as harmonic", h.energy_series == f.energy_series, h.bias_series == f.bias_series, g.energy_series != f.energy_series)
            o = sample("square", size=8, energy="ising", kT=2.5, moves="flip", bias={"fn": fn(o) { return 1000 * (o["x_B"] - 0.3) * (o["x_B"] - 0.3) }}, sweeps=100, seed=4)
            print("state fn", h.energy_series == o.energy_series, h.bias_series == o.bias_series)
            print(o)
            """)
        #expect(lines.contains("attempts true"), "\(lines)")
        #expect(lines.contains("flips accepted 0 swaps accepted true"), "\(lines)")
        #expect(lines.contains("pinned 0.5 0.5"), "\(lines)")
        #expect(lines.contains("series 2 true true"), "\(lines)")
        #expect(lines.contains { $0.contains("(swap 0.6 + flip 0.4)") && $0.contains("(swap ") && $0.contains(", flip 0.0 of ")
                                 && $0.contains("biased on x_B: unbiased E") }, "\(lines)")
        #expect(lines.contains("tilted true true"), "\(lines)")
        #expect(lines.contains("fn as harmonic true true true"), "\(lines)")
        #expect(lines.contains("state fn true true"), "\(lines)")
        #expect(lines.contains { $0.contains("biased on fn(energy, x_A, x_B): unbiased E") }, "\(lines)")
    }

    /// mu= with charge-flips: the total charge holds while μ(Co) > 0 raises the Co fraction over μ = 0.
    @Test func chargeFlipsTakeChemicalPotentials() throws {
        let lines = try scriptOutput(MoveSetCommandTests.ternary + """

            fn co(mu) {
                s = sample(start, energy=m, kT=0.3, moves="charge-flip", charges=q, mu={"Co": mu}, sweeps=300,
                           equilibration=50, chains=2, record=["snapshots"], seed=2)
                return s.composition["Co"]
            }
            print("more Co", co(0.2) > co(0) + 0.1, co(-0.2) < co(0) - 0.1)
            run = anneal(start, energy=m, kT=[0.3], sweeps=100, moves="charge-flip", charges=q, mu={"Co": 0.2},
                         record=["snapshots"], every=5, seed=4)
            sp = run.species
            totals = [sum([q[sp[x]] for x in s]) for s in run.snapshots]
            print("charge", min(totals), max(totals))
            """)
        #expect(lines.contains("more Co true true"), "\(lines)")
        #expect(lines.contains("charge 16 16"), "\(lines)")
    }

    /// anneal(bias=): a harmonic composition bias holds a semigrand flip run at x_B ≈ 0.3 where the
    /// unbiased run (μ = 0, symmetric) stays near 0.5; W per record is k/2 (x - x0)² of its composition;
    /// the summary names the bias, and a malformed one is an error of `anneal` at the call.
    @Test func annealTakesABias() throws {
        let lines = try scriptOutput("""
            fn mean(xs) { return sum(xs) / len(xs) }
            held = anneal("square", size=8, energy="ising", kT=[3.0], sweeps=2000, moves="flip", every=10,
                          bias={"on": "x_B", "k": 2000, "x0": 0.3}, seed=2)
            free = anneal("square", size=8, energy="ising", kT=[3.0], sweeps=2000, moves="flip", every=10, seed=2)
            x = held.composition["B"]
            print("held", abs(mean(x[20:]) - 0.3) < 0.03, abs(mean(free.composition["B"][20:]) - 0.5) < 0.1)
            w = held.bias_series
            print("W", len(w) == len(x), max([abs(w[i] - 1000 * (x[i] - 0.3) * (x[i] - 0.3)) for i in range(0, len(x))]) < 1e-9)
            print("unbiased", free.bias_series == nil)
            print(held)
            """)
        #expect(lines.contains("held true true"), "\(lines)")
        #expect(lines.contains("W true true"), "\(lines)")
        #expect(lines.contains("unbiased true"), "\(lines)")
        #expect(lines.contains { $0.hasPrefix("run: ") && $0.contains("biased on x_B (W ") }, "\(lines)")
        let diagnostic = try scriptFailure("x = 1\nanneal(\"square\", size=4, energy=\"ising\", kT=[2], sweeps=20, bias={\"on\": \"x_C\", \"k\": 1, \"x0\": 0.5})")
        #expect(diagnostic.contains("anneal: bias \"on\" must be one of") && diagnostic.contains("t.ce:2:"), "\(diagnostic)")
    }

    /// Each malformed bias fails at its call (t.ce:line:column) with what to change.
    @Test func badBiasesAreErrorsAtTheCall() throws {
        let call = "sample(\"square\", size=4, energy=\"ising\", kT=2, sweeps=20, bias="
        let cases: [(String, String)] = [
            ("{\"k\": 1, \"x0\": 0.5}", "bias needs \"on\": \"energy\", \"x_A\", \"x_B\""),
            ("{\"on\": \"x_C\", \"k\": 1, \"x0\": 0.5}", "bias \"on\" must be one of"),
            ("{\"on\": \"x_B\", \"k\": 1}", "bias[\"x0\"] must be a finite number"),
            ("{\"on\": \"x_B\", \"k\": 1, \"x0\": 0.5, \"w\": [1, 2]}", "not both"),
            ("{\"on\": \"energy\", \"at\": [0, 1], \"w\": [1]}", "two or more points"),
            ("{\"on\": \"energy\", \"at\": [1, 0], \"w\": [1, 2]}", "must increase"),
            ("{\"on\": \"energy\", \"at\": [0, \"a\"], \"w\": [1, 2]}", "list of finite numbers"),
            ("{\"on\": \"energy\", \"center\": 1}", "bias keys are"),
            ("{\"on\": \"energy\"}", "bias needs \"k\" and \"x0\""),
            ("{\"on\": \"energy\", \"fn\": fn(e) { return e }}", "bias \"fn\" takes a species fraction"),
            ("{\"on\": \"x_B\", \"fn\": 3}", "bias[\"fn\"] must be a function"),
            ("{\"on\": \"x_B\", \"fn\": fn(x) { return \"a\" }}", "bias[\"fn\"] must return a finite number"),
            ("{\"on\": \"x_B\", \"fn\": fn(x) { return x }, \"k\": 1}", "one of them"),
            ("{\"fn\": fn(o) { return \"x\" }}", "bias[\"fn\"] must return a number, got string"),
            ("{\"fn\": fn(o) { return o[\"x_C\"] }}", "x_C"),
            ("{\"fn\": fn(o) { return 0 }, \"k\": 1}", "takes no other keys"),
        ]
        for (bias, message) in cases {
            let diagnostic = try scriptFailure("x = 1\n" + call + bias + ")")
            #expect(diagnostic.contains(message) && diagnostic.contains("t.ce:2:"), "\(bias): \(diagnostic)")
        }
    }
}
