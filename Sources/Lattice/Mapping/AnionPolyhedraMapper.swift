// Mapping relaxed ionic structures through their anion polyhedra (Yang et al.,
// npj Comput. Mater. 8, 133 (2022), Fig. 2): the anion framework is matched
// onto the anion sublattice first, with pymatgen's tolerances; each cation is
// then placed on the lattice site whose coordination polyhedron (its nearest
// anion sites in the ideal lattice) encloses it in the relaxed structure. A
// cation that has moved off-centre, beyond any site tolerance, still maps as
// long as it stays inside its polyhedron.
import Foundation
import Numerics

/// Why a structure could not be mapped through its anion polyhedra, by the paper's causes.
public enum PolyhedraFailureCause: String, Sendable, CaseIterable {
    /// The anions do not match the anion sublattice (the framework is not kept).
    case anionFramework = "anion framework not matched"
    /// A cation lies inside no polyhedron whose anions are all within the cutoff.
    case polyhedron = "polyhedron not identified"
    /// A cation sits in a polyhedron whose site does not allow its species.
    case disallowedSpecies = "species not allowed in its polyhedron"
    /// Two cations in one polyhedron.
    case sharedPolyhedron = "two cations in one polyhedron"
    /// A cation site without a cation that allows no vacancy.
    case emptySite = "site left empty"
}

/// A failed polyhedra mapping: its cause and what happened.
public struct PolyhedraFailure: Error, Sendable {
    public let cause: PolyhedraFailureCause
    public let message: String
}

/// Maps structures through their anion polyhedra.
///
///     let mapper = try AnionPolyhedraMapper(lattice: rocksaltWithTetrahedra, anions: ["O", "F"])
///     switch mapper.map(relaxed) { case .success(let m): ...; case .failure(let f): print(f.cause) }
public struct AnionPolyhedraMapper: Sendable {
    /// The full lattice.
    public let lattice: CrystalLattice
    /// The anion elements; the sites holding only these (and vacancies) form the anion sublattice.
    public let anions: [String]
    /// Anions farther than this from a cation (Å) are not candidates for its polyhedron (the paper's 3.1 Å).
    public var cutoff: Double
    /// Tolerances of the anion framework match (pymatgen's meaning).
    public var ltol: Double
    public var stol: Double
    public var angleTolerance: Double

    let anionSites: [Int]
    let cationSites: [Int]
    let anionLattice: CrystalLattice
    /// For each prim site: the anion sites (full-lattice site, cell offset) of its coordination polyhedron.
    let polyhedra: [[(site: Int, offset: SIMD3<Int>)]]

    /// Creates a mapper; `anions` default to the elements of sites whose species all carry a negative charge.
    public init(lattice: CrystalLattice, anions: [String]? = nil, cutoff: Double = 3.1, ltol: Double = 0.2, stol: Double = 0.3,
                angleTolerance: Double = 5) throws {
        let names = anions ?? Array(Set(lattice.sites.flatMap { site in
            site.space.species.filter { !$0.isVacancy && $0.hasCharge && $0.charge < 0 }.map(\.element)
        })).sorted()
        guard !names.isEmpty else {
            throw LatticeError("the lattice's species carry no negative charges: name the anions (e.g. anions=[\"O\", \"F\"])")
        }
        let anionSites = lattice.sites.indices.filter { j in
            let real = lattice.sites[j].space.species.filter { !$0.isVacancy }
            return !real.isEmpty && real.allSatisfy { names.contains($0.element) }
        }
        guard !anionSites.isEmpty else { throw LatticeError("no site of the lattice holds only the anions \(names)") }
        let cationSites = lattice.sites.indices.filter { !anionSites.contains($0) }
        guard !cationSites.isEmpty else { throw LatticeError("the lattice has no cation sites besides the anions \(names)") }
        guard cutoff > 0, cutoff < 100 else { throw LatticeError("the polyhedron cutoff must be between 0 and 100 Å, got \(cutoff)") }
        self.lattice = lattice
        self.anions = names
        self.cutoff = cutoff
        self.ltol = ltol
        self.stol = stol
        self.angleTolerance = angleTolerance
        self.anionSites = anionSites
        self.cationSites = cationSites
        anionLattice = try CrystalLattice(name: lattice.name + " anions", vectors: lattice.vectors, sites: anionSites.map { lattice.sites[$0] })
        polyhedra = lattice.sites.indices.map { s in anionSites.isEmpty || anionSites.contains(s) ? [] : idealPolyhedron(lattice, site: s, anionSites: anionSites) }
    }

