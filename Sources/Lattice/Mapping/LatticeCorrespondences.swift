// Every integer combination of a base lattice that matches a target cell in
// vector lengths and angles: pymatgen's `Lattice.find_all_mappings`, with the
// same tests, but found without scanning all triples. Two vectors come from
// shells of lattice points; the third lies on the plane fixed by the
// determinant, so it is enumerated in two dimensions inside the window its
// angles allow. The cost grows with the number of candidate pairs, not with
// the cube of the shell.
import Foundation
import Numerics

/// A supercell (or change of basis) K of a base lattice matching a target cell: rows K · base ≈ target up to rotation.
struct LatticeCorrespondence: Sendable {
    /// The integer matrix K (rows in base-lattice coordinates).
    let matrix: IntMatrix3
    /// K · base, Cartesian rows in the base's frame.
    let vectors: Basis3
    /// ‖K · base − target‖², small when the two files share a frame: the tie-break that prefers unrotated cells.
    let misfit: Double
}

/// The search limits and tests of `latticeCorrespondences`.
struct CorrespondenceSearch {
    /// Fractional length tolerance: a length ratio must lie in (1/(1 + ltol), 1 + ltol).
    var ltol: Double
    /// Angle tolerance, degrees (|angle − target| ≤ angleTolerance).
    var angleTolerance: Double
    /// Lattice points and plane points the search may visit before it gives up.
    var budget: Int = 200_000_000

    /// Integer matrices K with |det K| = `determinant` whose rows K · base match the target cell's
    /// lengths and angles, ordered by misfit, then by K.
    ///
    ///     let ks = try CorrespondenceSearch(ltol: 0.2, angleTolerance: 5)
    ///         .correspondences(base: prim, target: cell, determinant: 4)
    func correspondences(base: Basis3, target: Basis3, determinant d: Int) throws -> [LatticeCorrespondence] {
        guard d > 0, target.lengths.min() > 0, base.volume > 0 else { return [] }
        let (_, shells) = try shellPoints(base: base, lengths: target.lengths)
        let roles = Roles(shells.map(\.count))
        var found: [LatticeCorrespondence] = []
        try forEachTriple(base: base, target: target, determinant: d, shells: shells, roles: roles, firstRows: shells[roles.q1]) { k, x, y, zc in
            var vectors = Basis3.identity
            vectors[roles.q1] = x.cartesian; vectors[roles.q2] = y.cartesian; vectors[roles.p] = zc
            found.append(LatticeCorrespondence(matrix: k, vectors: vectors, misfit: misfit(vectors, target)))
        }
        found.sort(by: Self.searchOrder)
        return found
    }

    /// The search's order: least misfit first, then the matrix (row-major, lexicographic).
    static func searchOrder(_ a: LatticeCorrespondence, _ b: LatticeCorrespondence) -> Bool {
        a.misfit != b.misfit ? a.misfit < b.misfit : a.matrix.precedes(b.matrix)
    }

    /// Which target vector is found on the determinant plane (`p`, the fullest shell) and which two are paired.
    struct Roles {
        let p: Int, q1: Int, q2: Int
        init(_ counts: [Int]) {
            p = counts[2] >= counts[1] && counts[2] >= counts[0] ? 2 : (counts[1] >= counts[0] ? 1 : 0)
            (q1, q2) = p == 0 ? (1, 2) : (p == 1 ? (0, 2) : (0, 1))
        }
    }

