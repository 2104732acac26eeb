// The one call path of every builtin and command: declared, typed
// parameters; engine errors at the call's position, named by the command;
// one registration per name; `sample` choosing its form by its first argument.
import Language
import Testing
@testable import Shell

@Suite struct CallPathTests {
    /// The rendered diagnostic of running `source` as the file t.ce, or nil when it runs.
    func failure(_ source: String) throws -> String? {
        let session = try Session(loadPrelude: false)
        guard case .failed(let diagnostic) = session.execute(source, file: "t.ce", echo: false) else { return nil }
        return diagnostic.rendered
    }

    @Test func engineErrorsCarryTheCallsPositionAndTheCommandsName() throws {
        let cases: [(String, String)] = [
            ("x = 1\nk = kfold(0)", "t.ce:2:10: error: kfold: k-fold needs k >= 2, got k = 0"),
            ("s = splits(test=1.5)", "t.ce:1:11: error: splits: the test fraction must be in (0, 1), got 1.5"),
            ("e = fit(standin(40), method=\"ridge\", alpha=0)", "t.ce:1:8: error: fit: ridge with alpha = 0.0 is singular"),
            ("r = anneal(\"triangular\", size=4, composition={\"Li\": 0.3})",
             "t.ce:1:11: error: anneal: composition 0.7 of 16 sites is not a whole number of sites"),
            ("e = fit(standin(40), cv=kfold(100))", "t.ce:1:8: error: fit: k-fold needs 2 <= k <= 40 structures"),
            ("lattice(\"nosuch\")", "t.ce:1:8: error: lattice: unknown lattice 'nosuch'"),
            ("rate_equations(\"cubic\")", "t.ce:1:15: error: rate_equations: "),
        ]
        for (source, expected) in cases {
            let rendered = try failure(source)
            #expect(rendered?.hasPrefix(expected) == true, "\(source): \(rendered ?? "no error")")
        }
    }

    @Test func anEngineErrorInsideAFunctionIsTracedToItsCall() throws {
        let rendered = try failure("fn folds(k) {\n    return kfold(k)\n}\nfolds(1)")
        #expect(rendered == """
            t.ce:2:17: error: kfold: k-fold needs k >= 2, got k = 1
                return kfold(k)
                            ^
              in folds, called from t.ce:4:6
            """)
    }

    @Test func unknownKeywordsAndWrongTypesAreRefusedWhenBinding() throws {
        #expect(try failure("anneal(\"triangular\", sweep=10)")?.hasPrefix(
            "t.ce:1:7: error: anneal: unknown keyword 'sweep'; did you mean 'sweeps'?") == true)
        #expect(try failure("anneal(\"triangular\", sweeps=\"ten\")")?.hasPrefix(
            "t.ce:1:7: error: anneal: sweeps must be an int, got a string") == true)
        #expect(try failure("fit(standin(40), intercept=\"centred\")")?.hasPrefix(
            "t.ce:1:4: error: fit: intercept must be one of \"mean\", \"fitted\", \"none\"; got \"centred\"") == true)
        #expect(try failure("clusters(1)")?.hasPrefix("t.ce:1:9: error: clusters: lat must be a lattice, got an int") == true)
        #expect(try failure("sample(42)")?.hasPrefix("t.ce:1:7: error: sample: the first argument must be one of:") == true)
    }

    @Test func everyBuiltinIsDeclaredOnceAndSoundly() throws {
        let all = InterpreterBuiltins.all + CommandRegistry.all
        let names = all.map(\.name)
        #expect(Set(names).count == names.count, "duplicates: \(names.filter { n in names.filter { $0 == n }.count > 1 })")
        for builtin in all {
            #expect(builtin.declarationProblems.isEmpty, "\(builtin.name): \(builtin.declarationProblems)")
            for parameter in builtin.parameters where parameter.kind == .normal {
                #expect(!parameter.doc.isEmpty, "\(builtin.name): \(parameter.name) has no documentation")
            }
        }
        // Registering a name twice is refused, not a silent replacement.
        #expect(throws: RuntimeError.self) { _ = try Interpreter(builtins: CommandRegistry.all + [FitCommands.kfold], print: { _ in }) }
        _ = try Session(loadPrelude: false)
    }

    @Test func sampleChoosesItsFormByTheFirstArgumentAndBindsOnce() throws {
        let session = try Session(loadPrelude: false)
        var printed: [String] = []
        session.interpreter.context.print = { printed.append($0) }
        let outcome = session.execute("""
            c = sample(fn(k) { return k[0]^2 }, start=[0.5], n=200, seed=1)
            e = sample(fit(standin(60, seed=2), method="ridge", alpha=0.01), n=200, chains=1, seed=1)
            m = sample("triangular", size=6, kT=0.5, sweeps=100, every=1, chains=1, seed=1)
            print(type(c), type(e), type(m))
            """, file: "t.ce", echo: false)
        if case .failed(let d) = outcome { Issue.record("\(d.rendered)") }
        #expect(printed == ["chain chain sample"])
        // Each form takes only its own keywords.
        #expect(try failure("sample(\"triangular\", temperature=1, start=[1])")?.contains("sample: unknown keyword 'start'") == true)
        #expect(try failure("sample(fit(standin(60)), data=1)")?.contains("sample: unknown keyword 'data'") == true)
        let help = session.interpreter.help("sample")
        #expect(help.contains("parameters when target is a function or model:"))
        #expect(help.contains("parameters when target is a fit:"))
        #expect(help.contains("parameters when lat is a string or configuration:"))
    }

    @Test func chemicalPotentialsAreMapsBySpeciesInEveryCommand() throws {
        let session = try Session(loadPrelude: false)
        var printed: [String] = []
        session.interpreter.context.print = { printed.append($0) }
        let outcome = session.execute("""
            fcc = lattice("fcc", a=4.0, species=["Ag", "Pd"])
            cs = clusters(fcc, cutoffs={2: 3.0})
            c = configuration(fcc, supercell=2, seed=1)
            m = model(cs, eci=[0, 0, 0.01], multiplicity=true)
            rich = anneal(c, energy=m, moves="flip", mu={"Pd": 2.0}, kT=[1.0], sweeps=50, seed=1)
            poor = anneal(c, energy=m, moves="flip", mu={"Pd": -2.0}, kT=[1.0], sweeps=50, seed=1)
            tri = anneal("triangular", size=6, moves="flip", mu={"Li": 30.0}, kT=[1.0], sweeps=50, seed=1)
            print(rich.composition["Pd"][-1] > 0.8, poor.composition["Pd"][-1] < 0.2, tri.composition["Li"][-1] > 0.8)
            """, file: "t.ce", echo: false)
        if case .failed(let d) = outcome { Issue.record("\(d.rendered)") }
        #expect(printed == ["true true true"])
        #expect(try failure("""
            fcc = lattice("fcc", a=4.0, species=["Ag", "Pd"])
            anneal(configuration(fcc, supercell=2, seed=1), energy=model(clusters(fcc, cutoffs={2: 3.0}), eci=[0, 0, 0.01], multiplicity=true), moves="flip", mu=[0, 1])
            """)?.contains("anneal: mu must be a map or nil, got a list") == true)
        #expect(try failure("anneal(\"triangular\", size=6, moves=\"flip\", mu={\"Na\": 1})")?.contains(
            "anneal: mu keys are species names (Li, Mn), got \"Na\"") == true)
    }
}
