// `sample(fit, ...)` and `band(chain, fit, grid=...)`: the Bayesian cluster
// expansion as the language calls it (names, options, replay, predictive band).
import Testing
import Inference
import Numerics
import Language
@testable import Shell

@Suite struct FitPosteriorTests {
    /// A lasso fit of a 60-structure stand-in (33 columns in 12 groups) and its data.
    func lassoFit() throws -> (data: Value, fit: Value) {
        let data = try call(FitCommands.standin, [.int(60)], [("seed", .int(3))])
        return (data, try call(FitCommands.fit, [data], [("method", .string("lasso")), ("alpha", .double(0.01))]))
    }

    @Test func fitChainsReplayOnAnyThreadCountWithTheFitsNames() throws {
        let (_, fit) = try lassoFit()
        let eci = try fitObject(fit).fit.eci
        let keywords: [(String, Value)] = [("n", .int(300)), ("chains", .int(4)), ("seed", .int(5))]
        let (one, two) = try sampleOnOneAndTwoThreads(fit, keywords)
        #expect(one.posterior.samples == two.posterior.samples && one.posterior.costs == two.posterior.costs)
        let support = eci.indices.filter { eci[$0] != 0 }
        #expect(one.names == support.map { "J\($0)" })
        #expect(one.posterior.count == 1200)
        // noise= is σ²: giving the estimate itself changes nothing.
        let post = try FitPosteriorModel(try fitObject(fit), sampleAll: false, noise: nil)
        let same = try chain(try call(SampleCommand.sample, [fit], keywords + [("noise", .double(post.posterior.noiseVariance))]))
        #expect(same.posterior.samples == two.posterior.samples)
    }

    @Test func allSamplesEveryFreeECIAndUnknownOptionsAreErrors() throws {
        let (_, fit) = try lassoFit()
        let f = try fitObject(fit)
        let all = try chain(try call(SampleCommand.sample, [fit], [("n", .int(50)), ("seed", .int(1)), ("all", .bool(true))]))
        let fixed = Set(f.fit.fixedColumns.map(\.column))
        #expect(all.names == f.fit.eci.indices.filter { !fixed.contains($0) }.map { "J\($0)" })
        #expect(throws: RuntimeError.self) { try call(SampleCommand.sample, [fit], [("every", .int(3))]) }
        #expect(throws: RuntimeError.self) { try call(SampleCommand.sample, [fit], [("data", fit)]) }
        #expect(throws: RuntimeError.self) { try call(SampleCommand.sample, [fit], [("noise", .double(-1))]) }
    }

    @Test func bandOfAFitsEnergiesHoldsItsPredictions() throws {
        let (data, fit) = try lassoFit()
        let f = try fitObject(fit)
        let post = try call(SampleCommand.sample, [fit], [("n", .int(4000)), ("burn", .int(500)), ("chains", .int(2)), ("seed", .int(2))])
        guard case .object(let o) = try call(SampleCommand.band, [post, fit], [("grid", data), ("every", .int(4))]),
              let table = o as? TextTable else { Issue.record("band did not return a table"); return }
        // Headers carry the fit's unit; the fields are the plain names.
        #expect(table.columns.map(\.name) == ["structure"] + ["mean", "median", "lower", "upper"].map { "\($0) (\(f.fit.unit))" })
        #expect(table.fieldNames == ["structure", "mean", "median", "lower", "upper"])
        #expect(table.rowCount == 60)
        func numbers(_ k: Int) -> [Double] { table.columns[k].values.map { if case .double(let x) = $0 { return x }; return .nan } }
        let mean = numbers(1), lower = numbers(3), upper = numbers(4)
        // The posterior is centred near the fit (the lasso mode), so the fit's predictions lie in the 95% bands.
        let inside = (0..<60).filter { lower[$0] <= f.fit.predictions[$0] && f.fit.predictions[$0] <= upper[$0] }.count
        #expect(inside >= 57, "\(inside) of 60 fitted energies inside their band")
        #expect((0..<60).allSatisfy { lower[$0] < mean[$0] && mean[$0] < upper[$0] })
        // A chain whose parameters are not the fit's ECIs (other names, other count) is refused.
        let d = try chain(post).names.count
        let renamed = try call(SampleCommand.sample, [fit], [("n", .int(10)), ("seed", .int(1)),
                                                             ("names", .strings((0..<d).map { "p\($0)" }))])
        #expect(throws: RuntimeError.self) { try call(SampleCommand.band, [renamed, fit], [("grid", data)]) }
        let rows: [Value] = (0..<12).map { i in .doubles([Double(i), Double(i * i % 7), Double(i % 3)]) }
        let small = try call(FitCommands.fit, [], [("features", .list(ListValue(rows))),
                                                   ("energies", .doubles((0..<12).map { Double($0 * $0 % 5) }))])
        let other = try call(SampleCommand.sample, [small], [("n", .int(10)), ("seed", .int(1))])
        #expect(throws: RuntimeError.self) { try call(SampleCommand.band, [other, fit], [("grid", data)]) }
    }

    @Test func rankDeficientLeastSquaresIsRefused() throws {
        let rows: [Value] = (0..<12).map { i in .doubles([Double(i), Double(2 * i), Double(i * i % 5)]) }
        let fit = try call(FitCommands.fit, [], [("features", .list(ListValue(rows))),
                                                 ("energies", .doubles((0..<12).map { Double($0) * 0.3 + Double($0 % 3) }))])
        #expect(throws: RuntimeError.self) { try call(SampleCommand.sample, [fit], [("n", .int(10))]) }
    }
}
