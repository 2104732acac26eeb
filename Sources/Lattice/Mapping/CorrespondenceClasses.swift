// Lattice correspondences up to the symmetry of the primitive cell. A
// candidate supercell K and K·S, S a rotation of the decorated prim (in prim
// coordinates), place the structure's atoms on images of the same sites under
// that symmetry operation, so every displacement is the same and the matcher
// needs only the first of each class in the search order. The search runs
// its first row over one representative per orbit (a loop |G| times
// shorter), expands each class it finds and applies the exact tests to every
// member, so the firsts and the counts are those of the full search.
import Foundation

/// Symmetry-equivalent correspondences {K·S} that pass the tests, in the search order.
struct CorrespondenceClass: Sendable {
    let first: LatticeCorrespondence
    /// The members after the first, as the full search reports them.
    let others: [LatticeCorrespondence]
    /// How many members pass the tests.
    var members: Int { others.count + 1 }
}

/// The classes of one search, in the order of their firsts.
struct CorrespondenceClasses {
    let classes: [CorrespondenceClass]
}

extension CorrespondenceSearch {
    /// The correspondences of `correspondences(base:target:determinant:)` grouped into classes {K·S : S ∈ symmetry},
    /// each given by its first member in the search order (least misfit, then matrix), ordered by those firsts.
    /// `symmetry` must be a group of integer matrices (identity included) that keep the base's metric, so that the
    /// rows of K·S·base have the lengths and angles of K·base.
    ///
    ///     let classes = try CorrespondenceSearch(ltol: 0.2, angleTolerance: 5)
    ///         .classes(base: prim, target: cell, determinant: 64, symmetry: fcc.exactRotations())
    ///     classes.classes.reduce(0) { $0 + $1.members }   // correspondences(base: prim, target: cell, determinant: 64).count
    func classes(base: Basis3, target: Basis3, determinant d: Int, symmetry: [IntMatrix3]) throws -> CorrespondenceClasses {
        let lengths = target.lengths
        guard d > 0, lengths.min() > 0, base.volume > 0 else { return CorrespondenceClasses(classes: []) }
        // A slightly wider search finds every class with a member that passes the exact tests, even when rounding
        // puts the representative on the other side of a tolerance than that member.
        let wide = CorrespondenceSearch(ltol: ltol * (1 + 1e-9) + 1e-12, angleTolerance: angleTolerance + 1e-6, budget: budget)
        let (reduced, shells) = try wide.shellPoints(base: base, lengths: lengths)
        // The exact search's roles, so each member's vectors are computed exactly as that search computes them.
        let roles = Roles((0..<3).map { s in shells[s].filter { withinLength(norm($0.cartesian) / lengths[s]) }.count })
        let representatives = shells[roles.q1].filter { x in symmetry.allSatisfy { !precedes($0.apply(x.coefficients), x.coefficients) } }
        var seen = Set<IntMatrix3>(), keys: [IntMatrix3] = []
        try wide.forEachTriple(base: base, target: target, determinant: d, shells: shells, roles: roles, firstRows: representatives) { k, _, _, _ in
            var key = k
            for s in symmetry { let m = k * s; if m.precedes(key) { key = m } }
            if seen.insert(key).inserted { keys.append(key) }
        }
        let unreduce = reduced.transform.determinant > 0 ? reduced.transform.adjugate : -reduced.transform.adjugate
        var classes: [CorrespondenceClass] = []
        for key in keys {
            if Interruption.isRequested { throw LatticeError("interrupted") }
            // K·S = K·S' only when S = S' (K is invertible), so the members are distinct.
            let members = symmetry.compactMap { s in
                exactCorrespondence(key * s, base: base, target: target, determinant: d, reduced: reduced, unreduce: unreduce, roles: roles)
            }.sorted(by: Self.searchOrder)
            if let first = members.first { classes.append(CorrespondenceClass(first: first, others: Array(members.dropFirst()))) }
        }
        classes.sort { Self.searchOrder($0.first, $1.first) }
        return CorrespondenceClasses(classes: classes)
    }

