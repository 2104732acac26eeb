// Semantics of every construct in grammar.md, run end to end.
import Foundation
import Numerics
import Testing
@testable import Language

@Suite struct InterpreterTests {
    @Test func mustShowFactorial() {
        #expect(output("x = 1\nfor i in range(1, 5) { x = x * i }\nprint(x)\n") == "24")
        #expect(output("x = 1\nfor i in 1..5 { x = x * i }\nprint(x)") == "24")
        #expect(output("s = 0  for i in range(0, 5) { s = s + i * i }  print(s)") == "30")
        #expect(output("fn f(n) { return 2 * n }  print(f(3)); print(4)") == "6\n4")
        #expect(output("print 1  for i in 0..2 { print i }  print 3") == "1\n0\n1\n3")
    }

    @Test func literalsAndPrinting() {
        #expect(output("print(1, 2.5, 1e-3, 1_000, true, false, nil, \"s\")") == "1 2.5 0.001 1000 true false nil s")
        #expect(output("print([1, \"a\", [2.0]], {\"a\": 1, \"b\": [nil]})") == "[1, \"a\", [2.0]] {\"a\": 1, \"b\": [nil]}")
        #expect(output("print(0..3, range(0, 10, 2))") == "0..3 range(0, 10, 2)")
        #expect(output("print(1, 2, sep=\", \")") == "1, 2")
    }

    @Test func arithmeticAndPrecedence() {
        #expect(output("print(1 + 2 * 3, (1 + 2) * 3, 2 ^ 3 ^ 2, -2 ^ 2, 2 ** 10)") == "7 9 512 -4 1024")
        #expect(output("print(7 / 2, 7 % 3, -7 % 3, 7.5 % 2, 2 ^ -1, 2.0 ^ 0.5)") == "3.5 1 2 1.5 0.5 1.414213562")
        #expect(output("print(1_000 + 2.5e-3, 0.1 + 0.2, 1 + 2.0, 10 - 2 - 3)") == "1000.0025 0.3 3.0 5")
        #expect(output("print(9223372036854775807 + 1, 3037000500 * 3037000500)") == "9.223372037e+18 9.223372037e+18")
        #expect(output("print(2 ^ 62, 2 ^ 64, 1.0 / 0, -1.0 / 0)") == "4611686018427387904 1.844674407e+19 inf -inf")
    }