    /// Calls `body(K, x, y, z Cartesian)` for every K with |det K| = d whose rows match the target within this search's
    /// tolerances, row q1 taken from `firstRows` and row q2 from its shell, the third found on the determinant plane.
    func forEachTriple(base: Basis3, target: Basis3, determinant d: Int, shells: [[ShellPoint]], roles: Roles, firstRows: [ShellPoint],
                       _ body: (IntMatrix3, ShellPoint, ShellPoint, Vector3) throws -> Void) throws {
        let lengths = target.lengths, angles = target.angles
        let (p, q1, q2) = (roles.p, roles.q1, roles.q2)
        let pairAngle = pairTargetAngle(q1, q2, angles)
        let angle1 = pairTargetAngle(q1, p, angles), angle2 = pairTargetAngle(q2, p, angles)
        let window = cosineWindow(pairAngle)
        let lengthP = lengths[p]
        let bound1 = projectionRange(lengthP, angle1), bound2 = projectionRange(lengthP, angle2)
        // |det K| · V = |(x × y) · z| ≤ |x × y| · |z| with |z| < (1 + ltol) · length_p: a pair spanning less area has no
        // third row (with a margin for rounding, so the test only skips pairs the exact tests would reject).
        let leastArea = Double(d) * base.volume / (lengthP * (1 + ltol)) * (1 - 1e-9)
        var visited = 0
        for x in firstRows {
            if Interruption.isRequested { throw LatticeError("interrupted") }
            for y in shells[q2] {
                let c = dot3(x.unit, y.unit)
                guard c >= window.lo, c <= window.hi, norm(cross3(x.cartesian, y.cartesian)) >= leastArea else { continue }
                guard abs(angleDegrees(x.cartesian, y.cartesian) - pairAngle) <= angleTolerance else { continue }
                let normal = intCross(x.coefficients, y.coefficients)
                guard normal != .zero else { continue }
                let kernel = integerKernel(normal)
                guard d % kernel.g == 0 else { continue }
                // When x × y is primitive, x and y themselves are a (short) basis of the kernel lattice.
                var k1 = x.coefficients, k2 = y.coefficients
                if kernel.g != 1 {
                    k1 = kernel.k1
                    k2 = kernel.k2
                    gaussReduce(&k1, &k2, base)
                }
                let k1c = base.cartesian(realVector(k1)), k2c = base.cartesian(realVector(k2))
                for sign in stride(from: 1, through: -1, by: -2) {
                    let z0 = (sign * d / kernel.g) &* kernel.particular
                    let z0c = base.cartesian(realVector(z0))
                    try forEachPlanePoint(z0c: z0c, k1c: k1c, k2c: k2c, u1: x.unit, u2: y.unit, bound1: bound1, bound2: bound2, visited: &visited) { i, j in
                        let z = z0 &+ i &* k1 &+ j &* k2
                        let zc = base.cartesian(realVector(z))
                        guard withinLength(norm(zc) / lengthP) else { return }
                        guard abs(angleDegrees(x.cartesian, zc) - angle1) <= angleTolerance,
                              abs(angleDegrees(y.cartesian, zc) - angle2) <= angleTolerance else { return }
                        var k = IntMatrix3.identity
                        k.setRow(q1, x.coefficients); k.setRow(q2, y.coefficients); k.setRow(p, z)
                        guard abs(k.determinant) == d else { return }
                        try body(k, x, y, zc)
                    }
                }
            }
        }
    }

    /// The length test of the search: a ratio inside (1/(1 + ltol), 1 + ltol).
    @inline(__always) func withinLength(_ ratio: Double) -> Bool { ratio < 1 + ltol && ratio > 1 / (1 + ltol) }

    /// ‖vectors − target‖² over the three rows.
    func misfit(_ vectors: Basis3, _ target: Basis3) -> Double {
        (0..<3).reduce(0.0) { s, r in let e = vectors[r] - target[r]; return s + dot3(e, e) }
    }

    /// A lattice point in a length shell: base coordinates, Cartesian vector and its unit vector.
    struct ShellPoint {
        let coefficients: SIMD3<Int>
        let cartesian: Vector3
        let unit: Vector3
    }

