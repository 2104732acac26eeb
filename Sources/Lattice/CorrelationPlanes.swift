// The working layout of `ClusterTable.correlations`: site values arranged by
// translation coordinates (rows over the two slower axes, the longest axis
// contiguous), one copy per distinct shift along that axis, so that the sum of
// a cluster image over every translation runs over contiguous memory.

/// Where each cluster point reads: its row shift and its copy along the fastest axis.
struct TranslationLayout {
    let orders: SIMD3<Int>
    let rows: Int
    let primSites: Int
    /// Distinct z shifts of all points, and each point's index among them.
    let zShifts: [Int]
    let pointCopy: [Int32]
    /// Distinct (y, z) shifts of all points, and each point's index among them.
    let rowShifts: [SIMD3<Int>]
    let pointRow: [Int32]
    let table: ClusterTable

    init(table: ClusterTable) {
        self.table = table
        orders = table.supercell.translations.orders
        rows = orders.x * orders.y
        primSites = table.supercell.lattice.sites.count
        var shifts: [Int] = [], copy: [Int32] = []
        copy.reserveCapacity(table.pointShift.count)
        for u in table.pointShift {
            let z = Int(u.z)
            if let k = shifts.firstIndex(of: z) { copy.append(Int32(k)) } else { copy.append(Int32(shifts.count)); shifts.append(z) }
        }
        zShifts = shifts
        pointCopy = copy
        var rows: [SIMD3<Int>] = [], row: [Int32] = []
        row.reserveCapacity(table.pointShift.count)
        for u in table.pointShift {
            let key = SIMD3(0, Int(u.y), Int(u.z))
            if let k = rows.firstIndex(of: key) { row.append(Int32(k)) } else { row.append(Int32(rows.count)); rows.append(key) }
        }
        rowShifts = rows
        pointRow = row
    }

    /// Whether every point of orbit o sits on a two-species site whose φ_1 is ±c.
    func isParity(orbit o: Int, table basis: BasisTable) -> Bool {
        let m = table.imageStart[o]
        return (table.pointStart[m]..<table.pointStart[m + 1]).allSatisfy { basis.parityScale(site: Int(table.pointSite[$0])) != nil }
    }

    /// Calls `body(q, row)` for every row (x, y) with each point's row index in `rowOf[q]`.
    @inline(__always)
    func forEachRow(image m: Int, _ body: (UnsafeMutablePointer<Int>) -> Void) {
        let p0 = table.pointStart[m], k = table.pointStart[m + 1] - p0
        let d = orders
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * k) { scratch in
            let rowOf = scratch.baseAddress.unsafelyUnwrapped
            let ex = rowOf + k, ey = rowOf + 2 * k
            for q in 0..<k {
                ex[q] = Int(table.pointShift[p0 + q].x)
                ey[q] = Int(table.pointShift[p0 + q].y)
            }
            for x in 0..<d.x {
                for y in 0..<d.y {
                    for q in 0..<k {
                        var a = x + ex[q], b = y + ey[q]
                        if a >= d.x { a -= d.x }
                        if b >= d.y { b -= d.y }
                        rowOf[q] = a * d.y + b
                    }
                    body(rowOf)
                }
            }
        }
    }
}

/// Parity bits of the two-species sites: for prim site s and slab x (the first translation axis),
/// the (y, z) rows packed `lane` bits apart (z fastest); a bit is set when the site holds species 0
/// (φ_1 = -c). One copy per distinct (y, z) shift of a cluster point, rotated so that a point's
/// slab at x is the copy's slab at x + its x shift: an image's sum over translations is, slab by
/// slab, the popcount of the words XORed over its points.
struct BitPlanes {
    /// Bits per (y) row (32 or 64) and words per slab.
    let lane: Int
    let words: Int
    let bits: [UInt64]
    /// c of each prim site (0 where φ_1 is not ±c).
    let scales: [Double]

    /// The row width for slabs of `orders` (nil when the fastest axis is longer than 64).
    static func lane(_ orders: SIMD3<Int>) -> Int? { orders.z <= 32 ? 32 : (orders.z <= 64 ? 64 : nil) }

