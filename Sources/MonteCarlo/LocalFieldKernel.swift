// A hot-loop form for binary cluster expansions with large neighbourhoods
// (fcc with three pair shells: 42 neighbours): keeps every site's flip energy
// h_i = E(σi = 1) - E(σi = 0) up to date, so an attempt costs two lookups and
// only an accepted move walks the clusters of the changed site.

/// Local fields of a binary cluster-table model, updated after every accepted change.
final class LocalFieldKernel: EnergyKernel {
    let exact: ClusterKernel
    let field: UnsafeMutablePointer<Double>
    let hoodStart: UnsafeMutablePointer<Int32>
    let hood: UnsafeMutablePointer<Int32>
    let n: Int

    /// The kernel when every site has at most two species (base 2), else nil.
    init?(_ model: ClusterTableModel, occupation: [UInt8]) {
        guard model.base == 2 else { return nil }
        exact = ClusterKernel(model)
        n = model.siteCount
        let ow = model.width - 1
        var starts: [Int32] = [0], sites: [Int32] = []
        for i in 0..<n {
            var others = Set<Int32>()
            for e in Int(model.entryStart[i])..<Int(model.entryStart[i + 1]) {
                for m in 0..<ow where Int(model.entryOthers[e * ow + m]) != i { others.insert(model.entryOthers[e * ow + m]) }
            }
            sites += others.sorted()
            starts.append(Int32(sites.count))
        }
        hoodStart = ClusterKernel.copy(starts)
        hood = ClusterKernel.copy(sites)
        field = UnsafeMutablePointer<Double>.allocate(capacity: n)
        var occ = occupation
        occ.withUnsafeMutableBufferPointer { p in
            let o = p.baseAddress.unsafelyUnwrapped
            for i in 0..<n { field[i] = o[i] == 0 ? exact.flipDelta(o, i, 1) : -exact.flipDelta(o, i, 0) }
        }
    }

    deinit { field.deallocate(); hoodStart.deallocate(); hood.deallocate() }

    func total(_ occupation: [UInt8]) -> Double { exact.total(occupation) }

    @inline(__always)
    func flipDelta(_ occ: UnsafeMutablePointer<UInt8>, _ site: Int, _ to: UInt8) -> Double {
        let from = occ[site]
        if from == to { return 0 }
        return from == 0 ? field[site] : -field[site]
    }

    /// Whether j shares a cluster with i (binary search in i's sorted neighbourhood).
    @inline(__always)
    func shares(_ i: Int, _ j: Int) -> Bool {
        var lo = Int(hoodStart[i]), hi = Int(hoodStart[i + 1])
        let target = Int32(j)
        while lo < hi {
            let mid = (lo + hi) >> 1
            let v = hood[mid]
            if v == target { return true }
            if v < target { lo = mid + 1 } else { hi = mid }
        }
        return false
    }

    @inline(__always)
    func pairDelta(_ occ: UnsafeMutablePointer<UInt8>, _ i: Int, _ toI: UInt8, _ j: Int, _ toJ: UInt8) -> Double {
        if shares(i, j) { return exact.pairDelta(occ, i, toI, j, toJ) }
        return flipDelta(occ, i, toI) + flipDelta(occ, j, toJ)
    }

    /// Updates the fields of every site sharing a cluster with `site` (occupation already holds `to`).
    func commit(_ occ: UnsafeMutablePointer<UInt8>, _ site: Int, from: UInt8, to: UInt8) {
        if from == to { return }
        let ow = exact.othersCount
        let a = Int(from), b = Int(to)
        for e in Int(exact.start[site])..<Int(exact.start[site + 1]) {
            let others = exact.others + ow * e
            var r = 0
            for m in 0..<ow { r |= Int(occ[Int(others[m])]) << (m + 1) }
            let t = exact.tables + Int(exact.entryTables[e])
            for m in 0..<ow {
                let o = Int(others[m])
                if o == site { continue }
                let bit = 1 << (m + 1)
                let r0 = r & ~bit, r1 = r | bit
                field[o] += (t[b + r1] - t[b + r0]) - (t[a + r1] - t[a + r0])
            }
        }
    }
}
