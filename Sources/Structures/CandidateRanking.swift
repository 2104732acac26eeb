// Which structures to compute next: candidates ranked by the posterior
// predictive variance of the Bayesian cluster expansion, and chosen greedily
// for D-optimal design of the feature matrix (the largest increase of
// log det XᵀX per structure added).
import Foundation
import Lattice

/// Rankings of candidate structures for the next DFT calculations.
///
///     let variances = try CandidateRanking.predictiveVariances(design: d, samples: w)
///     let order = CandidateRanking.order(variances, descending: true)
///     let picks = try CandidateRanking.dOptimal(training: x, candidates: c, count: 5)
public enum CandidateRanking {
    /// The posterior predictive variance of each candidate's energy E_i = b_i + d_i · w:
    /// d_iᵀ Σ d_i with Σ the sample covariance of the posterior samples of w (rows of `samples`).
    /// Equal to the sample variance of the predicted energies over the samples.
    public static func predictiveVariances(design: Matrix, samples: Matrix) throws -> [Double] {
        guard design.columns == samples.columns else {
            throw LatticeError("the candidates have \(design.columns) sampled columns but the samples have \(samples.columns)")
        }
        guard samples.rows >= 2 else { throw LatticeError("a variance needs at least two posterior samples, got \(samples.rows)") }
        let s = samples.columns
        var centred = samples
        for j in 0..<s {
            let column = samples.column(j)
            let mean = column.reduce(0, +) / Double(samples.rows)
            for i in 0..<samples.rows { centred[i, j] = column[i] - mean }
        }
        let covariance = centred.gram(scale: 1 / Double(samples.rows - 1))
        let projected = design * covariance
        return (0..<design.rows).map { i in
            var v = 0.0
            for j in 0..<s { v += projected[i, j] * design[i, j] }
            return max(0, v)
        }
    }

    /// Greedy D-optimal design: `count` candidates (rows of `candidates`), each chosen to raise
    /// log det(XᵀX + λI) the most given the training rows and the candidates chosen before it;
    /// the gain of a row x is log(1 + xᵀM⁻¹x). λ = ridge · trace(XᵀX)/p keeps M invertible when
    /// the training set does not determine every column. Ties go to the lower index.
    public static func dOptimal(training: Matrix, candidates: Matrix, count: Int, ridge: Double = 1e-8) throws -> [(candidate: Int, gain: Double)] {
        let p = candidates.columns
        guard training.columns == p else {
            throw LatticeError("the training features have \(training.columns) columns but the candidates have \(p)")
        }
        guard count >= 0, ridge > 0, ridge.isFinite else { throw LatticeError("count must be >= 0 and ridge > 0") }
        var m = training.rows > 0 ? training.gram() : Matrix(rows: p, columns: p)
        let trace = (0..<p).reduce(0.0) { $0 + m[$1, $1] }
        let lambda = ridge * max(trace / Double(max(p, 1)), 1)
        for j in 0..<p { m[j, j] += lambda }
        // u_i = M⁻¹ x_i for every candidate (columns), score_i = x_i · u_i.
        var u = try m.cholesky().solve(candidates.transposed())
        var scores = (0..<candidates.rows).map { i in (0..<p).reduce(0.0) { $0 + candidates[i, $1] * u[$1, i] } }
        var chosen: [(candidate: Int, gain: Double)] = []
        var taken = Set<Int>()
        for _ in 0..<min(count, candidates.rows) {
            try pollInterruption()
            var best = -1
            for i in 0..<candidates.rows where !taken.contains(i) && (best < 0 || scores[i] > scores[best]) { best = i }
            guard best >= 0 else { break }
            let sk = scores[best]
            chosen.append((best, log1p(max(0, sk))))
            taken.insert(best)
            // Sherman-Morrison: M⁻¹ x_i loses u_k (x_kᵀ u_i) / (1 + s_k).
            let uk = (0..<p).map { u[$0, best] }
            for i in 0..<candidates.rows where !taken.contains(i) {
                var overlap = 0.0
                for j in 0..<p { overlap += candidates[i, j] * uk[j] }
                let f = overlap / (1 + sk)
                for j in 0..<p { u[j, i] -= f * uk[j] }
                scores[i] -= overlap * f
            }
        }
        return chosen
    }

    /// Indices ordered by `keys` (descending or ascending), ties by index; NaN keys last.
    public static func order(_ keys: [Double], descending: Bool) -> [Int] {
        keys.indices.sorted { a, b in
            let (x, y) = (keys[a], keys[b])
            if x.isNaN != y.isNaN { return !x.isNaN }
            if x != y && !x.isNaN { return descending ? x > y : x < y }
            return a < b
        }
    }
}
