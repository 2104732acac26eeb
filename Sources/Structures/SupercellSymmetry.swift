// The symmetry of one supercell acting on its sites: the translations of the
// quotient group Z^3 / superlattice (by its Smith normal form) times the
// space-group operations that keep the superlattice, as flat permutation tables.
import Lattice

/// The site permutations of a superlattice's symmetry group.
///
/// Sites are numbered by group element: a translation t of the prim cell maps to
/// h = t·Q mod (d1, d2, d3) (Smith normal form D = P·H·Q), cell index
/// (h1·d2 + h2)·d3 + h3, and site = cell·(prim sites) + prim site. Group element
/// e = o·n + τ applies the o-th stabilizing operation, then the translation τ
/// (o = 0 is the identity), so elements 1..<n are the pure translations.
///
///     let symmetry = try SupercellSymmetry(lattice: fcc, superlattice: classes[0])
///     symmetry.image(element: 3, site: 0)
struct SupercellSymmetry {
    let lattice: CrystalLattice
    let superlattice: Superlattice
    /// The Smith normal form's diagonal.
    let diagonal: SIMD3<Int>
    /// Q of the Smith normal form (group coordinates of a translation t: t·Q mod diagonal).
    let right: IntegerMatrix3
    /// Primitive cells (n) and sites (N = n · prim sites).
    let cellCount: Int
    let siteCount: Int
    /// Group elements: n · stabilizer count.
    let elementCount: Int
    /// `images[e * siteCount + i]`: the site that element e takes site i to.
    let images: [Int32]
    /// `preimages[e * siteCount + j]`: the site that element e takes to j.
    let preimages: [Int32]

    init(lattice: CrystalLattice, superlattice: Superlattice, action: SymmetryAction) throws {
        self.lattice = lattice
        self.superlattice = superlattice
        let snf = superlattice.hermite.smithNormalForm
        diagonal = snf.diagonal
        right = snf.right
        let n = superlattice.index
        let nPrim = lattice.sites.count
        cellCount = n
        siteCount = n * nPrim
        // The identity goes first, so elements 0..<n are the translations.
        let operations = lattice.spaceGroup.operations
        let isIdentity = { (k: Int) in operations[k].rotation == [1, 0, 0, 0, 1, 0, 0, 0, 1] && action.siteImage[k] == Array(0..<nPrim)
            && action.offset[k].allSatisfy { $0 == .zero } }
        guard let identity = superlattice.stabilizer.first(where: isIdentity) else {
            throw LatticeError("internal: the space group of \(lattice.name) has no identity operation")
        }
        let ops = [identity] + superlattice.stabilizer.filter { $0 != identity }
        elementCount = n * ops.count
        let qInverse = right.adjugate * IntegerMatrix3.diagonal(right.determinant, right.determinant, right.determinant)
        let d = diagonal
        let cellOf = { (h: SIMD3<Int>) -> Int in
            (positiveModulo(h.x, d.x) * d.y + positiveModulo(h.y, d.y)) * d.z + positiveModulo(h.z, d.z)
        }
        // Group coordinates of every cell, in cell-index order.
        var coordinates: [SIMD3<Int>] = []
        coordinates.reserveCapacity(n)
        for x in 0..<d.x { for y in 0..<d.y { for z in 0..<d.z { coordinates.append(SIMD3(x, y, z)) } } }
        // Each operation's site map, then each translation of it.
        var images = [Int32](repeating: 0, count: elementCount * siteCount)
        var preimages = [Int32](repeating: 0, count: elementCount * siteCount)
        var opImage = [Int](repeating: 0, count: siteCount)
        for (o, g) in ops.enumerated() {
            let rt = IntegerMatrix3(action.rotations[g]).transposed
            for (cell, h) in coordinates.enumerated() {
                let t = qInverse.leftMultiply(h)
                for s in 0..<nPrim {
                    let moved = rt.leftMultiply(t) &+ action.offset[g][s]
                    opImage[cell * nPrim + s] = cellOf(right.leftMultiply(moved)) * nPrim + action.siteImage[g][s]
                }
            }
            guard Set(opImage).count == siteCount else {
                throw LatticeError("internal: operation \(g) does not permute the sites of supercell \(superlattice.hermite)")
            }
            for (tau, shift) in coordinates.enumerated() {
                let e = o * n + tau
                for i in 0..<siteCount {
                    let j = opImage[i]
                    let cell = j / nPrim, s = j % nPrim
                    let target = cellOf(coordinates[cell] &+ shift) * nPrim + s
                    images[e * siteCount + i] = Int32(target)
                    preimages[e * siteCount + target] = Int32(i)
                }
            }
        }
        self.images = images
        self.preimages = preimages
    }

    /// The site element e takes site i to.
    @inline(__always) func image(element e: Int, site i: Int) -> Int { Int(images[e * siteCount + i]) }

    /// For each site of `supercell` (a basis of this superlattice), its site in group numbering.
    func groupSites(of supercell: Supercell) -> [Int] {
        let nPrim = lattice.sites.count
        let d = diagonal
        var map = [Int](repeating: 0, count: supercell.siteCount)
        for (k, t) in supercell.cells.enumerated() {
            let h = right.leftMultiply(t)
            let cell = (positiveModulo(h.x, d.x) * d.y + positiveModulo(h.y, d.y)) * d.z + positiveModulo(h.z, d.z)
            for s in 0..<nPrim { map[k * nPrim + s] = cell * nPrim + s }
        }
        return map
    }
}