    /// For each target length, the lattice points whose length ratio lies within the tolerance.
    func shellPoints(base: Basis3, lengths: Vector3) throws -> (reduced: ReducedBasis, shells: [[ShellPoint]]) {
        let reduced = base.lllReduced()
        guard let inverse = reduced.basis.inverse else { return (reduced, [[], [], []]) }
        let radius = lengths.max() * (1 + ltol)
        // |c_q| = |p · column q of B⁻¹| ≤ radius · |column q|.
        let columns = [Vector3(inverse.r0.x, inverse.r1.x, inverse.r2.x), Vector3(inverse.r0.y, inverse.r1.y, inverse.r2.y),
                       Vector3(inverse.r0.z, inverse.r1.z, inverse.r2.z)]
        let reachReal = columns.map { (radius * norm($0) + 1e-9).rounded(.down) }
        guard reachReal.map({ 2 * $0 + 1 }).reduce(1, *) <= Double(budget) else {
            throw LatticeError("no supercell found: the cell is too large or elongated to search (vectors of \((0..<3).map { String(format: "%.3g", lengths[$0]) }.joined(separator: ", ")) Å)")
        }
        let reach = reachReal.map { Int($0) }
        var shells: [[ShellPoint]] = [[], [], []]
        var count = 0
        for a in -reach[0]...reach[0] {
            for b in -reach[1]...reach[1] {
                count += 1
                if count & 0x3FF == 0, Interruption.isRequested { throw LatticeError("interrupted") }
                for c in -reach[2]...reach[2] {
                    let cr = SIMD3(a, b, c)
                    let v = reduced.basis.cartesian(realVector(cr))
                    let l = norm(v)
                    guard l > 0 else { continue }
                    var coefficients: SIMD3<Int>?
                    for s in 0..<3 {
                        guard withinLength(l / lengths[s]) else { continue }
                        let k = coefficients ?? reduced.transform.apply(cr)
                        coefficients = k
                        shells[s].append(ShellPoint(coefficients: k, cartesian: v, unit: v / l))
                    }
                }
            }
        }
        return (reduced, shells)
    }

    /// The target angle between target vectors i and j (α for b-c, β for a-c, γ for a-b).
    func pairTargetAngle(_ i: Int, _ j: Int, _ angles: Vector3) -> Double {
        switch (min(i, j), max(i, j)) {
        case (1, 2): return angles.x
        case (0, 2): return angles.y
        default: return angles.z
        }
    }

    /// Cosines of the angles within tolerance of `angle`, widened by a rounding margin.
    private func cosineWindow(_ angle: Double) -> (lo: Double, hi: Double) {
        (cos(min(180, angle + angleTolerance) * .pi / 180) - 1e-9, cos(max(0, angle - angleTolerance) * .pi / 180) + 1e-9)
    }

    /// The range of u · z for |z| within the length tolerance of `length` and angle(u, z) within tolerance of `angle`.
    private func projectionRange(_ length: Double, _ angle: Double) -> (lo: Double, hi: Double) {
        let radii = [length / (1 + ltol), length * (1 + ltol)]
        let cosines = [cos(max(0, angle - angleTolerance) * .pi / 180), cos(min(180, angle + angleTolerance) * .pi / 180)]
        var lo = Double.infinity, hi = -Double.infinity
        for r in radii { for c in cosines { lo = min(lo, r * c); hi = max(hi, r * c) } }
        let margin = 1e-9 * length * (1 + ltol)
        return (lo - margin, hi + margin)
    }

