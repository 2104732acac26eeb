// `sample(model, ...)` on a calibrated closure: the posterior of its rates
// k1..k8 (PA, OA) or of (alpha1, alpha2) (SA), likelihood ∝ exp(-J).
import Closure
import Inference
import Language

/// A closure model's rates as a posterior: cost J of Eq. 17 (PA, OA, with the
/// fit's penalty) or the SA misfit, started at the fitted values.
///
///     m = closure("pair", x=1/3, size=18, rates=true, seed=7)
///     post = sample(m, n=2000, method="dr-mh", seed=1)
extension ClosureModelObject: PosteriorModel {
    var parameterNames: [String] {
        closure.kind == .sparse ? ["alpha1", "alpha2"] : (1...8).map { "k\($0)" }
    }

    var posteriorStart: [Double] {
        if let rateFit { return rateFit.model.rates }
        if let fit = sparseFits.first { return [fit.model.alpha1, fit.model.alpha2] }
        return []
    }

    /// Rates: the positive orthant. SA: the (α1, α2) box its fit searched, ±50 per data span
    /// (the paper's α are negative, so the orthant would exclude them).
    var posteriorPrior: UniformPrior {
        guard closure.kind == .sparse else { return .positiveOrthant(dimension: 8) }
        let span = series.times[series.count - 1] - series.times[0]
        let bound = 50 / span
        return (try? UniformPrior(lower: [-bound, -bound], upper: [bound, bound])) ?? .unbounded(dimension: 2)
    }

    func posteriorCost(data: Value, context: CallContext) throws -> ([Double]) -> Double {
        guard case .null = data else {
            throw RuntimeError("sample: a closure model is sampled on the data it was calibrated on; "
                + "calibrate a new model with closure(..., data=...) instead of passing data=")
        }
        if let rateFit {
            let cost = rateFit.cost
            return { cost($0) }
        }
        if sparseFits.first != nil {
            let cost = SparseCost(series: series)
            return { cost($0) }
        }
        throw RuntimeError("sample: this closure has no fitted rates; calibrate it with closure(..., rates=true)")
    }
}
