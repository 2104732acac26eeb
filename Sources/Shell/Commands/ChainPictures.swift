// The ready-made pictures of a posterior chain: a trace in the manner of
// ArviZ's plot_trace (per parameter, marginal and trace, chains in their own
// colours, the discarded burn-in marked), a corner plot in the manner of
// corner.py (marginals and 1σ/2σ density contours of every pair), the
// pairwise scatter with marker size by 1/J (seed 003 Fig. 13) and the
// histogram of the cost J (Fig. 14).
import Inference
import Language

/// `plot(post, figure="trace")`, `"corner"`, `"pairs:k3,k5"`, `"cost"`; a list of names after
/// the colon picks the parameters.
///
///     plot(post, figure="corner:k1,k2,k3", out="corner.pdf")
extension ChainObject: Plottable {
    public var figureNames: [String] { ["trace", "corner", "pairs", "cost"] }

    /// Shares of the samples the corner contours enclose: the 1σ and 2σ regions of a 2D normal.
    static let contours = [(share: 0.393, label: "39.3 % of samples (1σ)", colour: "#08306b"),
                           (share: 0.865, label: "86.5 % of samples (2σ)", colour: "#4a90d9")]
    /// Chain colours, the same in every panel.
    static let chainColours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"]

    public func figure(_ name: String?) throws -> Figure {
        let (kind, chosen) = try parseFigureName(name ?? "trace")
        switch kind {
        case "trace": return traceFigure(chosen ?? Array(names.indices))
        case "corner": return try cornerFigure(chosen ?? Array(names.indices.prefix(6)))
        case "pairs":
            let pair = chosen ?? [0, min(1, names.count - 1)]
            guard pair.count == 2 else {
                throw RuntimeError("plot: a pairs figure shows two parameters, e.g. \"pairs:\(names[0]),\(names[min(1, names.count - 1)])\"")
            }
            var f = Figure(kind: .scatter, title: "posterior samples, marker size by 1/J (largest: lowest J)")
            f.series = [Figure.Series(label: "\(names[pair[0]]) vs \(names[pair[1]])", x: posterior.column(pair[0]),
                                      y: posterior.column(pair[1]), sizes: Self.markerSizes(posterior.costs), style: .points)]
            // See-through markers (alpha in the colour's first byte): dense regions show their density.
            f.series[0].colour = "#a01f77b4"
            f.series += contourSeries(x: posterior.column(pair[0]), y: posterior.column(pair[1]), labelled: true)
            f.xlabel = names[pair[0]]
            f.ylabel = names[pair[1]]
            return f
        case "cost":
            var f = Figure(kind: .histogram(bins: 30), title: "cost J of the \(posterior.count) posterior samples")
            f.series = [Figure.Series(label: "J", x: [], y: posterior.costs)]
            f.xlabel = "cost J"
            f.ylabel = "samples per bin"
            return f
        default:
            throw RuntimeError("chain figures: \(figureNames.joined(separator: ", "))")
        }
    }

    /// The iteration of each kept sample: after the burn-in, every `thin`-th.
    private func iterations(_ count: Int) -> [Double] {
        (0..<count).map { Double(burn + $0 * max(1, thin)) }
    }

    /// One row per parameter: its marginal per chain (left) and its trace per chain (right).
    private func traceFigure(_ chosen: [Int]) -> Figure {
        var f = Figure(kind: .lines, title: "posterior trace: \(posterior.chains.count) chains × \(posterior.chains.first?.count ?? 0) samples"
                       + " (\(method.rawValue), burn-in \(burn), thin \(thin))")
        f.columns = 2
        f.size.width = 9.6
        f.size.height = min(100, max(3.2, 2.6 * Double(chosen.count)))
        for p in chosen {
            let columns = posterior.chains.map { $0.column(p) }
            let all = columns.flatMap { $0 }.filter(\.isFinite)
            var marginal = Figure(kind: .lines, title: names[p])
            marginal.xlabel = names[p]
            marginal.ylabel = "density"
            var trace = Figure(kind: .lines, title: names[p])
            trace.xlabel = "iteration"
            trace.ylabel = names[p]
            if burn > 0 {
                trace.bands = [Figure.Band(from: 0, to: Double(burn), label: "burn-in (discarded)")]
                trace.xmin = 0
            }
            let bins = Self.binEdges(all, count: 30)
            for (c, column) in columns.enumerated() {
                let colour = Self.chainColours[c % Self.chainColours.count]
                let label = p == chosen.first ? "chain \(c + 1)" : ""
                if let bins {
                    let (x, y) = Self.densityOutline(column, edges: bins)
                    var s = Figure.Series(x: x, y: y, style: .lines)
                    s.colour = colour
                    marginal.series.append(s)
                }
                var s = Figure.Series(label: label, x: iterations(column.count), y: column, style: .lines)
                s.colour = colour
                trace.series.append(s)
            }
            // Only the first row carries the legend, inside its trace.
            trace.legendInside = true
            f.panels += [marginal, trace]
        }
        return f
    }