    @Test func comparisonAndLogic() {
        #expect(output("print(1 < 2, 2 <= 1, 1 == 1.0, \"a\" < \"b\", [1, 2] == [1, 2], {\"a\": 1} != {\"a\": 2})")
            == "true false true true true true")
        #expect(output("print(1 < 2 and 2 < 3, not true, nil or 5, 0 and 1, false or nil)") == "true false 5 1 nil")
        #expect(output("x = 0\nfn boom() { return 1 / 0 }\nprint(false and boom(), true or boom())") == "false true")
        #expect(output("print(2 in [1, 2.0], \"a\" in {\"a\": 1}, 3 in 0..4, 4 in 0..4, 3 in range(0, 9, 2), 4.0 in range(0, 9, 2))")
            == "true true true false false true")
        #expect(output("print(\"ann\" in \"anneal\", 5 not in [1], not 1 in [1], 1.5 in 0..4)") == "true true false false")
        #expect(output("print(1 in 5)").contains("cannot look for a value in an int with 'in'"))
    }

    @Test func strings() {
        #expect(output("x = 2\nprint(\"x = ${x}, x^2 = ${x ^ 2}, ${[x]}\")") == "x = 2, x^2 = 4, [2]")
        #expect(output("print(\"a\" + \"b\", \"tab\\there\", \"\\$x\")") == "ab tab\there $x")
        #expect(output("s = \"Hello\"\nprint(s[0], s[-1], s[1:3], s.upper(), s.lower(), len_of(s))".replacingOccurrences(of: ", len_of(s)", with: ""))
            == "H o el HELLO hello")
        #expect(output("print(\" a b \".trim(), \"a,b\".split(\",\"), \"-\".join([1, 2]), \"abc\".contains(\"b\"))")
            == "a b [\"a\", \"b\"] 1-2 true")
        #expect(output("print(\"abc\".replace(\"b\", \"x\"), \"abc\".find(\"c\"), \"abc\".startswith(\"ab\"), \"abc\".endswith(\"bc\"))")
            == "axc 2 true true")
    }

    @Test func listsIndexingSlicing() {
        let program = """
            xs = [10, 20, 30, 40]
            print(xs[0], xs[-1], xs[1:3], xs[:2], xs[2:], xs[-2:], xs[5:9])
            xs[1] = 21
            xs[-1] += 1
            print(xs)
            xs.append(50)
            xs.extend([60])
            xs.pop()
            print(xs.pop(), xs.contains(21), xs.index(30), xs.reverse(), xs.join("|"))
            ys = xs
            ys.append(99)
            print(len_check(xs))
            """.replacingOccurrences(of: "len_check(xs)", with: "xs[-1]")
        #expect(output(program) == "10 40 [20, 30] [10, 20] [30, 40] [30, 40] []\n[10, 21, 30, 41]\n50 true 2 [41, 30, 21, 10] 10|21|30|41\n99")
        #expect(output("r = 0..10\nprint(r[3], r[-1], r[2:4], r.start, r.end)") == "3 9 2..4 0 10")
    }

    @Test func elementwiseArithmetic() {
        #expect(output("print([1, 2] + [3, 4], [1, 2] * 2, 10 - [1, 2], [1.0, 4.0] ^ 0.5, -[1, 2], [2, 4] / 2)")
            == "[4, 6] [2, 4] [9, 8] [1.0, 2.0] [-1, -2] [1.0, 2.0]")
        #expect(output("print([1, 2] + [1])").contains("equal length, got 2 and 1"))
        #expect(output("print([\"a\"] * 2)").contains("cannot apply '*' to string and int"))
    }

    @Test func maps() {
        let program = """
            m = {"a": 1, "b": 2}
            m["c"] = 3
            m.d = 4
            m.a += 10
            print(m, m["b"], m.c, m.keys(), m.values(), m.contains("z"), m.get("z", 0))
            print(m.remove("b"), m)
            for k, v in m { print(k, v) }
            """
        #expect(output(program) == """
            {"a": 11, "b": 2, "c": 3, "d": 4} 2 3 ["a", "b", "c", "d"] [11, 2, 3, 4] false 0
            2 {"a": 11, "c": 3, "d": 4}
            a 11
            c 3
            d 4
            """)
        #expect(output("m = {1: \"one\", true: \"yes\", nil: 0}\nprint(m[1.0], m[true], m[nil])") == "one yes 0")
        #expect(output("m = {\"a\": 1}\nprint(m[\"zz\"])").contains("key \"zz\" is not in the map"))
        #expect(output("m = {[1]: 2}").contains("a map key must be a string, int, bool or nil, not list"))
    }

    @Test func controlFlow() {
        let program = """
            for x in [1, 2, 3, 4, 5, 6] {
                if x == 2 { continue }
                else if x == 5 { break }
                else { print(x) }
            }
            i = 0
            while true {
                i += 1
                if i > 3 { break }
            }
            print(i)
            for i, x in ["a", "b"] { print(i, x) }
            for c in "hé" { print(c) }
            for k in {"p": 1, "q": 2} { print(k) }
            """
        #expect(output(program) == "1\n3\n4\n4\n0 a\n1 b\nh\né\np\nq")
        #expect(output("if nil { print(1) } else { print(2) }\nif 0 { print(3) }\nif [] { print(4) }") == "2\n3\n4")
        #expect(output("for x in 5 { }").contains("cannot loop over an int"))
    }

    @Test func functionsDefaultsKeywordsClosures() {
        #expect(output("fn f(a, b=10) { return a + b }\nprint(f(1), f(1, 2), f(b=5, a=1))") == "11 3 6")
        #expect(output("fn f(a, b=10) { return a + b }\nf(1, 2, 3)").contains("f takes at most 2 arguments, got 3; usage: f(a, b=10)"))
        #expect(output("fn f(a, b=10) { return a + b }\nf(c=1)").contains("f: unknown keyword 'c' (it takes a, b)"))
        #expect(output("fn f(a, b=10) { return a + b }\nf(b=1)").contains("f needs argument 'a'"))
        #expect(output("fn f(a) { return a }\nf()").contains("f needs argument 'a'"))
        #expect(output("fn f(a) { return a }\nf(1, a=2)").contains("got two values for 'a'"))
        #expect(output("fn f() { }\nprint(f())") == "nil")
        #expect(output("fn f() { }\nprint(f, print)") == "<fn f> <fn print>")
        #expect(output("fn f() { return }\nprint(f())") == "nil")
        let counter = """
            fn counter() {
                n = 0
                return fn() { n = n + 1
                    return n }
            }
            c = counter()
            c()
            c()
            print(c())
            d = counter()
            print(d())
            """
        #expect(output(counter) == "3\n1")
        #expect(output("add = fn(a, b) { return a + b }\nprint(add(2, 3))\nprint(add)") == "5\n<fn>")
        // Globals are read, not assigned, from functions (as in Python).
        #expect(output("x = 1\nfn f() { x = 2\n return x }\nprint(f(), x)") == "2 1")
        #expect(output("fn f() { return later }\nlater = 7\nprint(f())") == "7")
        let fib = "fn fib(n) { if n < 2 { return n }\n return fib(n - 1) + fib(n - 2) }\nprint(fib(20))"
        #expect(output(fib) == "6765")
        let nested = """
            fn outer(k) {
                fn inner(x) { return x * k }
                return [inner(1), inner(2)]
            }
            print(outer(3))
            """
        #expect(output(nested) == "[3, 6]")
        #expect(output("fn apply(f, x) { return f(x) }\nprint(apply(fn(v) { return v + 1 }, 1))") == "2")
    }

    @Test func commandFormAndHelp() {
        #expect(output("print 1, 2\nprint \"x\" sep=\"-\"\nx = 3\nprint x + 1\nprint -x\nx - 1\nx-1\nprint(x -1)", echo: true) == "1 2\nx\n4\n-3\n2\n2\n2")
        let doc = """
            # Adds one.
            # Works on numbers.
            fn inc(x, by=1) { return x + by }
            help inc
            """
        #expect(output(doc) == "inc(x, by=1)\n  Adds one.\n  Works on numbers.")
        #expect(output("?print").hasPrefix("print(*values, sep=\" \")\n  Prints values on one line."))
        let index = output("fn mine() { }\nhelp")
        #expect(index.contains("basics:\n"))
        #expect(index.contains("functions:\n  mine"))
        #expect(index.contains("test:\n  range"))
        #expect(output("help nosuch").hasPrefix("no help for 'nosuch'"))
        #expect(output("help methods").contains("list methods:"))
        #expect(output("help(print)").hasPrefix("print(*values"))
    }

    @Test func echoPrintsNonNilExpressionValues() {
        #expect(output("1 + 1\nx = 5\nx\nnil\nprint(\"p\")\n[1, \"a\"]", echo: true) == "2\n5\np\n[1, \"a\"]")
    }

    @Test func reflectiveBuiltins() {
        #expect(output("print(type(1), type(1.0), type(\"\"), type([]), type({}), type(nil), type(print), type(0..1))")
            == "int float string list map nil function range")
        #expect(output("show(\"a\")\nshow([1])") == "\"a\"\n[1]")
        #expect(output("assert(1 == 2, \"nope\")").contains("error: nope"))
        #expect(run("exit(3)").exit == ExitRequest(code: 3))
        #expect(run("x = 1\nexit\nx = 2").exit == ExitRequest(code: 0))
        #expect(output("exit(300)").contains("exit: code must be 0 to 255"))
    }

    @Test func runtimeErrorsCarryPositions() {
        let o = run("print(undefined_name)", file: "file.ce")
        #expect(o.diagnostic?.kind == .runtime)
        #expect(o.diagnostic?.rendered == "file.ce:1:7: error: 'undefined_name' is not defined\nprint(undefined_name)\n      ^")
        #expect(output("x = 1 / 0").hasPrefix("test.ce:1:7: error: division by zero"))
        #expect(output("x = 5 % 0").contains("modulo by zero"))
        #expect(output("xs = [1, 2]\nprint(xs[2])").hasPrefix("test.ce:2:9: error: index 2 is out of range for a list of length 2"))
        #expect(output("xs = [1, 2]\nxs[-3] = 1").contains("index -3 is out of range for a list of length 2"))
        #expect(output("x = \"a\" + 1").contains("cannot add string and int"))
        #expect(output("x = 1\nx()").contains("'x' is an int, not a function"))
        #expect(output("x = [1].nosuch()").contains("list has no method 'nosuch'"))
        #expect(output("x = 1 < \"a\"").contains("cannot compare int and string"))
        #expect(output("lenght = 1\nprint(length)").contains("did you mean 'lenght'"))
        #expect(output("x = True").contains("'True' is not defined (ce writes 'true')"))
        // A builtin's error gets the call site.
        #expect(output("x = 1\nrange(\"a\", 2)").hasPrefix("test.ce:2:6: error: range: start must be an int, got a string"))
    }

    @Test func errorsShowTheirLineWhateverTheLineEndingsAndCharacters() {
        // "\r\n" is one Character: lines are found by bytes, and the caret line drops the "\r".
        #expect(run("x = 1\r\nprint(nope)\r\ny = 2", file: "crlf.ce").diagnostic?.rendered
            == "crlf.ce:2:7: error: 'nope' is not defined\nprint(nope)\n      ^")
        #expect(run("s = \"é→\"\nt = 1\nprint(nope)", file: "utf8.ce").diagnostic?.rendered
            == "utf8.ce:3:7: error: 'nope' is not defined\nprint(nope)\n      ^")
        #expect(run("x = 1\nprint(nope)\n", file: "last.ce").diagnostic?.rendered
            == "last.ce:2:7: error: 'nope' is not defined\nprint(nope)\n      ^")
    }

    @Test func runtimeErrorsTraceTheCallsTheyCameThrough() {
        let o = run("fn g(x) { return x[3] }\nfn f(x) {\n  return g(x)\n}\nf([1])", file: "t.ce")
        #expect(o.diagnostic?.rendered == """
            t.ce:1:19: error: index 3 is out of range for a list of length 1
            fn g(x) { return x[3] }
                              ^
              in g, called from t.ce:3:11
              in f, called from t.ce:5:2
            """)
        // Calls through keyword arguments go the general path and trace the same way.
        let k = run("fn g(x) { return x[3] }\ng(x=[1])", file: "t.ce")
        #expect(k.diagnostic?.trace.calls.map(\.function) == ["g"])
        // A recursion is one line with a count, not thousands.
        let deep = run("fn r(n) { if n == 0 { return 1 / 0 } return r(n - 1) }\nr(50)", file: "t.ce")
        #expect(deep.diagnostic?.trace.calls.map(\.repeats) == [50, 1])
        let endless = run("fn r(n) { return r(n + 1) }\nr(0)", file: "t.ce")
        #expect(endless.diagnostic?.message.hasPrefix("too deep") == true)
        #expect(endless.diagnostic.map { $0.trace.calls.count <= 2 && $0.trace.omitted == 0 } == true)
    }

    /// Bodies of `if test { return a }` statements and a last `return b` run as
    /// one expression: the same results, errors at the same places, the same traces.
    @Test func returnChainBodiesBehaveAsStatements() {
        let fib = "fn fib(n) {\n  if n < 2 { return n }\n  return fib(n - 1) + fib(n - 2)\n}\n"
        #expect(output(fib + "print(fib(15))") == "610")
        // Tests in order, the first true one returns; a bare `return` gives nil; defaults and keywords still bind.
        #expect(output("fn s(x) { if x < 0 { return -1 } if x == 0 { return 0 } return 1 }\nprint([s(-3), s(0), s(7)])") == "[-1, 0, 1]")
        #expect(output("fn z(n) { return }\nprint(z(1))") == "nil")
        #expect(output("fn d(a, b=10) { if a > b { return a } return b }\nprint(d(3), d(30), d(b=1, a=2))") == "10 30 2")
        // An error in a test and in a returned value: its own position, then the call.
        let inTest = run("fn f(n) {\n  if n < x { return 1 }\n  return n\n}\nf(2)", file: "t.ce")
        #expect(inTest.diagnostic?.rendered == """
            t.ce:2:10: error: 'x' is not defined (did you mean 'f'?)
              if n < x { return 1 }
                     ^
              in f, called from t.ce:5:2
            """)
        let inValue = run("fn g(n) {\n  if n > 0 { return n + \"a\" }\n  return nil\n}\ng(1)", file: "t.ce")
        #expect(inValue.diagnostic?.location?.line == 2)
        #expect(inValue.diagnostic?.location?.column == 23)
        #expect(inValue.diagnostic?.trace.calls.map(\.function) == ["g"])
    }

    /// The positional fast path (callee read from a global or local slot,
    /// arguments evaluated into the new frame) behaves as the general path.
    @Test func positionalCallsThroughEveryKindOfCallee() {
        // Assigning the function's own name inside it makes a local: the global keeps the function.
        #expect(output("fn f(n) { f = nil\n x = [n, n + 1]\n return x[1] }\nprint(f(4))\nprint(f)") == "5\n<fn f>")
        // A local holding a function, a function returned by a call, and a function in a list.
        #expect(output("fn twice(g, x) { return g(g(x)) }\nfn inc(x) { return x + 1 }\nprint(twice(inc, 1))") == "3")
        #expect(output("fn adder(a) { return fn(b) { return a + b } }\nprint(adder(2)(5))") == "7")
        #expect(output("fs = [fn(x) { return x * 10 }]\nprint(fs[0](3))") == "30")
        // Zero, one, two and many arguments, defaults filled after them.
        #expect(output("fn k() { return 1 }\nfn s3(a, b, c=3) { return a + b + c }\nfn s4(a, b, c, d) { return a * b * c * d }\nprint(k(), s3(1, 2), s4(1, 2, 3, 4))") == "1 6 24")
        // The result of one call is not left behind for the next call of the same function.
        #expect(output("fn g(n) { if n > 0 { return [n] } }\nprint(g(1))\nprint(g(0))") == "[1]\nnil")
        // Calling an undefined global, or a value that is not a function, fails at the call.
        #expect(run("x = 1\nnosuch(x)", file: "t.ce").diagnostic?.rendered.hasPrefix("t.ce:2:1: error: 'nosuch' is not defined") == true)
        #expect(run("x = 1\nx(2)", file: "t.ce").diagnostic?.rendered.hasPrefix("t.ce:2:2: error: 'x' is an int, not a function") == true)
    }

    @Test func globalsSurviveErrors() throws {
        let sink = OutputSink()
        let interp = try Interpreter(builtins: [], print: { sink.lines.append($0) })
        #expect(throws: Diagnostic.self) { try interp.run("a = 1\nb = nosuch\nc = 3", file: "<stdin>", echo: false) }
        #expect(interp.global("a").map { Operators.equal($0, .int(1)) } == true)
        #expect(interp.global("c") == nil)
        #expect(interp.globalNames.contains("a") && interp.globalNames.contains("print") && !interp.globalNames.contains("b"))
        try? interp.run("print(a + 1)", file: "<stdin>", echo: false)
        #expect(sink.lines == ["2"])
    }

    @Test func deepRecursionIsTooDeep() {
        onBigStack {
            let o = run("fn f(n) { return f(n + 1) }  f(0)")
            #expect(o.diagnostic?.kind == .runtime)
            #expect(o.diagnostic?.message.hasPrefix("too deep") == true)
            let mutual = run("fn a(n) { return b(n) }\nfn b(n) { return [a(n)] }\na(1)")
            #expect(mutual.diagnostic?.message.hasPrefix("too deep") == true)
        }
        // Also on a small stack, such as a test thread's.
        onBigStack(1 << 20) {
            #expect(run("fn f(n) { return f(n + 1) }\nf(0)").diagnostic?.message.hasPrefix("too deep") == true)
        }
    }

    @Test func interruptStopsLoopsAndKeepsGlobals() throws {
        let sink = OutputSink()
        let interp = try Interpreter(builtins: [], print: { sink.lines.append($0) })
        // A step budget stops the run exactly as Ctrl-C does (the same poll throws), without
        // setting the process-wide flag other tests running in parallel would see. Real
        // Ctrl-C is typed into a pseudo-terminal in ReplTerminalTests.
        interp.limitSteps(polls: 3)
        do {
            try interp.run("n = 0\nwhile true { n += 1 }", file: "<stdin>", echo: false)
            Issue.record("not interrupted")
        } catch let d as Diagnostic {
            #expect(d.kind == .interrupted)
        } catch {
            Issue.record("\(error)")
        }
        if case .int(let n)? = interp.global("n") { #expect(n > 0) } else { Issue.record("n lost") }
    }

    @Test func useRunsAFileOnceRelativeToTheUser() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ce-use-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("lib"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "use \"helpers.ce\"\n# Doubles.\nfn twice(x) { return 2 * helper(x) }\nprint(\"loaded\")\n"
            .write(to: dir.appendingPathComponent("lib/util.ce"), atomically: true, encoding: .utf8)
        try "fn helper(x) { return x }\n".write(to: dir.appendingPathComponent("lib/helpers.ce"), atomically: true, encoding: .utf8)
        try "use \"lib/util.ce\"\nuse \"lib/util.ce\"\nprint(twice(21))\n"
            .write(to: dir.appendingPathComponent("main.ce"), atomically: true, encoding: .utf8)
        let main = dir.appendingPathComponent("main.ce").path
        let o = run(try String(contentsOfFile: main, encoding: .utf8), file: main)
        #expect(o.diagnostic == nil)
        #expect(o.text == "loaded\n42")
        try "x = (\n".write(to: dir.appendingPathComponent("bad.ce"), atomically: true, encoding: .utf8)
        let bad = run("use \"bad.ce\"", file: main)
        #expect(bad.diagnostic?.kind == .syntax)
        #expect(bad.diagnostic?.location?.file.hasSuffix("bad.ce") == true)
        #expect(run("use \"missing.ce\"", file: main).diagnostic?.message.contains("cannot read") == true)
    }

    @Test func callingBackFromBuiltins() throws {
        struct Twice: Parameters {
            var f = Param<Callable>("f", "a function")
            var x = Param<Value>("x", "its first argument")
        }
        let twice = Builtin("twice", Twice.self, summary: "f(f(x))", category: "test") { args in
            let once = try args.context.call(try args.f.value, [try args.x])
            return try args.context.call(try args.f.value, [once])
        }
        let sink = OutputSink()
        let interp = try Interpreter(builtins: [twice], print: { sink.lines.append($0) })
        try interp.run("print(twice(fn(v) { return v * 3 }, 2))", file: "t", echo: false)
        #expect(sink.lines == ["18"])
        #expect(throws: Diagnostic.self) { try interp.run("twice(fn(v) { return nosuch }, 2)", file: "t", echo: false) }
    }
}