    init(layout: TranslationLayout, occupation: [Int], table basis: BasisTable, lane: Int) {
        let t = layout.table, sc = t.supercell
        let d = layout.orders, nPrim = layout.primSites
        let w = (d.y * lane + 63) / 64
        self.lane = lane
        words = w
        scales = (0..<nPrim).map { basis.parityScale(site: $0) ?? 0 }
        let slab = w * 64, slabs = nPrim * d.x
        var plain = [UInt64](repeating: 0, count: slabs * w)
        plain.withUnsafeMutableBufferPointer { plain in
            t.cellBit.withUnsafeBufferPointer { cellBit in
                occupation.withUnsafeBufferPointer { occ in
                    for cell in 0..<sc.cellCount {
                        for s in 0..<nPrim where occ[cell * nPrim + s] == 0 {
                            let bit = s * d.x * slab + Int(cellBit[cell])
                            plain[bit >> 6] |= 1 << UInt64(bit & 63)
                        }
                    }
                }
            }
        }
        let mask: UInt64 = d.z == 64 ? ~0 : (1 << UInt64(d.z)) - 1
        var out = [UInt64](repeating: 0, count: layout.rowShifts.count * slabs * w)
        out.withUnsafeMutableBufferPointer { out in
            plain.withUnsafeBufferPointer { plain in
                for (r, shift) in layout.rowShifts.enumerated() {
                    let ey = shift.y, ez = UInt64(shift.z), n = UInt64(d.z)
                    for s in 0..<slabs {
                        let source = s * w, target = (r * slabs + s) * w
                        for y in 0..<d.y {
                            // Row y of the copy is row y + ey of the plane, rotated by ez along z.
                            var from = y + ey
                            if from >= d.y { from -= d.y }
                            let bit = from * lane
                            let v = (plain[source + bit >> 6] >> UInt64(bit & 63)) & mask
                            let rotated = ez == 0 ? v : ((v >> ez) | (v << (n - ez))) & mask
                            let to = y * lane
                            out[target + to >> 6] |= rotated << UInt64(to & 63)
                        }
                    }
                }
            }
        }
        bits = out
    }

    /// Σ over translations of image m's product of φ_1: Π c · (cells - 2 · #odd parities).
    func sum(image m: Int, layout: TranslationLayout) -> Double {
        let t = layout.table
        let p0 = t.pointStart[m], k = t.pointStart[m + 1] - p0
        let d = layout.orders, w = words, slabs = layout.primSites * d.x
        var scale = 1.0
        var odd = 0
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * k) { scratch in
            let base = scratch.baseAddress.unsafelyUnwrapped, ex = base + k
            for q in 0..<k {
                let s = Int(t.pointSite[p0 + q])
                scale *= scales[s]
                base[q] = ((Int(layout.pointRow[p0 + q]) * layout.primSites + s) * d.x) * w
                ex[q] = Int(t.pointShift[p0 + q].x)
            }
            bits.withUnsafeBufferPointer { b in
                for x in 0..<d.x {
                    switch k {
                    case 1:
                        let a = b.baseAddress.unsafelyUnwrapped + base[0] + Self.wrap(x + ex[0], d.x) * w
                        for word in 0..<w { odd &+= a[word].nonzeroBitCount }
                    case 2:
                        let a = b.baseAddress.unsafelyUnwrapped + base[0] + Self.wrap(x + ex[0], d.x) * w
                        let c = b.baseAddress.unsafelyUnwrapped + base[1] + Self.wrap(x + ex[1], d.x) * w
                        for word in 0..<w { odd &+= (a[word] ^ c[word]).nonzeroBitCount }
                    case 3:
                        let a = b.baseAddress.unsafelyUnwrapped + base[0] + Self.wrap(x + ex[0], d.x) * w
                        let c = b.baseAddress.unsafelyUnwrapped + base[1] + Self.wrap(x + ex[1], d.x) * w
                        let e = b.baseAddress.unsafelyUnwrapped + base[2] + Self.wrap(x + ex[2], d.x) * w
                        for word in 0..<w { odd &+= (a[word] ^ c[word] ^ e[word]).nonzeroBitCount }
                    default:
                        for word in 0..<w {
                            var v: UInt64 = 0
                            for q in 0..<k { v ^= b[base[q] + Self.wrap(x + ex[q], d.x) * w + word] }
                            odd &+= v.nonzeroBitCount
                        }
                    }
                }
            }
        }
        _ = slabs
        return scale * Double(t.supercell.cellCount - 2 * odd)
    }

    @inline(__always) static func wrap(_ a: Int, _ n: Int) -> Int { a >= n ? a - n : a }
}

