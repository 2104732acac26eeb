// Gram products XᵀX/n for the working set only: with p >> n (4,588 features,
// 342 structures) the full Gram would cost 168 MB and seconds per split, while a
// path touches a few hundred columns. Groups enter whole and never leave; their
// columns are gathered from the design's view of the feature matrix.
import CLapack

/// Gathered columns and their Gram matrix, grown group by group as solvers need them.
final class GramCache {
    let n: Int
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

    init(rows: Int, groups: FeatureGroups) {
        n = rows
        self.groups = groups
        groupStart = [Int](repeating: -1, count: groups.count)
        blockEigenvalue = [Double](repeating: .nan, count: groups.count)
    }

    var count: Int { columnAt.count }

    @inline(__always) func isCached(_ g: Int) -> Bool { groupStart[g] >= 0 }

    /// G[a, b] for cache positions a, b.
    @inline(__always) func entry(_ a: Int, _ b: Int) -> Double { gram[a + b * capacity] }

    /// Adds the groups not yet cached, gathering their columns from `design` and computing
    /// their Gram rows by BLAS.
    func add(_ newGroups: [Int], from design: RegressionDesign) {
        let fresh = newGroups.filter { !isCached($0) }
        if fresh.isEmpty { return }
        let m = count
        var k = 0
        for g in fresh { groupStart[g] = m + k; k += groups.columns[g].count; cachedGroups.append(g) }
        reserve(m + k, limit: design.columns)
        let newColumns = fresh.flatMap { groups.columns[$0] }
        gathered.withUnsafeMutableBufferPointer { design.gather(newColumns, into: $0.baseAddress! + m * n) }
        columnAt += newColumns
        let scale = 1 / Double(n), ld = Int32(capacity), nn = Int32(n)
        gathered.withUnsafeBufferPointer { xc in
            gram.withUnsafeMutableBufferPointer { gr in
                let xNew = xc.baseAddress! + m * n
                // Cross block G[0..<m, m..<m+k] and the new diagonal block.
                if m > 0 {
                    BLAS.library.cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, Int32(m), Int32(k), nn, scale,
                                xc.baseAddress!, nn, xNew, nn, 0, gr.baseAddress! + m * capacity, ld)
                }
                BLAS.library.cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, Int32(k), nn, scale, xNew, nn, 0,
                            gr.baseAddress! + m + m * capacity, ld)
                // Mirror the new upper part into the lower one by tiles: row-wise writes across
                // hundreds of columns (one page each) thrashed the TLB.
                let tile = 64, end = m + k, ldg = capacity
                for b0 in stride(from: m, to: end, by: tile) {
                    let b1 = min(b0 + tile, end)
                    for a0 in stride(from: 0, to: b1, by: tile) {
                        for a in a0..<min(a0 + tile, b1) {
                            for b in max(b0, a + 1)..<b1 { gr[b + a * ldg] = gr[a + b * ldg] }
                        }
                    }
                }
            }
        }
    }

    /// Largest eigenvalue of group g's diagonal Gram block (its Lipschitz constant).
    func largestEigenvalue(ofGroup g: Int) -> Double {
        if !blockEigenvalue[g].isNaN { return blockEigenvalue[g] }
        let s = groupStart[g], size = groups.columns[g].count
        var block = [Double](repeating: 0, count: size * size)
        var trace = 0.0
        for b in 0..<size {
            for a in 0...b { block[a + b * size] = entry(s + a, s + b) }
            trace += entry(s + b, s + b)
        }
        // Only the top eigenvalue (dsyevr, range by index): a full decomposition cost 3x more.
        var found: Int32 = 0
        var values = [Double](repeating: 0, count: size)
        var unusedVectors = [Double](repeating: 0, count: 1)
        var unusedSupport = [Int32](repeating: 0, count: 2)
        let info = BLAS.library.LAPACKE_dsyevr(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "N")), Int8(UInt8(ascii: "I")),
                                  Int8(UInt8(ascii: "U")), Int32(size), &block, Int32(size), 0, 0,
                                  Int32(size), Int32(size), 0, &found, &values, &unusedVectors, 1, &unusedSupport)
        // The trace bounds λ_max from above if LAPACK ever fails: a safe (small) step.
        let value = info == 0 && found == 1 ? values[0] : trace
        blockEigenvalue[g] = max(value, 0)
        return blockEigenvalue[g]
    }

    private func reserve(_ needed: Int, limit: Int) {
        if needed <= capacity { return }
        // The first reservation is generous (up to 1024 columns, 8 MB, pages touched only as used):
        // regrowing the square mid-path cost 10 % of a yang2022-sized fit.
        let newCap = max(needed, min(2 * capacity, limit), min(limit, 1024))
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
        // Columns past `count` are written by `add` before they are read: no zero fill either.
        let used = m * n
        gathered = gathered.withUnsafeBufferPointer { old in
            [Double](unsafeUninitializedCapacity: newCap * n) { buffer, initialized in
                if used > 0 { buffer.baseAddress!.initialize(from: old.baseAddress!, count: used) }
                initialized = newCap * n
            }
        }
        capacity = newCap
    }
}
