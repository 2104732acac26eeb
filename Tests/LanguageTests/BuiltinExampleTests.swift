// The examples in the help text are true: every `code  # result` line of a
// builtin's doc and of a prelude function's doc comment is run in one
// interpreter (core builtins + stdlib/prelude.ce) and must print `result`.
import Foundation
import Testing
@testable import Language

/// An interpreter with the core builtins and the prelude, collecting what it prints.
final class PreludeSession {
    static let preludePath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("stdlib/prelude.ce").path

    var printed: [String] = []
    private(set) var interpreter: Interpreter!

    /// Loads the prelude; throws (failing the test) when it cannot be read or run.
    init() throws {
        interpreter = try Interpreter(builtins: CoreBuiltins.all, print: { [unowned self] in self.printed.append($0) })
        try interpreter.run(String(contentsOfFile: Self.preludePath, encoding: .utf8), file: "stdlib/prelude.ce", echo: false)
    }

    /// What `code` prints when echoed, or the error message.
    func echo(_ code: String) -> String {
        printed = []
        do {
            try interpreter.run(code, file: "example", echo: true)
            return printed.joined(separator: "\n")
        } catch let d as Diagnostic {
            return "error: " + d.message
        } catch {
            return "error: \(error)"
        }
    }
}

/// `code  # result` lines of a doc text whose result is a printed value (a number,
/// list, map, string, true/false/nil), with every other example line as code only.
func examples(in doc: String) -> [(code: String, result: String?)] {
    doc.split(separator: "\n").compactMap { raw -> (String, String?)? in
        guard raw.hasPrefix("  ") else { return nil }
        let line = String(raw)
        guard let mark = line.range(of: "  # ") else {
            let code = line.trimmingCharacters(in: .whitespaces)
            return code.isEmpty || code.hasPrefix("#") || code == "Example:" ? nil : (code, nil)
        }
        let code = line[..<mark.lowerBound].trimmingCharacters(in: .whitespaces)
        let result = line[mark.upperBound...].trimmingCharacters(in: .whitespaces)
        guard !code.isEmpty else { return nil }
        let valueLike = result.first.map { "0123456789-[{\"".contains($0) } == true
            || ["true", "false", "nil", "nan", "inf"].contains { result.hasPrefix($0) }
        return (code, valueLike ? result : nil)
    }
}

@Suite struct BuiltinExampleTests {
    func check(_ name: String, doc: String, in session: PreludeSession) -> Int {
        var checked = 0
        for (code, result) in examples(in: doc) {
            let out = session.echo(code)
            guard let result else { continue }
            checked += 1
            #expect(out == result || out == Value.quote(result), "\(name): \(code) printed \(out), its doc says \(result)")
        }
        return checked
    }

    @Test func builtinDocExamplesHold() throws {
        let session = try PreludeSession()
        var checked = 0
        for b in CoreBuiltins.all { checked += check(b.name, doc: b.doc, in: session) }
        #expect(checked >= 50)
    }

