// List and map comprehensions and multiple assignment: Python's results on
// the same inputs, their scoping, their errors (file:line:column), and how
// the REPL's completeness check treats them.
import PeerSupport
import Testing
@testable import Language

@Suite struct ComprehensionTests {
    /// What `source` prints with every core builtin, or its rendered diagnostic.
    private func ce(_ source: String) -> String {
        let sink = OutputSink()
        do {
            let interp = try Interpreter(builtins: CoreBuiltins.all, print: { sink.lines.append($0) })
            try interp.run(source, file: "c.ce", echo: true)
        } catch let d as Diagnostic {
            return (sink.lines + [d.rendered]).joined(separator: "\n")
        } catch {
            return "\(error)"
        }
        return sink.lines.joined(separator: "\n")
    }

    @Test func comprehensionsGivePythonsResults() throws {
        // Each case in ce and in Python (with ce's range a..b written range(a, b)); Python's
        // repr is printed as ce prints (lists and dicts alike, strings quoted with ").
        let cases: [(ce: String, python: String)] = [
            ("[x * x for x in [-2, -1, 0, 1, 2, 3] if x > 0]", "[x * x for x in [-2, -1, 0, 1, 2, 3] if x > 0]"),
            ("[i * j for i in 0..4 for j in 0..i if (i + j) % 2 == 1]", "[i * j for i in range(0, 4) for j in range(0, i) if (i + j) % 2 == 1]"),
            ("[k for k in {\"b\": 1, \"a\": 2}]", "[k for k in {\"b\": 1, \"a\": 2}]"),
            ("{k: v * 10 for k, v in {\"b\": 1, \"a\": 2} if v > 1}", "{k: v * 10 for k, v in {\"b\": 1, \"a\": 2}.items() if v > 1}"),
            ("[c + c for c in \"abc\"]", "[c + c for c in \"abc\"]"),
            ("[[i, x] for i, x in [\"p\", \"q\"]]", "[[i, x] for i, x in enumerate([\"p\", \"q\"])]"),
            ("{str(x % 3): x for x in 0..10}", "{str(x % 3): x for x in range(0, 10)}"),
            ("[x for x in []]", "[x for x in []]"),
            ("[[y for y in 0..x] for x in 0..4]", "[[y for y in range(0, x)] for x in range(0, 4)]"),
            ("[x for x in 0..20 if x % 2 == 0 if x % 3 == 0]", "[x for x in range(0, 20) if x % 2 == 0 if x % 3 == 0]"),
        ]
        let script = "import json\n" + cases.map { "print(json.dumps(\($0.python), separators=(', ', ': ')))" }.joined(separator: "\n")
        let expected = try Peer.run(script).split(separator: "\n").map(String.init)
        #expect(expected.count == cases.count)
        for (i, c) in cases.enumerated() where i < expected.count {
            #expect(ce(c.ce) == expected[i], "\(c.ce)")
        }
    }

    @Test func loopVariablesBelongToTheComprehension() {
        // As in Python 3: the comprehension's x is its own, at the top level and in a function.
        #expect(ce("x = 99\nys = [x for x in 0..3]\nx") == "99")
        #expect(ce("fn f() { x = 7\n ys = [x * 2 for x in 0..3]\n return [x, ys] }\nf()") == "[7, [0, 2, 4]]")
        // Other names are read where the comprehension stands: a function's locals, globals.
        #expect(ce("k = 10\nfn g(n) { m = 2\n return [k * m * i for i in 0..n] }\ng(3)") == "[0, 20, 40]")
        // Closures made inside share the loop variable, late-bound, as in Python.
        #expect(ce("fs = [fn() { return i } for i in 0..3]\n[h() for h in fs]") == "[2, 2, 2]")
        #expect(ce("fs = [fn(i=i) { return i } for i in 0..3]\n[h() for h in fs]") == "[0, 1, 2]")
        // Nested comprehensions see the outer one's variables.
        #expect(ce("[[x + y for y in 0..2] for x in [10, 20]]") == "[[10, 11], [20, 21]]")
        // Used twice, it makes a new list each time.
        #expect(ce("fn sq(n) { return [i * i for i in 0..n] }\na = sq(3)\nb = sq(3)\na.append(1)\nb") == "[0, 1, 4]")
    }

