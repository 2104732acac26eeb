// Local fields for cluster expansions of three or four species (the fcc ternary
// of scripts/bench: 42 neighbours, 22 correlation functions): every site keeps
// E(σi = s) - E(σi = 0) for each species s, so an attempted swap costs four
// lookups and only an accepted one walks the clusters of the changed sites.
// The binary form, with one field per site, is `LocalFieldKernel`.

/// Per-species local fields of a cluster-table model of pairs and triplets, updated after every accepted change.
///
/// Site i holds h_i(s) = E(σi = s) - E(σi = 0) in double s of its 32-byte record (h_i(0) = 0), so a
/// flip a → b costs h_i(b) - h_i(a). When a site in slot m's cluster changes from f to t, slot m's
/// fields h(1), ..., h(base - 1) change by a vector (`Lanes`: `SIMD2` for three species, `SIMD4`
/// for four) that depends on (f, t) and, for a three-site cluster, on the third site's species.
/// An update reads the species of the changed site's slots once, then per slot sums the pairs'
/// constant vector and, for the slot's three-site partners taken two at a time (a chunk), one table
/// entry per chunk indexed by the two partners' species, and adds the sum to the slot's fields
/// once: no multiplications, and each slot's sum is its own short chain, independent of the
/// others'. Tables are summed in a fixed order once, so every CPU gets the same fields.
///
///     let fields = SpeciesFieldKernel<SIMD2<Double>>(model)!   // nil unless 3 species, clusters of ≤ 3 sites
///     fields.reset(occ)
///     let dE = fields.pairDelta(occ, i, occ[j], j, occ[i])
final class SpeciesFieldKernel<Lanes: SIMD>: EnergyKernel where Lanes.Scalar == Double {
    let exact: ClusterKernel
    let n: Int
    let width: Int
    let base: Int
    /// Per site, double s of 4: E(σ = s) - E(σ = 0).
    let field: FixedBuffer<SIMD4<Double>>
    /// Byte offset of h(1) in a site's record: the lanes an update adds to.
    let laneOffset: Int
    /// Per template: `[slotCount, first constant, first slot bound]`.
    let header: FixedBuffer<Int32>
    /// Per template, change (f · base + t) and slot: the pairs' change of the slot's fields,
    /// at `constant[header[1] + change · slotCount + slot]`.
    let constant: FixedBuffer<Lanes>
    /// Per template and slot m: its chunks are `bound[header[2] + m] ..< bound[header[2] + m + 1]`.
    let bound: FixedBuffer<Int32>
    /// Per chunk: its two partner slots, `first | second << 16` (partner `width` pads: a slot always
    /// holding species 0, with no coupling).
    let partner: FixedBuffer<UInt32>
    /// Per template and change: where its chunks' tables start (`chunkStart[template · base² + change]`);
    /// chunk c's entry for partner species (x, y) is at `start + c · base² + x + base · y`
    /// (the start is offset so that c is the chunk's global index).
    let chunkStart: FixedBuffer<Int>
    let chunkTable: FixedBuffer<Lanes>
    /// The neighbourhood's species during an update (slot `width` stays 0).
    let scratch: FixedBuffer<UInt8>

    /// The kernel when the model has as many species as `Lanes` holds field values plus one (three for
    /// `SIMD2`, four for `SIMD4`) and no cluster of more than three sites, else nil. Fields start at
    /// zero: call `reset` with the occupation before use.
    init?(_ model: ClusterTableModel) {
        let base = model.base
        guard Lanes.scalarCount == 2 || Lanes.scalarCount == 4, base == (Lanes.scalarCount == 2 ? 3 : 4),
              model.width < Int(UInt16.max),
              model.templates.allSatisfy({ $0.order.allSatisfy { $0 <= 3 } }) else { return nil }
        exact = ClusterKernel(model)
        n = model.siteCount
        width = model.width
        self.base = base
        laneOffset = base == 3 ? 8 : 0
        let changes = base * base, patterns = base * base
        var header: [Int32] = [], constant: [Lanes] = [], partner: [UInt32] = [], bound: [Int32] = []
        var chunkStart: [Int] = [], chunkTable: [Lanes] = []
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
            let firstChunk = partner.count
            header += [Int32(k), Int32(constant.count), Int32(bound.count)]
            for slot in 0..<k {
                bound.append(Int32(firstChunk + chunks.count))
                let mates = bySlot[slot] ?? []
                for c in stride(from: 0, to: mates.count, by: 2) { chunks.append((slot, Array(mates[c..<min(c + 2, mates.count)]))) }
            }
            bound.append(Int32(firstChunk + chunks.count))
            constant += pairs.map(Self.lanes)
            for chunk in chunks {
                partner.append(UInt32(chunk.mates[0]) | UInt32(chunk.mates.count > 1 ? UInt16(chunk.mates[1]) : pad) << 16)
            }
            for c in 0..<changes {
                chunkStart.append(chunkTable.count - firstChunk * patterns)
                for chunk in chunks {
                    let first = coupled[chunk.slot * k + chunk.mates[0]] ?? []
                    let second = chunk.mates.count > 1 ? coupled[chunk.slot * k + chunk.mates[1]] : nil
                    for pattern in 0..<patterns {
                        let x = pattern % base, y = pattern / base
                        chunkTable.append(Self.lanes(first[c * base + x] + (second?[c * base + y] ?? .zero)))
                    }
                }
            }
        }
        self.header = FixedBuffer(header)
        self.constant = FixedBuffer(constant)
        self.partner = FixedBuffer(partner)
        self.bound = FixedBuffer(bound)
        self.chunkStart = FixedBuffer(chunkStart)
        self.chunkTable = FixedBuffer(chunkTable)
        field = FixedBuffer(repeating: .zero, count: n)
        scratch = FixedBuffer(repeating: 0, count: model.width + 1)
    }

    /// The lanes an update adds (h(1), ..., h(base - 1)) of a site's record.
    static func lanes(_ record: SIMD4<Double>) -> Lanes {
        var lanes = Lanes()
        if Lanes.scalarCount == 2 { lanes[0] = record[1]; lanes[1] = record[2] } else { for s in 0..<4 { lanes[s] = record[s] } }
        return lanes
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
        // A compile-time constant once specialised.
        let base = Lanes.scalarCount == 2 ? 3 : 4
        let h = UnsafeMutableRawPointer(field.pointer) + laneOffset
        let row = exact.neighbourhood + site &* width
        let template = Int(exact.siteTemplate[site])
        let head = header.pointer + 3 &* template
        let k = Int(head[0])
        let change = Int(from) &* base &+ Int(to)
        let a = constant.pointer + Int(head[1]) + change &* k
        let slotBound = bound.pointer + Int(head[2])
        let x = scratch.pointer
        for m in 0..<k { x[m] = occ[Int(row[m])] }
        let table = chunkTable.pointer + chunkStart.pointer[template &* base &* base &+ change]
        let partners = partner.pointer
        var c = Int(slotBound[0])
        for m in 0..<k {
            var sum = a[m]
            let end = Int(slotBound[m &+ 1])
            while c < end {
                let pair = partners[c]
                sum += table[c &* (base &* base) &+ Int(x[Int(pair & 0xFFFF)]) &+ base &* Int(x[Int(pair &>> 16)])]
                c &+= 1
            }
            let offset = 32 &* Int(row[m])
            h.storeBytes(of: h.loadUnaligned(fromByteOffset: offset, as: Lanes.self) + sum, toByteOffset: offset, as: Lanes.self)
        }
    }
}
