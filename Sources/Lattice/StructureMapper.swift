// Mapping atomic structures onto a lattice with pymatgen StructureMatcher's
// meaning (as smol maps training data): the supercell size from a species
// count, the site count or the volume; then the matcher, or a given supercell
// matrix, or a given site map; then each atom's species checked against its
// site and empty sites filled with vacancies. Failures say why, and the other
// structures go on.
import Foundation
import Numerics

/// How far the atoms sit from their ideal sites after the best rigid shift.
public struct Displacement: Sendable, Equatable {
    /// Root-mean-square and largest displacement, in units of (V / sites)^(1/3) (pymatgen's stol units).
    public let rms: Double
    public let max: Double
    /// (V / sites)^(1/3) of the supercell at the structure's volume, Å.
    public let lengthScale: Double
    /// The same in Å.
    public var rmsAngstrom: Double { rms * lengthScale }
    public var maxAngstrom: Double { max * lengthScale }
}

/// A structure placed on a lattice.
public struct MappedStructure: Sendable {
    /// The source structure's id.
    public let id: String
    /// The configuration on the supercell found.
    public let configuration: Configuration
    /// The supercell site of each atom.
    public let siteOfAtom: [Int]
    /// How far the atoms moved to reach their sites (nil when a given site map left no lattice correspondence to measure).
    public let displacement: Displacement?
    /// Total energy of the cell (eV) if the structure had one.
    public let energy: Double?
}

/// Maps structures onto a lattice.
///
/// Tolerances mean what they mean in pymatgen's StructureMatcher: `ltol` is the
/// fractional lattice-length tolerance, `angleTolerance` is in degrees, `stol`
/// is the site tolerance in units of (V / sites)^(1/3) of the supercell (vacant
/// sites counted). A structure maps when some supercell leaves an rms
/// displacement below stol and the site assignment a largest displacement below stol.
///
///     let mapper = StructureMapper(lattice: prim)
///     switch mapper.map(frame) { case .success(let m): ...; case .failure(let e): print(e) }
public struct StructureMapper: Sendable {
    /// The lattice to map onto.
    public let lattice: CrystalLattice
    /// Fractional tolerance on lattice vector lengths.
    public var ltol: Double
    /// Site tolerance, fraction of (V / sites)^(1/3).
    public var stol: Double
    /// Angle tolerance, degrees.
    public var angleTolerance: Double
    /// How the number of primitive cells in a structure is found.
    public var supercellSize: SupercellSize

    /// The number of primitive cells a structure spans.
    public enum SupercellSize: Sendable, Equatable {
        /// From the atoms on sites that never hold a vacancy and whose species occur nowhere else; else from all
        /// atoms when no site allows a vacancy; else from the volume.
        case auto
        /// Atoms over prim sites, rounded (pymatgen's "num_sites", smol's default).
        case sites
        /// Cell volume over prim volume, rounded (pymatgen's "volume").
        case volume
        /// Atoms of these species over the prim sites they fill (pymatgen's element form, e.g. smol's "O2-").
        case species([String])
    }

    /// Creates a mapper with pymatgen's default tolerances (0.2, 0.3, 5°).
    public init(lattice: CrystalLattice, ltol: Double = 0.2, stol: Double = 0.3, angleTolerance: Double = 5, supercellSize: SupercellSize = .auto) {
        self.lattice = lattice
        self.ltol = ltol
        self.stol = stol
        self.angleTolerance = angleTolerance
        self.supercellSize = supercellSize
    }

    /// Maps one structure; the error says why it could not be mapped. `supercellMatrix` (9 integers, rows in prim
    /// vectors) skips the supercell search; `siteMap` (with it) gives each atom's site in pymatgen's
    /// `make_supercell` order and skips the site search too.
    public func map(_ s: AtomicStructure, supercellMatrix given: [Int]? = nil, siteMap: [Int]? = nil) -> Result<MappedStructure, LatticeError> {
        do { return .success(try mapOrThrow(s, supercellMatrix: given, siteMap: siteMap)) } catch let e as LatticeError {
            return .failure(LatticeError("\(s.id): \(e.message)"))
        } catch let e as MatchFailure {
            return .failure(LatticeError("\(s.id): \(e.message)"))
        } catch {
            return .failure(LatticeError("\(s.id): \(error)"))
        }
    }

