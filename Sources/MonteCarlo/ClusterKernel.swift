// The direct hot-loop form of a cluster-table model: a flip's energy
// difference from the flipped site's neighbourhood, read once. Clusters of up
// to three sites are a polynomial in the neighbours' species indicators, so a
// flip counts integers (how many neighbours of each class hold each species,
// how many pairs of neighbours hold each pair of species) and finishes with a
// few multiply-adds; larger clusters are looked up one by one.

/// Local energy differences of a `ClusterTableModel`, computed on every call.
///
/// With y_ks = [σ(slot k) = s] for s ≥ 1, a flip's ΔE is C + Σ a_ks y_ks + Σ b_kpst y_ks y_pt
/// over the clusters of up to three sites (a two-site table D gives a = D(s) - D(0), a three-site
/// table the mixed differences). Slots with equal coefficients form a class, counted at once:
/// each slot adds `linearStep[σ]` to its class's packed counts (one 16-bit lane per s ≥ 1), each
/// pair of slots `pairStep[σk + base σp]` (one lane per (s, t)). A template's program (Int32 words
/// at `programStart[template]`): `[slotCount, slot classes, pair classes, groups, coefficient offset]`,
/// the slot classes' bounds in `classSlots`, the pair classes' bounds in `classPairs`, then per
/// other group (four sites or more, or more than four species) `[arity, count, slot offset, delta offset]`
/// with E(new, x) - E(old, x) at `deltas[offset + (new · base + old) · base^arity + x]`.
final class ClusterKernel: EnergyKernel {
    let model: ClusterTableModel
    let base: Int
    let width: Int
    let neighbourhood: UnsafeMutablePointer<Int32>
    let siteTemplate: UnsafeMutablePointer<Int32>
    let translations: TranslationNeighbours?
    let programStart: FixedBuffer<Int32>
    let program: FixedBuffer<Int32>
    let classSlots: FixedBuffer<UInt16>
    let classPairs: FixedBuffer<UInt32>
    /// Per template and (new, old): C, then the slot classes' lanes, then the pair classes' lanes.
    let coefficients: FixedBuffer<Double>
    let linearStep: FixedBuffer<UInt64>
    let pairStep: FixedBuffer<UInt64>
    /// Bits per lane of the pair counts.
    let pairLane: Int
    let slots: FixedBuffer<Int32>
    let deltas: FixedBuffer<Double>
    /// The neighbourhood's species during one call.
    let scratch: FixedBuffer<UInt8>

    /// Lanes of pair counts: bits per lane for `base` species (nil when they would not fit).
    static func pairLaneBits(base: Int) -> Int? {
        switch base { case 2: return 64; case 3: return 16; case 4: return 7; default: return nil }
    }

