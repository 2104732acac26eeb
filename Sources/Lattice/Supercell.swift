// A supercell of a lattice given by an integer matrix: its translations and
// the numbering of its sites (site index = cell index · sites per prim + prim site).
// Translations fold into the supercell through its translation group (a Smith
// form of the matrix): modular arithmetic and one table read, no hashing.

/// A supercell S·A of a lattice (rows of S are the supercell vectors in prim vectors).
///
///     let sc = try Supercell(lattice: fcc, size: 4)      // 4x4x4 of the prim: 64 sites
///     sc.siteIndex(site: 0, cell: SIMD3(5, -1, 2))      // folded back into the supercell
public struct Supercell: Sendable {
    /// The primitive lattice.
    public let lattice: CrystalLattice
    /// Integer supercell matrix, row-major.
    public let matrix: [Int]
    /// |det S|: primitive cells in the supercell.
    public let cellCount: Int
    /// The largest number of sites a supercell may have (memory for its tables grows with it).
    public static let maximumSites = 20_000_000
    /// The largest magnitude of a supercell matrix entry.
    public static let maximumEntry = 1_000_000
    /// The integer translations of the primitive cells inside, in index order.
    public let cells: [SIMD3<Int>]
    /// Adjugate of S (S⁻¹ = adj / det), used to fold translations exactly.
    let adjugate: [Int]
    let det: Int
    /// The translations as Z_d0 × Z_d1 × Z_d2.
    public let translations: TranslationGroup
    /// The cell at each linear index of `translations`, and the linear index of each cell.
    public let cellAtTranslation: [Int32]
    public let translationOfCell: [Int32]

    /// Creates the supercell with integer matrix `matrix` (9 entries, row-major).
    public init(lattice: CrystalLattice, matrix: [Int]) throws {
        guard matrix.count == 9 else { throw LatticeError("a supercell matrix needs 9 integers (3x3)") }
        // Bounded entries keep the determinant and adjugate below Int overflow (3 · 10^18 < 9.2 · 10^18).
        guard matrix.allSatisfy({ abs($0) <= Supercell.maximumEntry }) else {
            throw LatticeError("supercell matrix entries must lie within ±\(Supercell.maximumEntry), got \(matrix)")
        }
        let s = matrix
        let d = s[0] * (s[4] * s[8] - s[5] * s[7]) - s[1] * (s[3] * s[8] - s[5] * s[6]) + s[2] * (s[3] * s[7] - s[4] * s[6])
        guard d != 0 else { throw LatticeError("the supercell matrix \(matrix) is singular") }
        guard abs(d) <= Supercell.maximumSites / lattice.sites.count else {
            throw LatticeError("a supercell of \(abs(d)) cells of \(lattice.sites.count) sites is larger than the \(Supercell.maximumSites) sites ce handles")
        }
        self.lattice = lattice
        self.matrix = matrix
        det = d
        cellCount = abs(d)
        adjugate = [
            s[4] * s[8] - s[5] * s[7], s[2] * s[7] - s[1] * s[8], s[1] * s[5] - s[2] * s[4],
            s[5] * s[6] - s[3] * s[8], s[0] * s[8] - s[2] * s[6], s[2] * s[3] - s[0] * s[5],
            s[3] * s[7] - s[4] * s[6], s[1] * s[6] - s[0] * s[7], s[0] * s[4] - s[1] * s[3],
        ]
        // Bounding box of the parallelepiped spanned by the rows of S.
        var lo = SIMD3<Int>(0, 0, 0), hi = SIMD3<Int>(0, 0, 0)
        for corner in 0..<8 {
            var v = SIMD3<Int>(0, 0, 0)
            for r in 0..<3 where corner & (1 << r) != 0 { v &+= SIMD3(s[3 * r], s[3 * r + 1], s[3 * r + 2]) }
            lo = pointwiseMin(lo, v); hi = pointwiseMax(hi, v)
        }
        let box = (hi &- lo) &+ 1
        guard Double(box.x) * Double(box.y) * Double(box.z) <= 2e8 else {
            throw LatticeError("the supercell matrix \(matrix) is too skewed; reduce it (e.g. to Hermite normal form) first")
        }
        var found: [SIMD3<Int>] = []
        for x in lo.x...hi.x { for y in lo.y...hi.y { for z in lo.z...hi.z {
            let t = SIMD3(x, y, z)
            if Supercell.fold(t, s, adjugate, d) == t { found.append(t) }
        } } }
        guard found.count == cellCount else { throw LatticeError("internal: found \(found.count) cells in a supercell of size \(cellCount)") }
        cells = found
        let group = try TranslationGroup(matrix: s)
        guard group.count == cellCount else { throw LatticeError("internal: the translation group of \(matrix) has \(group.count) cells, not \(cellCount)") }
        var cellAt = [Int32](repeating: -1, count: cellCount), indexOf = [Int32](repeating: 0, count: cellCount)
        for (k, t) in found.enumerated() {
            let u = group.index(group.coordinates(t))
            guard cellAt[u] < 0 else { throw LatticeError("internal: two cells of \(matrix) share a translation") }
            cellAt[u] = Int32(k)
            indexOf[k] = Int32(u)
        }
        translations = group
        cellAtTranslation = cellAt
        translationOfCell = indexOf
    }

