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

/// Parity bits of the two-species sites: bit z of row (x, y) of prim site s is set when the
/// site at translation (x, y, z) holds species 0 (φ_1 = -c), one copy per z shift.
struct BitPlanes {
    let words: Int
    let bits: [UInt64]
    /// c of each prim site (0 where φ_1 is not ±c).
    let scales: [Double]

    init(layout: inout TranslationLayout, occupation: [Int], table basis: BasisTable) {
        let sc = layout.table.supercell
        let d = layout.orders, rows = layout.rows, nPrim = layout.primSites
        let w = (d.z + 63) / 64
        words = w
        scales = (0..<nPrim).map { basis.parityScale(site: $0) ?? 0 }
        var plain = [UInt64](repeating: 0, count: nPrim * rows * w)
        for i in 0..<sc.siteCount where occupation[i] == 0 {
            let s = i % nPrim
            let u = Int(sc.translationOfCell[i / nPrim])
            let row = u / d.z, z = u % d.z
            plain[(s * rows + row) * w + z / 64] |= 1 << UInt64(z % 64)
        }
        var out = [UInt64](repeating: 0, count: layout.zShifts.count * nPrim * rows * w)
        for (r, shift) in layout.zShifts.enumerated() {
            for s in 0..<nPrim {
                for row in 0..<rows {
                    let source = (s * rows + row) * w, target = ((r * nPrim + s) * rows + row) * w
                    if w == 1 {
                        // Rotate the d.z-bit row right by `shift`: bit z of the copy is bit z + shift.
                        let v = plain[source], n = UInt64(d.z)
                        let mask: UInt64 = n == 64 ? ~0 : (1 << n) - 1
                        out[target] = shift == 0 ? v : ((v >> UInt64(shift)) | (v << (n - UInt64(shift)))) & mask
                    } else {
                        for z in 0..<d.z {
                            var from = z + shift
                            if from >= d.z { from -= d.z }
                            if plain[source + from / 64] & (1 << UInt64(from % 64)) != 0 { out[target + z / 64] |= 1 << UInt64(z % 64) }
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
        var scale = 1.0
        var base = [Int](repeating: 0, count: k)
        for q in 0..<k {
            let s = Int(t.pointSite[p0 + q])
            scale *= scales[s]
            base[q] = (Int(layout.pointCopy[p0 + q]) * layout.primSites + s) * layout.rows
        }
        let w = words
        var odd = 0
        bits.withUnsafeBufferPointer { b in
            base.withUnsafeBufferPointer { base in
                layout.forEachRow(image: m) { rowOf in
                    if w == 1 {
                        var x: UInt64 = 0
                        for q in 0..<k { x ^= b[base[q] + rowOf[q]] }
                        odd += x.nonzeroBitCount
                    } else {
                        for word in 0..<w {
                            var x: UInt64 = 0
                            for q in 0..<k { x ^= b[(base[q] + rowOf[q]) * w + word] }
                            odd += x.nonzeroBitCount
                        }
                    }
                }
            }
        }
        return scale * Double(t.supercell.cellCount - 2 * odd)
    }
}

/// Basis values φ_α (α ≥ 1) of every site, laid out as rows with z contiguous, one copy per z shift:
/// copy r, prim site s, function α at `values[(((r * P + s) * A + α - 1) * rows + row) * d.z + z]`.
struct ValuePlanes {
    let alphas: Int
    let values: [Double]

    init(layout: inout TranslationLayout, occupation: [Int], table basis: BasisTable) {
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