    init(_ model: ClusterTableModel) {
        self.model = model
        let base = model.base
        self.base = base
        width = model.width
        neighbourhood = model.neighbourhood.pointer
        siteTemplate = model.siteTemplate.pointer
        translations = model.translations
        let lane = Self.pairLaneBits(base: base)
        pairLane = lane ?? 64
        let polynomial = lane != nil && (model.templates.map(\.slotCount).max() ?? 0) <= Int(UInt16.max)
        let s1 = base - 1
        linearStep = FixedBuffer((0..<base).map { $0 == 0 ? 0 : UInt64(1) << UInt64(16 * ($0 - 1)) })
        pairStep = FixedBuffer((0..<(base * base)).map { x in
            let s = x % base, t = x / base
            return s == 0 || t == 0 ? 0 : UInt64(1) << UInt64((lane ?? 0) * ((s - 1) + s1 * (t - 1)))
        })
        var starts: [Int32] = [], code: [Int32] = [], slotClasses: [UInt16] = [], pairClasses: [UInt32] = []
        var coefficients: [Double] = [], slotList: [Int32] = [], deltaList: [Double] = []
        func power(_ k: Int) -> Int { (0..<k).reduce(1) { p, _ in p * base } }
        for t in model.templates {
            starts.append(Int32(code.count))
            var general: [Int] = []
            var form = Polynomial(slots: t.slotCount, base: base)
            for g in t.kind.indices {
                let arity = Int(t.order[g]) - 1
                if polynomial && arity <= 2 { form.add(model, t, g) } else { general.append(g) }
            }
            let (slotClassList, pairClassList, classCoefficients) = form.classes(pairCapacity: lane.map { $0 >= 64 ? Int(UInt32.max) : (1 << $0) - 1 } ?? 0)
            code += [Int32(t.slotCount), Int32(slotClassList.count), Int32(pairClassList.count), Int32(general.count), Int32(coefficients.count)]
            coefficients += classCoefficients
            for members in slotClassList {
                code.append(Int32(slotClasses.count))
                slotClasses += members.map { UInt16($0) }
            }
            code.append(Int32(slotClasses.count))
            for members in pairClassList {
                code.append(Int32(pairClasses.count))
                pairClasses += members.map { UInt32($0.0) | UInt32($0.1) << 16 }
            }
            code.append(Int32(pairClasses.count))
            for g in general {
                let arity = Int(t.order[g]) - 1, n = Int(t.count[g]), s0 = Int(t.slotStart[g])
                code += [Int32(arity), Int32(n), Int32(slotList.count), Int32(deltaList.count)]
                slotList += t.slots[s0..<(s0 + n * arity)]
                for no in 0..<(base * base) {
                    for x in 0..<power(arity) { deltaList.append(Self.delta(model, t, g, no: no, others: x)) }
                }
            }
        }
        programStart = FixedBuffer(starts)
        program = FixedBuffer(code)
        classSlots = FixedBuffer(slotClasses)
        classPairs = FixedBuffer(pairClasses)
        self.coefficients = FixedBuffer(coefficients)
        slots = FixedBuffer(slotList)
        deltas = FixedBuffer(deltaList)
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

    func total(_ occupation: [UInt8]) -> Double { model.energy(of: occupation) }

    /// Whether j (≠ i) shares a cluster with i: by their relative translation when the model has
    /// one, else by a scan of i's row, eight slots at a time.
    @inline(__always)
    func shares(_ i: Int, _ j: Int) -> Bool {
        if let t = translations { return t.contains(i, j, primOf: siteTemplate) }
        let row = UnsafeRawPointer(neighbourhood + i * width)
        let target = SIMD8<Int32>(repeating: Int32(truncatingIfNeeded: j))
        var k = 0
        while k < width {
            if any(row.loadUnaligned(fromByteOffset: 4 * k, as: SIMD8<Int32>.self) .== target) { return true }
            k += 8
        }
        return false
    }

    @inline(__always)
    func flipDelta(_ occ: UnsafeMutablePointer<UInt8>, _ site: Int, _ to: UInt8) -> Double {
        let old = occ[site]
        if old == to { return 0 }
        let base = self.base
        let p = program.pointer + Int(programStart.pointer[Int(siteTemplate[site])])
        let row = neighbourhood + site * width
        let l = scratch.pointer
        let slotClassCount = Int(p[1]), pairClassCount = Int(p[2])
        let s1 = base - 1
        let stride = 1 + slotClassCount * s1 + pairClassCount * s1 * s1
        var c = coefficients.pointer + Int(p[4]) + (Int(to) * base + Int(old)) * stride
        var delta = c[0]
        c += 1
        let slotBounds = p + 5, pairBounds = slotBounds + slotClassCount + 1
        let members = classSlots.pointer, pairs = classPairs.pointer
        if base == 2 {
            for k in 0..<slotClassCount {
                var count = 0
                for m in Int(slotBounds[k])..<Int(slotBounds[k + 1]) {
                    let slot = Int(members[m])
                    let v = occ[Int(row[slot])]
                    l[slot] = v
                    count &+= Int(v)
                }
                delta += c[k] * Double(count)
            }
            c += slotClassCount
            for k in 0..<pairClassCount {
                var count = 0
                for m in Int(pairBounds[k])..<Int(pairBounds[k + 1]) {
                    let pair = pairs[m]
                    count &+= Int(l[Int(pair & 0xFFFF)] & l[Int(pair >> 16)])
                }
                delta += c[k] * Double(count)
            }
        } else {
            let linear = linearStep.pointer, paired = pairStep.pointer
            for k in 0..<slotClassCount {
                var counts: UInt64 = 0
                for m in Int(slotBounds[k])..<Int(slotBounds[k + 1]) {
                    let slot = Int(members[m])
                    let v = occ[Int(row[slot])]
                    l[slot] = v
                    counts &+= linear[Int(v)]
                }
                if base == 3 {
                    delta += c[0] * Double(Int(truncatingIfNeeded: counts & 0xFFFF)) + c[1] * Double(Int(truncatingIfNeeded: counts >> 16))
                } else {
                    for s in 0..<s1 { delta += c[s] * Double(Int(truncatingIfNeeded: (counts >> UInt64(16 * s)) & 0xFFFF)) }
                }
                c += s1
            }
            let lane = UInt64(pairLane), mask: UInt64 = (1 << lane) - 1
            for k in 0..<pairClassCount {
                var counts: UInt64 = 0
                var m = Int(pairBounds[k])
                let end = Int(pairBounds[k + 1])
                while m < end {
                    let pair = pairs[m]
                    counts &+= paired[Int(l[Int(pair & 0xFFFF)]) &+ base &* Int(l[Int(pair >> 16)])]
                    m &+= 1
                }
                if base == 3 {
                    // Four 16-bit lanes: (s, t) = (1, 1), (2, 1), (1, 2), (2, 2).
                    delta += c[0] * Double(Int(truncatingIfNeeded: counts & 0xFFFF)) + c[1] * Double(Int(truncatingIfNeeded: (counts >> 16) & 0xFFFF))
                        + c[2] * Double(Int(truncatingIfNeeded: (counts >> 32) & 0xFFFF)) + c[3] * Double(Int(truncatingIfNeeded: counts >> 48))
                } else {
                    for x in 0..<(s1 * s1) { delta += c[x] * Double(Int(truncatingIfNeeded: (counts >> (lane * UInt64(x))) & mask)) }
                }
                c += s1 * s1
            }
        }
        var q = pairBounds + pairClassCount + 1
        for _ in 0..<Int(p[3]) {
            let arity = Int(q[0]), n = Int(q[1])
            let s = slots.pointer + Int(q[2])
            var size = 1
            for _ in 0..<arity { size *= base }
            let t = deltas.pointer + Int(q[3]) + (Int(to) * base + Int(old)) * size
            for e in 0..<n {
                var index = 0, stride = 1
                for j in 0..<arity {
                    index += Int(occ[Int(row[Int(s[e * arity + j])])]) * stride
                    stride *= base
                }
                delta += t[index]
            }
            q += 4
        }
        return delta
    }
}

/// The clusters of up to three sites around one template as a polynomial in the slots' species
/// indicators, per (new, old) of the centre; `classes` groups slots and pairs of slots with equal
/// coefficients. Coefficients are sums of (multiplicity × difference) in group order, so slots
/// related by symmetry get bit-identical coefficients and share a class.
struct Polynomial {
    let slots: Int
    let base: Int
    /// Per (new, old): the constant.
    var constant: [Double]
    /// Per slot, per group and role: how many of the group's clusters hold the slot there.
    var slotTerms: [[(group: Int, values: [Double], count: Int)]]
    /// Per pair of slots (lower slot first) of a three-site cluster, its terms.
    var pairTerms: [Int: [(group: Int, values: [Double], count: Int)]] = [:]
    var pairOrder: [Int] = []

