// Renders a Figure as a self-contained gnuplot script: terminal settings,
// axes, and every series as an inline data block, so the script alone
// reproduces the picture and records the numbers that were plotted.
//
// Text reaches gnuplot single-quoted and `noenhanced`: single quotes are the
// only gnuplot strings without backquote (shell) substitution or backslash
// escapes, and noenhanced keeps `x_Au` from becoming a subscript. Only tick
// labels of log axes use enhanced text, for their superscript exponents.

extension Figure {
    /// The image format of an output file name.
    public enum Format: String, CaseIterable {
        case png, svg, pdf

        /// The format for a path's extension, or nil when it is none of .png, .svg, .pdf.
        public init?(path: String) {
            let lower = path.lowercased()
            guard let format = Format.allCases.first(where: { lower.hasSuffix("." + $0.rawValue) }) else { return nil }
            self = format
        }
    }

    /// Line series longer than this are drawn from their envelope (see `envelope`).
    static let envelopePoints = 4000

    /// A gnuplot script that writes this figure to `output` (a file name
    /// relative to the folder gnuplot runs in).
    public func gnuplotScript(output: String, format: Format) -> String {
        var s = "# ce figure: \(Figure.oneLine(title.isEmpty ? output : title))\n"
        s += terminal(format) + "\n"
        s += "set output \(Figure.quoted(output))\n"
        guard !panels.isEmpty else { return s + body(blockPrefix: "S", isPanel: false) }
        let rows = (panels.count + max(1, columns) - 1) / max(1, columns)
        s += "set multiplot layout \(rows),\(max(1, columns))"
        s += title.isEmpty ? "\n" : " title \(Figure.quoted(title)) noenhanced\n"
        for (p, panel) in panels.enumerated() {
            // reset keeps the terminal, the output and the multiplot layout.
            if p > 0 { s += "reset\n" }
            s += panel.body(blockPrefix: "P\(p)S", isPanel: true)
        }
        return s + "unset multiplot\n"
    }

    /// The terminal line: pixels at `dpi` for PNG (fonts and lines scaled with it), inches for PDF.
    private func terminal(_ format: Format) -> String {
        let font = Figure.quoted(size.font)
        switch format {
        case .png:
            let (w, h) = size.pixels
            let scale = Figure.number(Double(size.dpi) / 100)
            return "set terminal pngcairo size \(w),\(h) enhanced font \(font) fontscale \(scale) linewidth \(scale)"
        case .svg:
            let (w, h) = size.pixels
            return "set terminal svg size \(w),\(h) enhanced font \(font) background 'white'"
        case .pdf:
            return "set terminal pdfcairo size \(Figure.number(size.width))in,\(Figure.number(size.height))in enhanced font \(font)"
        }
    }

    /// Axes, decorations, data and the plot command of one frame.
    private func body(blockPrefix: String, isPanel: Bool) -> String {
        // An empty panel (the upper triangle of a corner plot) leaves its place blank.
        if isPanel && series.isEmpty { return "set multiplot next\n" }
        var s = ""
        if !title.isEmpty { s += "set title \(Figure.quoted(title)) noenhanced\n" }
        if !xlabel.isEmpty { s += "set xlabel \(Figure.quoted(xlabel)) noenhanced\n" }
        if !ylabel.isEmpty { s += "set ylabel \(Figure.quoted(ylabel)) noenhanced\n" }
        if series.contains(where: \.onSecondAxis) {
            s += "set ytics nomirror\nset y2tics\n"
            if !y2label.isEmpty { s += "set y2label \(Figure.quoted(y2label)) noenhanced\n" }
        }
        // Powers of ten as 10 with a superscript exponent, not 0.00000001.
        if let xmin { s += "set xrange [\(Figure.number(xmin)):*]\n" }
        if logx { s += "set logscale x\nset format x '10^{%L}'\n" }
        if logy { s += "set logscale y\nset format y '10^{%L}'\n" }
        s += kind == .sites ? "unset grid\n" : "set grid\n"
        s += key() + "\n"
        for band in bands {
            s += "set object rect from \(Figure.number(band.from)), graph 0 to \(Figure.number(band.to)), graph 1 "
                + "fillcolor rgb '#e6e6e6' fillstyle solid 1.0 noborder behind\n"
            s += "set label \(Figure.quoted(band.label)) at \(Figure.number(band.from)), graph 0.95 left offset 0.5,0 noenhanced\n"
        }
        if kind == .sites, let sites = series.first {
            s += siteBlocks(sites, prefix: blockPrefix)
        } else {
            for (i, series) in series.enumerated() { s += dataBlock(blockPrefix + "\(i)", series) }
        }
        return s + plotCommand(prefix: blockPrefix) + "\n"
    }

    /// Inside the frame, top right, on a white box, when the legend is short; outside otherwise.
    private func key() -> String {
        let labels = kind == .sites ? classNames : series.map(\.label).filter { !$0.isEmpty }
        guard !labels.isEmpty else { return "unset key" }
        let fits = labels.count <= 6 && labels.allSatisfy { $0.count <= 30 } && kind != .sites
        return legendInside ?? fits ? "set key inside top right opaque box samplen 2" : "set key outside right top"
    }

