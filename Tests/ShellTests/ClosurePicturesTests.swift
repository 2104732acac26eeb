// A closure model's ready-made pictures hold its own numbers: the triplet
// errors of the closure and of the pair approximation, and the pair
// concentrations of the data beside the fitted rate model's curves.
import Testing
import Language
@testable import Shell

@Suite struct ClosurePicturesTests {
    @Test func closureFiguresHoldTheErrorsAndTheDataBesideTheModel() throws {
        let builtin = ClosureCommands.closureCommand
        let value = try builtin.call([.string("pair")], [
            ("size", .int(12)), ("seed", .int(7)), ("rates", .bool(true)), ("starts", .int(2)),
        ], context: CallContext(print: { _ in }))
        guard case .object(let object) = value, let model = object as? ClosureModelObject else {
            Issue.record("closure returns a closure model")
            return
        }
        #expect(model.figureNames == ["errors", "fit"])
        let errors = try model.figure(nil)
        let types: [Double] = (1...16).map { Double($0) }
        #expect(errors.series.map(\.x) == [types, types])
        #expect(errors.series[0].y == model.errors)
        #expect(errors.series[1].y == model.pairErrors)
        #expect(errors.logy)
        let fit = try model.figure("fit")
        let path = try #require(model.rateFit?.trajectory)
        #expect(fit.series.map(\.label) == ["C++ data", "C+- data", "C-- data", "C++ model", "C+- model", "C-- model"])
        #expect(fit.series[0].x == model.series.times)
        #expect(fit.series[1].y == model.series.plusMinus)
        #expect(fit.series[3].x == path.times)
        #expect(fit.series[4].y == path.plusMinus)
        // The model starts from the data's first pair concentrations.
        for k in 0..<3 {
            let (data, curve) = (fit.series[k].y, fit.series[k + 3].y)
            #expect(abs((data.first ?? .nan) - (curve.first ?? .nan)) < 1e-9, "\(fit.series[k].label)")
        }
        #expect(throws: RuntimeError.self) { _ = try model.figure("corner") }
    }
}