    init(slots: Int, base: Int) {
        self.slots = slots
        self.base = base
        constant = [Double](repeating: 0, count: base * base)
        slotTerms = Array(repeating: [], count: slots)
    }

    /// Adds group g (one to three sites) of template t.
    mutating func add(_ model: ClusterTableModel, _ t: SiteTemplate, _ g: Int) {
        let arity = Int(t.order[g]) - 1, n = Int(t.count[g]), s0 = Int(t.slotStart[g])
        let m = base, s1 = base - 1, nos = base * base
        let d = { (no: Int, x: Int) in ClusterKernel.delta(model, t, g, no: no, others: x) }
        for no in 0..<nos { constant[no] += Double(n) * d(no, 0) }
        switch arity {
        case 0:
            break
        case 1:
            let values = (0..<nos).flatMap { no in (1..<m).map { s in d(no, s) - d(no, 0) } }
            addSlots((0..<n).map { Int(t.slots[s0 + $0]) }, group: 2 * g, values: values)
        default:
            let first = (0..<nos).flatMap { no in (1..<m).map { s in d(no, s) - d(no, 0) } }
            let second = (0..<nos).flatMap { no in (1..<m).map { s in d(no, m * s) - d(no, 0) } }
            let mixed = (0..<nos).flatMap { no in
                (0..<(s1 * s1)).map { x in
                    let s = 1 + x % s1, u = 1 + x / s1
                    return d(no, s + m * u) - d(no, s) - d(no, m * u) + d(no, 0)
                }
            }
            addSlots((0..<n).map { Int(t.slots[s0 + 2 * $0]) }, group: 2 * g, values: first)
            addSlots((0..<n).map { Int(t.slots[s0 + 2 * $0 + 1]) }, group: 2 * g + 1, values: second)
            // Each pair with its lower slot first (lanes transposed when the cluster lists it second),
            // so that pairs related by symmetry get the same coefficients.
            let transposed = (0..<nos).flatMap { no in
                (0..<(s1 * s1)).map { x in mixed[no * s1 * s1 + (x / s1) + s1 * (x % s1)] }
            }
            var counts: [Int: (Int, Int)] = [:]
            for e in 0..<n {
                let a = Int(t.slots[s0 + 2 * e]), b = Int(t.slots[s0 + 2 * e + 1])
                let key = min(a, b) * slots + max(a, b)
                var c = counts[key] ?? (0, 0)
                if a <= b { c.0 += 1 } else { c.1 += 1 }
                counts[key] = c
            }
            for (key, count) in counts.sorted(by: { $0.key < $1.key }) {
                if pairTerms[key] == nil { pairOrder.append(key) }
                if count.0 > 0 { pairTerms[key, default: []].append((2 * g, mixed, count.0)) }
                if count.1 > 0 { pairTerms[key, default: []].append((2 * g + 1, transposed, count.1)) }
            }
        }
    }

