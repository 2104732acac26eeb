// The positional fast path of calls (callee read in place, arguments written straight into a
// pooled frame, int comparisons and arithmetic without making values) against the general path
// (`Interpreter.callValue` with `CallBinder`), which keyword calls take: the same results, the
// same errors at the same places, the same "too deep" and the same Ctrl-C polling.
import Testing
@testable import Language

@Suite struct FastCallTests {
    /// Recursion gives the same values whether its calls are positional (fast) or by keyword (general).
    @Test func recursionMatchesTheGeneralPath() {
        let fast = "fn fib(n) {\n  if n < 2 { return n }\n  return fib(n - 1) + fib(n - 2)\n}\nprint(fib(20))"
        let general = "fn fib(n) {\n  if n < 2 { return n }\n  return fib(n=n - 1) + fib(n=n - 2)\n}\nprint(fib(20))"
        #expect(output(fast) == "6765")
        #expect(output(general) == "6765")
        // Two parameters, a loop in the body, and mutual recursion.
        #expect(output("fn ack(m, n) { if m == 0 { return n + 1 } if n == 0 { return ack(m - 1, 1) } return ack(m - 1, ack(m, n - 1)) }\nprint(ack(2, 3), ack(m=2, n=3))") == "9 9")
        #expect(output("fn even(n) { if n == 0 { return true } return odd(n - 1) }\nfn odd(n) { if n == 0 { return false } return even(n - 1) }\nprint(even(10), odd(n=7))") == "true true")
        #expect(output("fn tri(n) { s = 0\n i = 0\n while i <= n { s += i\n i += 1 }\n return s }\nprint(tri(100), tri(n=100))") == "5050 5050")
    }

    /// Comparisons and arithmetic decide two ints inline; every other pair goes through the operators as before.
    @Test func intFastPathsAgreeWithTheOperators() {
        #expect(output("fn c(a, b) { if a < b { return \"lt\" } if a == b { return \"eq\" } return \"gt\" }\nprint(c(1, 2), c(2, 2), c(3, 2), c(1.5, 2), c(2, 1.5), c(\"a\", \"b\"))") == "lt eq gt lt gt lt")
        #expect(output("fn f(n) { if n != 0 { return n - 1 } return n * 3 + 1 }\nprint(f(5), f(0), f(2.5), f(9223372036854775807))") == "4 1 1.5 9223372036854775806")
        // Overflow leaves the int path for the general one (which reports or widens exactly as before).
        let big = run("fn g(n) { return n + 1 }\nprint(g(9223372036854775807))", file: "t.ce")
        let bigGeneral = run("fn g(n) { return n + 1 }\nprint(g(n=9223372036854775807))", file: "t.ce")
        #expect(big.text == bigGeneral.text)
        #expect(big.diagnostic?.message == bigGeneral.diagnostic?.message)
        // A test that is not a comparison is its value's truthiness; a captured variable in a comparison works.
        #expect(output("fn t(x) { if x { return 1 } return 0 }\nprint(t(nil), t(0), t([]), t(false))") == "0 1 1 0")
        #expect(output("fn outer(k) { fn inner(x) { if x < k { return \"below\" } return \"not below\" } return inner }\nprint(outer(3)(2), outer(3)(4))") == "below not below")
    }

