// The `sample` and `band` builtins: Bayesian calibration of any cost by
// delayed-rejection Metropolis-Hastings (seed 003 Algorithm 1), and posterior
// predictive bands of a model output over the samples.
import Inference
import Language

/// An engine object whose parameters `sample` can calibrate: a closure
/// model's rates, a fit's ECIs. The lead's bindings conform their objects.
///
///     extension ClosureModelObject: PosteriorModel { ... }   // rates k1..k8, prior k >= 0
public protocol PosteriorModel: EngineObject {
    /// Parameter names, in order ("k1", ..., "k8").
    var parameterNames: [String] { get }
    /// The default start (the fitted values).
    var posteriorStart: [Double] { get }
    /// The default prior (the positive orthant for rates).
    var posteriorPrior: UniformPrior { get }
    /// The cost J (likelihood ∝ exp(-J)) given `data=` (`.null` when omitted).
    /// It must be safe to call from several threads at once: chains run in parallel.
    func posteriorCost(data: Value, context: CallContext) throws -> ([Double]) -> Double
    /// Default proposal half-widths (first, second stage); nil for the paper's 0.1 and 0.01 x |start|.
    var posteriorScales: (first: [Double], second: [Double])? { get }
    /// Proposals along a basis of the parameter space (`SamplerSettings.proposalBasis`) with
    /// half-widths in its units, used unless sigma1=, sigma2= or method="adaptive" are given.
    var posteriorProposal: (basis: [Double], first: [Double], second: [Double])? { get }
}

extension PosteriorModel {
    var posteriorScales: (first: [Double], second: [Double])? { nil }
    var posteriorProposal: (basis: [Double], first: [Double], second: [Double])? { nil }
}

/// A posterior model as a parameter type: a closure model, or any engine object that is a `PosteriorModel`.
struct ModelArgument: ArgumentValue {
    let model: PosteriorModel
    static var typeName: String { "model" }
    static func from(_ value: Value) -> ModelArgument? {
        guard case .object(let o) = value, let model = o as? PosteriorModel else { return nil }
        return ModelArgument(model: model)
    }
    var argumentValue: Value { .object(model) }
}

/// `sample(...)` and `band(...)`.
public enum SampleCommand {
    public static var all: [Builtin] { [sample, band] }

    /// The sampler's settings, the same for a cost function, a model and a fit.
    struct SamplerParameters: Parameters {
        var start = Param<[Double]?>("start", default: nil, "starting parameters (a model's fitted values by default)")
        var n = Param("n", default: 10_000, "iterations per chain after burn-in")
        var method = Param("method", default: SamplingMethod.delayedRejection, "delayed rejection, plain Metropolis-Hastings, or adaptive scales")
        var sigma1 = Param<Either<Double, [Double]>?>("sigma1", default: nil, "first-stage half-widths, one or per parameter (default 0.1 x |start|)")
        var sigma2 = Param<Either<Double, [Double]>?>("sigma2", default: nil, "second-stage half-widths (default 0.01 x |start|)")
        var lower = Param<Either<Double, [Double]>?>("lower", default: nil, "lower prior bounds, one or per parameter (default -inf; 0 for rates)")
        var upper = Param<Either<Double, [Double]>?>("upper", default: nil, "upper prior bounds (default +inf)")
        var chains = Param("chains", default: 1, "independent chains (parallel for engine models)")
        var burn = Param("burn", default: 0, "iterations dropped at the start of each chain")
        var thin = Param("thin", default: 1, "keep every thin-th iteration")
        var seed = Param<Int?>("seed", default: nil, "chain k uses stream k of this seed (default: from the session)")
        var starts = Param("starts", default: 0, "multi-start minimisations before sampling (0: start as given)")
        var names = Param<[String]?>("names", default: nil, "parameter names (default p1, p2, ... or the model's)")
        var level = Param("level", default: 0.95, "credible level of the intervals, in (0, 1)")
    }

