// Random token streams and random bytes through the scanner, parser,
// compiler and interpreter: nothing may crash, and every failure must be a
// Diagnostic (or an exit request).
import Foundation
import Numerics
import Testing
@testable import Language

@Suite struct FuzzTests {
    /// Tokens random programs are made of, some several times to weight them.
    static let vocabulary: [String] = [
        "x", "y", "xs", "f", "g", "print", "help", "range", "type", "show", "exit", "m", "n", "s",
        "0", "1", "2", "-1", "2.5", "1e308", "9223372036854775807", "1_0", ".5",
        "\"a\"", "\"${x}\"", "\"\\n\"", "\"${\"", "\"", "true", "false", "nil",
        "+", "-", "*", "/", "%", "^", "**", "==", "!=", "<", "<=", ">", ">=", "=", "+=", "-=", "*=", "/=",
        "and", "or", "not", "..", ".", ",", ":", ";", "?",
        "(", ")", "[", "]", "{", "}", "(", ")", "[", "]", "{", "}",
        "if", "else", "for", "in", "while", "break", "continue", "fn", "return", "use",
        "\n", "\n", "\n", "#", "@", "!", "\\",
        "x = ", "xs = [1, 2, 3]", "m = {\"a\": 1}", "fn f(a, b=1) { return a + b }", "for i in 0..3 { ",
        "while true { ", "f(x)", "xs[0]", "xs[1:]", "m.a", "s.upper()", "print x", "?print",
    ]

    private func check(_ source: String, in interp: Interpreter) {
        _ = Completeness(of: source)
        _ = try? interp.topLevelStatements(source, file: "fuzz.ce")
        do {
            try interp.run(source, file: "fuzz.ce", echo: true)
        } catch let d as Diagnostic {
            if let loc = d.location {
                #expect(loc.line >= 1 && loc.column >= 1, "bad location in \(d.rendered) for \(source.debugDescription)")
            }
            _ = d.rendered
        } catch is ExitRequest {
        } catch {
            Issue.record("not a diagnostic: \(error) for \(source.debugDescription)")
        }
    }

    private func interpreter() throws -> Interpreter {
        let interp = try Interpreter(builtins: [testRange], print: { _ in })
        interp.limitSteps(polls: 20)
        return interp
    }

    @Test func randomTokenStreams() {
        onBigStack(64 << 20) {
            var random = RandomStream(seed: 2026, stream: 1)
            var interp = try interpreter()
            for i in 0..<10_000 {
                if i % 100 == 0 { interp = try interpreter() }  // fresh sessions now and then; state carries otherwise
                let count = 1 + random.int(below: 24)
                var source = ""
                for _ in 0..<count {
                    source += FuzzTests.vocabulary[random.int(below: FuzzTests.vocabulary.count)]
                    if random.int(below: 3) > 0 { source += " " }
                }
                check(source, in: interp)
            }
        }
    }

    @Test func randomBytes() {
        onBigStack(64 << 20) {
            var random = RandomStream(seed: 2026, stream: 2)
            let interp = try interpreter()
            for _ in 0..<10_000 {
                let count = random.int(below: 48)
                var bytes: [UInt8] = []
                for _ in 0..<count {
                    // Mostly printable ASCII, sometimes anything (invalid UTF-8 included).
                    bytes.append(random.int(below: 4) == 0 ? UInt8(random.int(below: 256)) : UInt8(32 + random.int(below: 95)))
                }
                check(String(decoding: bytes, as: UTF8.self), in: interp)
            }
        }
    }

    @Test func hostileProgramsEndInDiagnostics() {
        onBigStack(64 << 20) {
            let interp = try interpreter()
            for source in [
                "while true { }", "xs = [1]\nxs.append(xs)\nprint(xs)\nprint(xs == xs)\nys = xs + 1",
                "fn f() { return f() }\nf()", "x = 9223372036854775807\nx = -x - 2\nprint(x * x, x % -1)",
                "print(2 ^ 9223372036854775807, (-2) ^ 63, 0 ^ 0)", "m = {}\nm[m] = 1",
                "s = \"\"\nfor i in 0..5 { s += \"${i}\" }\nprint(s[-99:99], s[3:1])",
                "print(\"é\"[0], \"\"[0])", "for i in 0..9223372036854775807 { }",
                "x = []\nfor i in 0..300000 { x = [x] }\nprint(x == x)\nx = nil", "xs = [1]\nys = [xs, xs]\nys = nil\nprint(xs)",
                "x = range(0, 10, 0)", "r = -9223372036854775807..9223372036854775807\nprint(r[-1], r[2:5])", "print(1..\"a\")", "x = [1, 2][\"a\"]", "exit(-1)", "s = \"ab\"\nwhile true { s = s + s }",
                "x = (0..9223372036854775807) * 2", "r = range(0, 9223372036854775807, 2)\nprint(r[1:], r[-1], r[5:2])",
            ] {
                check(source, in: interp)
            }
        }
    }
}
