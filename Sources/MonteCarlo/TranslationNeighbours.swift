// Whether two sites of a supercell model share a cluster, from where they are
// in the translation group: a bit per relative translation, no memory per
// site pair and no scan of a neighbourhood row.

/// Which relative translations put a site in another's neighbourhood, for a model built on a supercell.
///
/// Site i sits at translation coordinates `coordinates[i]` (21 bits per axis, x lowest); site j
/// of prim site b is in the neighbourhood of site i of prim site a when bit
/// `(a · P + b) · cells + index((u_j - u_i) mod d)` of `bits` is set.
struct TranslationNeighbours: Sendable {
    let orders: SIMD3<Int>
    let primSites: Int
    let cells: Int
    let coordinates: FixedBuffer<UInt64>
    let bits: FixedBuffer<UInt64>
    /// Axes longer than this do not fit the packed coordinates.
    static let axisLimit = 1 << 21

    /// Whether j (≠ i) is in i's neighbourhood; `primOf` holds each site's prim site.
    @inline(__always)
    func contains(_ i: Int, _ j: Int, primOf: UnsafeMutablePointer<Int32>) -> Bool {
        let mask: UInt64 = (1 << 21) - 1
        let ui = coordinates.pointer[i], uj = coordinates.pointer[j]
        // Wrapping arithmetic: every term is bounded by the table's size (no overflow checks per attempt).
        var x = Int(uj & mask) &- Int(ui & mask)
        var y = Int((uj &>> 21) & mask) &- Int((ui &>> 21) & mask)
        var z = Int(uj &>> 42) &- Int(ui &>> 42)
        if x < 0 { x &+= orders.x }
        if y < 0 { y &+= orders.y }
        if z < 0 { z &+= orders.z }
        let bit = (Int(primOf[i]) &* primSites &+ Int(primOf[j])) &* cells &+ (x &* orders.y &+ y) &* orders.z &+ z
        return bits.pointer[bit &>> 6] & (1 &<< UInt64(bit & 63)) != 0
    }
}
