// The direct hot-loop form of a cluster-table model: a flip's energy
// difference summed over the flipped site's clusters, reading its
// neighbourhood once. Each template is compiled to a short program of
// groups; two-point groups of two-species sites are counted as integers.

/// Local energy differences of a `ClusterTableModel`, computed from the tables on every call.
///
/// A template's program (Int32 words, at `programStart[template]`):
/// `[slotCount, rangeCount, tail, groupCount, ownedCount]`, then per range group
/// `[first slot, end slot, delta offset]` (two-point groups of two-species sites whose slots are
/// contiguous: their difference is a + n·b with n the count of species 1), then per group
/// `[arity, count, slot offset, delta offset]`, then per owned group (the site at position 0,
/// for the total) `[arity, count, slot offset, table offset]`. A group's delta table holds
/// E(new, x) - E(old, x) at `[(new · base + old) · base^arity + x]`, x the others' joint occupation.
final class ClusterKernel: EnergyKernel {
    let model: ClusterTableModel
    let base: Int
    let width: Int
    let neighbourhood: UnsafeMutablePointer<Int32>
    let siteTemplate: UnsafeMutablePointer<Int32>
    let programStart: FixedBuffer<Int32>
    let program: FixedBuffer<Int32>
    let slots: FixedBuffer<Int32>
    let deltas: FixedBuffer<Double>
    let tables: FixedBuffer<Double>
    /// The neighbourhood's species during one call.
    let scratch: FixedBuffer<UInt8>

    init(_ model: ClusterTableModel) {
        self.model = model
        let base = model.base
        self.base = base
        width = model.width
        neighbourhood = model.neighbourhood.pointer
        siteTemplate = model.siteTemplate.pointer
        var starts: [Int32] = [], code: [Int32] = [], slotList: [Int32] = [], deltaList: [Double] = []
        func power(_ k: Int) -> Int { (0..<k).reduce(1) { p, _ in p * base } }
        for t in model.templates {
            starts.append(Int32(code.count))
            // Range groups: two-point groups of two-species tables whose slots tile the first slots
            // (every slot is gathered before any other group reads it, so only the tiling matters).
            var ranges: [(Int, Int, Int)] = [], rest: [Int] = [], tail = 0
            for g in t.kind.indices {
                let arity = Int(t.order[g]) - 1, n = Int(t.count[g]), s0 = Int(t.slotStart[g])
                let contiguous = arity == 1 && (0..<n).allSatisfy { Int(t.slots[s0 + $0]) == tail + $0 }
                if base == 2 && contiguous {
                    ranges.append((g, tail, tail + n))
                    tail += n
                } else {
                    rest.append(g)
                }
            }
            let owned = t.kind.indices.filter { t.position[$0] == 0 }
            code += [Int32(t.slotCount), Int32(ranges.count), Int32(tail), Int32(rest.count), Int32(owned.count)]
            for (g, a, b) in ranges {
                code += [Int32(a), Int32(b), Int32(deltaList.count)]
                for no in 0..<(base * base) {
                    let d0 = Self.delta(model, t, g, no: no, others: 0), d1 = Self.delta(model, t, g, no: no, others: 1)
                    deltaList += [Double(b - a) * d0, d1 - d0]
                }
            }
            for g in rest {
                let arity = Int(t.order[g]) - 1, n = Int(t.count[g]), s0 = Int(t.slotStart[g])
                code += [Int32(arity), Int32(n), Int32(slotList.count), Int32(deltaList.count)]
                slotList += t.slots[s0..<(s0 + n * arity)]
                for no in 0..<(base * base) {
                    for x in 0..<power(arity) { deltaList.append(Self.delta(model, t, g, no: no, others: x)) }
                }
            }
            for g in owned {
                let arity = Int(t.order[g]) - 1, n = Int(t.count[g]), s0 = Int(t.slotStart[g])
                code += [Int32(arity), Int32(n), Int32(slotList.count), model.kindTable[Int(t.kind[g])]]
                slotList += t.slots[s0..<(s0 + n * arity)]
            }
        }
        programStart = FixedBuffer(starts)
        program = FixedBuffer(code)
        slots = FixedBuffer(slotList)
        deltas = FixedBuffer(deltaList)
        tables = FixedBuffer(model.tables)
        scratch = FixedBuffer(repeating: 0, count: max(1, model.width))
    }

