// range, linspace, logspace: Python's half-open ranges and numpy's exact values.
import Testing
@testable import Language

@Suite struct BuiltinSequenceTests {
    let h = BuiltinHarness()

    @Test func rangeIsHalfOpen() throws {
        guard case .range(let r) = try h.call("range", [.int(1), .int(5)]) else { Issue.record("not a range"); return }
        #expect(Array(r) == [1, 2, 3, 4])
        guard case .range(let r3) = try h.call("range", [.int(3)]) else { Issue.record("not a range"); return }
        #expect(Array(r3) == [0, 1, 2])
        guard case .range(let down) = try h.call("range", [.int(10), .int(0), .int(-3)]) else { Issue.record("not a range"); return }
        #expect(Array(down) == [10, 7, 4, 1])
        guard case .range(let empty) = try h.call("range", [.int(5), .int(1)]) else { Issue.record("not a range"); return }
        #expect(empty.count == 0)
        #expect(h.failure("range", [.int(0), .int(5), .int(0)]) == "range: step must not be 0")
        #expect(h.failure("range", [.int(Int.min), .int(Int.max)]) == "range: from \(Int.min) to \(Int.max) is too long for a range")
        #expect(h.failure("range", [.int(Int.max), .int(-2), .int(-1)])?.hasSuffix("is too long for a range") == true)
        guard case .range(let wide) = try h.call("range", [.int(-(1 << 61)), .int(1 << 61), .int(1 << 60)]) else { Issue.record("not a range"); return }
        #expect(wide.count == 4)
        #expect(h.failure("range", [.double(1.5)]) == "range: start must be an int, got a float")
    }

    @Test func linspaceAndLogspace() throws {
        #expect(try h.show("linspace", [.int(0), .int(1), .int(5)]) == "[0.0, 0.25, 0.5, 0.75, 1.0]")
        #expect(try h.show("linspace", [.int(2), .int(3), .int(1)]) == "[2.0]")
        #expect(try h.show("linspace", [.int(2), .int(3), .int(0)]) == "[]")
        #expect(asDoubles(try h.call("linspace", [.int(0), .int(1)])).count == 50)
        #expect(try h.show("logspace", [.int(0), .int(3), .int(4)]) == "[1.0, 10.0, 100.0, 1000.0]")
        #expect(try h.show("logspace", [.int(-2), .int(0), .int(3)]) == "[0.01, 0.1, 1.0]")
        #expect(h.failure("linspace", [.int(0), .int(1), .int(-1)]) == "linspace: n must be 0 or more, got -1")
    }

    @Test func valuesLikeNumpy() throws {
        // linspace is the same arithmetic as numpy's; logspace goes through pow,
        // where numpy's SIMD pow and the C library's may differ by one ulp.
        let cases: [(String, [Value], String, Double)] = [
            ("linspace", [.double(-1.3), .double(2.9), .int(37)], "np.linspace(-1.3, 2.9, 37)", 0),
            ("linspace", [.double(1), .double(0.01), .int(20)], "np.linspace(1, 0.01, 20)", 0),
            ("logspace", [.double(-3), .double(1.5), .int(11)], "np.logspace(-3, 1.5, 11)", 2.3e-16),
            ("logspace", [.double(0.30103), .double(-1.52288), .int(17)], "np.logspace(0.30103, -1.52288, 17)", 2.3e-16),
        ]
        for (name, args, expression, tolerance) in cases {
            let expected = try numpyValues(expression)
            let got = asDoubles(try h.call(name, args))
            #expect(got.count == expected.count)
            #expect(zip(got, expected).allSatisfy { abs($0 - $1) <= tolerance * abs($1) }, "\(name) matches \(expression)")
        }
    }
}