    private func dataBlock(_ name: String, _ series: Series) -> String {
        var block = "$\(name) << EOD\n"
        switch kind {
        case .histogram(let bins):
            let (centres, counts) = Figure.histogram(series.y, bins: bins)
            for (c, n) in zip(centres, counts) { block += "\(Figure.number(c)) \(Figure.number(n))\n" }
        default:
            let n = min(series.x.count, series.y.count)
            let rows = kind == .lines && series.style == .lines && series.errors == nil && n > Figure.envelopePoints
                ? Figure.envelope(series.x, series.y, buckets: Figure.envelopePoints / 4) : Array(0..<n)
            for i in rows {
                // A point with neither coordinate is a break between separate lines (contours, segments).
                if series.x[i].isNaN && series.y[i].isNaN {
                    block += "\n"
                    continue
                }
                var row = "\(Figure.number(series.x[i])) \(Figure.number(series.y[i]))"
                if let e = series.errors, i < e.count { row += " \(Figure.number(e[i]))" }
                if let z = series.sizes, i < z.count { row += " \(Figure.number(z[i]))" }
                block += row + "\n"
            }
        }
        return block + "EOD\n"
    }

    /// The indices that draw the same line as all `x.count` points at any picture size: in each of
    /// `buckets` runs of consecutive points, the first, the lowest, the highest and the last, in order.
    /// A trace of 10^6 samples keeps its look and writes 4,000 rows.
    static func envelope(_ x: [Double], _ y: [Double], buckets: Int) -> [Int] {
        let n = min(x.count, y.count)
        guard buckets > 0, n > 4 * buckets else { return Array(0..<n) }
        var kept: [Int] = []
        kept.reserveCapacity(4 * buckets)
        for b in 0..<buckets {
            let start = b * n / buckets, end = (b + 1) * n / buckets
            guard end > start else { continue }
            var low = start, high = start
            for i in start..<end {
                if y[i] < y[low] { low = i }
                if y[i] > y[high] { high = i }
            }
            for i in [start, min(low, high), max(low, high), end - 1] where kept.last.map({ i > $0 }) ?? true {
                kept.append(i)
            }
        }
        return kept
    }

    /// The sites of each species as their own data block.
    private func siteBlocks(_ sites: Series, prefix: String) -> String {
        let classes = sites.classes ?? []
        return classNames.indices.map { c in
            var block = "$\(prefix)\(c) << EOD\n"
            for i in 0..<min(sites.x.count, sites.y.count, classes.count) where classes[i] == c {
                block += "\(Figure.number(sites.x[i])) \(Figure.number(sites.y[i]))\n"
            }
            return block + "EOD\n"
        }.joined()
    }

    private func plotCommand(prefix: String) -> String {
        func title(_ label: String) -> String { label.isEmpty ? "notitle" : "title \(Figure.quoted(label)) noenhanced" }
        func extras(_ sr: Series) -> String {
            (sr.dotSize.map { " pointtype 7 pointsize \(Figure.number($0))" } ?? "")
                + (sr.onSecondAxis ? " axes x1y2" : "") + (sr.colour.map { " linecolor rgb \(Figure.quoted($0))" } ?? "")
        }
        switch kind {
        case .histogram:
            let parts = series.enumerated().map { i, sr in
                "$\(prefix)\(i) using 1:2 with boxes fill solid 0.5\(extras(sr)) \(title(sr.label))"
            }
            return "set style fill solid 0.5\nset boxwidth 0.9 relative\nplot " + parts.joined(separator: ", \\\n     ")
        case .sites:
            // One block per species, so each gets its own colour and legend entry.
            let colours = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"]
            let sites = series.first?.x.count ?? 0
            let pointSize = sites > 1000 ? 0.5 : sites > 200 ? 0.9 : 1.6
            let parts = classNames.indices.map { c in
                "$\(prefix)\(c) using 1:2 with points pt 7 ps \(pointSize) lc rgb '\(colours[c % colours.count])' \(title(classNames[c]))"
            }
            return "set size ratio -1\nplot " + parts.joined(separator: ", \\\n     ")
        case .scatter:
            // Filled circle, square, triangles, diamond, pentagon: series that overlap stay apart.
            let markers = [7, 5, 9, 11, 13, 15]
            let parts = series.enumerated().map { i, sr -> String in
                // Lines over a scatter: contours, fitted curves.
                if sr.style == .lines { return "$\(prefix)\(i) using 1:2 with lines\(extras(sr)) \(title(sr.label))" }
                let using = sr.sizes != nil ? "1:2:3" : "1:2"
                let size = sr.sizes != nil ? "ps variable" : "ps 1"
                return "$\(prefix)\(i) using \(using) with points pt \(markers[i % markers.count]) \(size)\(extras(sr)) \(title(sr.label))"
            }
            return "plot " + parts.joined(separator: ", \\\n     ")
        case .lines:
            let parts = series.enumerated().map { i, sr -> String in
                if sr.errors != nil {
                    return "$\(prefix)\(i) using 1:2:3 with yerrorlines\(extras(sr)) \(title(sr.label))"
                }
                return "$\(prefix)\(i) using 1:2 with \(sr.style.rawValue)\(extras(sr)) \(title(sr.label))"
            }
            return "plot " + parts.joined(separator: ", \\\n     ")
        }
    }

    /// Numbers in their shortest exact form, so the script is exact and deterministic.
    static func number(_ x: Double) -> String {
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x < 0 ? "-Inf" : "Inf" }
        return x.description
    }

    /// A gnuplot single-quoted string: a quote is doubled, and control characters (which would
    /// end the command) become spaces.
    static func quoted(_ text: String) -> String {
        "'" + oneLine(text).replacing("'", with: "''") + "'"
    }

    static func oneLine(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
    }

    /// The first control character of `text` (newline, escape, NUL, …), which no picture text may hold.
    public static func controlCharacter(in text: String) -> Unicode.Scalar? {
        text.unicodeScalars.first { $0.properties.generalCategory == .control }
    }
}