    /// E(new, x) - E(old, x) of group g for no = new · base + old and the others' joint occupation x.
    static func delta(_ model: ClusterTableModel, _ t: SiteTemplate, _ g: Int, no: Int, others x: Int) -> Double {
        let base = model.base, p = Int(t.position[g]), w = Int(t.order[g])
        let table = Int(model.kindTable[Int(t.kind[g])])
        var index = 0, stride = 1, rest = x
        var strideOwn = 1
        for position in 0..<w {
            if position == p {
                strideOwn = stride
            } else {
                index += (rest % base) * stride
                rest /= base
            }
            stride *= base
        }
        let new = no / base, old = no % base
        return model.tables[table + index + new * strideOwn] - model.tables[table + index + old * strideOwn]
    }

    /// The full energy of an occupation: every cluster once, from the site at its position 0.
    func total(_ occ: UnsafePointer<UInt8>) -> Double {
        let base = self.base
        var energy = model.constant
        let l = scratch.pointer
        for i in 0..<model.siteCount {
            let p = program.pointer + Int(programStart.pointer[Int(siteTemplate[i])])
            let row = neighbourhood + i * width
            for k in 0..<Int(p[0]) { l[k] = occ[Int(row[k])] }
            var q = p + 5 + 3 * Int(p[1]) + 4 * Int(p[3])
            for _ in 0..<Int(p[4]) {
                let arity = Int(q[0]), n = Int(q[1])
                let s = slots.pointer + Int(q[2]), t = tables.pointer + Int(q[3]) + Int(occ[i])
                for e in 0..<n {
                    var index = 0, stride = base
                    for j in 0..<arity {
                        index += Int(l[Int(s[e * arity + j])]) * stride
                        stride *= base
                    }
                    energy += t[index]
                }
                q += 4
            }
        }
        return energy
    }

    func total(_ occupation: [UInt8]) -> Double {
        occupation.withUnsafeBufferPointer { total($0.baseAddress.unsafelyUnwrapped) }
    }

    @inline(__always)
    func flipDelta(_ occ: UnsafeMutablePointer<UInt8>, _ site: Int, _ to: UInt8) -> Double {
        let old = occ[site]
        if old == to { return 0 }
        let base = self.base
        let p = program.pointer + Int(programStart.pointer[Int(siteTemplate[site])])
        let row = neighbourhood + site * width
        let l = scratch.pointer
        let no = Int(to) * base + Int(old)
        var delta = 0.0
        var q = p + 5
        for _ in 0..<Int(p[1]) {
            var count = 0
            for k in Int(q[0])..<Int(q[1]) {
                let v = occ[Int(row[k])]
                l[k] = v
                count &+= Int(v)
            }
            let t = deltas.pointer + Int(q[2]) + 2 * no
            delta += t[0] + Double(count) * t[1]
            q += 3
        }
        for k in Int(p[2])..<Int(p[0]) { l[k] = occ[Int(row[k])] }
        for _ in 0..<Int(p[3]) {
            let arity = Int(q[0]), n = Int(q[1])
            let s = slots.pointer + Int(q[2])
            switch arity {
            case 0:
                delta += deltas.pointer[Int(q[3]) + no] * Double(n)
            case 1:
                let t = deltas.pointer + Int(q[3]) + no * base
                for e in 0..<n { delta += t[Int(l[Int(s[e])])] }
            case 2:
                let t = deltas.pointer + Int(q[3]) + no * base * base
                var d0 = 0.0, d1 = 0.0
                var e = 0
                while e + 1 < n {
                    d0 += t[Int(l[Int(s[2 * e])]) + base * Int(l[Int(s[2 * e + 1])])]
                    d1 += t[Int(l[Int(s[2 * e + 2])]) + base * Int(l[Int(s[2 * e + 3])])]
                    e += 2
                }
                if e < n { d0 += t[Int(l[Int(s[2 * e])]) + base * Int(l[Int(s[2 * e + 1])])] }
                delta += d0 + d1
            default:
                var size = 1
                for _ in 0..<arity { size *= base }
                let t = deltas.pointer + Int(q[3]) + no * size
                for e in 0..<n {
                    var index = 0, stride = 1
                    for j in 0..<arity {
                        index += Int(l[Int(s[e * arity + j])]) * stride
                        stride *= base
                    }
                    delta += t[index]
                }
            }
            q += 4
        }
        return delta
    }
}