    /// Maps one structure, or says which of the paper's causes stopped it.
    public func map(_ s: AtomicStructure) -> Result<MappedStructure, PolyhedraFailure> {
        do { return .success(try mapOrThrow(s)) } catch let f as PolyhedraFailure {
            return .failure(PolyhedraFailure(cause: f.cause, message: "\(s.id): \(f.message)"))
        } catch let e as LatticeError {
            return .failure(PolyhedraFailure(cause: .anionFramework, message: "\(s.id): \(e.message)"))
        } catch {
            return .failure(PolyhedraFailure(cause: .anionFramework, message: "\(s.id): \(error)"))
        }
    }

    private func mapOrThrow(_ s: AtomicStructure) throws -> MappedStructure {
        let isAnion = s.elements.map { anions.contains($0) }
        let anionAtoms = s.elements.indices.filter { isAnion[$0] }
        guard !anionAtoms.isEmpty else { throw PolyhedraFailure(cause: .anionFramework, message: "the structure has no \(anions.joined(separator: "/")) atoms") }
        guard let inverse = Basis3(s.vectors).inverse else { throw PolyhedraFailure(cause: .anionFramework, message: "the structure's cell is singular") }
        // 1. The anion framework on the anion sublattice.
        let cells = try roundedCells(Double(anionAtoms.count) / Double(anionSites.count))
        let matcher = StructureMatcher(prim: anionLattice, ltol: ltol, stol: stol, angleTolerance: angleTolerance)
        let framework: SiteMatch
        do {
            framework = try matcher.match(vectors: Basis3(s.vectors), positions: anionAtoms.map { s.positions[$0] },
                                          elements: anionAtoms.map { s.elements[$0] }, cells: cells)
        } catch let f as MatchFailure {
            throw PolyhedraFailure(cause: .anionFramework, message: f.message)
        }
        guard let correspondence = framework.correspondence else { throw PolyhedraFailure(cause: .anionFramework, message: "no lattice correspondence") }
        let supercell = try Supercell(lattice: lattice, matrix: framework.matrix.flat)
        let g = correspondence.basisToPrim, gReal = g.real
        func primFractional(_ atom: Int) -> Vector3 { gReal.cartesian(inverse.cartesian(s.positions[atom])) + correspondence.offset }
        var occupation = [Int](repeating: -1, count: supercell.siteCount)
        var siteOfAtom = [Int](repeating: 0, count: s.elements.count)
        // Each anion's site, unfolded next to its own position, so images shift it by n · G.
        var unfolded: [Int: (site: Int, cell: SIMD3<Int>)] = [:]
        for (k, atom) in anionAtoms.enumerated() {
            let assigned = framework.sites[k]
            let site = anionSites[assigned.site]
            let y = primFractional(atom) - lattice.sites[site].position
            let cell = SIMD3(Int(y.x.rounded()), Int(y.y.rounded()), Int(y.z.rounded()))
            let index = supercell.siteIndex(site: site, cell: assigned.cell)
            guard supercell.siteIndex(site: site, cell: cell) == index else {
                throw PolyhedraFailure(cause: .anionFramework, message: "anion \(atom) lies nearer another site than the one it was matched to")
            }
            unfolded[atom] = (site, cell)
            try occupy(&occupation, &siteOfAtom, index: index, atom: atom, s)
        }
        // 2. Each cation into the polyhedron that encloses it.
        let neighbourFinder = PeriodicNeighbours(vectors: Basis3(s.vectors), positions: s.positions, among: anionAtoms, cutoff: cutoff)
        for atom in s.elements.indices where !isAnion[atom] {
            let near = neighbourFinder.neighbours(of: s.positions[atom])
            var anionAt: [SIMD4<Int>: Vector3] = [:]                 // unfolded anion site → relaxed Cartesian position
            for n in near {
                guard let u = unfolded[n.atom] else { continue }
                let cell = u.cell &+ g.apply(n.image)
                anionAt[SIMD4(u.site, cell.x, cell.y, cell.z)] = n.position
            }
            var best: (site: Int, cell: SIMD3<Int>, margin: Double)?
            var tried = Set<SIMD4<Int>>()
            for key in anionAt.keys.sorted(by: { ($0.x, $0.y, $0.z, $0.w) < ($1.x, $1.y, $1.z, $1.w) }) {
                for s0 in cationSites {
                    for corner in polyhedra[s0] where corner.site == key.x {
                        let cell = SIMD3(key.y, key.z, key.w) &- corner.offset
                        guard tried.insert(SIMD4(s0, cell.x, cell.y, cell.z)).inserted else { continue }
                        let vertices = polyhedra[s0].compactMap { c -> Vector3? in
                            let k = cell &+ c.offset
                            return anionAt[SIMD4(c.site, k.x, k.y, k.z)]
                        }
                        guard vertices.count == polyhedra[s0].count else { continue }
                        let margin = insideMargin(s.positions[atom], vertices)
                        if margin >= -1e-6, margin > best?.margin ?? -.infinity { best = (s0, cell, margin) }
                    }
                }
            }
            guard let best else {
                throw PolyhedraFailure(cause: .polyhedron, message: "atom \(atom) (\(s.elements[atom])) lies inside no polyhedron whose anions are all within \(formatShort(cutoff)) Å")
            }
            let space = lattice.sites[best.site].space
            guard space.index(element: s.elements[atom], charge: s.charges[atom]) != nil else {
                let name = s.charges[atom].map { Species(element: s.elements[atom], charge: $0).description } ?? s.elements[atom]
                throw PolyhedraFailure(cause: .disallowedSpecies, message: "atom \(atom) (\(name)) sits in the polyhedron of a \(space) site")
            }
            try occupy(&occupation, &siteOfAtom, index: supercell.siteIndex(site: best.site, cell: best.cell), atom: atom, s)
        }
        for i in occupation.indices where occupation[i] < 0 {
            let space = supercell.space(i)
            guard let vacancy = space.species.firstIndex(where: \.isVacancy) else {
                throw PolyhedraFailure(cause: .emptySite, message: "supercell site \(i) \(space) has no atom and allows no vacancy")
            }
            occupation[i] = vacancy
        }
        return MappedStructure(id: s.id, configuration: try Configuration(supercell: supercell, occupation: occupation), siteOfAtom: siteOfAtom,
                               displacement: Displacement(rms: framework.rms, max: framework.max, lengthScale: framework.lengthScale), energy: s.energy)
    }