    /// K as the exact search would report it (the same tests, the same vectors, the same misfit), or nil when it fails them.
    private func exactCorrespondence(_ k: IntMatrix3, base: Basis3, target: Basis3, determinant d: Int, reduced: ReducedBasis,
                                 unreduce: IntMatrix3, roles: Roles) -> LatticeCorrespondence? {
        let lengths = target.lengths, angles = target.angles
        guard abs(k.determinant) == d else { return nil }
        /// A paired row as the shells measure it: LLL coordinates times the LLL basis.
        func shellVector(_ s: Int) -> Vector3? {
            let v = reduced.basis.cartesian(realVector(unreduce.apply(k[s])))
            let l = norm(v)
            return l > 0 && withinLength(l / lengths[s]) ? v : nil
        }
        guard let x = shellVector(roles.q1), let y = shellVector(roles.q2),
              abs(angleDegrees(x, y) - pairTargetAngle(roles.q1, roles.q2, angles)) <= angleTolerance else { return nil }
        let z = base.cartesian(realVector(k[roles.p]))
        guard withinLength(norm(z) / lengths[roles.p]),
              abs(angleDegrees(x, z) - pairTargetAngle(roles.q1, roles.p, angles)) <= angleTolerance,
              abs(angleDegrees(y, z) - pairTargetAngle(roles.q2, roles.p, angles)) <= angleTolerance else { return nil }
        var vectors = Basis3.identity
        vectors[roles.q1] = x; vectors[roles.q2] = y; vectors[roles.p] = z
        return LatticeCorrespondence(matrix: k, vectors: vectors, misfit: misfit(vectors, target))
    }
}

/// Lexicographic order of integer vectors.
private func precedes(_ a: SIMD3<Int>, _ b: SIMD3<Int>) -> Bool {
    a.x != b.x ? a.x < b.x : (a.y != b.y ? a.y < b.y : a.z < b.z)
}

extension CrystalLattice {
    /// The rotations of the space group that map the decorated prim onto itself to rounding (metric to 1e-12
    /// relative, every site onto its image site under `SymmetryAction` to 1e-12 in fractional coordinates), as
    /// integer matrices S acting on prim coordinate rows (r → r·S). Operations spglib accepts only within its
    /// tolerance are left out, so displacements stay equal to rounding within a class; `[.identity]` if they do not close.
    ///
    ///     try CrystalLattice.builtin("fcc", a: 4, species: [["Ag", "Pd"]]).exactRotations().count   // 48
    func exactRotations() -> [IntMatrix3] {
        let metric = Basis3(vectors)
        let scale = max(dot3(metric.r0, metric.r0), dot3(metric.r1, metric.r1), dot3(metric.r2, metric.r2))
        let action = SymmetryAction(lattice: self)
        var rotations: [IntMatrix3] = []
        for (g, op) in spaceGroup.operations.enumerated() {
            // spglib's R acts on fractional columns (x' = R x); on rows it is Rᵀ.
            let r = op.rotation
            let s = IntMatrix3(rows: SIMD3(r[0], r[3], r[6]), SIMD3(r[1], r[4], r[7]), SIMD3(r[2], r[5], r[8]))
            guard !rotations.contains(s), abs(s.determinant) == 1 else { continue }
            let image = s.real * metric
            let keepsMetric = (0..<3).allSatisfy { i in
                (0..<3).allSatisfy { j in abs(dot3(image[i], image[j]) - dot3(metric[i], metric[j])) <= 1e-12 * scale }
            }
            guard keepsMetric, mapsSitesExactly(s, images: action.siteImage[g]) else { continue }
            rotations.append(s)
        }
        let group = Set(rotations)
        let closed = rotations.allSatisfy { a in rotations.allSatisfy { b in group.contains(a * b) } }
        return closed && group.contains(.identity) ? rotations : [.identity]
    }

    /// Whether one translation τ takes every site p to its image site at p·S + τ (mod lattice), to rounding.
    private func mapsSitesExactly(_ s: IntMatrix3, images: [Int]) -> Bool {
        let rotated = sites.map { s.real.cartesian($0.position) }
        // spglib's τ holds only to its tolerance: the exact one, if any, is the one site 0 needs.
        let tau = sites[images[0]].position - rotated[0]
        return sites.indices.allSatisfy { j in
            let d = rotated[j] + tau - sites[images[j]].position
            return norm(d - d.rounded(.toNearestOrEven)) <= 1e-12
        }
    }
}