    private func mapOrThrow(_ s: AtomicStructure, supercellMatrix given: [Int]?, siteMap: [Int]?) throws -> MappedStructure {
        guard !s.elements.isEmpty else { throw LatticeError("the structure has no atoms") }
        let volume = abs(s.vectors.determinant)
        guard s.vectors.m.allSatisfy({ abs($0) < 1e6 }), volume > 1e-8 else {
            throw LatticeError("the structure's cell vectors are singular or not finite numbers below 10^6 Å")
        }
        for (k, p) in s.positions.enumerated() where !(abs(p.x) < 1e6 && abs(p.y) < 1e6 && abs(p.z) < 1e6) {
            throw LatticeError("atom \(k) has position [\(p.x), \(p.y), \(p.z)] Å: positions must be finite (|x| < 10^6 Å)")
        }
        for (k, el) in s.elements.enumerated() where !lattice.sites.contains(where: { $0.space.index(element: el, charge: s.charges[k]) != nil }) {
            let name = s.charges[k].map { Species(element: el, charge: $0).description } ?? el
            throw LatticeError("species not allowed: \(name) (atom \(k)) is not in any site space of the lattice")
        }
        let givenMatrix = try given.map { m -> IntMatrix3 in
            _ = try Supercell(lattice: lattice, matrix: m)
            return IntMatrix3(m)
        }
        let cells = try givenMatrix.map { abs($0.determinant) } ?? cellCount(s)
        guard cells <= Supercell.maximumSites / lattice.sites.count else {
            throw LatticeError("the structure spans \(cells) primitive cells, more than the \(Supercell.maximumSites) sites ce handles")
        }
        let matcher = StructureMatcher(prim: lattice, ltol: ltol, stol: stol, angleTolerance: angleTolerance)
        let vectors = Basis3(s.vectors)
        let match: SiteMatch
        if let siteMap {
            guard let givenMatrix else { throw LatticeError("a site map needs the supercell matrix it refers to") }
            match = try matcher.given(siteMap: siteMap, matrix: givenMatrix, vectors: vectors, positions: s.positions, elements: s.elements)
        } else {
            match = try matcher.match(vectors: vectors, positions: s.positions, elements: s.elements, cells: cells, givenMatrix: givenMatrix)
        }
        let supercell = try Supercell(lattice: lattice, matrix: match.matrix.flat)
        var occupation = [Int](repeating: -1, count: supercell.siteCount)
        var siteOfAtom = [Int](repeating: 0, count: s.elements.count)
        for (atom, site) in match.sites.enumerated() {
            let index = supercell.siteIndex(site: site.site, cell: site.cell)
            let space = lattice.sites[site.site].space
            guard let sigma = space.index(element: s.elements[atom], charge: s.charges[atom]) else {
                let name = s.charges[atom].map { Species(element: s.elements[atom], charge: $0).description } ?? s.elements[atom]
                throw LatticeError("species not allowed on site: atom \(atom) (\(name)) sits on a \(space) site")
            }
            guard occupation[index] < 0 else {
                throw LatticeError("two atoms on one site: atoms \(siteOfAtom.firstIndex(of: index) ?? 0) and \(atom) both map to supercell site \(index)")
            }
            occupation[index] = sigma
            siteOfAtom[atom] = index
        }
        for i in occupation.indices where occupation[i] < 0 {
            let space = supercell.space(i)
            guard let vacancy = space.species.firstIndex(where: \.isVacancy) else {
                throw LatticeError("site left empty: supercell site \(i) \(space) has no atom and allows no vacancy")
            }
            occupation[i] = vacancy
        }
        let displacement = match.rms.isFinite ? Displacement(rms: match.rms, max: match.max, lengthScale: match.lengthScale) : nil
        return MappedStructure(id: s.id, configuration: try Configuration(supercell: supercell, occupation: occupation), siteOfAtom: siteOfAtom,
                               displacement: displacement, energy: s.energy)
    }