    private func occupy(_ occupation: inout [Int], _ siteOfAtom: inout [Int], index: Int, atom: Int, _ s: AtomicStructure) throws {
        let space = lattice.sites[index % lattice.sites.count].space
        guard let sigma = space.index(element: s.elements[atom], charge: s.charges[atom]) else {
            let name = s.charges[atom].map { Species(element: s.elements[atom], charge: $0).description } ?? s.elements[atom]
            throw PolyhedraFailure(cause: .disallowedSpecies, message: "atom \(atom) (\(name)) sits on a \(space) site")
        }
        guard occupation[index] < 0 else {
            throw PolyhedraFailure(cause: .sharedPolyhedron, message: "atoms \(siteOfAtom.firstIndex(of: index) ?? 0) and \(atom) both sit in the polyhedron of supercell site \(index)")
        }
        occupation[index] = sigma
        siteOfAtom[atom] = index
    }

    private func roundedCells(_ x: Double) throws -> Int {
        guard x.isFinite, x >= 2.0 / 3.0, x < Double(Supercell.maximumSites) else {
            throw PolyhedraFailure(cause: .anionFramework, message: "the anions fill \(formatShort(x)) primitive cells")
        }
        return Int(x.rounded(.toNearestOrEven))
    }
}

/// The anion sites nearest to prim site `s` in the ideal lattice (its coordination shell, within 10 % of the
/// nearest distance), with their cell offsets.
private func idealPolyhedron(_ lattice: CrystalLattice, site s: Int, anionSites: [Int]) -> [(site: Int, offset: SIMD3<Int>)] {
    var found: [(site: Int, offset: SIMD3<Int>, distance: Double)] = []
    let origin = lattice.cartesian(site: s, cell: .zero)
    for j in anionSites {
        for x in -2...2 { for y in -2...2 { for z in -2...2 {
            let t = SIMD3(x, y, z)
            found.append((j, t, norm(lattice.cartesian(site: j, cell: t) - origin)))
        } } }
    }
    let nearest = found.map(\.distance).min() ?? 0
    return found.filter { $0.distance <= nearest * 1.1 }.map { ($0.site, $0.offset) }
}