/// Basis values φ_α (α ≥ 1) of every site, laid out as rows with z contiguous, one copy per z shift:
/// copy r, prim site s, function α at `values[(((r * P + s) * A + α - 1) * rows + row) * d.z + z]`.
struct ValuePlanes {
    let alphas: Int
    let values: [Double]

    init(layout: TranslationLayout, occupation: [Int], table basis: BasisTable) {
        let sc = layout.table.supercell
        let d = layout.orders, rows = layout.rows, nPrim = layout.primSites, cells = rows * d.z
        let a = max(1, basis.width - 1)
        alphas = a
        var plain = [Double](repeating: 0, count: nPrim * a * cells)
        for i in 0..<sc.siteCount {
            let s = i % nPrim
            let u = Int(sc.translationOfCell[i / nPrim])
            for alpha in 1..<max(2, basis.counts[s]) where alpha < basis.counts[s] {
                plain[(s * a + alpha - 1) * cells + u] = basis.value(site: s, alpha: alpha, sigma: occupation[i])
            }
        }
        var out = [Double](repeating: 0, count: layout.zShifts.count * nPrim * a * cells)
        out.withUnsafeMutableBufferPointer { o in
            plain.withUnsafeBufferPointer { p in
                for (r, shift) in layout.zShifts.enumerated() {
                    for plane in 0..<(nPrim * a) {
                        for row in 0..<rows {
                            let source = (plane * rows + row) * d.z, target = ((r * nPrim * a + plane) * rows + row) * d.z
                            for z in 0..<(d.z - shift) { o[target + z] = p[source + z + shift] }
                            for z in (d.z - shift)..<d.z { o[target + z] = p[source + z + shift - d.z] }
                        }
                    }
                }
            }
        }
        values = out
    }

    /// Σ over translations of image m's product of φ_{α_q} for the labeling at `labelings[lb...]`.
    func sum(image m: Int, labeling lb: Int, layout: TranslationLayout) -> Double {
        let t = layout.table
        let p0 = t.pointStart[m], k = t.pointStart[m + 1] - p0
        let dz = layout.orders.z, a = alphas
        var base = [Int](repeating: 0, count: k)
        for q in 0..<k {
            let s = Int(t.pointSite[p0 + q]), alpha = Int(t.labelings[lb + q])
            base[q] = ((Int(layout.pointCopy[p0 + q]) * layout.primSites + s) * a + alpha - 1) * layout.rows
        }
        var sum = 0.0
        values.withUnsafeBufferPointer { v in
            base.withUnsafeBufferPointer { base in
                layout.forEachRow(image: m) { rowOf in
                    switch k {
                    case 1:
                        let p = v.baseAddress.unsafelyUnwrapped + (base[0] + rowOf[0]) * dz
                        var s0 = 0.0, s1 = 0.0
                        var z = 0
                        while z + 1 < dz { s0 += p[z]; s1 += p[z + 1]; z += 2 }
                        if z < dz { s0 += p[z] }
                        sum += s0 + s1
                    case 2:
                        let p = v.baseAddress.unsafelyUnwrapped + (base[0] + rowOf[0]) * dz
                        let r = v.baseAddress.unsafelyUnwrapped + (base[1] + rowOf[1]) * dz
                        var s0 = 0.0, s1 = 0.0
                        var z = 0
                        while z + 1 < dz { s0 += p[z] * r[z]; s1 += p[z + 1] * r[z + 1]; z += 2 }
                        if z < dz { s0 += p[z] * r[z] }
                        sum += s0 + s1
                    case 3:
                        let p = v.baseAddress.unsafelyUnwrapped + (base[0] + rowOf[0]) * dz
                        let r = v.baseAddress.unsafelyUnwrapped + (base[1] + rowOf[1]) * dz
                        let u = v.baseAddress.unsafelyUnwrapped + (base[2] + rowOf[2]) * dz
                        var s0 = 0.0, s1 = 0.0
                        var z = 0
                        while z + 1 < dz { s0 += p[z] * r[z] * u[z]; s1 += p[z + 1] * r[z + 1] * u[z + 1]; z += 2 }
                        if z < dz { s0 += p[z] * r[z] * u[z] }
                        sum += s0 + s1
                    default:
                        for z in 0..<dz {
                            var product = 1.0
                            for q in 0..<k { product *= v[(base[q] + rowOf[q]) * dz + z] }
                            sum += product
                        }
                    }
                }
            }
        }
        return sum
    }
}
