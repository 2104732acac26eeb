// The transition-matrix estimate of ln g from a Wang-Landau walk (Wang and Swendsen 2002;
// the broad histogram of de Oliveira, Penna and Herrmann 1996). At infinite temperature
// a proposal from a configuration of energy E leads to E' with probability T(E→E'), and
// g(E) T(E→E') = g(E') T(E'→E): every proposal, accepted or not, tells about ln g, where the
// Wang-Landau ln g learns from visits alone. The walk counts its proposals per (bin, bin offset)
// and scans every move of the current configuration (exact counts, free of the noise of drawing
// one proposal, which near the ends of the spectrum is the whole error): flips once per sweep,
// swaps once per ⌈P/N⌉ sweeps for P swaps when P ≤ 64 N (WangLandau.swift);
// ln g then solves the detailed-balance equations by weighted least squares.
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Per energy bin of a walk (by slot, as the walk's other arrays), the proposals drawn and, per
/// bin offset, how many led there; and the exact move counts of the configurations scanned.
struct TransitionCounts: Sendable, Equatable {
    /// Offsets −span ... span are stored; a proposal farther away counts in `proposals` only.
    private(set) var span = 0
    /// Proposals drawn from each bin.
    private(set) var proposals: [Int]
    /// Proposals from each bin per offset, row-major by slot (rows of 2·span + 1).
    private(set) var pairs: [Int]
    /// Configurations scanned in each bin.
    private(set) var scans: [Int]
    /// Σ over the scanned configurations of the moves per offset, each weighted by its chance
    /// to be proposed times the number of sites (so a configuration's weights add up to the sites), as `pairs`.
    private(set) var moves: [Double]
    /// Σ of their squares, as `pairs` (the spread of the exact counts within a bin).
    private(set) var squares: [Double]

    /// The widest offset stored, and the most cells a table of offsets may hold (three arrays of
    /// 8 bytes a cell: 400 MB): a proposal beyond them counts in `proposals` only, which leaves T
    /// of the offsets stored unbiased.
    static let maxSpan = 4096
    static let maxCells = 1 << 24

    init(bins: Int) {
        proposals = Array(repeating: 0, count: bins)
        pairs = Array(repeating: 0, count: bins)
        scans = proposals
        moves = Array(repeating: 0, count: bins)
        squares = moves
    }

    init(span: Int, proposals: [Int], pairs: [Int], scans: [Int], moves: [Double], squares: [Double]) throws {
        let row = 2 * span + 1
        guard span >= 0, span <= Self.maxSpan, scans.count == proposals.count, pairs.count == proposals.count * row,
              moves.count == pairs.count, squares.count == pairs.count else {
            throw MonteCarloError("transition counts of \(proposals.count) bins do not fit offsets up to \(span)")
        }
        self.span = span
        self.proposals = proposals
        self.pairs = pairs
        self.scans = scans
        self.moves = moves
        self.squares = squares
    }

    var bins: Int { proposals.count }
    var row: Int { 2 * span + 1 }

    /// Opens `below` empty bins before the first and `above` after the last, first narrowing the
    /// rows if the table would pass `maxCells` (the counts dropped stay in `proposals`).
    mutating func open(below: Int, above: Int) {
        let total = bins + below + above
        if total * row > Self.maxCells { relay(span: max(0, (Self.maxCells / total - 1) / 2)) }
        let r = row
        proposals = Array(repeating: 0, count: below) + proposals + Array(repeating: 0, count: above)
        scans = Array(repeating: 0, count: below) + scans + Array(repeating: 0, count: above)
        pairs = Array(repeating: 0, count: below * r) + pairs + Array(repeating: 0, count: above * r)
        moves = Array(repeating: 0, count: below * r) + moves + Array(repeating: 0, count: above * r)
        squares = Array(repeating: 0, count: below * r) + squares + Array(repeating: 0, count: above * r)
    }

    /// Lays the rows out again for offsets up to `new`, keeping every count within both spans.
    private mutating func relay(span new: Int) {
        let old = row, wide = 2 * new + 1, keep = min(span, new)
        func relaid<T: Numeric>(_ a: [T]) -> [T] {
            var b = [T](repeating: 0, count: bins * wide)
            for s in 0..<bins { for o in -keep...keep { b[s * wide + o + new] = a[s * old + o + span] } }
            return b
        }
        pairs = relaid(pairs)
        moves = relaid(moves)
        squares = relaid(squares)
        span = new
    }

    /// The index of (slot, offset) in the rows, widening them if needed; nil beyond `maxSpan`.
    @inline(__always)
    private mutating func cell(_ slot: Int, _ offset: Int) -> Int? {
        if abs(offset) > span {
            let wider = min(Self.maxSpan, max(abs(offset), 2 * span))
            guard abs(offset) <= Self.maxSpan, (2 * wider + 1) * bins <= Self.maxCells else { return nil }
            relay(span: wider)
        }
        return slot * row + offset + span
    }

    /// One proposal from `slot` to a bin `offset` away.
    @inline(__always)
    mutating func propose(_ slot: Int, _ offset: Int) {
        proposals[slot] += 1
        if let c = cell(slot, offset) { pairs[c] += 1 }
    }

    /// One configuration in `slot`: its moves lead `offsets[m]` bins away, each with `weights[m]`.
    mutating func scan(_ slot: Int, offsets: [Int], weights: [Double]) {
        scans[slot] += 1
        let widest = offsets.reduce(0) { max($0, abs($1)) }
        let wider = min(Self.maxSpan, max(widest, 2 * span))
        if widest > span && span < Self.maxSpan && (2 * wider + 1) * bins <= Self.maxCells { relay(span: wider) }
        var line = [Double](repeating: 0, count: row)
        for (o, x) in zip(offsets, weights) where abs(o) <= span { line[o + span] += x }
        let base = slot * row
        for j in 0..<row where line[j] != 0 {
            moves[base + j] += line[j]
            squares[base + j] += line[j] * line[j]
        }
    }

    /// These counts, bin `firstBin` first, added into `into` (bin `intoFirst` first, at least as wide).
    func add(firstBin: Int, into: inout TransitionCounts, intoFirst: Int) {
        if into.span < span { into.relay(span: span) }
        let r = row, ir = into.row, pad = into.span - span
        for s in 0..<bins {
            let t = firstBin + s - intoFirst
            into.proposals[t] += proposals[s]
            into.scans[t] += scans[s]
            for o in 0..<r {
                into.pairs[t * ir + o + pad] += pairs[s * r + o]
                into.moves[t * ir + o + pad] += moves[s * r + o]
                into.squares[t * ir + o + pad] += squares[s * r + o]
            }
        }
    }
}

extension TransitionCounts {
    /// ln g of every bin with `seen[k]` by the transition-matrix estimate, up to a constant per
    /// connected set of bins; `fallback` (the Wang-Landau ln g) sets the constants between sets
    /// the counts do not connect. `sites` is the total weight of one scan.
    ///
    /// Each ordered pair of seen bins k, k' with counts both ways gives
    /// ln g(k') − ln g(k) = ln T(k→k') − ln T(k'→k); T from the proposals (C/H, variance ≈ 1/C)
    /// and from the scans (mean count / moves, variance from the spread of the counts) combined by
    /// their inverse variances; the equations are solved by least squares weighted by the inverse
    /// variance of each difference. Nil when `stop` ends the solve (it polls once per bin; the solve
    /// costs bins × span²); an error when rounding leaves the equations not positive definite.
    func logDensity(seen: [Bool], fallback: [Double], sites: Int, stop: () -> Bool = { false }) throws -> [Double]? {
        let n = bins, r = row
        // ln T and its variance per (bin, offset); nil where nothing estimates it.
        func logT(_ k: Int, _ o: Int) -> (value: Double, variance: Double)? {
            let c = k * r + o + span
            var estimates: [(Double, Double)] = []
            if pairs[c] > 0 && proposals[k] > 0 {
                let h = Double(proposals[k]), p = Double(pairs[c])
                estimates.append((log(p / h), max(1 / p - 1 / h, 1 / (h * h))))
            }
            if moves[c] > 0 && scans[k] > 1 && sites > 0 {
                let s = Double(scans[k]), mean = Double(moves[c]) / s
                let spread = max(0, Double(squares[c]) / s - mean * mean)
                // A count that never varies is known exactly: its variance is floored far below any proposal's.
                let variance = max(spread / (s * mean * mean), 1e-10)
                estimates.append((log(mean / Double(sites)), variance))
            }
            guard !estimates.isEmpty else { return nil }
            let weight = estimates.reduce(0) { $0 + 1 / $1.1 }
            return (estimates.reduce(0) { $0 + $1.0 / $1.1 } / weight, 1 / weight)
        }
        // The equations: one per pair of bins with counts both ways.
        var links: [(k: Int, o: Int, w: Double, d: Double)] = []
        for k in 0..<n where seen[k] {
            for o in 0..<(span + 1) where o > 0 && k + o < n && seen[k + o] {
                guard let up = logT(k, o), let down = logT(k + o, -o) else { continue }
                links.append((k, o, 1 / (up.variance + down.variance), up.value - down.value))
            }
        }
        // Connected sets of bins (union-find); each is solved with its lowest bin held at its
        // fallback value, then shifted to the fallback's mean over the set.
        var parent = Array(0..<n)
        func root(_ k: Int) -> Int {
            var k = k
            while parent[k] != k { parent[k] = parent[parent[k]]; k = parent[k] }
            return k
        }
        for link in links {
            let a = root(link.k), b = root(link.k + link.o)
            if a != b { parent[max(a, b)] = min(a, b) }
        }
        // Normal equations of Σ w (x_k+o − x_k − d)², banded (half-width span).
        let w = span + 1
        var band = [Double](repeating: 0, count: n * w)   // band[k·w + j] = A[k][k − j]
        var rhs = [Double](repeating: 0, count: n)
        for link in links {
            let k = link.k, m = link.k + link.o
            band[k * w] += link.w
            band[m * w] += link.w
            band[m * w + link.o] -= link.w
            rhs[k] -= link.w * link.d
            rhs[m] += link.w * link.d
        }
        // Each set's root (and every bin without equations) is held at its fallback value.
        for k in 0..<n where root(k) == k {
            let held = seen[k] ? fallback[k] : 0
            for j in 1..<w where k - j >= 0 { rhs[k - j] -= band[k * w + j] * held; band[k * w + j] = 0 }
            for j in 1..<w where k + j < n { rhs[k + j] -= band[(k + j) * w + j] * held; band[(k + j) * w + j] = 0 }
            band[k * w] = 1
            rhs[k] = held
        }
        guard var x = try solveBanded(band, rhs, halfWidth: span, stop: stop) else { return nil }
        var shift = [Double](repeating: 0, count: n), members = shift
        for k in 0..<n where seen[k] {
            shift[root(k)] += fallback[k] - x[k]
            members[root(k)] += 1
        }
        for k in 0..<n where seen[k] { x[k] += shift[root(k)] / members[root(k)] }
        return x
    }
}

/// Solves A x = b for symmetric positive definite A given by its lower band
/// (band[k·(h+1) + j] = A[k][k − j], j = 0 ... h), by banded Cholesky; nil when `stop` says so
/// (polled once per row), an error at a pivot that is not positive.
///
///     try solveBanded([2, 0, 2, -1], [1, 1], halfWidth: 1)   // [[2, -1], [-1, 2]] x = [1, 1]: [1, 1]
func solveBanded(_ band: [Double], _ b: [Double], halfWidth h: Int, stop: () -> Bool = { false }) throws -> [Double]? {
    let n = b.count, w = h + 1
    var l = band
    for k in 0..<n {
        if stop() { return nil }
        for j in stride(from: min(h, k), through: 0, by: -1) {
            let i = k - j   // L[k][i]
            var sum = l[k * w + j]
            for m in max(0, k - h)..<i where i - m <= h {
                sum -= l[k * w + (k - m)] * l[i * w + (i - m)]
            }
            if j == 0 {
                guard sum > 0 && sum.isFinite else {
                    throw MonteCarloError("the transition-matrix equations are not positive definite at bin \(k) of \(n) (pivot \(sum)): estimate=\"wang-landau\" gives the walk's own ln g")
                }
                l[k * w] = sqrt(sum)
            } else {
                l[k * w + j] = sum / l[i * w]
            }
        }
    }
    var y = b
    for k in 0..<n {
        var sum = y[k]
        for m in max(0, k - h)..<k { sum -= l[k * w + (k - m)] * y[m] }
        y[k] = sum / l[k * w]
    }
    var x = y
    for k in stride(from: n - 1, through: 0, by: -1) {
        var sum = x[k]
        for m in (k + 1)..<min(n, k + h + 1) { sum -= l[m * w + (m - k)] * x[m] }
        x[k] = sum / l[k * w]
    }
    return x
}

