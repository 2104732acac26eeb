// A faster hot-loop form of a cluster-table model whose clusters around each
// site touch only a few other sites (charge balance: 6, nearest-neighbour
// pairs: 4-6): the site's whole local energy is one table indexed by its own
// species and its neighbourhood's joint occupation, one table per template,
// so a flip costs k loads and two lookups instead of a walk over every cluster.

/// Local-energy tables per template: `tables[offset[t] + σi + base · Σ_k σ(slot k) base^k]`.
final class NeighbourhoodKernel: EnergyKernel {
    let base: Int
    let width: Int
    let slotCount: Int
    let neighbourhood: UnsafeMutablePointer<Int32>
    let siteTemplate: UnsafeMutablePointer<Int32>
    let offsets: FixedBuffer<Int32>
    let tables: FixedBuffer<Double>
    let exact: ClusterKernel

    /// The kernel for `model`, or nil when some template's table would exceed `limit` entries.
    static func make(_ model: ClusterTableModel, limit: Int = 4096) -> NeighbourhoodKernel? {
        let base = model.base
        let k = model.templates.map(\.slotCount).max() ?? 0
        var size = base
        for _ in 0..<k {
            size *= base
            if size > limit { return nil }
        }
        return NeighbourhoodKernel(model, slots: k, size: size)
    }

    private init(_ model: ClusterTableModel, slots k: Int, size: Int) {
        base = model.base
        width = model.width
        slotCount = k
        neighbourhood = model.neighbourhood.pointer
        siteTemplate = model.siteTemplate.pointer
        exact = ClusterKernel(model)
        var offsets: [Int32] = [], tables: [Double] = []
        var digits = [Int](repeating: 0, count: k + 1)
        for t in model.templates {
            offsets.append(Int32(tables.count))
            for index in 0..<size {
                var rest = index
                for m in 0...k { digits[m] = rest % base; rest /= base }
                var value = 0.0
                for g in t.kind.indices {
                    let p = Int(t.position[g]), w = Int(t.order[g]), arity = w - 1
                    let table = Int(model.kindTable[Int(t.kind[g])])
                    for e in 0..<Int(t.count[g]) {
                        var position = 0, other = 0, stride = 1, entry = 0
                        while position < w {
                            let digit = position == p ? digits[0] : digits[1 + Int(t.slots[Int(t.slotStart[g]) + e * arity + other])]
                            if position != p { other += 1 }
                            entry += digit * stride
                            stride *= base
                            position += 1
                        }
                        value += model.tables[table + entry]
                    }
                }
                tables.append(value)
            }
        }
        self.offsets = FixedBuffer(offsets)
        self.tables = FixedBuffer(tables)
    }

    func total(_ occupation: [UInt8]) -> Double { exact.total(occupation) }

    @inline(__always)
    func flipDelta(_ occ: UnsafeMutablePointer<UInt8>, _ site: Int, _ to: UInt8) -> Double {
        let row = neighbourhood + site * width
        var r = 0
        if base == 2 {
            for m in 0..<slotCount { r |= Int(occ[Int(row[m])]) << (m + 1) }
        } else {
            var stride = base
            for m in 0..<slotCount {
                r += Int(occ[Int(row[m])]) * stride
                stride *= base
            }
        }
        let t = tables.pointer + Int(offsets.pointer[Int(siteTemplate[site])]) + r
        return t[Int(to)] - t[Int(occ[site])]
    }
}