    @Test func malformedComprehensionsPointAtTheMistake() {
        #expect(ce("[x for in xs]").hasPrefix("c.ce:1:8: error: expected a loop variable after 'for', found 'in'"))
        #expect(ce("[x for x xs]").hasPrefix("c.ce:1:10: error: expected 'in' after the loop variable, found 'xs'"))
        #expect(ce("y = 1\n[x for x in]").hasPrefix("c.ce:2:12: error: expected an expression, found ']'"))
        #expect(ce("[x for x in [1] if]").hasPrefix("c.ce:1:19: error: expected an expression, found ']'"))
        #expect(ce("[for x in [1]]").hasPrefix("c.ce:1:2: error: a list comprehension starts with the item to collect"))
        #expect(ce("[x for x in [1], 2]").hasPrefix(
            "c.ce:1:16: error: expected ']' to close the list comprehension opened at 1:1, found ','"))
        #expect(ce("[1, x for x in [1]]").hasPrefix("c.ce:1:7: error: a list comprehension has one item before 'for', found 2"))
        #expect(ce("{k for k in [1]}").hasPrefix("c.ce:1:4: error: a map comprehension needs 'key: value' before 'for'"))
        #expect(ce("{k: 1, j: 2 for k in [1]}").hasPrefix("c.ce:1:13: error: a map comprehension has one 'key: value' before 'for'"))
        // Run-time errors point at the sequence, the key or the failing element.
        #expect(ce("[x for x in 5]") == "c.ce:1:13: error: cannot loop over an int\n[x for x in 5]\n            ^")
        #expect(ce("{[x]: 1 for x in 0..2}").hasPrefix("c.ce:1:2: error: a map key must be a string, int, bool or nil, not list"))
        #expect(ce("[1 / (x - 1) for x in [3, 1]]").hasPrefix("c.ce:1:4: error: division by zero"))
    }

    @Test func multipleAssignmentUnpacksListsAndRanges() {
        #expect(ce("a, b = [1, 2]\n[a, b]") == "[1, 2]")
        #expect(ce("a, b = [1, 2]\na, b = b, a\n[a, b]") == "[2, 1]")
        #expect(ce("fn f() { return 3, \"x\" }\np, q = f()\n[p, q]") == "[3, \"x\"]")
        #expect(ce("i, j, k = 0..3\n[i, j, k]") == "[0, 1, 2]")
        #expect(ce("xs = [0, 0]\nm = {}\nxs[1], m.k = [5, 6]\n[xs, m]") == "[[0, 5], {\"k\": 6}]")
        // Inside a function the names are locals.
        #expect(ce("a = 1\nfn g() { a, b = [5, 6]\n return a + b }\n[g(), a]") == "[11, 1]")
        #expect(ce("for k, v in {\"Li\": 1, \"Mn\": 2} { print(k, v) }") == "Li 1\nMn 2")
        #expect(ce("a, b = [1, 2, 3]").hasPrefix("c.ce:1:6: error: cannot unpack 3 values into 2 names"))
        #expect(ce("a, b = 0..5").hasPrefix("c.ce:1:6: error: cannot unpack 5 values into 2 names"))
        #expect(ce("a, b = 5").hasPrefix("c.ce:1:6: error: cannot unpack an int into 2 names"))
        #expect(ce("a, 1 = [1, 2]").hasPrefix("c.ce:1:4: error: cannot assign to this expression"))
        #expect(ce("a, b += [1, 2]").hasPrefix("c.ce:1:6: error: '+=' takes one target"))
        #expect(ce("a, b").hasPrefix("c.ce:1:4: error: expected '=' after the 2 targets of a multiple assignment"))
    }

    @Test func theREPLWaitsForUnfinishedComprehensionsAndAssignments() {
        for source in ["[x for x in", "[x * x for", "[x for x in xs if", "{k: v for k, v in m", "ys = [x\n for x in xs\n",
                       "a, b =", "a,", "fn f() { return 1,"] {
            #expect(Completeness(of: source) == .incomplete, "\(source.debugDescription)")
        }
        for source in ["[x for x in xs]", "ys = [x\n for x in xs\n if x > 0]", "a, b = f()", "a, b = 1, 2",
                       "{k: 1 for k in m}"] {
            #expect(Completeness(of: source) == .complete, "\(source.debugDescription)")
        }
        for source in ["[x for in xs]", "a, b", "[x for x in xs,]", "a, 1 = f()"] {
            #expect(Completeness(of: source) == .invalid, "\(source.debugDescription)")
        }
    }
}
