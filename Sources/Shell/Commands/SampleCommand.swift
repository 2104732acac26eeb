// The `sample` and `band` builtins: Bayesian calibration of any cost by
// delayed-rejection Metropolis-Hastings (seed 003 Algorithm 1), and posterior
// predictive bands of a model output over the samples.
import Inference
import Language

/// An engine object whose parameters `sample` can calibrate: a closure
/// model's rates, a fit's ECIs. The lead's bindings conform their objects.
///
///     extension ClosureModelObject: PosteriorModel { ... }   // rates k1..k8, prior k >= 0
public protocol PosteriorModel: AnyObject {
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

/// `sample(...)` and `band(...)`.
public enum SampleCommand {
    public static var all: [Builtin] { [sample, band] }

    /// Samplers of other engine objects, by type name. Equilibrium Monte Carlo
    /// sampling of a lattice or configuration registers here, e.g.
    /// `SampleCommand.objectSamplers["lattice"] = MonteCarloCommands.sampleLattice`;
    /// `sample(x, ...)` then hands its bound arguments to that function.
    nonisolated(unsafe) public static var objectSamplers: [String: (Arguments) throws -> Value] = [
        "fit": FitPosteriorModel.sample,
    ]

    static var sample: Builtin {
        Builtin(
            "sample",
            [Parameter("target", "a cost function fn(k), a model, or a lattice (equilibrium Monte Carlo)"),
             Parameter("start", default: .null, "starting parameters (a model's fitted values by default)"),
             Parameter("n", default: .null, "iterations per chain after burn-in (default 10000)"),
             Parameter("method", default: .null, "\"dr-mh\" (default), \"mh\" or \"adaptive\""),
             Parameter("sigma1", default: .null, "first-stage half-widths (default 0.1 x |start|)"),
             Parameter("sigma2", default: .null, "second-stage half-widths (default 0.01 x |start|)"),
             Parameter("lower", default: .null, "lower prior bounds, a number or a list (default -inf; 0 for rates)"),
             Parameter("upper", default: .null, "upper prior bounds (default +inf)"),
             Parameter("chains", default: .null, "independent chains (default 1; parallel for engine models)"),
             Parameter("burn", default: .null, "iterations dropped at the start of each chain (default 0)"),
             Parameter("thin", default: .null, "keep every thin-th iteration (default 1)"),
             Parameter("seed", default: .null, "chain k uses stream k of this seed (default: from the session)"),
             Parameter("starts", default: .null, "multi-start minimisations before sampling (default 0: start as given)"),
             Parameter("names", default: .null, "parameter names (default p1, p2, ...)"),
             Parameter("data", default: .null, "the data a model is calibrated on"),
             Parameter("level", default: .null, "credible level of the intervals (default 0.95)"),
             Parameter("noise", default: .null, "likelihood exp(-J / noise) (default 1); the chain's cost is then J / noise. For a fit: σ² (default RSS/(n - p_eff))"),
             Parameter.keywords("options", "passed on to equilibrium sampling when target is a lattice; all=true samples every ECI of a fit")],
            summary: "Samples a posterior exp(-J) by delayed-rejection Metropolis-Hastings.",
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
                With a lattice ("triangular", "square" or a lattice object) as target, sample
                runs equilibrium Monte Carlo instead: see the parameters of that form with
                sample("triangular", temperature=...) and `help anneal`.
                With a fit as target, sample draws its ECIs from the Bayesian cluster expansion
                exp(-J), J = (n/σ²) × the fit's objective: a Gaussian likelihood with noise
                variance σ² = RSS/(n - p_eff) of the residuals (noise= gives σ² instead) and the
                prior of its penalty (flat, Gaussian, Laplace, Eq. 6), so the mode is the fit.
                It samples the nonzero ECIs (all=true: every ECI not fixed), stepping along the
                principal axes of the posterior's curvature (sigma1=, sigma2= or method="adaptive":
                along the ECI axes); the chain's names are the feature columns.

                    post = sample(fn(k) { return 0.5 * ((k[0] - 1)^2 + 4 * k[1]^2) },
                                  start=[0, 0], n=20000, sigma1=[2, 1], sigma2=[0.2, 0.1], seed=1)
                    post.mean        # close to [1, 0]
                    save(post, "post.csv")
                """,
            category: "inference"
        ) { args in try runSample(args) }
    }

    static var band: Builtin {
        Builtin(
            "band",
            [Parameter("chain", "a chain returned by sample"),
             Parameter("model", "fn(k, grid) returning the model output on the grid (or fn(k) without a grid), or the fit the chain sampled"),
             Parameter("grid", default: .null, "the points the output is computed at (e.g. times; a fit's structures: features or rows)"),
             Parameter("every", default: .int(1), "use every n-th sample"),
             Parameter("level", default: .double(0.95), "the band's credible level")],
            summary: "Posterior predictive band of a model output: pointwise mean, median and quantiles.",
            doc: """
                Evaluates the model on the chain's samples and returns a table with, per grid
                point, the mean, the median and the equal-tailed band. Element-wise arithmetic
                lets fn(k, t) { return k[0] + k[1] * t } take the whole grid at once. With a fit
                as model (the chain from sample(fit, ...)), grid holds structures' feature rows
                and the band is of their energies J_0 + x·J, one row per structure.

                    b = band(post, fn(k, t) { return k[0] + k[1] * t }, grid=[0, 1, 2], every=10)
                    band(sample(e, n=5000, seed=1), e, grid=f)     # e = fit(f, ...)
                """,
            category: "inference"
        ) { args in try runBand(args) }
    }

    // MARK: sample

    static func runSample(_ args: Arguments) throws -> Value {
        let context = args.context
        let target = args["target"]
        var names: [String]
        var start: [Double]
        var defaultPrior: UniformPrior?
        var threads = Threads.count
        var cost: ([Double]) -> Double
        var languageCost: LanguageCost?
        var modelScales: (first: [Double], second: [Double])?
        var modelProposal: (basis: [Double], first: [Double], second: [Double])?

        switch target {
        case .function:
            guard !args.isNull("start") else {
                throw RuntimeError("sample: give start=[...] for a function (its parameter list)")
            }
            start = try args.doubles("start")
            names = (1...max(1, start.count)).map { "p\($0)" }
            let wrapper = LanguageCost(function: target, context: context)
            languageCost = wrapper
            cost = wrapper.evaluate
            threads = 1  // the interpreter is not thread-safe
        case .object(let model as PosteriorModel):
            names = model.parameterNames
            start = args.isNull("start") ? model.posteriorStart : try args.doubles("start")
            defaultPrior = model.posteriorPrior
            modelScales = model.posteriorScales
            modelProposal = model.posteriorProposal
            cost = try model.posteriorCost(data: args["data"], context: context)
        case .object, .string:
            return try forwardToEquilibriumSampling(args)
        default:
            throw RuntimeError("sample: target must be a function returning a cost, a model or a lattice, got \(target.typeName)")
        }
        if !args.isNull("noise") {
            // J of noise-free or tiny data is << 1, and exp(-J) alone is then nearly the flat prior.
            let noise = try args.double("noise")
            guard noise > 0, noise.isFinite else { throw RuntimeError("sample: noise must be > 0, got \(noise)") }
            let unscaled = cost
            cost = { unscaled($0) / noise }
        }
        let extra = try args.map("options")
        if let key = extra.keys.first {
            throw RuntimeError("sample: no argument '\(key.value)' when sampling a posterior; see help sample")
        }
        guard !start.isEmpty else { throw RuntimeError("sample: start must have at least one parameter") }
        if !args.isNull("names") {
            names = try args.list("names").map { v in
                guard case .string(let s) = v else { throw RuntimeError("sample: names must be strings, found \(v.typeName)") }
                return s
            }
        }
        guard names.count == start.count else {
            throw RuntimeError("sample: \(names.count) names for \(start.count) parameters")
        }
        let d = start.count
        let base = defaultPrior ?? .unbounded(dimension: d)
        guard base.dimension == d else {
            throw RuntimeError("sample: start has \(d) parameters but the model has \(base.dimension)")
        }
        let prior: UniformPrior
        do {
            prior = try UniformPrior(lower: try vector(args, "lower", d) ?? base.lower,
                                     upper: try vector(args, "upper", d) ?? base.upper)
        } catch let error as InferenceError { throw RuntimeError("sample: \(error.message)") }

        var settings = SamplerSettings()
        let methodName = args.isNull("method") ? SamplingMethod.delayedRejection.rawValue : try args.string("method")
        guard let method = SamplingMethod(rawValue: methodName) else {
            let known = SamplingMethod.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            throw RuntimeError("sample: unknown method \"\(methodName)\" (use \(known))")
        }
        settings.method = method
        settings.samples = try int(args, "n", default: 10_000)
        settings.burnIn = try int(args, "burn", default: 0)
        settings.thin = try int(args, "thin", default: 1)
        settings.chains = try int(args, "chains", default: 1)
        settings.sigma1 = try vector(args, "sigma1", d) ?? modelScales?.first
        settings.sigma2 = try vector(args, "sigma2", d) ?? modelScales?.second
        if let proposal = modelProposal, args.isNull("sigma1"), args.isNull("sigma2"), method != .adaptive {
            settings.proposalBasis = proposal.basis
            settings.sigma1 = proposal.first
            settings.sigma2 = proposal.second
        }
        settings.seed = args.isNull("seed") ? context.random.next() : UInt64(bitPattern: Int64(try args.int("seed")))
        let level = args.isNull("level") ? 0.95 : try args.double("level")
        guard level > 0 && level < 1 else { throw RuntimeError("sample: level must lie in (0, 1), got \(level)") }

        let starts = try int(args, "starts", default: 0)
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
            if let inner = languageCost?.error { throw inner }
            throw RuntimeError("sample: \(error.message)")
        }
        if let error = languageCost?.error, !(error is Interrupted) { throw error }
        return .object(ChainObject(posterior: posterior, names: names, method: method, burn: settings.burnIn,
                                   thin: settings.thin, level: level))
    }

    static func int(_ args: Arguments, _ name: String, default value: Int) throws -> Int {
        args.isNull(name) ? value : try args.int(name)
    }

    /// Equilibrium Monte Carlo (`MonteCarloCommands.sampler`) for a lattice
    /// target: the arguments the caller gave are bound again to that builtin.
    static func forwardToEquilibriumSampling(_ args: Arguments) throws -> Value {
        let target = args["target"]
        if case .object(let object) = target, let sampler = objectSamplers[object.typeName] { return try sampler(args) }
        var keywords: [(String, Value)] = []
        for (parameter, value) in zip(args.parameters, args.values) where parameter.kind == .normal {
            if case .null = value { continue }
            if parameter.name != "target" { keywords.append((parameter.name, value)) }
        }
        for (key, value) in try args.map("options").pairs { keywords.append((key.value.description, value)) }
        let builtin = MonteCarloCommands.sampler
        return try builtin.body(try Arguments.bind(builtin, positional: [target], keywords: keywords, context: args.context))
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
        do {
            let result = try Threads.with(threads) {
                try minimizeMultiStart({ x in min(cost(x), Double.greatestFiniteMagnitude) },
                                       lower: prior.lower, upper: prior.upper, starts: starts, seed: seed,
                                       box: box, initialPoints: [start])
            }
            return result.best.value.isFinite ? result.best.x : start
        } catch let error as OptimizationError {
            throw RuntimeError("sample: the multi-start minimisation failed: \(error)")
        }
    }

    /// A per-parameter vector argument: a list of d numbers, or one number for all; nil when omitted.
    static func vector(_ args: Arguments, _ name: String, _ d: Int) throws -> [Double]? {
        switch args[name] {
        case .null: return nil
        case .int(let i): return [Double](repeating: Double(i), count: d)
        case .double(let x): return [Double](repeating: x, count: d)
        default:
            let v = try args.doubles(name)
            guard v.count == d else { throw RuntimeError("sample: \(name) has \(v.count) values for \(d) parameters") }
            return v
        }
    }

    // MARK: band

    static func runBand(_ args: Arguments) throws -> Value {
        let chain = try args.object("chain", as: ChainObject.self, typeName: "chain")
        let model = args["model"]
        if case .object(let fit as FitObject) = model { return try FitPosteriorModel.band(args, chain: chain, fit: fit) }
        guard case .function = model else { throw RuntimeError("band: model must be a function, got \(model.typeName)") }
        let grid: [Double]? = args.isNull("grid") ? nil : try args.doubles("grid")
        let context = args.context
        var failure: Error?
        let band: PredictiveBand
        do {
            // Language functions are called on one thread, in sample order.
            band = try chain.posterior.predictiveBand(every: try args.int("every"), level: try args.double("level"),
                                                      threads: 1) { k in
                try context.checkInterrupt()
                let arguments: [Value] = grid.map { [.doubles(k), .doubles($0)] } ?? [.doubles(k)]
                do {
                    return try numbers(try context.call(model, arguments), width: grid?.count)
                } catch { failure = error; throw error }
            }
        } catch let error as InferenceError {
            throw RuntimeError("band: \(error.message)")
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
