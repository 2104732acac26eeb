// `sample` on a calibrated closure model (its rates' posterior) and the
// chain's ready-made pictures (trace, pairs sized by 1/J, cost histogram).
import Testing
import Inference
import Numerics
import Language
@testable import Shell

@Suite struct ClosurePosteriorTests {
    /// A closure calibrated on a small seeded anneal (12 × 12 triangular, x = 1/3).
    func model(_ kind: String, rates: Bool) throws -> Value {
        try call(ClosureCommands.closureCommand, [.string(kind)],
                 [("size", .int(12)), ("seed", .int(7)), ("starts", .int(2)), ("rates", .bool(rates))])
    }

    @Test func rateChainsReplayOnAnyThreadCount() throws {
        let pa = try model("pair", rates: true)
        let keywords: [(String, Value)] = [("n", .int(60)), ("chains", .int(3)), ("seed", .int(5))]
        let (one, two) = try sampleOnOneAndTwoThreads(pa, keywords)
        let again = try chain(try call(SampleCommand.sample, [pa], keywords))
        #expect(one.names == (1...8).map { "k\($0)" })
        #expect(one.posterior.count == 180)
        #expect(one.posterior.samples == two.posterior.samples && one.posterior.costs == two.posterior.costs)
        #expect(two.posterior.samples == again.posterior.samples)
        // The chains start at the fitted rates, whose cost is the fit's J(K), and never leave K >= 0.
        guard case .object(let o) = pa, let fitted = o as? ClosureModelObject, let fit = fitted.rateFit else {
            Issue.record("no rate fit"); return
        }
        #expect(fit.cost(fit.model.rates) == fit.objective)
        #expect(one.posterior.samples.allSatisfy { $0 >= 0 })
        #expect(one.posterior.costs.allSatisfy { $0.isFinite && $0 >= 0 })
    }

    @Test func sparsePosteriorBoxHoldsTheFit() throws {
        let sa = try model("sparse", rates: false)
        guard case .object(let o) = sa, let fitted = o as? ClosureModelObject, let fit = fitted.sparseFits.first else {
            Issue.record("no sparse fit"); return
        }
        // exp(-J / noise) with noise well below J at the fit, so the box is narrow, not the prior's.
        let noise = fit.misfit / 20
        let post = try chain(try call(SampleCommand.sample, [sa], [("n", .int(400)), ("chains", .int(2)), ("seed", .int(1)),
                                                                  ("noise", .double(noise))]))
        #expect(post.names == ["alpha1", "alpha2"])
        let alpha = [fit.model.alpha1, fit.model.alpha2]
        let s = post.summaryStatistics
        for p in 0..<2 {
            #expect(s.lower[p] <= alpha[p] && alpha[p] <= s.upper[p], "alpha\(p + 1) = \(alpha[p]) outside [\(s.lower[p]), \(s.upper[p])]")
        }
        for p in 0..<2 { #expect(s.upper[p] - s.lower[p] < 0.5 * abs(alpha[p]), "box \(s.lower[p])...\(s.upper[p])") }
        // The fit is the minimum of the cost the chain samples (J / noise).
        #expect(post.posterior.costs.allSatisfy { $0 * noise >= fit.misfit * (1 - 1e-9) })
        #expect(throws: RuntimeError.self) { _ = try call(SampleCommand.sample, [sa], [("noise", .double(0))]) }
    }

    @Test func closureWithoutRatesIsAClearError() throws {
        let pa = try model("pair", rates: false)
        #expect(throws: RuntimeError.self) { _ = try call(SampleCommand.sample, [pa], [("n", .int(10))]) }
        let sa = try model("sparse", rates: false)
        #expect(throws: RuntimeError.self) { _ = try call(SampleCommand.sample, [sa], [("data", .int(1))]) }
    }

    /// Three states of two parameters with costs 1, 2, 4.
    func tinyChain() throws -> ChainObject {
        let c = Chain(dimension: 2, samples: [1, 10, 2, 20, 3, 30], costs: [1, 2, 4], iterations: 3, proposed: [3, 1],
                      accepted: [2, 0], sigma1: [1, 1], sigma2: [0.1, 0.1], interrupted: false)
        return ChainObject(posterior: try Posterior(chains: [c]), names: ["a", "b"], method: .delayedRejection,
                           burn: 0, thin: 1, level: 0.95)
    }

    @Test func chainFiguresCarryTheSamples() throws {
        let post = try tinyChain()
        #expect(post.figureNames == ["trace", "corner", "pairs", "cost"])
        // A row per parameter: its marginal, then its trace against the iteration.
        let trace = try post.figure("trace")
        #expect(trace.panels.count == 4 && trace.columns == 2)
        let traces = trace.panels.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        #expect(traces.map(\.ylabel) == ["a", "b"] && traces.allSatisfy { $0.xlabel == "iteration" })
        #expect(traces.map { $0.series.map(\.y) } == [[[1, 2, 3]], [[10, 20, 30]]])
        #expect(traces[0].series.first?.x == [0, 1, 2] && traces[0].series.first?.label == "chain 1")
        #expect(try post.figure("trace:b").panels.last?.series.map(\.y) == [[10, 20, 30]])
        let pairs = try post.figure("pairs")
        #expect(pairs.kind == .scatter && pairs.xlabel == "a" && pairs.ylabel == "b")
        #expect(pairs.series[0].x == [1, 2, 3] && pairs.series[0].y == [10, 20, 30])
        // Linear in 1/J = 1, 1/2, 1/4: the lowest J gets 2, the highest 0.3.
        let sizes = pairs.series[0].sizes ?? []
        #expect(sizes.count == 3 && abs(sizes[0] - 2) < 1e-12 && abs(sizes[1] - (0.3 + 1.7 / 3)) < 1e-12 && sizes[2] == 0.3)
        #expect(ChainObject.markerSizes([5, 5]) == [2, 2])
        let swapped = try post.figure("pairs:b,a")
        #expect(swapped.series[0].x == [10, 20, 30] && swapped.xlabel == "b")
        let cost = try post.figure("cost")
        #expect(cost.kind == .histogram(bins: 30) && cost.series[0].y == [1, 2, 4])
        #expect(try post.figure(nil).kind == .lines)
        #expect(throws: RuntimeError.self) { _ = try post.figure("pairs:a") }
        #expect(throws: RuntimeError.self) { _ = try post.figure("pairs:a,zz") }
        #expect(throws: RuntimeError.self) { _ = try post.figure("bogus") }
    }
}
