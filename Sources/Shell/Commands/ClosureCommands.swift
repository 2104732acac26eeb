// The closure commands: mean-cluster models calibrated on annealing data
// (closure), their accuracy across stoichiometries (closure_errors), and the
// pair rate equations of a lattice by the window method (rate_equations).
import Closure
import Language
import MonteCarlo
import Numerics

/// Builtins of the closure engine.
public enum ClosureCommands {
    public static var all: [Builtin] { [closureCommand, errorsCommand, rateEquationsCommand] }

    /// Annealing options shared by the commands that anneal their own data (declared last).
    struct AnnealOptions: Parameters {
        var size = Param("size", default: 24, unit: "sites per side", "lattice side L (L × L triangular sites) when annealing, a multiple of 3")
        var steps = Param("steps", default: 16, "temperature steps, geometric from 1 to 0.01")
        var sweeps = Param("sweeps", default: 8, unit: "sweeps", "sweeps per temperature step")
        var seed = Param("seed", default: 1, "seed of the annealing and of the multi-start searches")
    }

    struct ClosureParameters: Parameters {
        var kind = Param("kind", default: ClosureKind.optimal, "the closure: pair approximation, optimal or sparse")
        var data = Param<Value>("data", default: .null, "a run (anneal with pairs and triplets), or columns {time, C+, ++, +-, --, lin:+++ ...}; nil: anneal here")
        var x = Param("x", default: 1.0 / 3, "Li fraction when annealing here")
        var regularization = Param("regularization", default: "hard", "\"hard\", \"soft\" or \"custom\" (with delta, beta1, beta2)")
        var delta = Param<Double?>("delta", default: nil, "custom upper bound on the pair exponents (default 2)")
        var beta1 = Param<Double?>("beta1", default: nil, "custom lower bound on the single exponents (default -inf)")
        var beta2 = Param<Double?>("beta2", default: nil, "custom upper bound on the single exponents (default +inf)")
        var convention = Param("convention", default: TripletConvention.global, "triplet data: global (like the closures) or per-shape (the paper's mix)")
        var rates = Param("rates", default: false, "also fit k1..k8 (Eq. 17) and print the model's diagnostics")
        var penalty = Param("penalty", default: 1.0, "weight a of the equilibrium-constant term of Eq. 17")
        var starts = Param("starts", default: 8, "multi-start count of each optimisation, 2 to 1000")
        var form = Param("form", default: ModelForm.paper, "rate model: paper (Eq. 8) or conserving (C+- only)")
        var anneal = AnnealOptions()
    }

    struct ErrorsParameters: Parameters {
        var x = Param("x", default: [0.25, 0.30, 0.33, 0.36, 0.42, 0.50, 0.58, 0.64, 0.70, 0.75], "Li fractions to anneal and score")
        var regularization = Param("regularization", default: "hard", "OA regularization: \"hard\" or \"soft\"")
        var convention = Param("convention", default: TripletConvention.global, "global or per-shape (the paper's mix)")
        var starts = Param("starts", default: 4, "multi-start count of the OA calibrations")
        var anneal = AnnealOptions()
    }

    struct RateEquationsParameters: Parameters {
        var lattice = Param("lattice", default: "triangular", "\"triangular\", \"square\" or \"honeycomb\"")
    }

    static let closureCommand = Builtin(
        "closure", ClosureParameters.self, summary: "A mean-cluster closure (PA, OA or SA) calibrated on annealing data, with errors and diagnostics.",
        doc: """
            "pair": the pair approximation; "optimal": exponents fitted per triplet
            type (problem 16 of Ahmadi et al. 2022) under the regularization;
            "sparse": the sparse approximation, its derivation from the OA
            exponents, and (alpha1, alpha2) fitted in the paper's and the
            composition-conserving form. Without data= the command anneals
            Li_x Mn_(1-x) with nearest-neighbour swaps (charge-balance energy).
            Example:
                m = closure("optimal", x=1/3, size=18, regularization="hard")
                m.errors["ang +++"]
                s = closure("sparse", data=m.data)
            """,
        category: "closure"
    ) { args in
        let series = try seriesArgument(args)
        let regularization = try regularizationArgument(try args.regularization, delta: try args.delta, beta1: try args.beta1,
                                                        beta2: try args.beta2, callee: "closure")
        let seed = UInt64(truncatingIfNeeded: try args.anneal.seed)
        let starts = try args.starts
        guard starts >= 2 && starts <= 1000 else { throw RuntimeError("closure: starts must be between 2 and 1000") }
        return .object(try ClosureModelObject.fit(kind: try args.kind, series: series, regularization: regularization,
                                                  convention: try args.convention, withRates: try args.rates,
                                                  penalty: try args.penalty, form: try args.form,
                                                  starts: starts, seed: seed, context: args.context))
    }

