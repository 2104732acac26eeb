// Allocation-free 3x3 matrices for the structure matcher's inner loops: a
// real lattice basis (three row vectors) and an integer transformation.
import Foundation

/// A lattice basis: three row vectors (Å), or any real 3x3 matrix stored by rows.
///
///     let b = Basis3(rows: Vector3(4, 0, 0), Vector3(0, 4, 0), Vector3(0, 0, 4))
///     b.volume            // 64
///     b.fractional(Vector3(2, 0, 0))   // (0.5, 0, 0)
struct Basis3: Sendable, Equatable {
    var r0: Vector3
    var r1: Vector3
    var r2: Vector3

    init(rows r0: Vector3, _ r1: Vector3, _ r2: Vector3) {
        self.r0 = r0
        self.r1 = r1
        self.r2 = r2
    }

    init(_ m: Matrix3) { self.init(rows: m.row(0), m.row(1), m.row(2)) }

    static let identity = Basis3(rows: Vector3(1, 0, 0), Vector3(0, 1, 0), Vector3(0, 0, 1))

    /// Row i.
    @inline(__always) subscript(i: Int) -> Vector3 {
        get { i == 0 ? r0 : (i == 1 ? r1 : r2) }
        set { if i == 0 { r0 = newValue } else if i == 1 { r1 = newValue } else { r2 = newValue } }
    }

    var matrix3: Matrix3 { Matrix3(rowVectors: [r0, r1, r2]) }

    @inline(__always) var determinant: Double { dot3(r0, cross3(r1, r2)) }
    var volume: Double { abs(determinant) }

    /// Row vector v times this matrix: fractional coordinates to Cartesian for a basis.
    @inline(__always) func cartesian(_ v: Vector3) -> Vector3 { v.x * r0 + v.y * r1 + v.z * r2 }

    /// The inverse (rows of the inverse), nil when singular.
    var inverse: Basis3? {
        let d = determinant
        guard abs(d) > 1e-300, d.isFinite else { return nil }
        // Columns of the inverse are the cross products of the rows over the determinant.
        let c0 = cross3(r1, r2) / d, c1 = cross3(r2, r0) / d, c2 = cross3(r0, r1) / d
        return Basis3(rows: Vector3(c0.x, c1.x, c2.x), Vector3(c0.y, c1.y, c2.y), Vector3(c0.z, c1.z, c2.z))
    }

    /// Lengths of the three vectors.
    var lengths: Vector3 { Vector3(norm(r0), norm(r1), norm(r2)) }

    /// Angles α (b, c), β (a, c), γ (a, b) in degrees, as pymatgen computes them.
    var angles: Vector3 {
        Vector3(angleDegrees(r1, r2), angleDegrees(r0, r2), angleDegrees(r0, r1))
    }

    /// Reciprocal lengths |b_i*| without the 2π: one over the spacing of the lattice planes i.
    var reciprocalLengths: Vector3 {
        let d = determinant
        return Vector3(norm(cross3(r1, r2)), norm(cross3(r2, r0)), norm(cross3(r0, r1))) / abs(d)
    }

    /// self · other.
    static func * (a: Basis3, b: Basis3) -> Basis3 {
        Basis3(rows: b.cartesian(a.r0), b.cartesian(a.r1), b.cartesian(a.r2))
    }

    /// The basis with these lengths (Å) and angles (degrees) in pymatgen's orientation
    /// (`Lattice.from_parameters`): only its metric matters to the matcher.
    static func fromParameters(lengths l: Vector3, angles: Vector3) -> Basis3 {
        let (ca, cb, cg) = (cos(angles.x * .pi / 180), cos(angles.y * .pi / 180), cos(angles.z * .pi / 180))
        let (sa, sb) = (sin(angles.x * .pi / 180), sin(angles.y * .pi / 180))
        let val = max(-1, min(1, (ca * cb - cg) / (sa * sb)))
        let gammaStar = acos(val)
        return Basis3(rows: Vector3(l.x * sb, 0, l.x * cb),
                      Vector3(-l.y * sa * cos(gammaStar), l.y * sa * sin(gammaStar), l.y * ca),
                      Vector3(0, 0, l.z))
    }

    /// Every entry scaled by s.
    func scaled(_ s: Double) -> Basis3 { Basis3(rows: r0 * s, r1 * s, r2 * s) }
}

