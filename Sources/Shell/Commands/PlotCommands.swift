// The plotting builtins: plot, scatter, hist, sites and spark. With `out=` they
// write a PNG, SVG or PDF through gnuplot (and, with data=true, its .gp script
// beside it); without, they draw a character picture at the prompt.
import Language

/// Builtins that draw.
public enum PlotCommands {
    public static var all: [Builtin] { [plot, scatter, hist, sites, spark] }

    /// Options every figure builtin takes (declared last in each).
    struct FigureOptions: Parameters {
        var title = Param("title", default: "", "title above the plot")
        var xlabel = Param("xlabel", default: "", "x-axis label")
        var ylabel = Param("ylabel", default: "", "y-axis label")
        var logx = Param("logx", default: false, "logarithmic x axis")
        var logy = Param("logy", default: false, "logarithmic y axis")
        var out = Param<String?>("out", default: nil, "image file (.png, .svg or .pdf); omitted: a character chart at the prompt")
        var size = Param<[Double]?>("size", default: nil, unit: "inches",
                                    "picture size [width, height] (default 6.4 x 4.8; larger for big lattices and many panels)")
        var dpi = Param<Int?>("dpi", default: nil, unit: "pixels per inch", "resolution of a PNG (default 100)")
        var font = Param<String?>("font", default: nil, "gnuplot font, \"name,points\" (default \"sans,10\")")
        var data = Param("data", default: false, "keep the picture's gnuplot script and data beside it (NAME.gp), which ce check verifies")
    }

    struct PlotParameters: Parameters {
        var series = Param.variadic("series", "y, or x then y (as matplotlib), numeric lists, maps {\"x\":…, \"y\":…, \"label\":…, \"yerr\":…}, or a result (run, fit, chain)")
        var x = Param<[Double]?>("x", default: nil, "x values shared by every list series (then each list is a y)")
        var labels = Param<[Value]?>("labels", default: nil, "legend labels, one per series")
        var yerr = Param<[Double]?>("yerr", default: nil, "error bars for a single series")
        var style = Param("style", default: Figure.Style.lines, "how series are drawn")
        var figure = Param<String?>("figure", default: nil, "which ready-made picture of a result, e.g. \"energy\"")
        var options = FigureOptions()
    }

    struct ScatterParameters: Parameters {
        var x = Param<[Double]>("x", "x values")
        var y = Param<[Double]>("y", "y values")
        var sizes = Param<[Double]?>("sizes", default: nil, "marker size per point (e.g. 1/J)")
        var label = Param("label", default: "", "legend label")
        var options = FigureOptions()
    }

    struct HistParameters: Parameters {
        var values = Param<[Double]>("values", "numbers to count")
        var bins = Param("bins", default: 20, "number of equal-width bins, 1 to 10000")
        var label = Param("label", default: "", "legend label")
        var options = FigureOptions()
    }

    struct SitesParameters: Parameters {
        var x = Param<[Double]>("x", "site x coordinates")
        var y = Param<[Double]>("y", "site y coordinates")
        var species = Param<[Int]>("species", "species index per site")
        var names = Param<[Value]?>("names", default: nil, "species names, by index")
        var options = FigureOptions()
    }

    struct SparkParameters: Parameters {
        var values = Param<[Double]>("values", "numbers")
    }

    static let plot = Builtin(
        "plot", PlotParameters.self, summary: "Line plot of y against x, or of a result; PNG/SVG with out=, a chart at the prompt without.",
        doc: """
            As matplotlib: plot(y) draws y against 0, 1, 2, …; plot(x, y) draws y
            against x; plot(x, y1, x, y2) two series; plot(x, [y1, y2]) two series
            over one x. With x= every list is a y over that x. Series share the
            axes; give labels= for a legend. A result such as a run draws its
            ready-made picture (figure= picks another).
            Example:
                plot([3, 1, 0.5, 0.2], title="energy")
                T = [300, 600, 900]
                plot(T, [-0.12, -0.1, -0.07], xlabel="T (K)", ylabel="E (eV/prim)")
                run = anneal("triangular", size=12, sweeps=20, seed=1)
                plot(run, out="energy.png")
                plot({"x": [1, 10, 100], "y": [0.5, 0.3, 0.2], "yerr": [0.05, 0.03, 0.02], "label": "E"}, logx=true, out="e.svg")
                plot(run, out="energy.pdf", size=[3.5, 2.6], font="Helvetica,9")   # a column-wide PDF
                plot(run, figure="pairs", out="pairs.png", dpi=300, data=true)     # keeps pairs.gp beside it
            """,
        category: "plots"
    ) { args in
        var figure = try figureFromSeries(args, kind: .lines)
        try applyOptions(args.options, to: &figure)
        return try emit(figure, args.options)
    }