    /// Conditions of every pair of operand sources (locals, globals, literals) decide as the operators do,
    /// in `if`, `while` and return chains, and a pair the operators refuse fails at the operator.
    @Test func conditionsOfEveryOperandPair() {
        let globals = "a = 1\nb = 2\nh = 1.5\nfor p in [a < b, 1 < 2, 2 < 1, a == 1, 1 != a, h > a, a >= h, b <= 2] { print(p) }\n"
        let ifs = "if a < b { print(\"ab\") }\nif 2 < a { print(\"no\") } else { print(\"2a\") }\nif 1 < 2 { print(\"12\") }\nif h > a { print(\"ha\") }\nif 1 == 1.0 { print(\"eq\") }\n"
        #expect(output(globals + ifs) == "true\ntrue\nfalse\ntrue\nfalse\ntrue\nfalse\ntrue\nab\n2a\n12\nha\neq")
        let chain = "fn s(x, y) { if x < y { return -1 } if x == y { return 0 } if 0 > x { return \"neg\" } if x > limit { return \"big\" } return 1 }\nlimit = 10\n"
        #expect(output(chain + "print(s(1, 2), s(2, 2), s(3, 2), s(-1, -5), s(11, 0), s(2.5, 2), s(2, 2.0))") == "-1 0 1 neg big 1 0")
        #expect(output("i = 0\nn = 3\nwhile i < n { i += 1 }\nj = 0\nwhile 5 > j { j += 2 }\nprint(i, j)") == "3 6")
        let bad = run("fn f(x) {\n  if x < \"a\" { return 1 }\n  return 2\n}\nf(1)", file: "t.ce")
        #expect(bad.diagnostic?.location == SourceLocation(file: "t.ce", line: 2, column: 8))
        #expect(bad.diagnostic?.trace.calls.map(\.function) == ["f"])
        let badGlobals = run("a = 1\nb = nil\nif a < b { print(1) }", file: "t.ce")
        #expect(badGlobals.diagnostic?.location == SourceLocation(file: "t.ce", line: 3, column: 6))
    }

    /// A call of a global function holds no reference to it: a function replaced while it runs (by top-level
    /// code a builtin runs through `Interpreter.run`) finishes its call, and is freed once that call ends.
    @Test func aGlobalFunctionReplacedWhileItRunsFinishesThenIsFreed() throws {
        final class Held { weak var function: Function? }
        let held = Held()
        let watch = Builtin("watch", OneValue.self, summary: "Watches a function value.", category: "test") { args in
            if case .function(let function) = try args.x { held.function = function }
            return .null
        }
        let redefine = Builtin("redefine", NoParameters.self, summary: "Redefines f.", category: "test") { args in
            try args.context.interpreter?.run("fn f(n) { return 0 }", file: "redefine.ce", echo: false)
            return .null
        }
        let interp = try Interpreter(builtins: [watch, redefine], print: { _ in })
        let o = run("fn f(n) {\n  redefine()\n  return f(n - 1) + n * 10\n}\nwatch(f)\nprint(f(1), f(2))", in: interp)
        #expect(o.diagnostic == nil)
        #expect(o.text == "10 0")
        #expect(held.function == nil)
    }

    /// Closures capture their defining frame; frames that a closure holds are never reused by later calls.
    @Test func closuresCaptureAndFramesAreNotReusedWhileHeld() {
        #expect(output("fn counter() { c = 0\n fn inc(by) { c += by\n return c }\n return inc }\nf = counter()\nprint(f(1), f(2), f(by=3))") == "1 3 6")
        #expect(output("fn mk(n) { fn get() { return n } return get }\nfs = [mk(1), mk(2), mk(n=3)]\nprint(fs[0](), fs[1](), fs[2]())") == "1 2 3")
        // A pooled frame starts empty: a local the first call set is nil in the next call.
        #expect(output("fn k(x) { if x { y = 1 } return y }\nprint(k(true), k(false), k(x=false))") == "1 nil nil")
        // Arguments are evaluated in the caller's frame, left to right, before the callee's frame is used.
        #expect(output("fn p(a, b) { return [a, b] }\nfn q(n) { if n == 0 { return [] } return p(n, q(n - 1)) }\nprint(q(3))") == "[3, [2, [1, []]]]")
    }

