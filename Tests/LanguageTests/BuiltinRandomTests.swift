// Seeded draws: replay after seed(n), ranges, distinctness, moments.
import Testing
@testable import Language

@Suite struct BuiltinRandomTests {
    @Test func seedReplaysEveryDraw() throws {
        let h = BuiltinHarness()
        func draws() throws -> String {
            _ = try h.call("seed", [.int(42)])
            return try [
                h.show("rand"), h.show("rand", [.int(3)]), h.show("randn", [.int(2)]),
                h.show("randint", [.int(0), .int(10), .int(5)]), h.show("choice", [.strings(["Li", "Mn"]), .int(4)]),
                h.show("shuffle", [.range(RangeValue(start: 0, end: 8))]),
            ].joined(separator: " ")
        }
        let first = try draws()
        #expect(try draws() == first)
        _ = try h.call("seed", [.int(43)])
        #expect(try h.show("rand") != first.split(separator: " ").first.map(String.init))
        #expect(h.failure("seed", [.int(-1)]) == "seed must be 0 or more, got -1")
    }

    @Test func drawsStayInTheirRanges() throws {
        let h = BuiltinHarness(seed: 7)
        let u = asDoubles(try h.call("rand", [.int(2000)]))
        #expect(u.count == 2000 && u.allSatisfy { $0 >= 0 && $0 < 1 })
        #expect(abs(u.reduce(0, +) / 2000 - 0.5) < 0.03)
        let k = asDoubles(try h.call("randint", [.int(-2), .int(3), .int(2000)]))
        #expect(Set(k) == [-2, -1, 0, 1, 2])
        let z = asDoubles(try h.call("randn", [.int(4000)]))
        let mean = z.reduce(0, +) / 4000
        let sd = (z.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 4000).squareRoot()
        #expect(abs(mean) < 0.05 && abs(sd - 1) < 0.05)
        #expect(try h.show("rand", [.int(0)]) == "[]")
        #expect(h.failure("randint", [.int(3), .int(3)]) == "randint needs low < high (and a width that fits an int), got 3 and 3")
        #expect(h.failure("rand", [.int(-1)]) == "rand: n must be 0 or more, got -1")
    }

    @Test func choiceAndShuffle() throws {
        let h = BuiltinHarness(seed: 3)
        let picks = asDoubles(try h.call("choice", [.range(RangeValue(start: 0, end: 10)), .int(10)], [("replace", .bool(false))]))
        #expect(picks.sorted() == (0..<10).map(Double.init))
        let input = ListValue((0..<20).map { .int($0) })
        let shuffled = asDoubles(try h.call("shuffle", [.list(input)]))
        #expect(shuffled.sorted() == (0..<20).map(Double.init) && shuffled != (0..<20).map(Double.init))
        #expect(asDoubles(.list(input)) == (0..<20).map(Double.init), "shuffle leaves its input alone")
        #expect(h.failure("choice", [.list(ListValue([]))]) == "choice needs a non-empty list")
        #expect(h.failure("choice", [intList(1, 2), .int(3)], [("replace", .bool(false))]) == "choice without replacement needs n between 0 and 2, got 3")
    }

    @Test func timeIsMonotonic() throws {
        let h = BuiltinHarness()
        let a = asDouble(try h.call("time")), b = asDouble(try h.call("time"))
        #expect(a > 0 && b >= a)
    }
}
