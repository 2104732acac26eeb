// A hot-loop form for two-species cluster expansions with large neighbourhoods
// (fcc with three pair shells: 42 neighbours): keeps every site's flip energy
// h_i = E(σi = 1) - E(σi = 0) up to date, so an attempt costs two lookups and
// only an accepted move walks the clusters of the changed site. Pays off when
// few moves are accepted (see `KernelChoice`).

/// Local fields of a two-species cluster-table model, updated after every accepted change.
///
/// When a site goes 0 → 1, the field of the site in its slot k changes by
/// A[k] + Σ_p D[k][p] σ(slot p): pairs give A, three-site clusters A and D (the other
/// site's species, linearly). An update adds A to every slot's field in one pass, then walks
/// the template's chunks: four partners p of one slot (D ≠ 0) with a table of Σ D over their 16
/// occupation patterns, so a chunk reads four species bits and one table entry. No
/// multiplications, no floating-point chain over the partners, and the tables are summed in a
/// fixed order once, so every CPU gets the same fields.
/// Larger clusters use their per-cluster weights (`program`).
final class LocalFieldKernel: EnergyKernel {
    let exact: ClusterKernel
    let n: Int
    let width: Int
    let field: FixedBuffer<Double>
    /// Per template: `[slotCount, constant offset, generalGroups, first chunk, end chunk]`.
    let header: FixedBuffer<Int32>
    /// Per template and slot: A (a 0 → 1 change; `negatedConstant` holds -A for 1 → 0).
    let constant: FixedBuffer<Double>
    let negatedConstant: FixedBuffer<Double>
    /// Per chunk c: its four partner slots and the slot whose field it changes at `partner[5c ...]`
    /// (partner `width` pads: a slot always 0), and Σ D over the partners set in pattern x
    /// (bit b = partner b) at `chunkSum[16c + x]`.
    let partner: FixedBuffer<UInt16>
    let chunkSum: FixedBuffer<Double>
    let negatedChunkSum: FixedBuffer<Double>
    /// Clusters of four sites or more: per group `[arity, count, slot offset, weight offset]`.
    let program: FixedBuffer<Int32>
    let programStart: FixedBuffer<Int32>
    let slots: FixedBuffer<Int32>
    let weights: FixedBuffer<Double>
    /// The neighbourhood's species (0 or 1) during an update.
    let scratch: FixedBuffer<UInt8>

