// Semantics of every construct in grammar.md, run end to end.
import Testing
@testable import Language

@Suite struct InterpreterTests {
    @Test func mustShowFactorial() {
        #expect(output("x = 1\nfor i in range(1, 5) { x = x * i }\nprint(x)\n") == "24")
        #expect(output("x = 1\nfor i in 1..5 { x = x * i }\nprint(x)") == "24")
    }

    @Test func arithmeticAndPrecedence() {
        #expect(output("print(1 + 2 * 3, (1 + 2) * 3, 2 ^ 3 ^ 2, -2 ^ 2, 2 ** 10)") == "7 9 512 -4 1024")
        #expect(output("print(7 / 2, 7 % 3, -7 % 3, 7.5 % 2, 2 ^ -1)") == "3.5 1 2 1.5 0.5")
        #expect(output("print(1_000 + 2.5e-3, 0.1 + 0.2)") == "1000.0025 0.3")
        #expect(output("print(9223372036854775807 + 1)") == "9.223372037e+18")
    }

    @Test func recursionAndClosures() {
        let fib = "fn fib(n) { if n < 2 { return n }\n return fib(n - 1) + fib(n - 2) }\nprint(fib(20))"
        #expect(output(fib) == "6765")
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
            """
        #expect(output(counter) == "3")
        #expect(output("fn f(a, b=10) { return a + b }\nprint(f(1), f(1, 2), f(b=5, a=1))") == "11 3 6")
    }

    @Test func undefinedNameIsRuntimeErrorAtName() {
        let o = run("print(undefined_name)", file: "file.ce")
        #expect(o.diagnostic?.kind == .runtime)
        #expect(o.diagnostic?.rendered.hasPrefix("file.ce:1:7: error: 'undefined_name' is not defined") == true)
    }

    @Test func unclosedListReportsEnd() {
        let o = run("y = [1, 2", file: "file.ce")
        #expect(o.diagnostic?.kind == .syntax)
        #expect(o.diagnostic?.rendered.hasPrefix("file.ce:1:9: error:") == true)
        let o2 = run("y = [1, 2\n", file: "file.ce")
        #expect(o2.diagnostic?.rendered.hasPrefix("file.ce:1:9: error:") == true)
    }
}