    struct PosteriorParameters: Parameters {
        var target = Param<Either<Callable, ModelArgument>>("target", "a cost function fn(k) returning J, or a model (a closure)")
        var sampler = SamplerParameters()
        var data = Param<Value>("data", default: .null, "the data a model is calibrated on")
        var noise = Param<Double?>("noise", default: nil, "likelihood exp(-J / noise) (default 1); the chain's cost is then J / noise")
    }

    struct FitSampleParameters: Parameters {
        var target = Param<FitObject>("target", "a fit: its ECIs are sampled")
        var sampler = SamplerParameters()
        var noise = Param<Double?>("noise", default: nil, "σ² of the likelihood (default RSS/(n - p_eff))")
        var all = Param("all", default: false, "sample every ECI that is not fixed, not only the nonzero ones")
    }

    static var sample: Builtin {
        Builtin("sample", summary: "Samples a posterior exp(-J) by delayed-rejection Metropolis-Hastings, or a lattice by Monte Carlo.",
                doc: """
                    The likelihood is exp(-J(k)) for the cost J the target returns, the prior
                    uniform on the box lower <= k <= upper. Each step proposes k + U[-sigma1,
                    sigma1]; a rejected proposal is followed by k + U[-sigma2, sigma2], accepted
                    by Tierney and Mira's second-stage formula (seed 003 Eq. 24). "mh" is plain
                    Metropolis-Hastings; "adaptive" rescales sigma1 and sigma2 from the chain
                    during burn-in (give burn > 0), then keeps them fixed. With starts > 0 the
                    chain starts from the best of that many bounded local minimisations.
                    Functions written in ce run their chains one after another; results are
                    the same for any number of threads. noise=s samples exp(-J/s) instead, for a J
                    that is tiny compared with 1 (e.g. a closure model's misfit). Returns a chain: fields names,
                    samples, cost, acceptance, ess, rhat, mean, median, sd, mcse, ci, corr.
                    With a lattice name ("triangular", "square") or a configuration as its first
                    argument, sample runs equilibrium Monte Carlo instead (the third form below); on a
                    configuration record=["sro"] gives s.sro["Au-Cu"] (mean Warren–Cowley α per shell) and
                    observe={"name": fn(c) {...}} gives s.observed["name"], each with its _error, the
                    functions evaluated after the chains, one chain after another, from kept snapshots.
                    With a fit as target, sample draws its ECIs from the Bayesian cluster expansion
                    exp(-J), J = (n/σ²) × the fit's objective: a Gaussian likelihood with noise
                    variance σ² = RSS/(n - p_eff) of the residuals (noise= gives σ² instead) and the
                    prior of its penalty (flat, Gaussian, Laplace, Eq. 6), so the mode is the fit.
                    It samples the nonzero ECIs (all=true: every ECI not fixed), stepping along the
                    principal axes of the posterior's curvature (sigma1=, sigma2= or method="adaptive":
                    along the ECI axes); the chain's names are the feature columns.
                    Example:
                        post = sample(fn(k) { return 0.5 * ((k[0] - 1)^2 + 4 * k[1]^2) },
                                      start=[0, 0], n=20000, sigma1=[2, 1], sigma2=[0.2, 0.1], seed=1)
                        post.mean        # close to [1, 0]
                        save(post, "post.csv")
                        e = fit(standin(80, seed=2), method="ridge", alpha=0.01)
                        sample(e, n=2000, chains=2, seed=1)
                        sample("triangular", size=12, kT=0.5, sweeps=200, chains=2, seed=1)
                        fcc = lattice("fcc", a=4.0, species=["Au", "Cu"])
                        m = model(clusters(fcc, cutoffs={2: 5.0}), eci=[0, 0, 0.03, -0.004, 0.002], multiplicity=true)
                        start = configuration(fcc, supercell=4, composition=[[0.5, 0.5]], seed=3)
                        hot = sample(start, energy=m, temperature=1500, sweeps=100, equilibration=20, chains=2, record=["sro"],
                                     observe={"x_au": fn(c) { return len(filter(fn(s) { return s == "Au" }, c.species)) / c.sites }}, seed=2)
                        hot.sro["Au-Cu"]       # mean α per shell, shell 1 first
                        hot.observed["x_au"]   # 0.5: swaps keep the composition
                    """,
                category: "inference", forms: [posterior, fitPosterior, MonteCarloCommands.equilibrium])
    }

