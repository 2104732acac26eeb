// Gram products XᵀX/n for the working set only: with p >> n (4,588 features,
// 342 structures) the full Gram would cost 168 MB and seconds per split, while a
// path touches a few hundred columns. Groups enter whole and never leave.
import CLapack

/// Gathered columns and their Gram matrix, grown group by group as solvers need them.
final class GramCache {
    let n: Int
    let features: Matrix
    let groups: FeatureGroups
    /// Cache position of each group's first column (-1: not cached); its columns follow contiguously.
    private(set) var groupStart: [Int]
    /// Groups in the order they were cached.
    private(set) var cachedGroups: [Int] = []
    /// Column of each cache position.
    private(set) var columnAt: [Int] = []
    /// Gathered columns, n x capacity, column-major.
    private(set) var gathered: [Double] = []
    /// Gram of the cached columns / n, leading dimension `capacity`.
    private(set) var gram: [Double] = []
    private(set) var capacity = 0
    /// Largest eigenvalue of each cached group's diagonal block (NaN until asked).
    private var blockEigenvalue: [Double]

    init(features: Matrix, groups: FeatureGroups) {
        n = features.rows
        self.features = features
        self.groups = groups
        groupStart = [Int](repeating: -1, count: groups.count)
        blockEigenvalue = [Double](repeating: .nan, count: groups.count)
    }

    var count: Int { columnAt.count }

    @inline(__always) func isCached(_ g: Int) -> Bool { groupStart[g] >= 0 }

    /// G[a, b] for cache positions a, b.
    @inline(__always) func entry(_ a: Int, _ b: Int) -> Double { gram[a + b * capacity] }

    /// Adds the groups not yet cached, computing their Gram rows by BLAS.
    func add(_ newGroups: [Int]) {
        let fresh = newGroups.filter { !isCached($0) }
        if fresh.isEmpty { return }
        let m = count
        var k = 0
        for g in fresh { groupStart[g] = m + k; k += groups.columns[g].count; cachedGroups.append(g) }
        reserve(m + k)
        for g in fresh {
            for j in groups.columns[g] {
                let dst = columnAt.count * n
                gathered.replaceSubrange(dst..<(dst + n), with: features.storage[(j * n)..<((j + 1) * n)])
                columnAt.append(j)
            }
        }
        let scale = 1 / Double(n), ld = Int32(capacity), nn = Int32(n)
        BLAS.ensureSingleThreaded()
        gathered.withUnsafeBufferPointer { xc in
            gram.withUnsafeMutableBufferPointer { gr in
                let xNew = xc.baseAddress! + m * n
                // Cross block G[0..<m, m..<m+k] and the new diagonal block.
                if m > 0 {
                    cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, Int32(m), Int32(k), nn, scale,
                                xc.baseAddress!, nn, xNew, nn, 0, gr.baseAddress! + m * capacity, ld)
                }
                cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, Int32(k), nn, scale, xNew, nn, 0,
                            gr.baseAddress! + m + m * capacity, ld)
                for b in m..<(m + k) {
                    for a in 0..<b { gr[b + a * capacity] = gr[a + b * capacity] }
                }
            }
        }
    }

    /// Largest eigenvalue of group g's diagonal Gram block (its Lipschitz constant).
    func largestEigenvalue(ofGroup g: Int) -> Double {
        if !blockEigenvalue[g].isNaN { return blockEigenvalue[g] }
        let s = groupStart[g], size = groups.columns[g].count
        var block = Matrix(rows: size, columns: size)
        for b in 0..<size { for a in 0..<size { block[a, b] = entry(s + a, s + b) } }
        // The trace bounds λ_max from above if LAPACK ever fails: a safe (small) step.
        let value = (try? block.symmetricEigen().values.last).flatMap { $0 }
            ?? (0..<size).reduce(0.0) { $0 + block[$1, $1] }
        blockEigenvalue[g] = max(value, 0)
        return blockEigenvalue[g]
    }

    private func reserve(_ needed: Int) {
        if needed <= capacity { return }
        let newCap = max(needed, 2 * capacity, 64)
        let m = count, oldCap = capacity
        // Entries outside the cached square are written by `add` before anyone reads them, so the
        // new buffer is left uninitialised: zero-filling megabytes per growth cost more than the fit.
        gram = gram.withUnsafeBufferPointer { old in
            [Double](unsafeUninitializedCapacity: newCap * newCap) { buffer, initialized in
                for b in 0..<m {
                    (buffer.baseAddress! + b * newCap).initialize(from: old.baseAddress! + b * oldCap, count: m)
                }
                initialized = newCap * newCap
            }
        }
        gathered.append(contentsOf: [Double](repeating: 0, count: (newCap - capacity) * n))
        capacity = newCap
    }
}
