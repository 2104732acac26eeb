// `sample(fit, ...)` and `band(chain, fit, grid=...)`: the Bayesian cluster
// expansion of a fit (its ECIs' posterior) and the predictive band of the
// energies it gives, binding Regression's ECIPosterior to the sampler.
import Inference
import Language
import Regression

/// The ECIs of a fit as a posterior model: cost J = (n/σ²) × the fit's objective
/// (see `ECIPosterior`), started at the fitted ECIs, flat box prior, proposals
/// along the principal axes of the curvature.
///
///     e = fit(data, method="lasso", alpha=0.01)
///     post = sample(e, n=20000, chains=4, seed=1)          # the nonzero ECIs
///     post = sample(e, all=true, noise=1e-4, seed=1)       # every free ECI, σ² given
///     band(post, e, grid=data)                             # energies: mean and 95% band
final class FitPosteriorModel: EngineObject, PosteriorModel {
    let posterior: ECIPosterior
    let parameterNames: [String]

    /// The posterior of `fit`'s ECIs; `noise` is σ² (default: estimated from the residuals).
    init(_ fit: FitObject, sampleAll: Bool, noise: Double?) throws {
        guard let problem = fit.problem else {
            throw RuntimeError("sample: this fit does not carry its data (it was loaded from a file); "
                + "fit the data again with fit(...) to sample its ECIs")
        }
        posterior = try ECIPosterior(problem: problem, fit: fit.fit, sampleAll: sampleAll, noiseVariance: noise)
        parameterNames = posterior.columns.map { fit.columnName($0) }
    }

    var typeName: String { "fit_posterior" }
    var fieldNames: [String] { [] }
    func field(_ name: String) -> Value? { nil }
    var summary: String {
        "fit_posterior: \(posterior.columns.count) ECIs, σ² = \(Value.format(posterior.noiseVariance, digits: 4))"
    }

    var posteriorStart: [Double] { posterior.start }
    var posteriorPrior: UniformPrior { .unbounded(dimension: posterior.start.count) }
    var posteriorScales: (first: [Double], second: [Double])? { posterior.scales }
    var posteriorProposal: (basis: [Double], first: [Double], second: [Double])? { posterior.whitenedProposal }

    func posteriorCost(data: Value, context: CallContext) throws -> ([Double]) -> Double {
        guard case .null = data else {
            throw RuntimeError("sample: a fit is sampled on the data it was fitted on; fit the new data with fit(...) instead of passing data=")
        }
        let posterior = self.posterior
        return { posterior.cost($0) }
    }

    /// `band(chain, fit, grid=features)`: the posterior predictive band of the energies
    /// the fit gives the rows of `grid` (a dataset, features(...), rows or a file), one row per structure.
    static func band(_ args: Arguments<SampleCommand.BandParameters>, chain: ChainObject, fit: FitObject) throws -> Value {
        guard let grid = try args.grid else {
            throw RuntimeError("band: give the structures as grid= (features(...), a dataset or feature rows)")
        }
        let features = try FitInputs.features(grid, context: args.context, callee: "band")
        guard features.columns == fit.fit.eci.count else {
            throw RuntimeError("band: the fit has \(fit.fit.eci.count) ECIs but grid has \(features.columns) feature columns")
        }
        let model = try FitPosteriorModel.sampled(by: chain, of: fit, callee: "band")
        let energies = try model.posterior.predictor(features: features)
        let band = try chain.posterior.predictiveBand(every: try args.every, level: try args.level,
                                                      threads: Threads.count, energies)
        return try SampleCommand.bandTable(band, x: (0..<features.rows).map { .int($0) }, xName: "structure", unit: fit.fit.unit)
    }
}

extension FitPosteriorModel {
    /// The posterior model whose parameters a chain sampled: the fit's nonzero ECIs, or all its
    /// free ones (all=true); σ² plays no part in what the samples predict.
    static func sampled(by chain: ChainObject, of fit: FitObject, callee: String) throws -> FitPosteriorModel {
        guard fit.problem != nil else {
            throw RuntimeError("\(callee): this fit does not carry its data; fit the data again with fit(...)")
        }
        let d = chain.posterior.dimension
        let candidates = [false, true].lazy.compactMap { all in try? FitPosteriorModel(fit, sampleAll: all, noise: 1) }
        guard let model = candidates.first(where: { $0.posterior.columns.count == d && $0.parameterNames == chain.names }) else {
            throw RuntimeError("\(callee): the chain's parameters (\(chain.names.prefix(3).joined(separator: ", "))"
                + "\(d > 3 ? ", ..." : "")) are not this fit's ECIs; sample the fit with sample(fit, ...) first")
        }
        return model
    }
}

extension FitObject {
    /// The name of feature column `j`: the features' own ("pair 2") or "J<j>".
    func columnName(_ j: Int) -> String {
        if let names = columnNames, j < names.count { return names[j] }
        return "J\(j)"
    }
}

extension FitInputs {
    /// Column names of the features a fit was given, when they have names (features(...)).
    static func columnNames(_ data: Either<FitDataObject, FeaturesObject>?) -> [String]? {
        guard case .second(let f)? = data else { return nil }
        return f.matrix.columnNames
    }
}