    /// Defaults fill what positional arguments leave; keyword calls bind as before; errors are the binder's.
    @Test func defaultsAndKeywordsBindAsBefore() {
        let g = "fn g(a, b=2, c=3) { return [a, b, c] }\n"
        #expect(output(g + "print(g(1), g(1, 5), g(1, 5, 6), g(1, c=9), g(c=0, a=7))") == "[1, 2, 3] [1, 5, 3] [1, 5, 6] [1, 2, 9] [7, 2, 0]")
        let missing = run(g + "g()", file: "t.ce"), missingGeneral = run(g + "g(b=1)", file: "t.ce")
        #expect(missing.diagnostic?.message == missingGeneral.diagnostic?.message)
        #expect(missing.diagnostic?.message.contains("'a'") == true)
        #expect(missing.diagnostic?.location == SourceLocation(file: "t.ce", line: 2, column: 2))
        let many = run(g + "g(1, 2, 3, 4)", file: "t.ce"), manyGeneral = run(g + "g(1, 2, 3, 4, b=1)", file: "t.ce")
        #expect(many.diagnostic?.location == SourceLocation(file: "t.ce", line: 2, column: 2))
        #expect(many.diagnostic?.message.isEmpty == false)
        #expect(manyGeneral.diagnostic?.location == SourceLocation(file: "t.ce", line: 2, column: 2))
        // Defaults are the values from when `fn` ran, shared by fast and general calls.
        #expect(output("d = 10\nfn h(x, y=d) { return x + y }\nd = 20\nprint(h(1), h(x=1))") == "11 11")
    }

    /// An error inside a fast call has its own position and the call in its trace, as a general call's does.
    @Test func errorsKeepTheirPositionsAndTraces() {
        let src = "fn h(x) {\n  return x + nil\n}\nfn w(x) { return h(x) }\n"
        let fast = run(src + "w(1)", file: "t.ce"), general = run(src + "w(x=1)", file: "t.ce")
        #expect(fast.diagnostic?.location == SourceLocation(file: "t.ce", line: 2, column: 12))
        #expect(fast.diagnostic?.message == general.diagnostic?.message)
        #expect(fast.diagnostic?.location == general.diagnostic?.location)
        #expect(fast.diagnostic?.trace.calls.map(\.function) == ["h", "w"])
        #expect(general.diagnostic?.trace.calls.map(\.function) == ["h", "w"])
        // Not a function, and an argument that fails: at the call and at the argument.
        #expect(run("x = 3\nx(1)", file: "t.ce").diagnostic?.location == SourceLocation(file: "t.ce", line: 2, column: 2))
        #expect(run("fn f(a) { return a }\nf(1 + nil)", file: "t.ce").diagnostic?.location == SourceLocation(file: "t.ce", line: 2, column: 5))
    }

    /// Recursion without end is "too deep", on a big stack and on a small one, by either path.
    @Test func deepRecursionIsTooDeepNotACrash() {
        for program in ["fn f(n) { return f(n + 1) }\nf(0)", "fn f(n) { return f(n=n + 1) }\nf(0)",
                        "fn f(n) { if n < 0 { return 0 } return f(n + 1) + 1 }\nf(0)"] {
            onBigStack {
                let o = run(program, file: "t.ce")
                #expect(o.diagnostic?.message.hasPrefix("too deep") == true)
                #expect(o.diagnostic?.location?.line == 1)
            }
            onBigStack(1 << 20) {
                #expect(run(program).diagnostic?.message.hasPrefix("too deep") == true)
            }
        }
        // The interpreter still works after it.
        onBigStack(1 << 20) {
            let sink = OutputSink()
            guard let interp = try? Interpreter(builtins: [], print: { sink.lines.append($0) }) else {
                Issue.record("the interpreter did not start")
                return
            }
            _ = run("fn f(n) { return f(n + 1) }\nf(0)", in: interp)
            #expect(run("fn g(n) { if n == 0 { return 0 } return g(n - 1) + 1 }\nprint(g(100))", in: interp).text == "100")
        }
    }

    /// Calls alone (no loop) poll for Ctrl-C: a step budget, which the same poll checks, stops a recursion.
    @Test func callsPollForInterrupts() throws {
        let interp = try Interpreter(builtins: [], print: { _ in })
        interp.limitSteps(polls: 3)
        do {
            try interp.run("fn fib(n) { if n < 2 { return n } return fib(n - 1) + fib(n - 2) }\nx = fib(30)", file: "t.ce", echo: false)
            Issue.record("not interrupted")
        } catch let d as Diagnostic {
            #expect(d.kind == .interrupted)
        }
        #expect(interp.global("x") == nil)
        #expect(interp.global("fib") != nil)
    }
}