    static let scatter = Builtin(
        "scatter", ScatterParameters.self, summary: "Scatter plot of y against x, optionally with marker sizes.",
        doc: """
            Example:
                chain = sample(fn(k) { return k[0]^2 + k[1]^2 }, start=[0.5, 0.5], n=2000, seed=1)
                k = transpose(chain.samples)          # one list per parameter
                scatter(k[0], k[1], sizes=1 / chain.cost, out="k1k2.png")
            """,
        category: "plots"
    ) { args in
        var figure = Figure(kind: .scatter)
        let x = try args.x, y = try args.y
        guard x.count == y.count else { throw RuntimeError("scatter: x has \(x.count) values but y has \(y.count)") }
        var series = Figure.Series(label: try args.label, x: x, y: y, style: .points)
        if let sizes = try args.sizes {
            guard sizes.count == x.count else { throw RuntimeError("scatter: sizes has \(sizes.count) values, expected \(x.count)") }
            series.sizes = normalisedSizes(sizes)
        }
        figure.series = [series]
        try applyOptions(args.options, to: &figure)
        return try emit(figure, args.options)
    }

    static let hist = Builtin(
        "hist", HistParameters.self, summary: "Histogram of a list of numbers.",
        doc: """
            Example:
                seed(1)
                hist(randn(1000), bins=30, out="normal.png")
            """,
        category: "plots"
    ) { args in
        let bins = try args.bins
        guard bins > 0 && bins <= 10_000 else { throw RuntimeError("hist: bins must be between 1 and 10000, got \(bins)") }
        let values = try args.values
        var figure = Figure(kind: .histogram(bins: bins))
        figure.series = [Figure.Series(label: try args.label, x: [], y: values)]
        try applyOptions(args.options, to: &figure)
        return try emit(figure, args.options)
    }

    /// The most species a site picture tells apart without names=.
    static let maximumSpecies = 1000

    static let sites = Builtin(
        "sites", SitesParameters.self, summary: "Picture of sites at (x, y) coloured by species.",
        doc: """
            The general form behind configuration pictures (plot(run.final)).
            Example:
                sites([0, 1, 0.5], [0, 0, 0.87], [0, 1, 1], names=["Mn", "Li"], out="tri.png")
            """,
        category: "plots"
    ) { args in
        let x = try args.x, y = try args.y, species = try args.species
        guard x.count == y.count, x.count == species.count else {
            throw RuntimeError("sites: x, y and species must have the same length (\(x.count), \(y.count), \(species.count))")
        }
        // Checked before default names are made: one name per index up to the largest.
        let givenNames = try args.names
        let limit = givenNames?.count ?? maximumSpecies
        guard species.allSatisfy({ $0 >= 0 && $0 < limit }) else {
            throw RuntimeError(limit == 0 ? "sites: names= is empty but the sites need species names"
                : "sites: every species index must be in 0..\(limit - 1)")
        }
        let names = givenNames?.map(\.description) ?? (0...(species.max() ?? 0)).map { "species \($0)" }
        var figure = Figure(kind: .sites)
        figure.classNames = names
        figure.series = [Figure.Series(x: x, y: y, classes: species, style: .points)]
        try applyOptions(args.options, to: &figure)
        return try emit(figure, args.options)
    }

    static let spark = Builtin(
        "spark", SparkParameters.self, summary: "A one-line sparkline of a list of numbers, as a string.",
        doc: """
            Example:
                spark([1, 3, 2, 5])    # ▁▅▃█
            """,
        category: "plots"
    ) { args in
        .string(TerminalChart.sparkline(try args.values))
    }

    // MARK: - Building figures from arguments

