// sum, mean, std against closed forms, exact compensated sums and errors.
import Testing
@testable import Language

@Suite struct BuiltinStatisticsTests {
    let h = BuiltinHarness()

    @Test func sumKeepsIntsAndCompensates() throws {
        #expect(try h.show("sum", [intList(1, 2, 3)]) == "6")
        #expect(try h.show("sum", [.range(RangeValue(start: 1, end: 101))]) == "5050")
        #expect(try h.show("sum", [.list(ListValue([]))]) == "0")
        // Naive summation gives 0.0 here; the compensated sum is exact.
        #expect(asDouble(try h.call("sum", [numList(1e16, 1, -1e16)])) == 1)
        #expect(asDouble(try h.call("sum", [.doubles(Array(repeating: 0.1, count: 10))])) == 1)
        #expect(asDouble(try h.call("sum", [numList(1, .infinity)])) == .infinity)
        #expect(try h.show("sum", [intList(Int.max, 1, -1)]) == "9.223372037e+18", "an int overflow gives a float")
        #expect(h.failure("sum", [.list(ListValue([.int(1), .string("x")]))]) == "sum: xs must be a list of numbers, found a string at [1]")
    }

    @Test func meanAndStdMatchClosedForms() throws {
        // 1..n: mean (n+1)/2, population variance (n²-1)/12, sample variance n(n+1)/12.
        for n in [2, 7, 1000] {
            let xs: Value = .range(RangeValue(start: 1, end: n + 1))
            let nd = Double(n)
            #expect(asDouble(try h.call("mean", [xs])) == (nd + 1) / 2)
            let pop = asDouble(try h.call("std", [xs]))
            #expect(abs(pop - ((nd * nd - 1) / 12).squareRoot()) <= 1e-14 * pop)
            let sample = asDouble(try h.call("std", [xs], [("ddof", .int(1))]))
            #expect(abs(sample - (nd * (nd + 1) / 12).squareRoot()) <= 1e-14 * sample)
        }
        #expect(try h.show("std", [numList(1, 2, 3, 4)]) == "1.118033989")
        #expect(asDouble(try h.call("std", [numList(5, 5, 5)])) == 0)
        #expect(h.failure("mean", [.list(ListValue([]))]) == "mean of an empty list")
        #expect(h.failure("std", [numList(1)], [("ddof", .int(1))]) == "std with ddof=1 needs more than 1 values, got 1")
    }
}
