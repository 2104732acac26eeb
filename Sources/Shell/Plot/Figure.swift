// A figure described as data: series, axes and a kind. The same description
// renders to a gnuplot script (PNG/SVG files) and to terminal charts, and the
// script it renders holds the plotted numbers, which is what transcripts check.
import Language

/// What a figure shows.
///
///     var fig = Figure(kind: .lines, title: "energy")
///     fig.series.append(Figure.Series(label: "E", x: [0, 1, 2], y: [3, 1, 0]))
public struct Figure {
    public enum Kind: Equatable {
        /// Lines (or points, or both) of y against x.
        case lines
        /// Markers of y against x, sized by each series' `sizes` when given.
        case scatter
        /// A histogram of each series' y values in `bins` bins.
        case histogram(bins: Int)
        /// Lattice sites at (x, y) coloured by species index (`classes`).
        case sites
    }

    public enum Style: String, CaseIterable, ChoiceArgument {
        case lines, points, linespoints
    }

    /// One data series.
    public struct Series {
        public var label: String
        public var x: [Double]
        public var y: [Double]
        /// Symmetric error bars, one per point.
        public var errors: [Double]?
        /// Marker sizes (scatter), one per point.
        public var sizes: [Double]?
        /// Class index per point (site pictures): which species sits there.
        public var classes: [Int]?
        public var style: Style
        /// Drawn against the right-hand y axis (`y2label`) instead of the left.
        public var onSecondAxis = false
        /// A fixed colour ("#rrggbb"), e.g. to give a chain the same colour in every panel.
        public var colour: String?
        /// Points drawn as filled dots of this size (a cloud of samples), not the default markers.
        public var dotSize: Double?

        public init(
            label: String = "", x: [Double], y: [Double], errors: [Double]? = nil, sizes: [Double]? = nil,
            classes: [Int]? = nil, style: Style = .lines
        ) {
            self.label = label
            self.x = x
            self.y = y
            self.errors = errors
            self.sizes = sizes
            self.classes = classes
            self.style = style
        }
    }

    /// A shaded range of x with a label: the burn-in that was discarded.
    public struct Band {
        public var from: Double
        public var to: Double
        public var label: String

        public init(from: Double, to: Double, label: String) {
            self.from = from
            self.to = to
            self.label = label
        }
    }

    /// The physical size of a picture and its type: inches as matplotlib's figsize, pixels per
    /// inch for PNG, and a gnuplot font ("sans,10").
    public struct Size: Equatable {
        public var width = 6.4
        public var height = 4.8
        public var dpi = 100
        public var font = "sans,10"

        public init() {}

        /// Width and height in pixels at `dpi`.
        public var pixels: (width: Int, height: Int) {
            (Int((width * Double(dpi)).rounded()), Int((height * Double(dpi)).rounded()))
        }
    }

    public var kind: Kind
    public var series: [Series] = []
    public var title = ""
    public var xlabel = ""
    public var ylabel = ""
    /// The label of the right-hand axis, for series drawn `onSecondAxis`.
    public var y2label = ""
    /// The lowest x shown, when the axis must start before the data (at iteration 0 under a burn-in).
    public var xmin: Double?
    public var logx = false
    public var logy = false
    /// Names of the classes of a site picture, in class-index order.
    public var classNames: [String] = []
    public var bands: [Band] = []
    /// Sub-figures drawn as panels of this one, `columns` to a row (series of this figure are then not drawn).
    public var panels: [Figure] = []
    public var columns = 1
    /// Whether the legend goes inside the frame; nil: inside when it fits (a few short entries).
    public var legendInside: Bool?
    public var size = Size()

    public init(kind: Kind, title: String = "") {
        self.kind = kind
        self.title = title
    }

    /// The histogram counts of `values` in `bins` equal bins over their range,
    /// as (bin centres, counts); a constant sample puts everything in one bin.
    public static func histogram(_ values: [Double], bins: Int) -> (centres: [Double], counts: [Double]) {
        let finite = values.filter { $0.isFinite }
        guard let lo = finite.min(), let hi = finite.max(), bins > 0 else { return ([], []) }
        // Halved terms keep the width finite when hi - lo exceeds the largest Double.
        let width = hi > lo ? ((hi - lo).isFinite ? (hi - lo) / Double(bins) : hi / Double(bins) - lo / Double(bins)) : 1
        var counts = [Double](repeating: 0, count: bins)
        for v in finite {
            let b = Int(min(Double(bins - 1), (v - lo) / width))
            counts[b] += 1
        }
        let centres = (0..<bins).map { k -> Double in
            let centre = lo + (Double(k) + 0.5) * width
            return centre.isFinite ? centre : 2 * (lo / 2 + (Double(k) + 0.5) * (width / 2))
        }
        return (centres, counts)
    }
}