    private static func figureFromSeries(_ args: Arguments<PlotParameters>, kind: Figure.Kind) throws -> Figure {
        let items = try args.series
        guard !items.isEmpty else { throw RuntimeError("plot: nothing to plot; give a list of numbers or a result") }
        if items.count == 1, case .object(let object) = items[0] {
            guard let plottable = object as? Plottable else {
                throw RuntimeError("plot: a \(object.typeName) has no picture; plot its fields instead")
            }
            let name = try args.figure
            // "pairs:k1,k2" names a figure and the parameters it shows.
            if let name, !plottable.figureNames.contains(String(name.prefix { $0 != ":" })) {
                throw RuntimeError("plot: a \(object.typeName) has no figure '\(name)'; it has \(plottable.figureNames.joined(separator: ", "))")
            }
            return try plottable.figure(name)
        }
        let sharedX = try args.x
        let style = try args.style
        var series: [Figure.Series] = []
        var i = 0
        while i < items.count {
            // As matplotlib's plot(x, y): a list of numbers followed by another list is x, then y
            // (or several y series, a list of lists); a list left over is y against 0, 1, 2, ….
            if sharedX == nil, isNumberList(items[i]), i + 1 < items.count, isSequence(items[i + 1]) {
                series += try seriesList(items[i + 1], sharedX: try numbers(items[i], "x"), style: style)
                i += 2
            } else {
                series += try seriesList(items[i], sharedX: sharedX, style: style)
                i += 1
            }
        }
        if let labels = try args.labels?.map(\.description) {
            guard labels.count == series.count else {
                throw RuntimeError("plot: \(labels.count) labels for \(series.count) series")
            }
            for i in series.indices { series[i].label = labels[i] }
        }
        if let errors = try args.yerr {
            guard series.count == 1 else { throw RuntimeError("plot: yerr= is for a single series; put \"yerr\" in each series map") }
            guard errors.count == series[0].y.count else {
                throw RuntimeError("plot: yerr has \(errors.count) values, expected \(series[0].y.count)")
            }
            series[0].errors = errors
        }
        var figure = Figure(kind: kind)
        figure.series = series
        return figure
    }

    /// A range, or a list holding no lists: one series' numbers (or the x before a y).
    private static func isNumberList(_ item: Value) -> Bool {
        switch item {
        case .range: return true
        case .list(let l): return !l.items.contains(where: isSequence)
        default: return false
        }
    }

    private static func isSequence(_ item: Value) -> Bool {
        switch item {
        case .list, .range: return true
        default: return false
        }
    }

    /// The series one positional argument stands for.
    private static func seriesList(_ item: Value, sharedX: [Double]?, style: Figure.Style) throws -> [Figure.Series] {
        switch item {
        case .list(let list) where list.items.contains(where: { if case .list = $0 { return true } else { return false } }):
            return try list.items.flatMap { try seriesList($0, sharedX: sharedX, style: style) }
        case .list, .range:
            let y = try numbers(item, "a series")
            let x = sharedX ?? (0..<y.count).map(Double.init)
            guard x.count == y.count else { throw RuntimeError("plot: x has \(x.count) values but a series has \(y.count)") }
            return [Figure.Series(x: x, y: y, style: style)]
        case .map(let map):
            guard let yValue = map["y"] else { throw RuntimeError("plot: a series map needs a \"y\" list") }
            let y = try numbers(yValue, "\"y\"")
            let x = try map["x"].map { try numbers($0, "\"x\"") } ?? sharedX ?? (0..<y.count).map(Double.init)
            guard x.count == y.count else { throw RuntimeError("plot: \"x\" has \(x.count) values but \"y\" has \(y.count)") }
            var s = Figure.Series(label: map["label"]?.description ?? "", x: x, y: y, style: style)
            if let e = map["yerr"] {
                let errors = try numbers(e, "\"yerr\"")
                guard errors.count == y.count else { throw RuntimeError("plot: \"yerr\" has \(errors.count) values, expected \(y.count)") }
                s.errors = errors
            }
            return [s]
        default:
            throw RuntimeError("plot: cannot plot a \(item.typeName); give lists of numbers, series maps or a result")
        }
    }

    private static func numbers(_ value: Value, _ what: String) throws -> [Double] {
        let items: [Value]
        switch value {
        case .list(let l): items = l.items
        case .range(let r): return r.map(Double.init)
        default: throw RuntimeError("plot: \(what) must be a list of numbers, got \(value.typeName)")
        }
        return try items.map {
            switch $0 {
            case .int(let i): return Double(i)
            case .double(let d): return d
            default: throw RuntimeError("plot: \(what) must be a list of numbers, found \($0.typeName)")
            }
        }
    }

