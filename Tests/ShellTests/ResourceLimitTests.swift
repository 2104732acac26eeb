// Sizes a user gives that would need more memory than the session's limit: each
// is refused with what it would need, at the call's position, before anything is
// allocated (these all aborted the process with "failed to allocate" before),
// and `--memory` / CE_MEMORY set the limit.
import Numerics
import Testing
@testable import Shell

@Suite struct ResourceLimitTests {
    static let fcc = """
        l = lattice("fcc", a=4.0)
        c = configuration(l, supercell=2, composition=[[0.5, 0.5]], seed=1)
        m = model(clusters(l, cutoffs={2: 3}), eci=[0, 0, 0.1], multiplicity=true)

        """

    /// Runs `code` with a 1 GB limit and returns its standard error, expecting the runtime-error exit.
    func refusal(_ code: String, memory: String = "1G") -> String {
        let r = CERunner.run(["--memory", memory, "-e", code])
        #expect(r.status == 70, "\(code) exited \(r.status): \(r.stderr)")
        return r.stderr
    }

    @Test func oversizedRequestsSayWhatTheyWouldNeed() {
        let cost = "cost = fn(p) { return p[0]^2 }\n"
        #expect(refusal(cost + "sample(cost, start=[1], n=10, chains=1000000000)")
            .contains("<-e>:2:7: error: sample: 1000000000 chains of 10 samples would need 496 GB of memory, more than the limit of 1 GB (ce --memory)"))
        #expect(refusal(cost + "sample(cost, start=[1], n=10000000000)")
            .contains("a chain of 10000000000 samples would need 240 GB"))
        #expect(refusal("standin(1000000000)").contains("<-e>:1:8: error: standin: a stand-in of 1000000000 structures would need 656 GB"))
        #expect(refusal(Self.fcc + #"anneal(c, energy=m, kT={"from": 1, "to": 0.1, "count": 1000000000000000}, sweeps=1, moves="swap")"#)
            .contains("anneal: a schedule of 1000000000000000 steps would need 96 PB of memory"))
        #expect(refusal(Self.fcc + #"sample(c, energy=m, kT=1, sweeps=10, chains=1000000000, moves="swap")"#)
            .contains("sample: 1000000000 chains of 210 sweeps recorded every 10 would need"))
        #expect(refusal(Self.fcc + #"anneal(c, energy=m, kT=1, sweeps=1000000000000, every=1, moves="swap")"#)
            .contains("anneal: a run of 1000000000000 sweeps recorded every 1 would need"))
    }

    @Test func clusterEnumerationStopsAtTheLimit() {
        // Six-site clusters to 8 Å on rocksalt: billions of candidates; it grew past 9 GB and ignored Ctrl-C.
        let text = refusal("""
            l = lattice("rocksalt", a=4.2)
            clusters(l, cutoffs={2: 8, 3: 8, 4: 8, 5: 8, 6: 8})
            """, memory: "200M")
        #expect(text.contains("error: clusters: clusters of"))
        #expect(text.contains("more than the limit of 200 MB (ce --memory)"))
    }

    @Test func theLimitIsSetByOptionOrEnvironment() {
        let big = "range(10^9) + [1]"
        #expect(refusal(big, memory: "2G").contains("a list of 1000000000 values would need 64 GB of memory, more than the limit of 2 GB"))
        #expect(refusal(big, memory: "1.5GiB").contains("more than the limit of 1.6 GB"))
        let bad = CERunner.run(["--memory", "lots", "-e", "1"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--memory takes a size such as 4G, 500M or 2000000000 (bytes), got 'lots'"))
    }

    /// Text made of values is checked before it is built: a list that holds itself twice prints 2^64 items,
    /// and the loop the fuzz run found grows geometrically inside `format` (it reached 15 GB, deaf to Ctrl-C).
    @Test func textsOfValuesStopAtTheLimit() {
        let twice = "xs = [1]\nxs.append(xs)\nxs.append(xs)\n"
        let endless = "would need more than 9.2 EB of memory, more than the limit of 200 MB (ce --memory)"
        #expect(refusal(twice + "s = str(xs)", memory: "200M").contains("<-e>:4:8: error: str: a text of more than 9223372036854775806 bytes " + endless))
        #expect(refusal(twice + "print(1, xs)", memory: "200M").contains("<-e>:4:6: error: print: a text of more than"))
        #expect(refusal(twice + "s = \"${xs}\"", memory: "200M").contains("error: a text of more than"))
        #expect(refusal(twice + "s = xs.join()", memory: "200M").contains("error: list.join: a text of more than"))
        #expect(refusal(twice + "show(xs)", memory: "200M").contains("error: show: a text of more than"))
        #expect(refusal(twice + "xs", memory: "200M").contains("error: a text of more than"))
        let growing = refusal("""
            fn f(a) { return a }
            xs = []
            for i in range(60) { xs.append(format({"k0": f(f(xs))})) }
            """, memory: "20M")
        #expect(growing.contains("<-e>:3:38: error: format: a text of "))
        #expect(growing.contains("bytes would need") && growing.contains("more than the limit of 20 MB (ce --memory)\n"))
        // Below the limit, a shared list prints in full.
        let r = CERunner.run(["--memory", "200M", "-e", "ys = [1, \"a\"]\nprint([ys, ys], format([ys, 0..3], decimals=1))"])
        #expect(r.stdout == "[[1, \"a\"], [1, \"a\"]] [[1.0, \"a\"], [0.0, 1.0, 2.0]]\n", "\(r.stderr)")
    }

    @Test func replaceStopsAtTheLimit() {
        // Each replace doubles the string: checked before the result is built.
        let text = refusal("s = \"ab\"\nfor i in range(64) { s = s.replace(\"a\", \"aa\") }", memory: "20M")
        #expect(text.contains("<-e>:2:28: error: a string of 16777217 bytes would need 34 MB of memory, more than the limit of 20 MB (ce --memory)"), "\(text)")
    }

    @Test func mapsStopGrowingAtTheLimit() {
        let text = refusal("m = {}\nfor i in range(10^9) { m[i] = i }", memory: "20M")
        #expect(text.contains("<-e>:2:25: error: a map of "))
        #expect(text.contains("entries would need 20 MB of memory, more than the limit of 20 MB (ce --memory)"))
    }

    @Test func sizesParseAsPeopleWriteThem() {
        #expect(MemoryBudget.parse("4G") == 4_000_000_000)
        #expect(MemoryBudget.parse("500M") == 500_000_000)
        #expect(MemoryBudget.parse("1.5GiB") == 1_610_612_736)
        #expect(MemoryBudget.parse("2000000000") == 2_000_000_000)
        #expect(MemoryBudget.parse("1kB") == 1000)
        #expect(MemoryBudget.parse("3Mi") == 3 << 20)
        #expect(MemoryBudget.parse("Gi") == nil)
        #expect(MemoryBudget.parse("-1G") == nil)
        #expect(MemoryBudget.parse("12Xi") == nil)
        #expect(MemoryBudget.parse("1e30") == nil)
    }
}