    /// `sample(fn, ...)` and `sample(model, ...)`.
    static let posterior = Builtin("sample", PosteriorParameters.self, summary: "", category: "inference") { args in
        switch try args.target {
        case .first(let function):
            return try runSample(.function(function.value), args.sampler, data: try args.data, noise: try args.noise)
        case .second(let model):
            return try runSample(.model(model.model), args.sampler, data: try args.data, noise: try args.noise)
        }
    }

    /// `sample(fit, ...)`: the Bayesian cluster expansion of the fit's ECIs; noise= is σ².
    static let fitPosterior = Builtin("sample", FitSampleParameters.self, summary: "", category: "inference") { args in
        let model = try FitPosteriorModel(try args.target, sampleAll: try args.all, noise: try args.noise)
        return try runSample(.model(model), args.sampler, data: .null, noise: nil)
    }

    static var band: Builtin {
        Builtin(
            "band", BandParameters.self,
            summary: "Posterior predictive band of a model output: pointwise mean, median and quantiles.",
            doc: """
                Evaluates the model on the chain's samples and returns a table with, per grid
                point, the mean, the median and the equal-tailed band. Element-wise arithmetic
                lets fn(k, t) { return k[0] + k[1] * t } take the whole grid at once. With a fit
                as model (the chain from sample(fit, ...)), grid holds structures' feature rows
                and the band is of their energies J_0 + x·J, one row per structure.
                Example:
                    post = sample(fn(k) { return (k[0] - 1)^2 + (k[1] - 2)^2 }, start=[1, 2], n=2000, seed=1)
                    b = band(post, fn(k, t) { return k[0] + k[1] * t }, grid=[0, 1, 2], every=10)
                    f = standin(80, seed=2)
                    e = fit(f, method="ridge", alpha=0.01)
                    band(sample(e, n=2000, seed=1), e, grid=f)
                """,
            category: "inference"
        ) { args in try runBand(args) }
    }

    struct BandParameters: Parameters {
        var chain = Param<ChainObject>("chain", "a chain returned by sample")
        var model = Param<Either<Callable, FitObject>>(
            "model", "fn(k, grid) returning the model output on the grid (or fn(k) without a grid), or the fit the chain sampled")
        var grid = Param<Value?>("grid", default: nil, "the points the output is computed at (e.g. times; a fit's structures: features or rows)")
        var every = Param("every", default: 1, "use every n-th sample")
        var level = Param("level", default: 0.95, "the band's credible level")
    }

    // MARK: sample

    /// What a posterior is sampled from.
    enum Target {
        /// A cost function written in ce: fn(k) returning J.
        case function(Value)
        case model(PosteriorModel)
    }