    /// A lower-triangular grid: marginals on the diagonal, contours and a thinned cloud below.
    private func cornerFigure(_ chosen: [Int]) throws -> Figure {
        guard chosen.count >= 2 else {
            throw RuntimeError("plot: a corner figure shows two or more parameters, e.g. \"corner:\(names.prefix(2).joined(separator: ","))\"")
        }
        let shown = chosen.count < names.count && chosen.count == 6 ? " (the first 6 of \(names.count); pick with \"corner:a,b,c\")" : ""
        var f = Figure(kind: .lines, title: "posterior of \(posterior.count) samples: marginals and 39 % / 86 % (1σ / 2σ) contours" + shown)
        f.columns = chosen.count
        let side = min(100, max(6.4, 2.2 * Double(chosen.count)))
        f.size.width = side
        f.size.height = side
        let columns = chosen.map { posterior.column($0) }
        // At most 2,000 points of the cloud: every k-th sample, the same in every panel.
        let stride = max(1, posterior.count / 2000)
        for (row, p) in chosen.enumerated() {
            for (column, q) in chosen.enumerated() {
                var panel = Figure(kind: .lines)
                if row == chosen.count - 1 { panel.xlabel = names[q] }
                if column == 0 && row > 0 { panel.ylabel = names[p] }
                panel.legendInside = true
                if column == row {
                    if let edges = Self.binEdges(columns[row].filter(\.isFinite), count: 30) {
                        let (x, y) = Self.densityOutline(columns[row], edges: edges)
                        panel.series = [Figure.Series(x: x, y: y, style: .lines)]
                    }
                    panel.title = names[p]
                    if row == 0 { panel.ylabel = "density" }
                } else if column < row {
                    let thinnedX = Swift.stride(from: 0, to: columns[column].count, by: stride).map { columns[column][$0] }
                    let thinnedY = Swift.stride(from: 0, to: columns[row].count, by: stride).map { columns[row][$0] }
                    var cloud = Figure.Series(x: thinnedX, y: thinnedY, style: .points)
                    cloud.colour = "#bbbbbb"
                    cloud.dotSize = 0.3
                    panel.series = [cloud] + contourSeries(x: columns[column], y: columns[row], labelled: row == 1 && column == 0)
                }
                f.panels.append(panel)
            }
        }
        return f
    }

    /// The 1σ and 2σ contour lines of (x, y), empty when the sample is too small or flat.
    private func contourSeries(x: [Double], y: [Double], labelled: Bool) -> [Figure.Series] {
        guard let contours = DensityContours(x: x, y: y) else { return [] }
        return Self.contours.map { level in
            let (cx, cy) = contours.segments(enclosing: level.share)
            var s = Figure.Series(label: labelled ? level.label : "", x: cx, y: cy, style: .lines)
            s.colour = level.colour
            return s
        }
    }

    /// `count + 1` equal bin edges over the finite values' range; nil when there is no range.
    static func binEdges(_ values: [Double], count: Int) -> [Double]? {
        guard let lo = values.min(), let hi = values.max(), hi > lo, (hi - lo).isFinite else { return nil }
        return (0...count).map { lo + (hi - lo) * Double($0) / Double(count) }
    }

    /// A step outline of the histogram of `values` on `edges`, normalised to unit area.
    static func densityOutline(_ values: [Double], edges: [Double]) -> (x: [Double], y: [Double]) {
        let bins = edges.count - 1
        guard bins > 0, let lo = edges.first, let hi = edges.last else { return ([], []) }
        var counts = [Double](repeating: 0, count: bins)
        var total = 0.0
        for v in values where v.isFinite && v >= lo && v <= hi {
            counts[min(bins - 1, Int((v - lo) / (hi - lo) * Double(bins)))] += 1
            total += 1
        }
        let width = (hi - lo) / Double(bins)
        var x: [Double] = [lo], y: [Double] = [0]
        for b in 0..<bins {
            let d = total > 0 ? counts[b] / (total * width) : 0
            x += [edges[b], edges[b + 1]]
            y += [d, d]
        }
        x.append(hi)
        y.append(0)
        return (x, y)
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
