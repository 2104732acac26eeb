// Superlattices of a lattice up to its symmetry: every Hermite normal form of
// a given index, grouped into classes that a rotation of the lattice maps onto
// each other (Hart & Forcade, Phys. Rev. B 77, 224115 (2008)).
import Lattice

/// One class of symmetry-equivalent superlattices, named by its Hermite normal form.
///
///     let classes = try Superlattice.classes(of: fcc, index: 2)
///     classes.count                 // 2: stacking along (100) and along (111)
///     classes[0].hermite            // upper triangular, rows = supercell vectors in prim vectors
public struct Superlattice: Sendable {
    /// The Hermite normal form of the class representative.
    public let hermite: IntegerMatrix3
    /// Primitive cells in the supercell (|det|).
    public let index: Int
    /// The space-group operations (indices into `lattice.spaceGroup.operations`) that map the superlattice onto itself.
    public let stabilizer: [Int]
    /// Number of distinct Hermite normal forms in the class.
    public let equivalentForms: Int

    /// The superlattice classes of `lattice` with `index` primitive cells, in the order of their first
    /// Hermite normal form (a, then d, then f, then b, c, e ascending). Only the lattice's periodic
    /// axes are repeated (`CrystalLattice.periodicAxes`).
    public static func classes(of lattice: CrystalLattice, index n: Int) throws -> [Superlattice] {
        guard n >= 1 else { throw LatticeError("a supercell needs at least one primitive cell, got \(n)") }
        let operations = lattice.spaceGroup.operations
        var rotations: [IntegerMatrix3] = []
        for op in operations {
            let r = IntegerMatrix3(op.rotation).transposed
            if !rotations.contains(r) { rotations.append(r) }
        }
        var seen = Set<IntegerMatrix3>()
        var result: [Superlattice] = []
        for form in hermiteForms(index: n, periodicAxes: lattice.periodicAxes) where !seen.contains(form) {
            try pollInterruption()
            var orbit = Set<IntegerMatrix3>()
            for r in rotations { orbit.insert((form * r).hermiteNormalForm) }
            seen.formUnion(orbit)
            let stabilizer = operations.indices.filter { (form * IntegerMatrix3(operations[$0].rotation).transposed).hermiteNormalForm == form }
            result.append(Superlattice(hermite: form, index: n, stabilizer: stabilizer, equivalentForms: orbit.count))
        }
        return result
    }

    /// Every Hermite normal form [[a, b, c], [0, d, e], [0, 0, f]] with a·d·f = n, 0 <= b < d, 0 <= c, e < f;
    /// with fewer periodic axes the non-periodic rows stay unit vectors.
    public static func hermiteForms(index n: Int, periodicAxes: Int = 3) -> [IntegerMatrix3] {
        var forms: [IntegerMatrix3] = []
        switch periodicAxes {
        case 1:
            forms.append(.diagonal(n, 1, 1))
        case 2:
            for a in divisors(n) {
                let d = n / a
                for b in 0..<d { forms.append(IntegerMatrix3([a, b, 0, 0, d, 0, 0, 0, 1])) }
            }
        default:
            for a in divisors(n) {
                for d in divisors(n / a) {
                    let f = n / (a * d)
                    for b in 0..<d { for c in 0..<f { for e in 0..<f {
                        forms.append(IntegerMatrix3([a, b, c, 0, d, e, 0, 0, f]))
                    } } }
                }
            }
        }
        return forms
    }

    /// The number of Hermite normal forms of index n (without listing them).
    public static func hermiteFormCount(index n: Int, periodicAxes: Int = 3) -> Double {
        switch periodicAxes {
        case 1: return 1
        case 2: return divisors(n).reduce(0) { $0 + Double(n / $1) }
        default:
            return divisors(n).reduce(0.0) { sum, a in
                divisors(n / a).reduce(sum) { s, d in let f = Double(n / (a * d)); return s + Double(d) * f * f }
            }
        }
    }

    /// Rows of `matrix` (a basis of the same lattice) made short and near-orthogonal in the metric of
    /// `vectors`, right-handed: a supercell as a DFT code wants it. Pairwise Gauss reduction until no
    /// row gets shorter.
    public static func reducedBasis(_ matrix: IntegerMatrix3, vectors: Matrix3) -> IntegerMatrix3 {
        let g = vectors.metric
        func dot(_ u: SIMD3<Int>, _ v: SIMD3<Int>) -> Double {
            let a = Vector3(Double(u.x), Double(u.y), Double(u.z)), b = Vector3(Double(v.x), Double(v.y), Double(v.z))
            return (a * g.rightMultiply(b)).sum()
        }
        var rows = (0..<3).map { matrix.row($0) }
        var changed = true
        var rounds = 0
        while changed && rounds < 100 {
            changed = false
            rounds += 1
            for i in 0..<3 { for j in 0..<3 where i != j {
                let q = (dot(rows[i], rows[j]) / dot(rows[j], rows[j])).rounded()
                guard q != 0, abs(q) < 1e9 else { continue }
                let candidate = rows[i] &- Int(q) &* rows[j]
                if dot(candidate, candidate) < dot(rows[i], rows[i]) - 1e-9 { rows[i] = candidate; changed = true }
            } }
        }
        rows.sort { dot($0, $0) < dot($1, $1) }
        var reduced = IntegerMatrix3(rows.flatMap { [$0.x, $0.y, $0.z] })
        if reduced.determinant < 0 { for j in 0..<3 { reduced[2, j] = -reduced[2, j] } }
        return reduced
    }
}

/// The positive divisors of n, ascending.
func divisors(_ n: Int) -> [Int] {
    guard n >= 1 else { return [] }
    var small: [Int] = [], large: [Int] = []
    var k = 1
    while k * k <= n {
        if n % k == 0 { small.append(k); if k != n / k { large.append(n / k) } }
        k += 1
    }
    return small + large.reversed()
}
