// A hot-loop form for two-species cluster expansions with large neighbourhoods
// (fcc with three pair shells: 42 neighbours): keeps every site's flip energy
// h_i = E(σi = 1) - E(σi = 0) up to date, so an attempt costs two lookups and
// only an accepted move walks the clusters of the changed site. Pays off when
// few moves are accepted (see `KernelChoice`).

/// Local fields of a two-species cluster-table model, updated after every accepted change.
///
/// A template's update program (at `programStart[template]`): `[groupCount]`, then per group
/// `[arity, count, slot offset, weight offset]`. Weight W[j · 2^(arity-1) + r] is the change of the
/// field of the group's j-th other site when the centre goes 0 → 1, with the remaining others at r.
final class LocalFieldKernel: EnergyKernel {
    let exact: ClusterKernel
    let n: Int
    let width: Int
    let field: FixedBuffer<Double>
    let programStart: FixedBuffer<Int32>
    let program: FixedBuffer<Int32>
    let slots: FixedBuffer<Int32>
    let weights: FixedBuffer<Double>

    /// The kernel when every site has at most two species (base 2), else nil. Fields start at zero:
    /// call `reset` with the occupation before use.
    init?(_ model: ClusterTableModel) {
        guard model.base == 2 else { return nil }
        exact = ClusterKernel(model)
        n = model.siteCount
        width = model.width
        var starts: [Int32] = [], code: [Int32] = [], slotList: [Int32] = [], weightList: [Double] = []
        for t in model.templates {
            starts.append(Int32(code.count))
            let groups = t.kind.indices.filter { t.order[$0] > 1 }
            code.append(Int32(groups.count))
            for g in groups {
                let arity = Int(t.order[g]) - 1, count = Int(t.count[g]), s0 = Int(t.slotStart[g])
                code += [Int32(arity), Int32(count), Int32(slotList.count), Int32(weightList.count)]
                slotList += t.slots[s0..<(s0 + count * arity)]
                for j in 0..<arity {
                    for r in 0..<(1 << (arity - 1)) { weightList.append(Self.weight(model, t, g, other: j, rest: r)) }
                }
            }
        }
        programStart = FixedBuffer(starts)
        program = FixedBuffer(code)
        slots = FixedBuffer(slotList)
        weights = FixedBuffer(weightList)
        field = FixedBuffer(repeating: 0, count: n)
    }

    /// The change of other j's field (E(σj = 1) - E(σj = 0)) when the centre of group g goes 0 → 1,
    /// the remaining others (in position order, j left out) at the bits of `rest`.
    static func weight(_ model: ClusterTableModel, _ t: SiteTemplate, _ g: Int, other j: Int, rest: Int) -> Double {
        let p = Int(t.position[g]), w = Int(t.order[g])
        let table = Int(model.kindTable[Int(t.kind[g])])
        var index = 0, centre = 0, target = 0, other = 0, r = rest
        for position in 0..<w {
            let bit = 1 << position
            if position == p {
                centre = bit
            } else {
                if other == j { target = bit } else { index |= (r & 1) << position; r >>= 1 }
                other += 1
            }
        }
        let e = { (c: Int, o: Int) in model.tables[table + index + c * centre + o * target] }
        return (e(1, 1) - e(1, 0)) - (e(0, 1) - e(0, 0))
    }

    /// Recomputes every field from the occupation.
    func reset(_ occ: UnsafeMutablePointer<UInt8>) {
        for i in 0..<n { field.pointer[i] = occ[i] == 0 ? exact.flipDelta(occ, i, 1) : -exact.flipDelta(occ, i, 0) }
    }

    func total(_ occupation: [UInt8]) -> Double { exact.total(occupation) }

    @inline(__always)
    func flipDelta(_ occ: UnsafeMutablePointer<UInt8>, _ site: Int, _ to: UInt8) -> Double {
        let from = occ[site]
        if from == to { return 0 }
        return from == 0 ? field.pointer[site] : -field.pointer[site]
    }

    /// Whether j is in i's neighbourhood (a scan of its row, eight slots at a time).
    @inline(__always)
    func shares(_ i: Int, _ j: Int) -> Bool {
        let row = UnsafeRawPointer(exact.neighbourhood + i * width)
        let target = SIMD8<Int32>(repeating: Int32(truncatingIfNeeded: j))
        var k = 0
        while k < width {
            if any(row.loadUnaligned(fromByteOffset: 4 * k, as: SIMD8<Int32>.self) .== target) { return true }
            k += 8
        }
        return false
    }

    @inline(__always)
    func pairDelta(_ occ: UnsafeMutablePointer<UInt8>, _ i: Int, _ toI: UInt8, _ j: Int, _ toJ: UInt8) -> Double {
        if shares(i, j) { return exact.pairDelta(occ, i, toI, j, toJ) }
        return flipDelta(occ, i, toI) + flipDelta(occ, j, toJ)
    }

    /// Updates the fields of every site sharing a cluster with `site` (the occupation already holds `to`).
    func commit(_ occ: UnsafeMutablePointer<UInt8>, _ site: Int, from: UInt8, to: UInt8) {
        if from == to { return }
        let sign = Double(Int(to) - Int(from))
        let h = field.pointer
        let row = exact.neighbourhood + site * width
        var q = program.pointer + Int(programStart.pointer[Int(exact.siteTemplate[site])])
        let groups = Int(q[0])
        q += 1
        for _ in 0..<groups {
            let arity = Int(q[0]), count = Int(q[1])
            let s = slots.pointer + Int(q[2]), w = weights.pointer + Int(q[3])
            switch arity {
            case 1:
                let dw = sign * w[0]
                for e in 0..<count { h[Int(row[Int(s[e])])] += dw }
            case 2:
                for e in 0..<count {
                    let a = Int(row[Int(s[2 * e])]), b = Int(row[Int(s[2 * e + 1])])
                    h[a] += sign * w[Int(occ[b])]
                    h[b] += sign * w[2 + Int(occ[a])]
                }
            default:
                let half = 1 << (arity - 1)
                for e in 0..<count {
                    for j in 0..<arity {
                        var r = 0, bit = 0
                        for m in 0..<arity where m != j {
                            r |= Int(occ[Int(row[Int(s[e * arity + m])])]) << bit
                            bit += 1
                        }
                        h[Int(row[Int(s[e * arity + j])])] += sign * w[j * half + r]
                    }
                }
            }
            q += 4
        }
    }
}