    @Test func preludeFunctionsAreDocumentedAndTheirExamplesHold() throws {
        let session = try PreludeSession()
        let functions = session.interpreter.globalNames.compactMap { name -> (String, Closure)? in
            guard case .function(let f)? = session.interpreter.global(name), case .closure(let c) = f.implementation else { return nil }
            return (name, c)
        }
        let expected: Set = ["steps", "ramp", "arange", "cumsum", "diff", "argmin", "argmax", "clip", "mean_std", "rmse",
                             "transpose", "flatten", "reverse", "any", "all", "quantile", "median", "histogram", "linfit", "interp"]
        #expect(Set(functions.map(\.0)).isSuperset(of: expected))
        var checked = 0
        for (name, closure) in functions {
            #expect(!closure.doc.isEmpty, "\(name) has a doc comment")
            #expect(session.interpreter.help(name).contains(closure.doc.split(separator: "\n")[0]), "help \(name) shows its doc")
            checked += check(name, doc: "\n" + closure.doc.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"), in: session)
        }
        #expect(checked >= expected.count)
    }

    @Test func preludeEdgeCasesAndErrors() throws {
        let session = try PreludeSession()
        let cases: [(String, String)] = [
            ("steps(1, 0.001, 4)", "[1.0, 0.1, 0.01, 0.001]"),
            ("steps(5, 5, 1)", "[5.0]"),
            ("steps(1, 0.01, 3)[1] == 0.1", "true"),
            ("steps(100, 1, 3)", "[100.0, 10.0, 1.0]"),
            ("len(steps(2.0, 0.05, 20))", "20"),
            ("steps(1, 0.1, 0)", "error: steps: count must be 1 or more, got 0"),
            ("steps(1, -1, 3)", "error: steps: geometric spacing needs positive temperatures, got 1 and -1"),
            ("steps(1, 0.1, 3, spacing=\"log\")", "error: steps: spacing must be \"geometric\" or \"linear\", got \"log\""),
            ("arange(1, 2, 0.3)", "[1.0, 1.3, 1.6, 1.9]"),
            ("arange(5, 1, -2)", "[5.0, 3.0]"),
            ("arange(3, 1)", "[]"),
            ("cumsum([])", "[]"),
            ("diff([1])", "[]"),
            ("argmin([])", "error: argmin of an empty list"),
            ("transpose([])", "[]"),
            ("transpose([[1, 2], [3]])", "error: transpose: the rows have different lengths"),
            ("rmse([1], [1, 2])", "error: rmse: the lists have 1 and 2 values"),
            ("reverse(range(3))", "[2, 1, 0]"),
            ("any([])", "false"),
            ("all([])", "true"),
            ("clip(range(5), 1, 3)", "[1, 1, 2, 3, 3]"),
            ("quantile([5], 0.3)", "5.0"),
            ("quantile([1, 2, 3, 4], 1)", "4.0"),
            ("quantile([1, 2], 2)", "error: quantile: q must be between 0 and 1, got 2"),
            ("histogram([7, 7], bins=2)", "{\"edges\": [6.5, 7.0, 7.5], \"counts\": [0, 2]}"),
            ("histogram(range(10), bins=3)[\"counts\"]", "[3, 3, 4]"),
            ("sum(histogram(randn(1000))[\"counts\"])", "1000"),
            ("linfit([1, 1], [2, 3])", "error: linfit: all x are equal, the slope is undefined"),
            ("linfit([1, 2], [5, 5])", "{\"slope\": 0.0, \"intercept\": 5.0, \"r2\": 1.0}"),
            ("interp(2, [1, 2, 3], [10, 20, 40])", "20.0"),
            ("interp(2.75, [1, 2, 3], [10, 20, 40])", "35.0"),
        ]
        for (code, expected) in cases {
            #expect(session.echo(code) == expected, "\(code)")
        }
    }

    @Test func statisticsMatchNumpy() throws {
        let session = try PreludeSession()
        _ = session.echo("seed(11)\nxs = randn(500)")
        let data = "[" + session.echo("format(xs, digits=17)").dropFirst().dropLast() + "]"
        let cases: [(String, String)] = [
            ("histogram(xs, bins=7)[\"counts\"]", "np.histogram(\(data), bins=7)[0]"),
            ("histogram(xs, bins=7)[\"edges\"]", "np.histogram(\(data), bins=7)[1]"),
            ("[quantile(xs, 0.025), median(xs), quantile(xs, 0.975)]", "np.quantile(\(data), [0.025, 0.5, 0.975])"),
            ("[mean(xs), std(xs), std(xs, ddof=1)]", "[np.mean(\(data)), np.std(\(data)), np.std(\(data), ddof=1)]"),
            ("values(linfit(range(500), xs))[0:2]", "np.polyfit(np.arange(500), \(data), 1)"),
            ("interp([-3, -0.5, 0.1, 2.2, 9], sort(xs), range(500))", "np.interp([-3, -0.5, 0.1, 2.2, 9], np.sort(\(data)), np.arange(500))"),
        ]
        for (code, expression) in cases {
            let expected = try numpyValues(expression)
            let got = session.echo("format(\(code), digits=17)").dropFirst().dropLast().split(separator: ",").compactMap {
                Double($0.trimmingCharacters(in: .whitespaces))
            }
            #expect(got.count == expected.count, "\(code)")
            #expect(zip(got, expected).allSatisfy { abs($0 - $1) <= 1e-15 * max(1, abs($1)) }, "\(code): \(got) vs numpy \(expected)")
        }
    }
}
