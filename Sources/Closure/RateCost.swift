// The rate cost J(K) of seed 003 Eq. 17, shared by the rate fit (its
// minimum) and posterior sampling (likelihood ∝ exp(-J)).
import Numerics

/// J(K) = ½∫‖C(t,K) - C̃(t)‖² dt + a‖Q(K) - Q̃‖² for one closure and one data series.
/// A value type with no mutable state: safe to call from several threads at once.
///
///     let cost = try RateCost(closure: .pairApproximation, series: series, penalty: 1)
///     let j = cost(fit.model.rates)
public struct RateCost: Sendable {
    public let closure: TripletClosure
    public let series: ConcentrationSeries
    /// The weight a of ‖Q(K) - Q̃‖².
    public let penalty: Double
    public let form: ModelForm
    /// Q̃ from the closure at the last data state (components that are not finite are left out of the penalty).
    public let targetConstants: [Double]
    private let odeOptions = ODEOptions(relativeTolerance: 1e-7, absoluteTolerance: 1e-10, maxSteps: 20_000)

    public init(closure: TripletClosure, series: ConcentrationSeries, penalty: Double, form: ModelForm = .paper) throws {
        guard penalty >= 0, penalty.isFinite else { throw ClosureError("the penalty weight must be >= 0") }
        self.closure = closure
        self.series = series
        self.penalty = penalty
        self.form = form
        let probe = try MeanClusterModel(closure: closure, rates: Array(repeating: 1, count: 8),
                                         plus: series.state(0).plus, form: form)
        self.targetConstants = probe.closureEquilibriumConstants(series.state(series.count - 1))
    }

    /// The misfit and the weighted penalty at rates `k` (8 values, negative ones read as 0);
    /// nil when the model cannot be built or integrated over the data window.
    public func terms(_ k: [Double]) -> (misfit: Double, penalty: Double)? {
        guard k.count == 8,
              let model = try? MeanClusterModel(closure: closure, rates: k.map { max(0, $0) },
                                                plus: series.state(0).plus, form: form),
              let path = try? model.solve(from: series.state(0), times: series.times, options: odeOptions)
        else { return nil }
        var sum = 0.0
        for (q, qt) in zip(model.equilibriumConstants, targetConstants) where qt.isFinite {
            let d = q - qt
            sum += d * d
        }
        return (path.misfit(series), penalty * sum)
    }

    /// J(k); +∞ where the model does not integrate.
    public func callAsFunction(_ k: [Double]) -> Double {
        guard let (m, p) = terms(k) else { return .infinity }
        let j = m + p
        return j.isFinite ? j : .infinity
    }
}
