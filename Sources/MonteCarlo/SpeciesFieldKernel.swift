// Local fields for cluster expansions of three or four species (the fcc ternary
// of scripts/bench: 42 neighbours, 22 correlation functions): every site keeps
// E(σi = s) - E(σi = 0) for each species s, so an attempted swap costs four
// lookups and only an accepted one walks the clusters of the changed sites.
// The binary form, with one field per site, is `LocalFieldKernel`.

/// Per-species local fields of a cluster-table model of pairs and triplets, updated after every accepted change.
///
/// Site i holds h_i(s) = E(σi = s) - E(σi = 0) in lane s of a `SIMD4<Double>` (lane 0 is 0), so a
/// flip a → b costs h_i(b) - h_i(a). When a site in slot m's cluster changes from f to t, slot m's
/// fields change by a vector that depends on (f, t) and, for a three-site cluster, on the third
/// site's species: pairs give one constant vector per (f, t) and slot, added in one pass over the
/// slots; three-site clusters are walked in chunks of two partners of one slot with a table of
/// their summed vectors over the base² species patterns, so a chunk reads two species and adds one
/// table entry. No multiplications and no floating-point chain across the neighbours; tables are
/// summed in a fixed order once, so every CPU gets the same fields.
///
///     let fields = SpeciesFieldKernel(model)!   // nil unless 3 or 4 species, clusters of ≤ 3 sites
///     fields.reset(occ)
///     let dE = fields.pairDelta(occ, i, occ[j], j, occ[i])
final class SpeciesFieldKernel: EnergyKernel {
    let exact: ClusterKernel
    let n: Int
    let width: Int
    let base: Int
    /// Per site, lane s: E(σ = s) - E(σ = 0).
    let field: FixedBuffer<SIMD4<Double>>
    /// Per template: `[slotCount, first constant, first chunk, end chunk]`.
    let header: FixedBuffer<Int32>
    /// Per template, change (f · base + t) and slot: the pairs' change of the slot's fields,
    /// at `constant[header[1] + change · slotCount + slot]`.
    let constant: FixedBuffer<SIMD4<Double>>
    /// Per chunk c: its two partner slots and the slot whose fields it changes at `partner[3c ...]`
    /// (partner `width` pads: a slot always holding species 0, with no coupling).
    let partner: FixedBuffer<UInt16>
    /// Per template and change: where its chunks' tables start (`chunkStart[template · base² + change]`);
    /// chunk c's entry for partner species (x, y) is at `start + (c - first chunk) · base² + x + base · y`.
    let chunkStart: FixedBuffer<Int32>
    let chunkTable: FixedBuffer<SIMD4<Double>>
    /// The neighbourhood's species during an update (slot `width` stays 0).
    let scratch: FixedBuffer<UInt8>

    /// The kernel when the model has three or four species and no cluster of more than three sites,
    /// else nil. Fields start at zero: call `reset` with the occupation before use.
    init?(_ model: ClusterTableModel) {
        let base = model.base
        guard (3...4).contains(base), model.width < Int(UInt16.max),
              model.templates.allSatisfy({ $0.order.allSatisfy { $0 <= 3 } }) else { return nil }
        exact = ClusterKernel(model)
        n = model.siteCount
        width = model.width
        self.base = base
        let changes = base * base, patterns = base * base
        var header: [Int32] = [], constant: [SIMD4<Double>] = [], partner: [UInt16] = []
        var chunkStart: [Int32] = [], chunkTable: [SIMD4<Double>] = []
        let pad = UInt16(model.width)
        for t in model.templates {
            let k = t.slotCount
            var pairs = [SIMD4<Double>](repeating: .zero, count: changes * k)
            // Per (slot, partner) of a three-site cluster: the slot's change per (change, partner species).
            var coupled: [Int: [SIMD4<Double>]] = [:]
            for g in t.kind.indices {
                let others = Int(t.order[g]) - 1, s0 = Int(t.slotStart[g])
                for e in 0..<Int(t.count[g]) where others > 0 {
                    for j in 0..<others {
                        let slot = Int(t.slots[s0 + others * e + j])
                        if others == 1 {
                            for c in 0..<changes { pairs[c * k + slot] += Self.change(model, t, g, c, other: j, rest: 0) }
                            continue
                        }
                        let mate = Int(t.slots[s0 + others * e + 1 - j])
                        var values = coupled[slot * k + mate] ?? [SIMD4<Double>](repeating: .zero, count: changes * base)
                        for c in 0..<changes {
                            for x in 0..<base { values[c * base + x] += Self.change(model, t, g, c, other: j, rest: x) }
                        }
                        coupled[slot * k + mate] = values
                    }
                }
            }
            // Chunks: each slot's partners two at a time, in slot then partner order.
            var chunks: [(slot: Int, mates: [Int])] = []
            var bySlot: [Int: [Int]] = [:]
            for key in coupled.keys.sorted() { bySlot[key / k, default: []].append(key % k) }
            for slot in bySlot.keys.sorted() {
                let mates = bySlot[slot] ?? []
                for c in stride(from: 0, to: mates.count, by: 2) { chunks.append((slot, Array(mates[c..<min(c + 2, mates.count)]))) }
            }
            header += [Int32(k), Int32(constant.count), Int32(partner.count / 3), Int32(partner.count / 3 + chunks.count)]
            constant += pairs
            for chunk in chunks {
                partner += chunk.mates.map { UInt16($0) } + (chunk.mates.count == 1 ? [pad] : []) + [UInt16(chunk.slot)]
            }
            for c in 0..<changes {
                chunkStart.append(Int32(chunkTable.count))
                for chunk in chunks {
                    let first = coupled[chunk.slot * k + chunk.mates[0]] ?? []
                    let second = chunk.mates.count > 1 ? coupled[chunk.slot * k + chunk.mates[1]] : nil
                    for pattern in 0..<patterns {
                        let x = pattern % base, y = pattern / base
                        chunkTable.append(first[c * base + x] + (second?[c * base + y] ?? .zero))
                    }
                }
            }
        }
        self.header = FixedBuffer(header)
        self.constant = FixedBuffer(constant)
        self.partner = FixedBuffer(partner)
        self.chunkStart = FixedBuffer(chunkStart)
        self.chunkTable = FixedBuffer(chunkTable)
        field = FixedBuffer(repeating: .zero, count: n)
        scratch = FixedBuffer(repeating: 0, count: model.width + 1)
    }