    /// Calls `body(i, j)` for the integer points z0 + i k1 + j k2 whose projections on u1 and u2 lie in the bounds.
    private func forEachPlanePoint(z0c: Vector3, k1c: Vector3, k2c: Vector3, u1: Vector3, u2: Vector3,
                                   bound1: (lo: Double, hi: Double), bound2: (lo: Double, hi: Double),
                                   visited: inout Int, _ body: (Int, Int) throws -> Void) throws {
        let (a11, a12, o1) = (dot3(k1c, u1), dot3(k2c, u1), dot3(z0c, u1))
        let (a21, a22, o2) = (dot3(k1c, u2), dot3(k2c, u2), dot3(z0c, u2))
        let det = a11 * a22 - a12 * a21
        let scale = norm(k1c) * norm(k2c)
        guard abs(det) > 1e-12 * scale else { return }
        // The parallelogram's corners in (i, j) bound the range of i.
        let s1lo = bound1.lo - o1, s1hi = bound1.hi - o1, s2lo = bound2.lo - o2, s2hi = bound2.hi - o2
        let corners = (a22 * s1lo - a12 * s2lo, a22 * s1lo - a12 * s2hi, a22 * s1hi - a12 * s2lo, a22 * s1hi - a12 * s2hi)
        let iLo = min(min(corners.0, corners.1), min(corners.2, corners.3)) / det
        let iHi = max(max(corners.0, corners.1), max(corners.2, corners.3)) / det
        let (lo, hi) = det > 0 ? (iLo, iHi) : (iHi, iLo)
        guard lo.isFinite, hi.isFinite, hi - lo < Double(budget) else { return }
        let iFirst = Int((lo - 1e-9).rounded(.up)), iLast = Int((hi + 1e-9).rounded(.down))
        guard iFirst <= iLast else { return }
        /// Narrows [jLo, jHi] to the j with bound.lo ≤ rest + b j ≤ bound.hi.
        func narrow(_ b: Double, _ rest: Double, _ bound: (lo: Double, hi: Double), _ jLo: inout Double, _ jHi: inout Double) {
            if abs(b) <= 1e-12 * scale {
                if rest < bound.lo || rest > bound.hi { jLo = 1; jHi = 0 }
            } else {
                let e1 = (bound.lo - rest) / b, e2 = (bound.hi - rest) / b
                jLo = max(jLo, min(e1, e2)); jHi = min(jHi, max(e1, e2))
            }
        }
        for i in iFirst...iLast {
            var jLo = -Double.infinity, jHi = Double.infinity
            narrow(a12, o1 + a11 * Double(i), bound1, &jLo, &jHi)
            narrow(a22, o2 + a21 * Double(i), bound2, &jLo, &jHi)
            guard jLo <= jHi, jLo.isFinite, jHi.isFinite else { continue }
            let first = Int((jLo - 1e-9).rounded(.up)), last = Int((jHi + 1e-9).rounded(.down))
            guard first <= last else { continue }
            visited += last - first + 1
            guard visited <= budget else {
                throw LatticeError("the supercell search visited more than \(budget) candidates; tighten ltol or angle_tol")
            }
            for j in first...last { try body(i, j) }
        }
    }
}

/// For an integer vector c ≠ 0: g = gcd(c), a particular solution of c · z = g, and a basis of the integer kernel c · z = 0.
///
///     integerKernel(SIMD3(2, 4, 6)).g   // 2
func integerKernel(_ c: SIMD3<Int>) -> (g: Int, particular: SIMD3<Int>, k1: SIMD3<Int>, k2: SIMD3<Int>) {
    var w0 = c.x, w1 = c.y, w2 = c.z
    var c0 = SIMD3<Int>(1, 0, 0), c1 = SIMD3<Int>(0, 1, 0), c2 = SIMD3<Int>(0, 0, 1)
    // Unimodular column operations keep c · c_i = w_i; Euclid leaves the gcd in w0.
    while w1 != 0 {
        let q = w0 / w1
        w0 -= q * w1
        c0 &-= q &* c1
        swap(&w0, &w1)
        swap(&c0, &c1)
    }
    while w2 != 0 {
        let q = w0 / w2
        w0 -= q * w2
        c0 &-= q &* c2
        swap(&w0, &w2)
        swap(&c0, &c2)
    }
    if w0 < 0 { w0 = -w0; c0 = 0 &- c0 }
    return (w0, c0, c1, c2)
}

/// Lagrange-Gauss reduction of a 2D lattice basis (integer coordinates, lengths measured through `metric`).
func gaussReduce(_ a: inout SIMD3<Int>, _ b: inout SIMD3<Int>, _ metric: Basis3) {
    for _ in 0..<200 {
        var ac = metric.cartesian(realVector(a)), bc = metric.cartesian(realVector(b))
        if dot3(ac, ac) > dot3(bc, bc) { swap(&a, &b); swap(&ac, &bc) }
        let mu = (dot3(ac, bc) / dot3(ac, ac)).rounded(.toNearestOrAwayFromZero)
        guard mu != 0, mu.isFinite, abs(mu) < 1e12 else { return }
        b &-= Int(mu) &* a
    }
}