    static let errorsCommand = Builtin(
        "closure_errors", ErrorsParameters.self, summary: "Mean error E (Eq. 30) of PA, OA-1/3, OA-1/2 and SA across stoichiometries (Fig. 11-12).",
        doc: """
            Anneals every x (and x = 1/3, 1/2 for the OA calibrations) in parallel,
            one seeded stream per composition, so the table is the same on any
            number of threads.
            Example:
                e = closure_errors(size=15, convention="per-shape")
                e.improvement          # SA over PA
                plot(e, out="errors.png")
            """,
        category: "closure"
    ) { args in
        let xs = try args.x
        guard !xs.isEmpty, xs.allSatisfy({ $0 > 0 && $0 < 1 }) else {
            throw RuntimeError("closure_errors: x must be a non-empty list of fractions strictly between 0 and 1")
        }
        let convention = try args.convention
        let regularization = try regularizationArgument(try args.regularization, callee: "closure_errors")
        let seed = UInt64(truncatingIfNeeded: try args.anneal.seed)
        let settings = try annealSettings(args.anneal)
        // Streams: 0 and 1 for the calibration compositions, 2... for the scored ones.
        let all = [1.0 / 3, 0.5] + xs
        let runs = parallelMap(all.count) { i in
            Result { try annealedSeries(x: all[i], settings: settings, seed: seed, stream: UInt64(i)) }
        }
        try args.context.checkInterrupt()
        let series = try runs.map { try $0.get() }
        let oaThird = try calibrateOptimalClosure(on: series[0], regularization: regularization,
                                                  convention: convention, starts: try args.starts, seed: seed)
        let oaHalf = try calibrateOptimalClosure(on: series[1], regularization: regularization,
                                                 convention: convention, starts: try args.starts, seed: seed)
        let table = closureErrors(models: [("PA", .pairApproximation), ("OA-1/3", oaThird.closure),
                                           ("OA-1/2", oaHalf.closure), ("SA", .sparseApproximation)],
                                  data: zip(xs, series.dropFirst(2)).map { ($0, $1) }, convention: convention)
        return .object(ClosureErrorsObject(errors: table, regularization: regularization))
    }

    static let rateEquationsCommand = Builtin(
        "rate_equations", RateEquationsParameters.self, summary: "The pair rate equations of nearest-neighbour exchange on a 2D lattice, by the window method.",
        doc: """
            Enumerates every window (i, j, k) and every swap of j with k, and
            prints dC++/dt, dC+-/dt and dC--/dt with exact coefficients
            (per-shape triplet concentrations).
            Example:
                rate_equations("triangular")     # Eq. 5 of Ahmadi et al. 2022
                rate_equations("honeycomb")
            """,
        category: "closure"
    ) { args in
        .object(RateEquationsObject(deriveRateEquations(for: try WindowLattice.named(try args.lattice))))
    }

    // MARK: - Arguments

    struct AnnealSettings {
        let size: Int
        let steps: Int
        let sweeps: Int
    }

    static func annealSettings(_ args: Arguments<AnnealOptions>) throws -> AnnealSettings {
        let size = try args.size, steps = try args.steps, sweeps = try args.sweeps
        guard size >= 3 && size <= 1024 && size % 3 == 0 else {
            throw RuntimeError("\(args.callee): size must be a multiple of 3 between 3 and 1024 (got \(size))")
        }
        guard steps >= 2 && steps <= 10_000, sweeps >= 1 && sweeps <= 1_000_000 else {
            throw RuntimeError("\(args.callee): need 2 <= steps <= 10000 and sweeps >= 1")
        }
        return AnnealSettings(size: size, steps: steps, sweeps: sweeps)
    }