extension Matrix3 {
    /// The cell with these lengths (Å) and angles (degrees: α between b and c, β between a and c, γ between a and b),
    /// in pymatgen's orientation (`Lattice.from_parameters`).
    ///
    ///     Matrix3.fromParameters(lengths: Vector3(4, 4, 4), angles: Vector3(90, 90, 90)).determinant   // 64
    public static func fromParameters(lengths: Vector3, angles: Vector3) -> Matrix3 {
        Basis3.fromParameters(lengths: lengths, angles: angles).matrix3
    }
}

/// An integer 3x3 matrix by rows: a supercell matrix or a change of basis.
///
///     let m = IntMatrix3(rows: SIMD3(2, 0, 0), SIMD3(0, 2, 0), SIMD3(0, 0, 2))
///     m.determinant   // 8
struct IntMatrix3: Hashable, Sendable {
    var r0: SIMD3<Int>
    var r1: SIMD3<Int>
    var r2: SIMD3<Int>

    init(rows r0: SIMD3<Int>, _ r1: SIMD3<Int>, _ r2: SIMD3<Int>) {
        self.r0 = r0
        self.r1 = r1
        self.r2 = r2
    }

    init(_ flat: [Int]) {
        self.init(rows: SIMD3(flat[0], flat[1], flat[2]), SIMD3(flat[3], flat[4], flat[5]), SIMD3(flat[6], flat[7], flat[8]))
    }

    static let identity = IntMatrix3(rows: SIMD3(1, 0, 0), SIMD3(0, 1, 0), SIMD3(0, 0, 1))

    @inline(__always) subscript(i: Int) -> SIMD3<Int> { i == 0 ? r0 : (i == 1 ? r1 : r2) }

    /// Replaces row i.
    @inline(__always) mutating func setRow(_ i: Int, _ v: SIMD3<Int>) { if i == 0 { r0 = v } else if i == 1 { r1 = v } else { r2 = v } }

    var flat: [Int] { [r0.x, r0.y, r0.z, r1.x, r1.y, r1.z, r2.x, r2.y, r2.z] }

    /// Row-major lexicographic order (a deterministic tie-break), without allocating.
    func precedes(_ o: IntMatrix3) -> Bool {
        for r in 0..<3 {
            let a = self[r], b = o[r]
            for c in 0..<3 where a[c] != b[c] { return a[c] < b[c] }
        }
        return false
    }

    var determinant: Int {
        let c = intCross(r1, r2)
        return (r0 &* c).wrappedSum()
    }

    /// The adjugate (transposed cofactors): self · adj = det · I.
    var adjugate: IntMatrix3 {
        let c0 = intCross(r1, r2), c1 = intCross(r2, r0), c2 = intCross(r0, r1)
        return IntMatrix3(rows: SIMD3(c0.x, c1.x, c2.x), SIMD3(c0.y, c1.y, c2.y), SIMD3(c0.z, c1.z, c2.z))
    }

    /// Row vector v times this matrix.
    @inline(__always) func apply(_ v: SIMD3<Int>) -> SIMD3<Int> { v.x &* r0 &+ v.y &* r1 &+ v.z &* r2 }

    static func * (a: IntMatrix3, b: IntMatrix3) -> IntMatrix3 {
        IntMatrix3(rows: b.apply(a.r0), b.apply(a.r1), b.apply(a.r2))
    }

    static prefix func - (a: IntMatrix3) -> IntMatrix3 { IntMatrix3(rows: 0 &- a.r0, 0 &- a.r1, 0 &- a.r2) }

    /// As a real matrix.
    var real: Basis3 { Basis3(rows: realVector(r0), realVector(r1), realVector(r2)) }
}

@inline(__always) func dot3(_ a: Vector3, _ b: Vector3) -> Double { (a * b).sum() }

@inline(__always) func cross3(_ a: Vector3, _ b: Vector3) -> Vector3 {
    Vector3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x)
}

@inline(__always) func intCross(_ a: SIMD3<Int>, _ b: SIMD3<Int>) -> SIMD3<Int> {
    SIMD3(a.y &* b.z &- a.z &* b.y, a.z &* b.x &- a.x &* b.z, a.x &* b.y &- a.y &* b.x)
}

@inline(__always) func realVector(_ v: SIMD3<Int>) -> Vector3 { Vector3(Double(v.x), Double(v.y), Double(v.z)) }

/// The angle between two vectors in degrees (arccos of the clipped cosine, as numpy does it).
@inline(__always) func angleDegrees(_ a: Vector3, _ b: Vector3) -> Double {
    let c = dot3(a, b) / (norm(a) * norm(b))
    return acos(max(-1, min(1, c))) * 180 / .pi
}