    /// Primitive cells in the structure, by `supercellSize`.
    public func cellCount(_ s: AtomicStructure) throws -> Int {
        let n = Double(s.elements.count)
        switch supercellSize {
        case .sites:
            return try rounded(n / Double(lattice.sites.count), "atoms over prim sites")
        case .volume:
            return try rounded(abs(s.vectors.determinant) / lattice.volume, "the cell volume over the prim volume")
        case .species(let names):
            let wanted = try names.map { try Species(parsing: $0) }
            func listed(_ sp: Species) -> Bool { wanted.contains { $0.element == sp.element && (!$0.hasCharge || !sp.hasCharge || $0.charge == sp.charge) } }
            var filled = 0
            for site in lattice.sites where site.space.species.contains(where: listed) {
                guard site.space.species.allSatisfy(listed) else {
                    throw LatticeError("supercell_size \(names): \(names.joined(separator: ", ")) share their sites with \(site.space); list every species of those sites")
                }
                filled += 1
            }
            guard filled > 0 else { throw LatticeError("supercell_size \(names): no site of the lattice holds \(names.joined(separator: ", "))") }
            let count = s.elements.indices.filter { k in
                listed(Species(element: s.elements[k], charge: s.charges[k] ?? 0, hasCharge: s.charges[k] != nil))
            }.count
            return try rounded(Double(count) / Double(filled), "\(names.joined(separator: ", ")) atoms over the prim sites they fill")
        case .auto:
            let fixed = lattice.sites.indices.filter { !lattice.sites[$0].space.allowsVacancy }
            let fixedElements = Set(fixed.flatMap { lattice.sites[$0].space.species.map(\.element) })
            let otherElements = Set(lattice.sites.indices.filter { !fixed.contains($0) }.flatMap { lattice.sites[$0].space.species.map(\.element) })
            if fixed.count == lattice.sites.count {
                if s.elements.count % lattice.sites.count == 0 { return s.elements.count / lattice.sites.count }
            } else if !fixed.isEmpty && fixedElements.isDisjoint(with: otherElements) {
                let atoms = s.elements.filter { fixedElements.contains($0) }.count
                if atoms % fixed.count == 0 && atoms > 0 { return atoms / fixed.count }
            }
            let ratio = (abs(s.vectors.determinant) / lattice.volume).rounded(.toNearestOrAwayFromZero)
            return ratio < Double(Supercell.maximumSites) ? max(1, Int(ratio)) : Supercell.maximumSites + 1
        }
    }

    /// pymatgen's rounding of a supercell size (half to even), refusing sizes below 2/3 of a cell.
    private func rounded(_ x: Double, _ what: String) throws -> Int {
        guard x.isFinite, x < Double(Supercell.maximumSites) else { throw LatticeError("\(what) is \(x), not a supercell size") }
        guard x >= 2.0 / 3.0 else { throw LatticeError("\(what) is \(formatShort(x)): the structure is smaller than one primitive cell") }
        return Int(x.rounded(.toNearestOrEven))
    }
}

/// The prim translations of a supercell in pymatgen's `make_supercell` order (`lattice_points_in_supercell`):
/// site j, point p is supercell site j · cells + p in pymatgen's numbering.
///
///     pymatgenSupercellOrder([2, 0, 0, 0, 1, 0, 0, 0, 1])   // [(0, 0, 0), (1, 0, 0)]
public func pymatgenSupercellOrder(_ flat: [Int]) -> [SIMD3<Int>] {
    let m = IntMatrix3(flat)
    let det = m.determinant
    guard det != 0 else { return [] }
    let adj = m.adjugate
    var lo = SIMD3<Int>(0, 0, 0), hi = SIMD3<Int>(0, 0, 0)
    for corner in 0..<8 {
        var v = SIMD3<Int>(0, 0, 0)
        for r in 0..<3 where corner & (4 >> r) != 0 { v &+= m[r] }
        lo = pointwiseMin(lo, v); hi = pointwiseMax(hi, v)
    }
    var points: [SIMD3<Int>] = []
    for x in lo.x...hi.x { for y in lo.y...hi.y { for z in lo.z...hi.z {
        // Fractional coordinates k · S⁻¹ = k · adj / det must lie in [0, 1).
        let num = adj.apply(SIMD3(x, y, z))
        let inside = det > 0 ? (num.min() >= 0 && num.max() < det) : (num.max() <= 0 && num.min() > det)
        if inside { points.append(SIMD3(x, y, z)) }
    } } }
    return points
}
