// Contours of a 2D sample's density, as corner.py draws them: a histogram on a
// grid, smoothed by a Gaussian of one bin, cut at the densities that enclose
// given shares of the samples (39.3 % and 86.5 %: the 1σ and 2σ regions of a
// 2D normal), traced by marching squares into line segments.

#if canImport(Glibc)
import Glibc
#endif

/// Density contours of points (x, y).
///
///     let c = DensityContours(x: xs, y: ys)
///     c.segments(enclosing: 0.393)    // x, y with NaN rows between segments
struct DensityContours {
    /// Grid nodes along each axis, with a margin of empty bins so contours close.
    let nodes: Int
    let xs: [Double], ys: [Double]
    /// Smoothed density at node (i, j), row-major in j.
    let density: [Double]

    init?(x: [Double], y: [Double], bins: Int = 30) {
        let points = zip(x, y).filter { $0.0.isFinite && $0.1.isFinite }
        guard points.count >= 10, bins >= 4,
            let x0 = points.map(\.0).min(), let x1 = points.map(\.0).max(),
            let y0 = points.map(\.1).min(), let y1 = points.map(\.1).max(), x1 > x0, y1 > y0,
            // A range past the largest Double would make every bin index NaN.
            (x1 - x0).isFinite, (y1 - y0).isFinite
        else { return nil }
        let margin = 2
        let nodes = bins + 2 * margin
        self.nodes = nodes
        let dx = (x1 - x0) / Double(bins), dy = (y1 - y0) / Double(bins)
        xs = (0..<nodes).map { x0 + (Double($0 - margin) + 0.5) * dx }
        ys = (0..<nodes).map { y0 + (Double($0 - margin) + 0.5) * dy }
        var counts = [Double](repeating: 0, count: nodes * nodes)
        for (px, py) in points {
            let i = margin + min(bins - 1, Int((px - x0) / dx)), j = margin + min(bins - 1, Int((py - y0) / dy))
            counts[j * nodes + i] += 1
        }
        // A separable Gaussian of one bin, cut at two bins.
        let kernel = (-2...2).map { k in exp(-Double(k * k) / 2) }
        func blur(_ grid: [Double], alongX: Bool) -> [Double] {
            var out = [Double](repeating: 0, count: grid.count)
            for j in 0..<nodes {
                for i in 0..<nodes {
                    var sum = 0.0
                    for (k, w) in kernel.enumerated() {
                        let (a, b) = alongX ? (i + k - 2, j) : (i, j + k - 2)
                        if a >= 0, a < nodes, b >= 0, b < nodes { sum += w * grid[b * nodes + a] }
                    }
                    out[j * nodes + i] = sum
                }
            }
            return out
        }
        density = blur(blur(counts, alongX: true), alongX: false)
    }

    /// The density above which the grid holds `share` of the total.
    func level(enclosing share: Double) -> Double {
        let sorted = density.sorted(by: >)
        let total = sorted.reduce(0, +)
        var sum = 0.0
        for d in sorted {
            sum += d
            if sum >= share * total { return d }
        }
        return sorted.last ?? 0
    }

    /// The contour around the region holding `share` of the samples: segments as pairs of
    /// points, each pair followed by a (NaN, NaN) break.
    func segments(enclosing share: Double) -> (x: [Double], y: [Double]) {
        let cut = level(enclosing: share)
        var x: [Double] = [], y: [Double] = []
        func value(_ i: Int, _ j: Int) -> Double { density[j * nodes + i] }
        /// The point on the edge from node a to node b where the density crosses the cut.
        func crossing(_ a: (Int, Int), _ b: (Int, Int)) -> (Double, Double) {
            let va = value(a.0, a.1), vb = value(b.0, b.1)
            let t = va == vb ? 0.5 : (cut - va) / (vb - va)
            return (xs[a.0] + t * (xs[b.0] - xs[a.0]), ys[a.1] + t * (ys[b.1] - ys[a.1]))
        }
        for j in 0..<(nodes - 1) {
            for i in 0..<(nodes - 1) {
                // Corners counter-clockwise from the lower left; edges between consecutive corners.
                let corners = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)]
                let above = corners.map { value($0.0, $0.1) >= cut }
                let crossed = (0..<4).filter { above[$0] != above[($0 + 1) % 4] }
                    .map { crossing(corners[$0], corners[($0 + 1) % 4]) }
                // Two crossings: one segment; four (a saddle): two, paired around the corners.
                for pair in stride(from: 0, to: crossed.count - 1, by: 2) {
                    x += [crossed[pair].0, crossed[pair + 1].0, .nan]
                    y += [crossed[pair].1, crossed[pair + 1].1, .nan]
                }
            }
        }
        return (x, y)
    }
}