    /// Nearest-neighbour-swap annealing of Li_x Mn_(1-x) (Mn = "+"), time as the fraction of the anneal.
    static func annealedSeries(x: Double, settings: AnnealSettings, seed: UInt64, stream: UInt64) throws -> ConcentrationSeries {
        let n = settings.size * settings.size
        let lithium = Int((x * Double(n)).rounded())
        guard lithium > 0 && lithium < n else { throw RuntimeError("x = \(x) leaves no Li or no Mn on \(n) sites") }
        let table = NeighbourTable.triangular(settings.size)
        var rng = RandomStream(seed: seed, stream: stream)
        let start = try Configuration.random(siteCount: n, counts: [n - lithium, lithium], rng: &rng)
        let run = try anneal(start, model: EnergyModel(clusters: ChargeBalance.model(size: settings.size)),
                             moves: .neighbourSwap(table),
                             schedule: .geometric(from: 1, to: 0.01, count: settings.steps, sweeps: settings.sweeps),
                             observers: ObserverSettings(every: 1, pairs: table, triplets: true), seed: seed, stream: stream)
        if run.interrupted { throw RuntimeError("interrupted while annealing x = \(x)") }
        return try series(from: run)
    }

    /// A run's recorded pairs and triplets, time as the fraction of its sweeps; C+ = C++ + C+- exactly.
    static func series(from run: AnnealRun) throws -> ConcentrationSeries {
        guard let pp = run.column("++"), let pm = run.column("+-"), let mm = run.column("--") else {
            throw RuntimeError("the run has no pair records: anneal with pairs and triplets recorded")
        }
        let total = Double(max(1, run.sweeps))
        return try ConcentrationSeries(times: run.records.map { Double($0.sweep) / total },
                                       plus: zip(pp, pm).map { $0 + $1 }, plusPlus: pp, plusMinus: pm,
                                       minusMinus: mm, tripletColumn: { run.column($0) })
    }

    /// The data= argument as a series: nil anneals; a map (or an object exporting one) gives the columns.
    static func seriesArgument(_ args: Arguments<ClosureParameters>) throws -> ConcentrationSeries {
        var columns: MapValue
        let data = try args.data
        switch data {
        case .null:
            let x = try args.x
            guard x > 0 && x < 1 else { throw RuntimeError("closure: x must lie strictly between 0 and 1 (got \(x))") }
            return try annealedSeries(x: x, settings: try annealSettings(args.anneal),
                                      seed: UInt64(truncatingIfNeeded: try args.anneal.seed), stream: 0)
        case .map(let m):
            columns = m
        case .object(let o):
            if let r = o as? AnnealRunObject { return try series(from: r.run) }
            guard case .map(let m)? = o.exportValue() else {
                throw RuntimeError("closure: a \(o.typeName) does not export data columns")
            }
            columns = m
        default:
            throw RuntimeError("closure: data must be a map of columns or a run, got \(data.typeName)")
        }
        func column(_ name: String) throws -> [Double]? {
            guard let v = columns[name] else { return nil }
            guard case .list(let l) = v else { throw RuntimeError("closure: data column \"\(name)\" is not a list") }
            return try l.items.map { item -> Double in
                switch item {
                case .int(let i): return Double(i)
                case .double(let d): return d
                default: throw RuntimeError("closure: data column \"\(name)\" holds a \(item.typeName)")
                }
            }
        }
        func required(_ name: String) throws -> [Double] {
            guard let c = try column(name) else { throw RuntimeError("closure: data has no column \"\(name)\"") }
            return c
        }
        return try ConcentrationSeries(times: try required("time"), plus: try required("C+"),
                                       plusPlus: try required("++"), plusMinus: try required("+-"),
                                       minusMinus: try required("--"),
                                       tripletColumn: { (try? column($0)) ?? nil })
    }

    /// "hard", "soft", or "custom" with the bounds given (closure_errors takes no bounds).
    static func regularizationArgument(_ name: String, delta: Double? = nil, beta1: Double? = nil, beta2: Double? = nil,
                                       callee: String) throws -> Regularization {
        switch name {
        case "hard": return .hard
        case "soft": return .soft
        case "custom":
            return try Regularization(delta: delta ?? 2, beta1: beta1 ?? -.infinity, beta2: beta2 ?? .infinity)
        default:
            throw RuntimeError("\(callee): regularization must be \"hard\", \"soft\" or \"custom\", got \"\(name)\"")
        }
    }
}