    static func runSample(_ target: Target, _ args: Arguments<SamplerParameters>, data: Value, noise: Double?) throws -> Value {
        let context = args.context
        var names: [String]
        var start: [Double]
        var defaultPrior: UniformPrior?
        var threads = Threads.count
        var cost: ([Double]) -> Double
        var languageCost: LanguageCost?
        var modelScales: (first: [Double], second: [Double])?
        var modelProposal: (basis: [Double], first: [Double], second: [Double])?

        switch target {
        case .function(let function):
            guard let given = try args.start else {
                throw RuntimeError("sample: give start=[...] for a function (its parameter list)")
            }
            start = given
            names = (1...max(1, start.count)).map { "p\($0)" }
            let wrapper = LanguageCost(function: function, context: context)
            languageCost = wrapper
            cost = wrapper.evaluate
            threads = 1  // the interpreter is not thread-safe
        case .model(let model):
            names = model.parameterNames
            start = try args.start ?? model.posteriorStart
            defaultPrior = model.posteriorPrior
            modelScales = model.posteriorScales
            modelProposal = model.posteriorProposal
            cost = try model.posteriorCost(data: data, context: context)
        }
        if let noise {
            // J of noise-free or tiny data is << 1, and exp(-J) alone is then nearly the flat prior.
            guard noise > 0, noise.isFinite else { throw RuntimeError("sample: noise must be > 0, got \(noise)") }
            let unscaled = cost
            cost = { unscaled($0) / noise }
        }
        guard !start.isEmpty else { throw RuntimeError("sample: start must have at least one parameter") }
        if let given = try args.names { names = given }
        guard names.count == start.count else {
            throw RuntimeError("sample: \(names.count) names for \(start.count) parameters")
        }
        let d = start.count
        let base = defaultPrior ?? .unbounded(dimension: d)
        guard base.dimension == d else {
            throw RuntimeError("sample: start has \(d) parameters but the model has \(base.dimension)")
        }
        let prior = try UniformPrior(lower: try vector(try args.lower, "lower", d) ?? base.lower,
                                     upper: try vector(try args.upper, "upper", d) ?? base.upper)

        var settings = SamplerSettings()
        let method = try args.method
        settings.method = method
        settings.samples = try args.n
        settings.burnIn = try args.burn
        settings.thin = try args.thin
        settings.chains = try args.chains
        let sigma1 = try vector(try args.sigma1, "sigma1", d), sigma2 = try vector(try args.sigma2, "sigma2", d)
        settings.sigma1 = sigma1 ?? modelScales?.first
        settings.sigma2 = sigma2 ?? modelScales?.second
        if let proposal = modelProposal, sigma1 == nil, sigma2 == nil, method != .adaptive {
            settings.proposalBasis = proposal.basis
            settings.sigma1 = proposal.first
            settings.sigma2 = proposal.second
        }
        settings.seed = try args.seed.map { UInt64(bitPattern: Int64($0)) } ?? context.random.next()
        let level = try args.level
        guard level > 0 && level < 1 else { throw RuntimeError("sample: level must lie in (0, 1), got \(level)") }

        let starts = try args.starts
        if starts > 0 {
            start = try bestStart(cost, start: start, prior: prior, starts: starts, seed: settings.seed, threads: threads)
            if let error = languageCost?.error { throw error }
        }

        let sampler = PosteriorSampler(prior: prior, cost: cost)
        let posterior: Posterior
        do {
            posterior = try sampler.run(start: start, settings: settings, threads: threads,
                                        isCancelled: { Interruption.isRequested || languageCost?.error != nil })
        } catch let error as InferenceError {
            // A failure of the ce cost function is the real cause of a sampler that stopped.
            if let inner = languageCost?.error { throw inner }
            throw error
        }
        if let error = languageCost?.error, !(error is Interrupted) { throw error }
        return .object(ChainObject(posterior: posterior, names: names, method: method, burn: settings.burnIn,
                                   thin: settings.thin, level: level))
    }

    /// The best of `starts` bounded local minimisations (the paper's Y1); the
    /// random starts are drawn in the prior box, or within |start| of the start where it is unbounded.
    static func bestStart(_ cost: @escaping ([Double]) -> Double, start: [Double], prior: UniformPrior, starts: Int,
                          seed: UInt64, threads: Int) throws -> [Double] {
        let spread = start.map { max(abs($0), 1) }
        let box = StartBox(
            lower: start.indices.map { prior.lower[$0].isFinite ? prior.lower[$0] : start[$0] - spread[$0] },
            upper: start.indices.map { prior.upper[$0].isFinite ? prior.upper[$0] : start[$0] + spread[$0] })
        // minimizeMultiStart runs its starts on Threads.count threads; language costs must stay on one.
        let result = try Threads.with(threads) {
            try minimizeMultiStart({ x in min(cost(x), Double.greatestFiniteMagnitude) },
                                   lower: prior.lower, upper: prior.upper, starts: starts, seed: seed,
                                   box: box, initialPoints: [start])
        }
        return result.best.value.isFinite ? result.best.x : start
    }

