// Renders a Figure as a self-contained gnuplot script: terminal settings,
// axes, and every series as an inline data block, so the script alone
// reproduces the picture and records the numbers that were plotted.

extension Figure {
    /// The image format of an output file name.
    public enum Format: String {
        case png, svg

        /// The format for a path's extension, or nil when it is neither .png nor .svg.
        public init?(path: String) {
            let lower = path.lowercased()
            if lower.hasSuffix(".png") { self = .png } else if lower.hasSuffix(".svg") { self = .svg } else { return nil }
        }
    }

    /// A gnuplot script that writes this figure to `output` (a file name
    /// relative to the folder gnuplot runs in).
    public func gnuplotScript(output: String, format: Format) -> String {
        var s = "# ce figure: \(title.isEmpty ? output : title)\n"
        switch format {
        case .png: s += "set terminal pngcairo size \(width),\(height) enhanced font 'sans,10'\n"
        case .svg: s += "set terminal svg size \(width),\(height) enhanced font 'sans,10' background 'white'\n"
        }
        s += "set output \(quoted(output))\n"
        if !title.isEmpty { s += "set title \(quoted(title))\n" }
        if !xlabel.isEmpty { s += "set xlabel \(quoted(xlabel))\n" }
        if !ylabel.isEmpty { s += "set ylabel \(quoted(ylabel))\n" }
        if logx { s += "set logscale x\n" }
        if logy { s += "set logscale y\n" }
        s += "set grid\nset key outside right top\n"
        if kind == .sites, let sites = series.first {
            s += siteBlocks(sites)
        } else {
            for (i, series) in series.enumerated() { s += dataBlock(i, series) }
        }
        s += plotCommand() + "\n"
        return s
    }

    private func dataBlock(_ index: Int, _ series: Series) -> String {
        var block = "$S\(index) << EOD\n"
        switch kind {
        case .histogram(let bins):
            let (centres, counts) = Figure.histogram(series.y, bins: bins)
            for (c, n) in zip(centres, counts) { block += "\(number(c)) \(number(n))\n" }
        default:
            for i in 0..<min(series.x.count, series.y.count) {
                var row = "\(number(series.x[i])) \(number(series.y[i]))"
                if let e = series.errors, i < e.count { row += " \(number(e[i]))" }
                if let z = series.sizes, i < z.count { row += " \(number(z[i]))" }
                block += row + "\n"
            }
        }
        return block + "EOD\n"
    }

    /// The sites of each species as their own data block.
    private func siteBlocks(_ sites: Series) -> String {
        let classes = sites.classes ?? []
        return classNames.indices.map { c in
            var block = "$C\(c) << EOD\n"
            for i in 0..<min(sites.x.count, sites.y.count, classes.count) where classes[i] == c {
                block += "\(number(sites.x[i])) \(number(sites.y[i]))\n"
            }
            return block + "EOD\n"
        }.joined()
    }

    private func plotCommand() -> String {
        switch kind {
        case .histogram:
            let parts = series.enumerated().map { i, sr in
                "$S\(i) using 1:2 with boxes fill solid 0.5 title \(quoted(sr.label))"
            }
            return "set style fill solid 0.5\nset boxwidth 0.9 relative\nplot " + parts.joined(separator: ", \\\n     ")
        case .sites:
            // One block per species, so each gets its own colour and legend entry.
            let colours = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"]
            let sites = series.first?.x.count ?? 0
            let pointSize = sites > 1000 ? 0.5 : sites > 200 ? 0.9 : 1.6
            let parts = classNames.indices.map { c in
                "$C\(c) using 1:2 with points pt 7 ps \(pointSize) lc rgb '\(colours[c % colours.count])' title \(quoted(classNames[c]))"
            }
            return "set size ratio -1\nunset grid\nset key outside right top\nplot " + parts.joined(separator: ", \\\n     ")
        case .scatter:
            // Filled circle, square, triangles, diamond, pentagon: series that overlap stay apart.
            let markers = [7, 5, 9, 11, 13, 15]
            let parts = series.enumerated().map { i, sr -> String in
                let using = sr.sizes != nil ? "1:2:3" : "1:2"
                let size = sr.sizes != nil ? "ps variable" : "ps 1"
                return "$S\(i) using \(using) with points pt \(markers[i % markers.count]) \(size) title \(quoted(sr.label))"
            }
            return "plot " + parts.joined(separator: ", \\\n     ")
        case .lines:
            let parts = series.enumerated().map { i, sr -> String in
                if sr.errors != nil {
                    return "$S\(i) using 1:2:3 with yerrorlines title \(quoted(sr.label))"
                }
                return "$S\(i) using 1:2 with \(sr.style.rawValue) title \(quoted(sr.label))"
            }
            return "plot " + parts.joined(separator: ", \\\n     ")
        }
    }

    /// Numbers in their shortest exact form, so the script is exact and deterministic.
    private func number(_ x: Double) -> String {
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x < 0 ? "-Inf" : "Inf" }
        return x.description
    }

    private func quoted(_ text: String) -> String {
        "\"" + text.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
    }
}
