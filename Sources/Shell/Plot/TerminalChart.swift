// Pictures drawn with characters, for the prompt: sparklines, braille line
// charts, histogram bars and site grids. Deterministic text, so they replay
// in transcripts too.

/// Character pictures of figures.
///
///     TerminalChart.sparkline([1, 3, 2, 5])   // "▁▅▃█"
public enum TerminalChart {
    private static let ticks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// Where finite v lies in [lo, hi], 0...1 (0 when hi == lo); halved terms when hi - lo overflows,
    /// so data spanning ±1e308 still draws instead of trapping on a NaN.
    static func fraction(_ v: Double, _ lo: Double, _ hi: Double) -> Double {
        guard hi > lo else { return 0 }
        return (hi - lo).isFinite ? (v - lo) / (hi - lo) : (v / 2 - lo / 2) / (hi / 2 - lo / 2)
    }

    /// One character per value, height by value (non-finite values as spaces).
    public static func sparkline(_ values: [Double]) -> String {
        let finite = values.filter { $0.isFinite }
        guard let lo = finite.min(), let hi = finite.max() else { return String(repeating: " ", count: values.count) }
        return String(values.map { v -> Character in
            guard v.isFinite else { return " " }
            if hi == lo { return ticks[3] }
            let level = Int((fraction(v, lo, hi) * Double(ticks.count - 1)).rounded())
            return ticks[min(ticks.count - 1, max(0, level))]
        })
    }

    /// A line chart of the figure's series on a braille canvas `width` x `height` characters,
    /// with the y range on the left, the x range below and a legend when series are labelled.
    public static func lineChart(_ figure: Figure, width: Int = 60, height: Int = 12) -> [String] {
        let points = figure.series.flatMap { s in zip(s.x, s.y).filter { $0.0.isFinite && $0.1.isFinite } }
        guard let xmin = points.map(\.0).min(), let xmax = points.map(\.0).max(),
            let ymin = points.map(\.1).min(), let ymax = points.map(\.1).max()
        else { return ["(no finite points to draw)"] }
        var canvas = BrailleCanvas(width: width, height: height)
        let sx = xmax > xmin ? Double(canvas.dotWidth - 1) / (xmax - xmin) : 0
        let sy = ymax > ymin ? Double(canvas.dotHeight - 1) / (ymax - ymin) : 0
        func scaled(_ v: Double, _ lo: Double, _ hi: Double, _ s: Double, _ dots: Int) -> Int {
            Int(((hi - lo).isFinite ? (v - lo) * s : fraction(v, lo, hi) * Double(dots - 1)).rounded())
        }
        func dot(_ x: Double, _ y: Double) -> (Int, Int) {
            (scaled(x, xmin, xmax, sx, canvas.dotWidth), canvas.dotHeight - 1 - scaled(y, ymin, ymax, sy, canvas.dotHeight))
        }
        for series in figure.series {
            var previous: (Int, Int)?
            for (x, y) in zip(series.x, series.y) {
                guard x.isFinite && y.isFinite else { previous = nil; continue }
                let p = dot(x, y)
                if let q = previous, figure.kind == .lines, series.style != .points {
                    canvas.line(from: q, to: p)
                } else {
                    canvas.set(p.0, p.1)
                }
                previous = p
            }
        }
        let top = Value.format(ymax, digits: 4), bottom = Value.format(ymin, digits: 4)
        let margin = max(top.count, bottom.count)
        var lines: [String] = []
        if !figure.title.isEmpty { lines.append(String(repeating: " ", count: margin + 1) + figure.title) }
        for (row, text) in canvas.rows().enumerated() {
            let label = row == 0 ? top : row == height - 1 ? bottom : ""
            lines.append(pad(label, margin) + " ⡇" + text)
        }
        let left = Value.format(xmin, digits: 4), right = Value.format(xmax, digits: 4)
        let gap = max(1, width - left.count - right.count + 2)
        lines.append(String(repeating: " ", count: margin + 1) + left + String(repeating: " ", count: gap) + right)
        let labels = figure.series.map(\.label).filter { !$0.isEmpty }
        if figure.series.count > 1 && !labels.isEmpty {
            lines.append(String(repeating: " ", count: margin + 1) + "series: " + labels.joined(separator: ", "))
        }
        return lines
    }

    /// Horizontal bars of the histogram of `values` in `bins` bins.
    public static func histogram(_ values: [Double], bins: Int, width: Int = 40) -> [String] {
        let (centres, counts) = Figure.histogram(values, bins: bins)
        guard let most = counts.max(), most > 0 else { return ["(no finite values)"] }
        let labels = centres.map { Value.format($0, digits: 4) }
        let margin = labels.map(\.count).max() ?? 0
        return zip(labels, counts).map { label, n in
            let bar = String(repeating: "█", count: Int((n / most * Double(width)).rounded()))
            return pad(label, margin) + " │" + bar + " " + String(Int(n))
        }
    }

    /// A grid of one-character symbols, one row per line; `shift` indents row r by r * shift
    /// spaces (1 gives the sheared look of a triangular lattice).
    public static func grid(_ rows: [[Character]], shift: Int = 0) -> [String] {
        rows.enumerated().map { r, row in
            String(repeating: " ", count: r * shift) + String(row.flatMap { [$0, " "] }).trimmingTrailingSpaces()
        }
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}

/// A canvas of braille characters: each character holds 2 x 4 dots.
struct BrailleCanvas {
    let width: Int
    let height: Int
    private var cells: [UInt8]

    init(width: Int, height: Int) {
        self.width = max(1, width)
        self.height = max(1, height)
        cells = [UInt8](repeating: 0, count: self.width * self.height)
    }

    var dotWidth: Int { width * 2 }
    var dotHeight: Int { height * 4 }

    /// Braille dot bits by (column, row) within a cell (Unicode order).
    private static let bits: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]

    mutating func set(_ x: Int, _ y: Int) {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return }
        cells[(y / 4) * width + x / 2] |= BrailleCanvas.bits[x % 2][y % 4]
    }

    /// Bresenham's line between two dots.
    mutating func line(from a: (Int, Int), to b: (Int, Int)) {
        var (x0, y0) = a
        let (x1, y1) = b
        let dx = abs(x1 - x0), dy = -abs(y1 - y0)
        let stepX = x0 < x1 ? 1 : -1, stepY = y0 < y1 ? 1 : -1
        var err = dx + dy
        while true {
            set(x0, y0)
            if x0 == x1 && y0 == y1 { return }
            let e2 = 2 * err
            if e2 >= dy { err += dy; x0 += stepX }
            if e2 <= dx { err += dx; y0 += stepY }
        }
    }

    func rows() -> [String] {
        (0..<height).map { r in
            String(String.UnicodeScalarView((0..<width).compactMap { c in
                Unicode.Scalar(0x2800 + UInt32(cells[r * width + c]))
            }))
        }
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}

import Language
