// The fit's pictures: the ECI figure of a fit, and the learning and capacity
// curve commands, their tables and figure data against the engine's own results.
import Testing
import Language
import Regression
@testable import Shell

@Suite struct FitPicturesTests {
    func call(_ builtin: Builtin, _ positional: [Value] = [], _ keywords: [(String, Value)] = []) throws -> Value {
        let context = CallContext(print: { _ in })
        return try builtin.body(Arguments.bind(builtin, positional: positional, keywords: keywords, context: context))
    }

    func object<T>(_ v: Value, as: T.Type) -> T? {
        guard case .object(let o) = v else { return nil }
        return o as? T
    }

    /// The stand-in dataset every test uses, and its problem as the engine sees it.
    func standin() throws -> (value: Value, problem: RegressionProblem) {
        let value = try call(FitCommands.standin, [.int(80)], [("seed", .int(4))])
        let data = try #require(object(value, as: FitDataObject.self))
        let problem = try RegressionProblem(features: data.features, energies: data.energies,
                                            groups: try FeatureGroups(ids: data.groups))
        return (value, problem)
    }

    @Test func fitFigureHoldsTheECIsByColumn() throws {
        let (data, _) = try standin()
        let fit = try #require(object(try call(FitCommands.fit, [data], [("method", .string("lasso")), ("alpha", .double(0.02))]),
                                      as: FitObject.self))
        #expect(fit.figureNames == ["eci"])
        let figure = try fit.figure(nil)
        #expect(figure.series.count == 1)
        #expect(figure.series[0].y == fit.fit.eci)
        #expect(figure.series[0].x == fit.fit.eci.indices.map(Double.init))
        #expect(figure.ylabel == "ECI (eV/prim)")
        #expect(throws: RuntimeError.self) { _ = try fit.figure("learning") }
    }

    @Test func learningCurveFigureMatchesTheEngine() throws {
        let (data, problem) = try standin()
        let value = try call(FitCurveCommands.learningCurve, [data],
                             [("method", .string("ridge")), ("alpha", .double(0.01)), ("sizes", .ints([20, 40, 64])),
                              ("cv", try call(FitCommands.splits, [.int(4)], [("test", .double(0.2))])), ("seed", .int(7))])
        let curve = try #require(object(value, as: LearningCurveObject.self))
        let engine = try Estimator(method: .ridge, alpha: 0.01).learningCurve(problem, sizes: [20, 40, 64], repeats: 4,
                                                                             testFraction: 0.2, seed: 7, threads: 1)
        let figure = try curve.figure(nil)
        #expect(figure.series.map(\.label) == ["train", "test"])
        #expect(figure.series[0].x == [20, 40, 64])
        #expect(figure.series[0].y == engine.map(\.trainRMSE))
        #expect(figure.series[1].y == engine.map(\.testRMSE))
        #expect(figure.series[1].errors == engine.map(\.testStandardError))
        #expect(curve.table.split(separator: "\n").count == 2 + 3)
        #expect(curve.table.contains("(eV/prim)"))
        // More data must not make the held-out error of this well-posed ridge fit much worse.
        #expect(engine[2].testRMSE < engine[0].testRMSE * 1.5)
        #expect(FitCurveCommands.defaultSizes(rows: 100, testFraction: 0.2) == [16, 32, 48, 64, 80])
        #expect(throws: RuntimeError.self) {
            _ = try call(FitCurveCommands.learningCurve, [data], [("sizes", .ints([70]))])
        }
        #expect(throws: RuntimeError.self) {
            _ = try call(FitCurveCommands.learningCurve, [data], [("cv", .int(5))])
        }
    }

    @Test func capacityCurveFigureMatchesTheEngineAndTheFullFit() throws {
        let (data, problem) = try standin()
        let value = try call(FitCurveCommands.capacityCurve, [data], [("cv", .int(4)), ("seed", .int(2))])
        let curve = try #require(object(value, as: CapacityCurveObject.self))
        let engine = try Estimator(method: .leastSquares).capacityCurve(problem, scheme: .kFold(4), seed: 2, threads: 1)
        let figure = try curve.figure("rmse")
        #expect(figure.series[0].x == engine.map { Double($0.orbits) })
        #expect(figure.series[0].y == engine.map(\.trainRMSE))
        #expect(figure.series[1].y == engine.map(\.score.rmse))
        #expect(figure.series[1].errors == engine.map(\.score.standardError))
        // With every orbit in, the model is the plain least-squares fit of all columns.
        let full = try #require(object(try call(FitCommands.fit, [data]), as: FitObject.self))
        let last = try #require(engine.last)
        #expect(last.columns == problem.features.columns)
        #expect(abs(last.trainRMSE - full.fit.trainRMSE) < 1e-9)
        #expect(throws: RuntimeError.self) {
            _ = try call(FitCurveCommands.capacityCurve, [data], [("keep", .ints([999]))])
        }
    }
}
