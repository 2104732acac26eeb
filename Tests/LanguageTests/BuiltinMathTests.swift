// Math builtins: values, element-wise application, IEEE domain behaviour, ints kept.
import Testing
@testable import Language

@Suite struct BuiltinMathTests {
    let h = BuiltinHarness()

    @Test func absKeepsInts() throws {
        #expect(try h.show("abs", [.int(-3)]) == "3")
        #expect(try h.show("abs", [.double(-1.5)]) == "1.5")
        #expect(try h.show("abs", [.list(ListValue([.int(-1), .double(-2.5)]))]) == "[1, 2.5]")
        #expect(try h.show("abs", [.int(Int.min)]) == "9.223372037e+18")
        #expect(h.failure("abs", [.string("x")]) == "abs: x must be a number or list of numbers, got a string")
    }

    @Test func unaryFunctionsAreElementwise() throws {
        #expect(try h.show("sqrt", [intList(1, 4, 9)]) == "[1.0, 2.0, 3.0]")
        #expect(try h.show("sqrt", [.list(ListValue([intList(4), intList(16, 25)]))]) == "[[2.0], [4.0, 5.0]]")
        #expect(try h.show("exp", [.range(RangeValue(start: 0, end: 2))]) == "[1.0, 2.718281828]")
        #expect(asDouble(try h.call("sin", [.double(.pi / 2)])) == 1)
        #expect(asDouble(try h.call("cos", [.int(0)])) == 1)
        #expect(h.failure("exp", [.list(ListValue([.int(1), .string("a")]))]) == "exp needs a number or a list of numbers, got string")
    }

    @Test func domainErrorsFollowIEEE() throws {
        #expect(asDouble(try h.call("sqrt", [.int(-1)])).isNaN)
        #expect(asDouble(try h.call("log", [.int(0)])) == -.infinity)
        #expect(asDouble(try h.call("log", [.int(-1)])).isNaN)
        #expect(try h.show("exp", [.int(1000)]) == "inf")
    }

    @Test func logarithmBases() throws {
        #expect(asDouble(try h.call("log", [.double(2.718281828459045)])) == 1)
        #expect(asDouble(try h.call("log", [.int(8), .int(2)])) == 3)
        #expect(asDouble(try h.call("log", [.int(1000), .int(10)])) == 3)
        #expect(abs(asDouble(try h.call("log", [.int(81), .int(3)])) - 4) < 1e-15)
        #expect(try h.show("log", [intList(1, 100)], [("base", .int(10))]) == "[0.0, 2.0]")
    }

    @Test func floorAndRoundGiveInts() throws {
        #expect(try h.show("floor", [.double(2.7)]) == "2")
        #expect(try h.show("floor", [.double(-0.5)]) == "-1")
        #expect(try h.show("floor", [numList(1.5, 3)]) == "[1, 3]")
        #expect(try h.show("floor", [.double(.nan)]) == "nan")
        #expect(try h.show("round", [.double(2.5)]) == "2")
        #expect(try h.show("round", [.double(3.5)]) == "4")
        #expect(try h.show("round", [.double(-2.5)]) == "-2")
        #expect(try h.show("round", [.double(3.14159), .int(2)]) == "3.14")
        #expect(try h.show("round", [.int(1234), .int(-2)]) == "1200")
        #expect(try h.show("round", [.int(7), .int(2)]) == "7")
        // 0.125 is exact in binary: the tie goes to even; 2.675 is really 2.67499999...
        #expect(try h.show("round", [numList(0.125, 2.675), .int(2)]) == "[0.12, 2.67]")
        #expect(try h.show("round", [.double(1e300)]) == "1e+300")
        // Long decimal expansions are not cut short.
        #expect(asDouble(try h.call("round", [.double(1e300), .int(5)])) == 1e300)
        #expect(asDouble(try h.call("round", [.double(1.234e-300), .int(302)])) == 1.23e-300)
        #expect(h.failure("round", [.double(1), .int(400)]) == "round: digits must be between -308 and 308, got 400")
    }

    @Test func minAndMax() throws {
        #expect(try h.show("min", [.int(3), .int(1), .int(2)]) == "1")
        #expect(try h.show("max", [numList(2.5, -1, 7)]) == "7.0")
        #expect(try h.show("max", [.list(ListValue([.int(2), .double(7), .int(7)]))]) == "7.0")
        #expect(try h.show("min", [.list(ListValue([.string("b"), .string("a")]))]) == "\"a\"")
        #expect(try h.show("max", [.range(RangeValue(start: 0, end: 10))]) == "9")
        #expect(try h.show("min", [numList(1, .nan, 0)]) == "nan")
        #expect(h.failure("min", [.list(ListValue([]))]) == "min of an empty list")
        #expect(h.failure("max", [.int(1), .string("a")]) == "max cannot compare string with int")
    }
}
