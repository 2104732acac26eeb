// NumericMatch: how ce check compares a replay with its transcript.
import Testing
@testable import Shell

@Suite struct NumericMatchTests {
    let match = NumericMatch()

    @Test func floatsAgreeWithinTheTolerance() {
        #expect(match.agrees("{\"cv_rmse\": 0.1527642271, \"cv_se\": 0.01371259509}", "{\"cv_rmse\": 0.1527642269, \"cv_se\": 0.01371259496}"))
        #expect(match.agrees("   5      2        2.9698     1        1  -0.0088939", "   5      2        2.9698     1        1  -0.008894"),
                "runs of spaces may differ in width (aligned tables)")
        #expect(match.agrees("x 1e-07 y", "x 1.00001e-07 y"))
        #expect(match.agrees("[nan, inf, -inf]", "[nan, inf, -inf]"))
        #expect(match.agrees("0.0", "1e-13"), "numbers that should be zero agree within the absolute tolerance")
    }

    @Test func everythingElseMustBeTheSame() {
        #expect(!match.agrees("E 1.5", "E 1.6"))
        #expect(!match.agrees("n = 12", "n = 13"), "whole numbers are exact")
        #expect(!match.agrees("0.1527 eV", "0.1527 meV"))
        #expect(!match.agrees("a b", "ab"), "a space may widen but not appear")
        #expect(!match.agrees("[nan]", "[0.0]") && !match.agrees("inf", "-inf"))
        #expect(!match.agrees("1.0\n", "1.0\n2.0\n"))
        #expect(!NumericMatch.exact.agrees("0.1527642271", "0.1527642269"))
    }

    @Test func numbersInsideNamesAreText() {
        #expect(!match.agrees("fit_eci2.gp", "fit_eci3.gp"))
        #expect(!match.agrees("x1.5", "x1.6"), "digits after a letter belong to the name")
        #expect(match.agrees("Li1/3 at 0.333333", "Li1/3 at 0.3333334"))
        #expect(NumericMatch.tokens("v3.").count == 1, "'v3.' is one piece of text")
        #expect(NumericMatch.tokens("-2.5e-3,4").map { if case .number(let t, _) = $0 { return t } else { return "|" } } == ["-2.5e-3", "|", "4"])
    }

    @Test func mergeKeepsAgreeingLines() {
        #expect(match.merge(recorded: "x 0.15276422\nn 3\n", replayed: "x 0.15276421\nn 4\n") == "x 0.15276422\nn 4\n")
        #expect(match.merge(recorded: "a\n", replayed: "a\nb\n") == "a\nb\n")
    }
}