/// How far inside the convex hull of `vertices` the point lies (Å, negative outside): the least distance to a
/// supporting plane through three vertices.
func insideMargin(_ point: Vector3, _ vertices: [Vector3]) -> Double {
    let n = vertices.count
    guard n >= 4 else { return -.infinity }
    var margin = Double.infinity
    let scale = vertices.map { norm($0 - vertices[0]) }.max() ?? 1
    for i in 0..<n {
        for j in (i + 1)..<n {
            for k in (j + 1)..<n {
                var normal = cross3(vertices[j] - vertices[i], vertices[k] - vertices[i])
                let length = norm(normal)
                guard length > 1e-9 * scale * scale else { continue }
                normal /= length
                // A supporting plane has every vertex on one side; orient it inwards.
                var below = 0, above = 0
                for m in 0..<n where m != i && m != j && m != k {
                    let d = dot3(normal, vertices[m] - vertices[i])
                    if d > 1e-9 * scale { above += 1 } else if d < -1e-9 * scale { below += 1 }
                }
                guard below == 0 || above == 0, below + above > 0 else { continue }
                if below > 0 { normal = -normal }
                margin = min(margin, dot3(normal, point - vertices[i]))
            }
        }
    }
    return margin
}

/// Periodic images of some atoms within a cutoff of a point.
struct PeriodicNeighbours {
    let vectors: Basis3
    let positions: [Vector3]
    let atoms: [Int]
    let cutoff: Double
    let reach: SIMD3<Int>

    init(vectors: Basis3, positions: [Vector3], among atoms: [Int], cutoff: Double) {
        self.vectors = vectors
        self.positions = positions
        self.atoms = atoms
        self.cutoff = cutoff
        let r = vectors.reciprocalLengths * cutoff
        reach = SIMD3(Int((r.x + 0.5).rounded(.up)), Int((r.y + 0.5).rounded(.up)), Int((r.z + 0.5).rounded(.up)))
    }

    /// (atom, image, Cartesian position) of every image within the cutoff of `point`.
    func neighbours(of point: Vector3) -> [(atom: Int, image: SIMD3<Int>, position: Vector3)] {
        guard let inverse = vectors.inverse else { return [] }
        var out: [(atom: Int, image: SIMD3<Int>, position: Vector3)] = []
        for a in atoms {
            // The image nearest in fractional terms, then the shells around it.
            let f = inverse.cartesian(point - positions[a])
            let base = SIMD3(Int(f.x.rounded()), Int(f.y.rounded()), Int(f.z.rounded()))
            for x in -reach.x...reach.x { for y in -reach.y...reach.y { for z in -reach.z...reach.z {
                let image = base &+ SIMD3(x, y, z)
                let p = positions[a] + vectors.cartesian(realVector(image))
                if norm(p - point) <= cutoff { out.append((a, image, p)) }
            } } }
        }
        return out
    }
}
