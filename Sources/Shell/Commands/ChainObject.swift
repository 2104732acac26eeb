// The value `sample` returns: the chains of a posterior run with their
// summary (mean, median, credible interval, ESS, R-hat per parameter) as
// fields, a printed table, and columns for `save`.
import Inference
import Language

/// A posterior sample in the language: `post.mean`, `post.ci`, `save(post, "post.csv")`.
///
///     post = sample(fn(k) { return (k[0] - 1)^2 }, start=[0.5], n=1000, seed=1)
///     post.mean      # [0.99...]
public final class ChainObject: EngineObject {
    public let posterior: Posterior
    public let names: [String]
    public let method: SamplingMethod
    public let burn: Int
    public let thin: Int
    public let summaryStatistics: PosteriorSummary

    public init(posterior: Posterior, names: [String], method: SamplingMethod, burn: Int, thin: Int, level: Double) {
        self.posterior = posterior
        self.names = names
        self.method = method
        self.burn = burn
        self.thin = thin
        self.summaryStatistics = posterior.summary(level: level)
    }


    public var fieldNames: [String] {
        ["names", "samples", "cost", "acceptance", "ess", "rhat", "mean", "median", "sd", "mcse", "ci", "corr", "chains", "n"]
    }

    public func field(_ name: String) -> Value? {
        let s = summaryStatistics
        let d = posterior.dimension
        switch name {
        case "names": return .strings(names)
        case "samples": return .list((0..<posterior.count).map { .doubles(posterior.sample($0)) })
        case "cost": return .doubles(posterior.costs)
        case "acceptance": return .doubles((1...posterior.stages).map { posterior.acceptanceRate(stage: $0) })
        case "ess": return .doubles(s.ess)
        case "rhat": return .doubles(s.rhat)
        case "mean": return .doubles(s.mean)
        case "median": return .doubles(s.median)
        case "sd": return .doubles(s.sd)
        case "mcse": return .doubles(s.mcse)
        case "ci": return .list((0..<d).map { .doubles([s.lower[$0], s.upper[$0]]) })
        case "corr": return .list((0..<d).map { .doubles(Array(s.correlation[$0 * d ..< ($0 + 1) * d])) })
        case "chains": return .int(posterior.chains.count)
        case "n": return .int(posterior.count)
        default: return nil
        }
    }

    /// One line on the run, then one row per parameter.
    public var summary: String {
        let acceptance = (1...posterior.stages).map { format(posterior.acceptanceRate(stage: $0)) }.joined(separator: " / ")
        let perChain = posterior.chains.first?.count ?? 0
        var head = "chain: \(method.rawValue), \(posterior.chains.count) x \(perChain) samples"
        head += " (burn \(burn), thin \(thin)), acceptance \(acceptance)"
        if posterior.interrupted { head += ", interrupted" }
        return head + "\n" + parameterTable
    }

    public var table: String { summary }

    /// The per-parameter summary as an aligned table.
    var parameterTable: String {
        let s = summaryStatistics
        let lowName = percent((1 - s.level) / 2), highName = percent((1 + s.level) / 2)
        let columns: [(name: String, values: [Value])] = [
            ("param", names.map { .string($0) }),
            ("mean", cells(s.mean)), ("median", cells(s.median)), ("sd", cells(s.sd)),
            (lowName, cells(s.lower)), (highName, cells(s.upper)),
            ("ess", s.ess.map { $0.isFinite ? .int(Int($0.rounded())) : .double($0) }),
            ("rhat", s.rhat.map { .double(($0 * 1000).rounded() / 1000) }),
        ]
        return (try? TextTable(columns: columns, digits: 4).text) ?? ""
    }

    /// Columns for `save`: chain index, cost, then one column per parameter.
    public func exportValue() -> Value? {
        var chainIndex: [Value] = []
        for (k, c) in posterior.chains.enumerated() { chainIndex += [Value](repeating: .int(k), count: c.count) }
        var fields: [(String, Value)] = [("chain", .list(chainIndex)), ("cost", .doubles(posterior.costs))]
        for (p, name) in names.enumerated() { fields.append((name, .doubles(posterior.column(p)))) }
        return .record(fields)
    }

    /// One row per kept sample: its chain, cost and parameters; each chain's samples
    /// (samples × parameters) and the per-parameter summary beside it.
    public var dataTable: DataTable? {
        guard case .map(let columns)? = exportValue() else { return nil }
        let s = summaryStatistics
        var arrays = posterior.chains.enumerated().map { k, chain in
            DataTable.Column("chain \(k)", .list(ListValue((0..<chain.count).map { .doubles(chain.sample($0)) })))
        }
        arrays += [DataTable.Column("mean", .doubles(s.mean)), DataTable.Column("sd", .doubles(s.sd)),
                   DataTable.Column("ess", .doubles(s.ess)), DataTable.Column("rhat", .doubles(s.rhat))]
        return DataTable(
            columns: columns.pairs.map { DataTable.Column($0.0.value.description, $0.1) },
            attributes: [("method", .string(method.rawValue)), ("names", .strings(names)), ("burn", .int(burn)),
                         ("thin", .int(thin)), ("acceptance", field("acceptance") ?? .null), ("interrupted", .bool(posterior.interrupted))],
            arrays: arrays)
    }

    private func format(_ x: Double) -> String { String(Double((x * 1000).rounded() / 1000)) }

    private func percent(_ p: Double) -> String {
        let v = (p * 1000).rounded() / 10
        return v == v.rounded() ? "\(Int(v))%" : "\(v)%"
    }
}

private func cells(_ xs: [Double]) -> [Value] { xs.map { .double($0) } }
