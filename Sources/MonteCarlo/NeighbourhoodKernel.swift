// A faster hot-loop form of a cluster-table model whose clusters around each
// site touch only a few other sites (charge balance: 6, nearest-neighbour
// pairs: 4-6): the site's whole local energy is one table indexed by its own
// species and its neighbourhood's joint occupation, so a flip costs k loads
// and two lookups instead of a walk over every cluster.

/// Local-energy tables per site: `tables[offset[i] + σi + base · Σ_m σ(nb_m) base^m]`.
final class NeighbourhoodKernel: EnergyKernel {
    let base: Int
    let k: Int
    let neighbourhood: UnsafeMutablePointer<Int32>
    let offsets: UnsafeMutablePointer<Int32>
    let tables: UnsafeMutablePointer<Double>
    let model: ClusterTableModel

    /// The kernel for `model`, or nil when some site's local table would exceed `limit` entries.
    static func make(_ model: ClusterTableModel, limit: Int = 4096) -> NeighbourhoodKernel? {
        let n = model.siteCount, base = model.base, ow = model.width - 1
        var hoods: [[Int]] = []
        hoods.reserveCapacity(n)
        for i in 0..<n {
            var hood: [Int] = []
            for e in Int(model.entryStart[i])..<Int(model.entryStart[i + 1]) {
                for m in 0..<ow {
                    let s = Int(model.entryOthers[e * ow + m])
                    if s != i && !hood.contains(s) { hood.append(s) }
                }
            }
            hoods.append(hood)
        }
        let k = hoods.map(\.count).max() ?? 0
        var size = base
        for _ in 0..<k {
            size *= base
            if size > limit { return nil }
        }
        var tables: [Double] = []
        var interned: [[UInt64]: Int32] = [:]
        var offsets: [Int32] = []
        var flatHoods: [Int32] = []
        var digits = [Int](repeating: 0, count: k + 1)
        for i in 0..<n {
            let hood = hoods[i]
            var local = [Double](repeating: 0, count: size)
            for index in 0..<size {
                var rest = index
                for m in 0...k { digits[m] = rest % base; rest /= base }
                var value = 0.0
                for e in Int(model.entryStart[i])..<Int(model.entryStart[i + 1]) {
                    var r = 0, stride = base
                    for m in 0..<ow {
                        let s = Int(model.entryOthers[e * ow + m])
                        let digit = s == i ? digits[0] : digits[1 + (hood.firstIndex(of: s) ?? 0)]
                        r += digit * stride
                        stride *= base
                    }
                    value += model.tables[Int(model.entryTables[e]) + digits[0] + r]
                }
                local[index] = value
            }
            let key = local.map(\.bitPattern)
            if let offset = interned[key] {
                offsets.append(offset)
            } else {
                let offset = Int32(tables.count)
                tables += local
                interned[key] = offset
                offsets.append(offset)
            }
            // Unused slots point at the site itself: the table does not depend on them.
            flatHoods += (hood + Array(repeating: i, count: k - hood.count)).map { Int32($0) }
        }
        return NeighbourhoodKernel(model: model, base: base, k: k, neighbourhood: flatHoods, offsets: offsets, tables: tables)
    }

    private init(model: ClusterTableModel, base: Int, k: Int, neighbourhood: [Int32], offsets: [Int32], tables: [Double]) {
        self.model = model
        self.base = base
        self.k = k
        self.neighbourhood = ClusterKernel.copy(neighbourhood)
        self.offsets = ClusterKernel.copy(offsets)
        self.tables = ClusterKernel.copy(tables)
    }

    deinit { neighbourhood.deallocate(); offsets.deallocate(); tables.deallocate() }

    func total(_ occupation: [UInt8]) -> Double { model.energy(of: occupation) }

    @inline(__always)
    func flipDelta(_ occ: UnsafeMutablePointer<UInt8>, _ site: Int, _ to: UInt8) -> Double {
        let hood = neighbourhood + site * k
        var r = 0
        if base == 2 {
            for m in 0..<k { r |= Int(occ[Int(hood[m])]) << (m + 1) }
        } else {
            var stride = base
            for m in 0..<k {
                r += Int(occ[Int(hood[m])]) * stride
                stride *= base
            }
        }
        let t = tables + Int(offsets[site]) + r
        return t[Int(to)] - t[Int(occ[site])]
    }
}
