// The ready-made pictures of a posterior chain: parameter traces, a pairwise
// scatter with marker size by 1/J (seed 003 Fig. 13) and the histogram of
// the cost J (Fig. 14).
import Inference
import Language

/// `plot(post, figure="trace")`, `figure="pairs"` (or `"pairs:k3,k5"`), `figure="cost"`.
///
///     plot(post, figure="pairs:k1,k2", out="pairs.png")
extension ChainObject: Plottable {
    public var figureNames: [String] { ["trace", "pairs", "cost"] }

    public func figure(_ name: String?) throws -> Figure {
        let (kind, chosen) = try parseFigureName(name ?? "trace")
        switch kind {
        case "trace":
            var f = Figure(kind: .lines, title: "posterior trace (chains one after another)")
            let x = (0..<posterior.count).map(Double.init)
            f.series = (chosen ?? Array(names.indices)).map { Figure.Series(label: names[$0], x: x, y: posterior.column($0)) }
            f.xlabel = "sample"
            f.ylabel = "parameter value"
            return f
        case "pairs":
            let pair = chosen ?? [0, min(1, names.count - 1)]
            guard pair.count == 2 else {
                throw RuntimeError("plot: a pairs figure shows two parameters, e.g. \"pairs:\(names[0]),\(names[min(1, names.count - 1)])\"")
            }
            var f = Figure(kind: .scatter, title: "posterior samples, marker size by 1/J (largest: lowest J)")
            f.series = [Figure.Series(label: "\(names[pair[0]]) vs \(names[pair[1]])", x: posterior.column(pair[0]),
                                      y: posterior.column(pair[1]), sizes: Self.markerSizes(posterior.costs))]
            f.xlabel = names[pair[0]]
            f.ylabel = names[pair[1]]
            return f
        case "cost":
            var f = Figure(kind: .histogram(bins: 30), title: "cost J of the posterior samples")
            f.series = [Figure.Series(label: "J", x: [], y: posterior.costs)]
            f.xlabel = "J"
            f.ylabel = "samples"
            return f
        default:
            throw RuntimeError("chain figures: trace, pairs, cost")
        }
    }

    /// Marker sizes linear in 1/J, from 0.3 at the largest J to 2 at the smallest, so that
    /// the spread shows even when J varies by a few per cent; all 2 when J is constant.
    static func markerSizes(_ costs: [Double]) -> [Double] {
        let inverse = costs.map { $0.isFinite ? 1 / max($0, Double.leastNormalMagnitude) : 0 }
        guard let low = inverse.min(), let high = inverse.max(), high > low else { return inverse.map { _ in 2 } }
        return inverse.map { 0.3 + 1.7 * ($0 - low) / (high - low) }
    }

    /// "pairs:k3,k5" -> ("pairs", [2, 4]); "trace" -> ("trace", nil).
    private func parseFigureName(_ name: String) throws -> (String, [Int]?) {
        guard let colon = name.firstIndex(of: ":") else { return (name, nil) }
        let indices = try name[name.index(after: colon)...].split(separator: ",").map { part -> Int in
            let key = part.filter { $0 != " " }
            guard let i = names.firstIndex(of: key) else {
                throw RuntimeError("plot: the chain has no parameter '\(key)'; it has \(names.joined(separator: ", "))")
            }
            return i
        }
        guard !indices.isEmpty else { throw RuntimeError("plot: name parameters after the colon, e.g. \"trace:\(names[0])\"") }
        return (String(name[..<colon]), indices)
    }
}