    /// The kernel when every site has at most two species (base 2), else nil. Fields start at zero:
    /// call `reset` with the occupation before use.
    init?(_ model: ClusterTableModel) {
        guard model.base == 2, model.width < Int(UInt16.max) else { return nil }
        exact = ClusterKernel(model)
        n = model.siteCount
        width = model.width
        var header: [Int32] = [], constant: [Double] = []
        var partner: [UInt16] = [], chunkSum: [Double] = []
        let pad = UInt16(model.width)
        var starts: [Int32] = [], code: [Int32] = [], slotList: [Int32] = [], weightList: [Double] = []
        for t in model.templates {
            let k = t.slotCount
            var a = [Double](repeating: 0, count: k)
            var d: [Int: Double] = [:]
            var general: [Int] = []
            for g in t.kind.indices {
                let arity = Int(t.order[g]) - 1, s0 = Int(t.slotStart[g])
                switch arity {
                case 0: break
                case 1:
                    let w = Self.weight(model, t, g, other: 0, rest: 0)
                    for e in 0..<Int(t.count[g]) { a[Int(t.slots[s0 + e])] += w }
                case 2:
                    for j in 0..<2 {
                        let w0 = Self.weight(model, t, g, other: j, rest: 0), w1 = Self.weight(model, t, g, other: j, rest: 1)
                        for e in 0..<Int(t.count[g]) {
                            let slot = Int(t.slots[s0 + 2 * e + j]), other = Int(t.slots[s0 + 2 * e + 1 - j])
                            a[slot] += w0
                            d[slot * k + other, default: 0] += w1 - w0
                        }
                    }
                default:
                    general.append(g)
                }
            }
            header += [Int32(k), Int32(constant.count), Int32(general.count), Int32(partner.count / 5)]
            let entries = d.keys.sorted()
            var next = 0
            for slot in 0..<k {
                var partners: [UInt16] = [], values: [Double] = []
                while next < entries.count && entries[next] / k == slot {
                    let value = d[entries[next]] ?? 0
                    if value != 0 {
                        partners.append(UInt16(entries[next] % k))
                        values.append(value)
                    }
                    next += 1
                }
                for c in stride(from: 0, to: partners.count, by: 4) {
                    let members = min(4, partners.count - c)
                    partner += partners[c..<(c + members)] + [UInt16](repeating: pad, count: 4 - members) + [UInt16(slot)]
                    for pattern in 0..<16 {
                        var sum = 0.0
                        for b in 0..<members where pattern & (1 << b) != 0 { sum += values[c + b] }
                        chunkSum.append(sum)
                    }
                }
            }
            header.append(Int32(partner.count / 5))
            constant += a
            starts.append(Int32(code.count))
            for g in general {
                let arity = Int(t.order[g]) - 1, count = Int(t.count[g]), s0 = Int(t.slotStart[g])
                code += [Int32(arity), Int32(count), Int32(slotList.count), Int32(weightList.count)]
                slotList += t.slots[s0..<(s0 + count * arity)]
                for j in 0..<arity {
                    for r in 0..<(1 << (arity - 1)) { weightList.append(Self.weight(model, t, g, other: j, rest: r)) }
                }
            }
        }
        self.header = FixedBuffer(header)
        self.constant = FixedBuffer(constant)
        negatedConstant = FixedBuffer(constant.map { -$0 })
        self.partner = FixedBuffer(partner)
        self.chunkSum = FixedBuffer(chunkSum)
        negatedChunkSum = FixedBuffer(chunkSum.map { -$0 })
        programStart = FixedBuffer(starts)
        program = FixedBuffer(code)
        slots = FixedBuffer(slotList)
        weights = FixedBuffer(weightList)
        field = FixedBuffer(repeating: 0, count: n)
        scratch = FixedBuffer(repeating: 0, count: model.width + 1)
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

    @inline(__always)
    func pairDelta(_ occ: UnsafeMutablePointer<UInt8>, _ i: Int, _ toI: UInt8, _ j: Int, _ toJ: UInt8) -> Double {
        if exact.shares(i, j) { return exact.pairDelta(occ, i, toI, j, toJ) }
        return flipDelta(occ, i, toI) + flipDelta(occ, j, toJ)
    }

    /// Updates the fields of every site sharing a cluster with `site` (the occupation already holds `to`).
    func commit(_ occ: UnsafeMutablePointer<UInt8>, _ site: Int, from: UInt8, to: UInt8) {
        if from == to { return }
        let sign = Double(Int(to) - Int(from))
        let h = field.pointer
        let row = exact.neighbourhood + site * width
        let template = Int(exact.siteTemplate[site])
        let head = header.pointer + 5 * template
        let k = Int(head[0])
        // Tables of the change's sign, so the updates are plain adds.
        let a = (to > from ? constant : negatedConstant).pointer + Int(head[1])
        let sums = (to > from ? chunkSum : negatedChunkSum).pointer
        let x = scratch.pointer, partners = partner.pointer
        for m in 0..<k {
            let target = Int(row[m])
            x[m] = occ[target]
            h[target] += a[m]
        }
        for c in Int(head[3])..<Int(head[4]) {
            let p = partners + 5 &* c
            let pattern = Int(x[Int(p[0])]) | Int(x[Int(p[1])]) &<< 1 | Int(x[Int(p[2])]) &<< 2 | Int(x[Int(p[3])]) &<< 3
            h[Int(row[Int(p[4])])] += sums[16 &* c &+ pattern]
        }
        let groups = Int(head[2])
        if groups == 0 { return }
        var q = program.pointer + Int(programStart.pointer[template])
        for _ in 0..<groups {
            let arity = Int(q[0]), count = Int(q[1])
            let s = slots.pointer + Int(q[2]), w = weights.pointer + Int(q[3])
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
            q += 4
        }
    }
}
