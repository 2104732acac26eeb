// Closure accuracy across stoichiometries (seed 003 §VI C, Eq. 30, Fig. 11-12):
// each model's mean error E = (1/16) Σ J_i on the data of every composition.

/// The mean error of several closures on several data sets.
///
///     let table = closureErrors(models: [pa, oa, sa], data: [(0.25, s25), (0.5, s50)])
///     table.improvement(of: 2, over: 0)   // 0.36 means 36 % lower mean error
public struct StoichiometryErrors: Sendable {
    /// Li fraction x of each data set.
    public let compositions: [Double]
    /// Name of each model ("PA", "OA-1/3", ...).
    public let models: [String]
    public let convention: TripletConvention
    /// E by [composition][model].
    public let meanErrors: [[Double]]
    /// J_i by [composition][model][type].
    public let typeErrors: [[[Double]]]

    /// E of model `m` averaged over the compositions.
    public func average(_ m: Int) -> Double {
        meanErrors.reduce(0) { $0 + $1[m] } / Double(max(1, meanErrors.count))
    }

    /// 1 - average(m) / average(reference): the relative improvement (paper: SA over PA, 36.13 %).
    public func improvement(of m: Int, over reference: Int) -> Double { 1 - average(m) / average(reference) }
}

/// E per model per composition; compositions are evaluated in parallel, results in input order.
public func closureErrors(models: [(name: String, closure: TripletClosure)],
                          data: [(x: Double, series: ConcentrationSeries)],
                          convention: TripletConvention = .global) -> StoichiometryErrors {
    let perX = parallelMap(data.count) { i in
        models.map { $0.closure.errors(on: data[i].series, convention: convention) }
    }
    return StoichiometryErrors(compositions: data.map(\.x), models: models.map(\.name), convention: convention,
                               meanErrors: perX.map { $0.map { $0.reduce(0, +) / Double($0.count) } },
                               typeErrors: perX)
}