    /// The change of other j's fields (lane s: E(σj = s) - E(σj = 0)) from group g's cluster when its
    /// centre changes f → t (`change` = f · base + t), the remaining other (if any) at species `rest`.
    static func change(_ model: ClusterTableModel, _ t: SiteTemplate, _ g: Int, _ change: Int, other j: Int, rest: Int) -> SIMD4<Double> {
        let base = model.base, p = Int(t.position[g]), w = Int(t.order[g])
        let table = Int(model.kindTable[Int(t.kind[g])])
        var index = 0, centre = 0, target = 0, other = 0, stride = 1
        for position in 0..<w {
            if position == p {
                centre = stride
            } else {
                if other == j { target = stride } else { index += rest * stride }
                other += 1
            }
            stride *= base
        }
        let from = change / base, to = change % base
        var lanes = SIMD4<Double>.zero
        for s in 1..<base {
            let e = { (c: Int, o: Int) in model.tables[table + index + c * centre + o * target] }
            lanes[s] = (e(to, s) - e(to, 0)) - (e(from, s) - e(from, 0))
        }
        return lanes
    }

    /// Recomputes every field from the occupation.
    func reset(_ occ: UnsafeMutablePointer<UInt8>) {
        for i in 0..<n {
            let own = occ[i]
            let zero = own == 0 ? 0 : exact.flipDelta(occ, i, 0)   // E(0) - E(σi)
            var lanes = SIMD4<Double>.zero
            for s in 1..<base { lanes[s] = exact.flipDelta(occ, i, UInt8(s)) - zero }
            field.pointer[i] = lanes
        }
    }

    func total(_ occupation: [UInt8]) -> Double { exact.total(occupation) }

    /// h_site(s) from the site's lanes.
    @inline(__always)
    func lane(_ site: Int, _ s: UInt8) -> Double {
        UnsafeRawPointer(field.pointer).load(fromByteOffset: 32 &* site &+ 8 &* Int(s), as: Double.self)
    }

    @inline(__always)
    func flipDelta(_ occ: UnsafeMutablePointer<UInt8>, _ site: Int, _ to: UInt8) -> Double {
        lane(site, to) - lane(site, occ[site])
    }

    @inline(__always)
    func pairDelta(_ occ: UnsafeMutablePointer<UInt8>, _ i: Int, _ toI: UInt8, _ j: Int, _ toJ: UInt8) -> Double {
        if exact.shares(i, j) { return exact.pairDelta(occ, i, toI, j, toJ) }
        return (lane(i, toI) - lane(i, occ[i])) + (lane(j, toJ) - lane(j, occ[j]))
    }

    /// Updates the fields of every site sharing a cluster with `site` (the occupation already holds `to`).
    func commit(_ occ: UnsafeMutablePointer<UInt8>, _ site: Int, from: UInt8, to: UInt8) {
        if from == to { return }
        let base = self.base, h = field.pointer
        let row = exact.neighbourhood + site &* width
        let template = Int(exact.siteTemplate[site])
        let head = header.pointer + 4 &* template
        let k = Int(head[0])
        let change = Int(from) &* base &+ Int(to)
        let a = constant.pointer + Int(head[1]) + change &* k
        let x = scratch.pointer
        for m in 0..<k {
            let target = Int(row[m])
            x[m] = occ[target]
            h[target] += a[m]
        }
        let first = Int(head[2])
        let table = chunkTable.pointer + Int(chunkStart.pointer[template &* base &* base &+ change])
        let patterns = base &* base
        var p = partner.pointer + 3 &* first
        var entry = table
        for _ in first..<Int(head[3]) {
            h[Int(row[Int(p[2])])] += entry[Int(x[Int(p[0])]) &+ base &* Int(x[Int(p[1])])]
            p += 3
            entry += patterns
        }
    }
}