    /// The diagonal supercell n×n×n (n×n×1 for the 2D built-ins, n×1×1 for the chain).
    public init(lattice: CrystalLattice, size: Int) throws {
        guard size >= 1 else { throw LatticeError("supercell size must be at least 1, got \(size)") }
        let axes = lattice.periodicAxes
        try self.init(lattice: lattice, matrix: [size, 0, 0, 0, axes < 2 ? 1 : size, 0, 0, 0, axes < 3 ? 1 : size])
    }

    /// The diagonal supercell with sizes (n1, n2, n3).
    public init(lattice: CrystalLattice, sizes: [Int]) throws {
        guard sizes.count == 3, sizes.allSatisfy({ $0 >= 1 }) else { throw LatticeError("supercell sizes need three positive integers") }
        try self.init(lattice: lattice, matrix: [sizes[0], 0, 0, 0, sizes[1], 0, 0, 0, sizes[2]])
    }

    /// Folds t into the supercell: t - floor(t · S⁻¹) · S, exactly in integers.
    @inline(__always) static func fold(_ t: SIMD3<Int>, _ s: [Int], _ adj: [Int], _ det: Int) -> SIMD3<Int> {
        var q = SIMD3<Int>(0, 0, 0)
        for j in 0..<3 {
            let num = t.x * adj[j] + t.y * adj[3 + j] + t.z * adj[6 + j]
            q[j] = floorDiv(num, det)
        }
        return t &- SIMD3(q.x * s[0] + q.y * s[3] + q.z * s[6], q.x * s[1] + q.y * s[4] + q.z * s[7], q.x * s[2] + q.y * s[5] + q.z * s[8])
    }

    /// Number of sites (all prim sites, active or not).
    public var siteCount: Int { cellCount * lattice.sites.count }

    /// The supercell lattice vectors (rows), Å.
    public var vectors: Matrix3 {
        Matrix3(matrix.map(Double.init)) * lattice.vectors
    }

    /// The index of the cell containing translation t (after folding).
    @inline(__always) public func cellIndex(_ t: SIMD3<Int>) -> Int {
        Int(cellAtTranslation[translations.index(translations.coordinates(t))])
    }