    private mutating func addSlots(_ list: [Int], group: Int, values: [Double]) {
        var counts = [Int](repeating: 0, count: slots)
        for k in list { counts[k] += 1 }
        for k in 0..<slots where counts[k] > 0 { slotTerms[k].append((group, values, counts[k])) }
    }

    /// Slot classes (every slot in one, zero coefficients included, so each is read once), pair
    /// classes (pairs with nonzero coefficients, at most `pairCapacity` per class) and the flat
    /// coefficients: per (new, old) `[C, slot classes × (base-1), pair classes × (base-1)²]`.
    func classes(pairCapacity: Int) -> ([[Int]], [[(Int, Int)]], [Double]) {
        let nos = base * base, s1 = base - 1
        func sum(_ terms: [(group: Int, values: [Double], count: Int)], size: Int) -> [Double] {
            var v = [Double](repeating: 0, count: size)
            for term in terms { for x in 0..<size { v[x] += Double(term.count) * term.values[x] } }
            return v
        }
        var slotClasses: [[Int]] = [], slotValues: [[Double]] = [], slotIndex: [[UInt64]: Int] = [:]
        for k in 0..<slots {
            let v = sum(slotTerms[k], size: nos * s1)
            let key = v.map(\.bitPattern)
            if let c = slotIndex[key] { slotClasses[c].append(k); continue }
            slotIndex[key] = slotClasses.count
            slotClasses.append([k])
            slotValues.append(v)
        }
        var pairClasses: [[(Int, Int)]] = [], pairValues: [[Double]] = [], pairIndex: [[UInt64]: Int] = [:]
        for key in pairOrder {
            let v = sum(pairTerms[key] ?? [], size: nos * s1 * s1)
            if v.allSatisfy({ $0 == 0 }) { continue }
            let bits = v.map(\.bitPattern)
            if let c = pairIndex[bits], pairClasses[c].count < pairCapacity {
                pairClasses[c].append((key / slots, key % slots))
                continue
            }
            pairIndex[bits] = pairClasses.count
            pairClasses.append([(key / slots, key % slots)])
            pairValues.append(v)
        }
        var coefficients: [Double] = []
        for no in 0..<nos {
            coefficients.append(constant[no])
            for v in slotValues { coefficients += v[(no * s1)..<((no + 1) * s1)] }
            for v in pairValues { coefficients += v[(no * s1 * s1)..<((no + 1) * s1 * s1)] }
        }
        return (slotClasses, pairClasses, coefficients)
    }
}