    /// A per-parameter vector argument: one number for all, or a list of d numbers; nil when omitted.
    static func vector(_ value: Either<Double, [Double]>?, _ name: String, _ d: Int) throws -> [Double]? {
        switch value {
        case nil: return nil
        case .first(let x)?: return [Double](repeating: x, count: d)
        case .second(let v)?:
            guard v.count == d else { throw RuntimeError("sample: \(name) has \(v.count) values for \(d) parameters") }
            return v
        }
    }

    // MARK: band

    static func runBand(_ args: Arguments<BandParameters>) throws -> Value {
        let chain = try args.chain
        let model: Value
        switch try args.model {
        case .second(let fit): return try FitPosteriorModel.band(args, chain: chain, fit: fit)
        case .first(let function): model = function.value
        }
        let grid: [Double]? = try args.grid.map { value in
            guard let numbers = [Double].from(value) else {
                throw RuntimeError("band: grid must be a list of numbers for a function model, got \(withArticle(value.typeName))")
            }
            return numbers
        }
        let context = args.context
        var failure: Error?
        let band: PredictiveBand
        do {
            // Language functions are called on one thread, in sample order.
            band = try chain.posterior.predictiveBand(every: try args.every, level: try args.level, threads: 1) { k in
                try context.checkInterrupt()
                let arguments: [Value] = grid.map { [.doubles(k), .doubles($0)] } ?? [.doubles(k)]
                do {
                    return try numbers(try context.call(model, arguments), width: grid?.count)
                } catch { failure = error; throw error }
            }
        } catch let error as InferenceError {
            // The model function's own error is what went wrong.
            if let failure { throw failure }
            throw error
        }
        if let failure { throw failure }
        let x: [Value] = grid.map { $0.map { .double($0) } } ?? (0..<band.mean.count).map { .int($0) }
        return try bandTable(band, x: x, xName: grid == nil ? "index" : "x")
    }

    /// A band as a table: the grid, then the mean, median and the band's ends (in `unit`, when known).
    static func bandTable(_ band: PredictiveBand, x: [Value], xName: String, unit: String? = nil) throws -> Value {
        let suffix = unit.map { " (\($0))" } ?? ""
        let table = try TextTable(columns: [
            (xName, x),
            ("mean" + suffix, band.mean.map { .double($0) }), ("median" + suffix, band.median.map { .double($0) }),
            ("lower" + suffix, band.lower.map { .double($0) }), ("upper" + suffix, band.upper.map { .double($0) }),
        ], digits: 4)
        return .object(table)
    }

    /// A model output as numbers: a number list (of the grid's length when there is a grid) or one number.
    static func numbers(_ value: Value, width: Int?) throws -> [Double] {
        let out: [Double]
        switch value {
        case .int(let i): out = [Double(i)]
        case .double(let x): out = [x]
        case .list(let l):
            out = try l.items.map { item in
                switch item {
                case .int(let i): return Double(i)
                case .double(let x): return x
                default: throw RuntimeError("band: the model must return numbers, found \(item.typeName)")
                }
            }
        default: throw RuntimeError("band: the model must return a number or a list of numbers, got \(value.typeName)")
        }
        if let width, out.count != width {
            throw RuntimeError("band: the model returned \(out.count) values for a grid of \(width)")
        }
        return out
    }
}

/// A language function used as a cost: remembers the first error (the
/// sampler then stops) and treats it as zero density meanwhile.
final class LanguageCost {
    let function: Value
    let context: CallContext
    private(set) var error: Error?

    init(function: Value, context: CallContext) {
        self.function = function
        self.context = context
    }

    func evaluate(_ x: [Double]) -> Double {
        if error != nil { return .infinity }
        do {
            switch try context.call(function, [.doubles(x)]) {
            case .int(let i): return Double(i)
            case .double(let j): return j
            case let other:
                error = RuntimeError("sample: the cost function must return a number, got \(other.typeName)")
            }
        } catch {
            self.error = error
        }
        return .infinity
    }
}