    /// For every cell c and offset k: the cell `cells[c] + offsets[k]`, at `[c * offsets.count + k]`.
    ///
    ///     let next = sc.translationTable([SIMD3(1, 0, 0)])   // next[c]: the cell one step along a1 from c
    public func translationTable(_ offsets: [SIMD3<Int>]) -> [Int32] {
        let g = translations, d = g.orders, width = offsets.count
        let shifts = offsets.map { g.coordinates($0) }
        var table = [Int32](repeating: 0, count: cellCount * width)
        table.withUnsafeMutableBufferPointer { out in
            cellAtTranslation.withUnsafeBufferPointer { cellAt in
                var u = 0
                for x in 0..<d.x { for y in 0..<d.y { for z in 0..<d.z {
                    let row = Int(cellAt[u]) * width
                    for (k, e) in shifts.enumerated() {
                        var a = x + e.x, b = y + e.y, c = z + e.z
                        if a >= d.x { a -= d.x }
                        if b >= d.y { b -= d.y }
                        if c >= d.z { c -= d.z }
                        out[row + k] = cellAt[(a * d.y + b) * d.z + c]
                    }
                    u += 1
                } } }
            }
        }
        return table
    }

    /// For every site i: the sites at `points[i's prim site]` (prim site, cell offset) from i's cell, at
    /// `out[i * width + k]`, rows padded with i itself; `out` holds siteCount × width entries.
    ///
    ///     sc.neighbourSites([[LatticePoint(site: 0, cell: SIMD3(1, 0, 0))]], width: 1, into: p)   // p[i]: i's neighbour along a1
    public func neighbourSites(_ points: [[LatticePoint]], width: Int, into out: UnsafeMutablePointer<Int32>) {
        let g = translations, d = g.orders, nPrim = lattice.sites.count
        // Flat per-slot tables (prim site s's slots from start[s]): the translation shift reduced
        // into 0..<d and the slot's prim site, so the loop over 10^6 rows does no array bookkeeping.
        var start = [Int](repeating: 0, count: nPrim + 1), shiftX: [Int] = [], shiftY: [Int] = [], shiftZ: [Int] = [], site: [Int32] = []
        for s in 0..<nPrim {
            for p in points[s] {
                let e = g.coordinates(p.cell)
                shiftX.append(e.x); shiftY.append(e.y); shiftZ.append(e.z)
                site.append(Int32(p.site))
            }
            start[s + 1] = site.count
        }
        cellAtTranslation.withUnsafeBufferPointer { cellAt in
            shiftX.withUnsafeBufferPointer { sx in shiftY.withUnsafeBufferPointer { sy in shiftZ.withUnsafeBufferPointer { sz in
                site.withUnsafeBufferPointer { site in
                    var u = 0
                    for x in 0..<d.x { for y in 0..<d.y { for z in 0..<d.z {
                        let cell = Int(cellAt[u])
                        for s in 0..<nPrim {
                            let i = cell * nPrim + s
                            let row = out + i * width
                            let first = start[s], count = start[s + 1] - first
                            for k in 0..<count {
                                var a = x + sx[first + k], b = y + sy[first + k], c = z + sz[first + k]
                                if a >= d.x { a -= d.x }
                                if b >= d.y { b -= d.y }
                                if c >= d.z { c -= d.z }
                                row[k] = cellAt[(a * d.y + b) * d.z + c] * Int32(nPrim) + site[first + k]
                            }
                            for k in count..<width { row[k] = Int32(i) }
                        }
                        u += 1
                    } } }
                }
            } } }
        }
    }

    /// The supercell site index of prim site s in cell t.
    @inline(__always) public func siteIndex(site s: Int, cell t: SIMD3<Int>) -> Int {
        cellIndex(t) * lattice.sites.count + s
    }

    /// The prim site of supercell site i.
    @inline(__always) public func primSite(_ i: Int) -> Int { i % lattice.sites.count }

    /// Cartesian position of supercell site i.
    public func position(_ i: Int) -> Vector3 {
        lattice.cartesian(site: primSite(i), cell: cells[i / lattice.sites.count])
    }

    /// The site space of each supercell site.
    public func space(_ i: Int) -> SiteSpace { lattice.sites[primSite(i)].space }
}

@inline(__always) func floorDiv(_ a: Int, _ b: Int) -> Int {
    let q = a / b
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q
}