    private static func applyOptions(_ args: Arguments<FigureOptions>, to figure: inout Figure) throws {
        let title = try args.title
        if !title.isEmpty { figure.title = title }
        let xlabel = try args.xlabel, ylabel = try args.ylabel
        if !xlabel.isEmpty { figure.xlabel = xlabel }
        if !ylabel.isEmpty { figure.ylabel = ylabel }
        if try args.logx { figure.logx = true }
        if try args.logy { figure.logy = true }
        let texts = [("title", figure.title), ("xlabel", figure.xlabel), ("ylabel", figure.ylabel)]
            + figure.series.map { ("a series label", $0.label) } + figure.classNames.map { ("a species name", $0) }
        for (what, text) in texts {
            if let c = Figure.controlCharacter(in: text) {
                let hex = String(c.value, radix: 16, uppercase: true)
                throw RuntimeError("\(args.callee): \(what) holds the control character U+\(String(repeating: "0", count: max(0, 4 - hex.count)) + hex); "
                    + "picture text is one line of printable characters")
            }
        }
        if let size = try args.size {
            guard size.count == 2, size.allSatisfy({ $0.isFinite && $0 > 0 }) else {
                throw RuntimeError("\(args.callee): size must be [width, height] in inches, both positive, e.g. [6.4, 4.8]")
            }
            guard size.allSatisfy({ (0.5...100).contains($0) }) else {
                throw RuntimeError("\(args.callee): size is in inches, each 0.5 to 100 (got [\(size.map { Value.format($0) }.joined(separator: ", "))]); "
                    + "for pixels give the size in inches and dpi=")
            }
            figure.size.width = size[0]
            figure.size.height = size[1]
        }
        if let dpi = try args.dpi {
            guard (10...1200).contains(dpi) else { throw RuntimeError("\(args.callee): dpi must be 10 to 1200, got \(dpi)") }
            figure.size.dpi = dpi
        }
        let (w, h) = figure.size.pixels
        guard w <= 20_000, h <= 20_000 else {
            throw RuntimeError("\(args.callee): the picture would be \(w) x \(h) pixels; at most 20000 each (lower size= or dpi=)")
        }
        if let font = try args.font {
            guard !font.isEmpty, Figure.controlCharacter(in: font) == nil else {
                throw RuntimeError("\(args.callee): font must be \"name\" or \"name,points\", e.g. \"Helvetica,12\"")
            }
            figure.size.font = font
        }
    }

    /// Writes the figure to `out=` and tells the session, or draws it at the prompt.
    private static func emit(_ figure: Figure, _ args: Arguments<FigureOptions>) throws -> Value {
        guard let out = try args.out else {
            terminalLines(figure).forEach(args.context.print)
            return .null
        }
        let path = try Gnuplot.render(figure, to: args.context.resolve(out), keepData: try args.data)
        args.context.figureWritten?(path)
        return .null
    }

    /// A figure drawn with characters; panels one below the other, each under its title.
    static func terminalLines(_ figure: Figure) -> [String] {
        guard figure.panels.isEmpty else {
            return (figure.title.isEmpty ? [] : [figure.title]) + figure.panels.flatMap { panel in
                [panel.title.isEmpty ? "—" : "— " + panel.title] + terminalLines(panel)
            }
        }
        switch figure.kind {
        case .histogram(let bins): return TerminalChart.histogram(figure.series.first?.y ?? [], bins: bins)
        case .sites: return sitesGrid(figure)
        default: return TerminalChart.lineChart(figure)
        }
    }

    /// A site picture at the prompt: one letter per site (the species' first letter), rows
    /// from the top, each site in the column its x position gives, so sheared lattices
    /// (triangular, honeycomb) keep their shape.
    static func sitesGrid(_ figure: Figure) -> [String] {
        guard let s = figure.series.first, let classes = s.classes, !s.x.isEmpty else { return [] }
        let symbols = figure.classNames.map { $0.first ?? "?" }
        func key(_ v: Double) -> Double { (v * 1e6).rounded() / 1e6 }
        let rows = Dictionary(grouping: s.x.indices, by: { key(s.y[$0]) })
        // Half the closest spacing within a row is one character column.
        var spacing = Double.infinity
        for members in rows.values {
            let xs = members.map { s.x[$0] }.sorted()
            for (a, b) in zip(xs, xs.dropFirst()) where b - a > 1e-9 { spacing = min(spacing, b - a) }
        }
        if !spacing.isFinite { spacing = 1 }
        let xmin = s.x.min() ?? 0
        return rows.keys.sorted(by: >).map { row in
            var line: [Character] = []
            for i in rows[row, default: []] {
                let offset = ((s.x[i] - xmin) / (spacing / 2)).rounded()
                guard offset >= 0 && offset < 100_000 else { continue }
                let column = Int(offset)
                if line.count <= column { line += Array(repeating: " ", count: column - line.count + 1) }
                line[column] = classes[i] < symbols.count ? symbols[classes[i]] : "?"
            }
            return String(line).trimmingTrailingSpaces()
        }
    }

    /// Marker sizes scaled to 0.5...3 points.
    private static func normalisedSizes(_ sizes: [Double]) -> [Double] {
        let finite = sizes.filter { $0.isFinite }
        guard let lo = finite.min(), let hi = finite.max(), hi > lo else { return sizes.map { _ in 1.5 } }
        return sizes.map { $0.isFinite ? 0.5 + 2.5 * ($0 - lo) / (hi - lo) : 0.5 }
    }
}
