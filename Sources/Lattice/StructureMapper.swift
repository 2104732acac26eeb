// Mapping atomic structures onto a lattice: find the supercell matrix (volume
// normalised, lattice vectors matched by length and angle, as pymatgen's
// StructureMatcher does), then put each atom on the nearest site; failures
// say why, and the other structures go on.
import Foundation

/// A structure placed on a lattice.
public struct MappedStructure: Sendable {
    /// The source structure's id.
    public let id: String
    /// The configuration on the supercell found.
    public let configuration: Configuration
    /// Largest distance of an atom from its site, Å (after removing the volume change).
    public let maxDisplacement: Double
    /// Largest relative change of a lattice vector length or angle (in units of the tolerance's measure).
    public let strain: Double
    /// Total energy of the cell (eV) if the structure had one.
    public let energy: Double?
}

/// Maps structures onto a lattice.
///
/// Tolerances mean what they mean in pymatgen's StructureMatcher: `ltol` is the
/// fractional lattice-length tolerance, `angleTolerance` is in degrees, `stol`
/// is the site tolerance in units of (V / atoms)^(1/3).
///
///     let mapper = StructureMapper(lattice: prim)
///     switch mapper.map(frame) { case .success(let m): ...; case .failure(let e): print(e) }
public struct StructureMapper: Sendable {
    /// The lattice to map onto.
    public let lattice: CrystalLattice
    /// Fractional tolerance on lattice vector lengths.
    public var ltol: Double
    /// Site tolerance, fraction of (V/atoms)^(1/3).
    public var stol: Double
    /// Angle tolerance, degrees.
    public var angleTolerance: Double

    /// Creates a mapper with pymatgen's default tolerances (0.2, 0.3, 5°).
    public init(lattice: CrystalLattice, ltol: Double = 0.2, stol: Double = 0.3, angleTolerance: Double = 5) {
        self.lattice = lattice
        self.ltol = ltol
        self.stol = stol
        self.angleTolerance = angleTolerance
    }

    /// Maps one structure; the error says why it could not be mapped.
    public func map(_ s: AtomicStructure, supercellMatrix given: [Int]? = nil) -> Result<MappedStructure, LatticeError> {
        do { return .success(try mapOrThrow(s, supercellMatrix: given)) } catch let e as LatticeError {
            return .failure(LatticeError("\(s.id): \(e.message)"))
        } catch {
            return .failure(LatticeError("\(s.id): \(error)"))
        }
    }

    private func mapOrThrow(_ s: AtomicStructure, supercellMatrix given: [Int]?) throws -> MappedStructure {
        guard !s.elements.isEmpty else { throw LatticeError("the structure has no atoms") }
        let volume = abs(s.vectors.determinant)
        guard s.vectors.m.allSatisfy({ abs($0) < 1e6 }), volume > 1e-8 else {
            throw LatticeError("the structure's cell vectors are singular or not finite numbers below 10^6 Å")
        }
        // Positions within ±10^6 Å keep every lattice translation an exact Int.
        for (k, p) in s.positions.enumerated() where !(abs(p.x) < 1e6 && abs(p.y) < 1e6 && abs(p.z) < 1e6) {
            throw LatticeError("atom \(k) has position [\(p.x), \(p.y), \(p.z)] Å: positions must be finite (|x| < 10^6 Å)")
        }
        // Every atom's species must exist somewhere on the lattice.
        for (k, el) in s.elements.enumerated() {
            if !lattice.sites.contains(where: { $0.space.index(element: el, charge: s.charges[k]) != nil }) {
                let name = s.charges[k].map { Species(element: el, charge: $0).description } ?? el
                throw LatticeError("species not allowed: \(name) (atom \(k)) is not in any site space of the lattice")
            }
        }
        let n = try given.map { m -> Int in
            let sc = try Supercell(lattice: lattice, matrix: m)
            return sc.cellCount
        } ?? cellCount(s)
        guard n <= Supercell.maximumSites / lattice.sites.count else {
            throw LatticeError("the structure spans \(n) primitive cells, more than the \(Supercell.maximumSites) sites ce handles")
        }
        let scaled = Matrix3(s.vectors.m.map { $0 * pow(Double(n) * lattice.volume / abs(s.vectors.determinant), 1.0 / 3.0) })
        let candidates: [(matrix: [Int], strain: Double)] = try given.map { [($0, 0)] } ?? supercellCandidates(scaled, n: n)
        guard !candidates.isEmpty else {
            throw LatticeError("no supercell found: no \(n)-cell supercell of the lattice matches the cell within ltol \(ltol), angle \(angleTolerance)°")
        }
        let tolerance = stol * pow(Double(n) * lattice.volume / Double(s.elements.count), 1.0 / 3.0)
        var firstError: LatticeError?
        for candidate in candidates.prefix(24) {
            do {
                let sc = try Supercell(lattice: lattice, matrix: candidate.matrix)
                let (occ, maxD) = try assign(s, supercell: sc, tolerance: tolerance)
                return MappedStructure(id: s.id, configuration: try Configuration(supercell: sc, occupation: occ), maxDisplacement: maxD,
                                       strain: candidate.strain, energy: s.energy)
            } catch let e as LatticeError {
                if firstError == nil { firstError = e }
            }
        }
        throw firstError ?? LatticeError("no supercell found")
    }

    /// Primitive cells in the structure: from atoms on vacancy-free sites whose
    /// species occur nowhere else, else from all atoms if no site allows vacancies, else from the volume.
    func cellCount(_ s: AtomicStructure) -> Int {
        let fixed = lattice.sites.indices.filter { !lattice.sites[$0].space.allowsVacancy }
        let fixedElements = Set(fixed.flatMap { lattice.sites[$0].space.species.map(\.element) })
        let otherElements = Set(lattice.sites.indices.filter { !fixed.contains($0) }.flatMap { lattice.sites[$0].space.species.map(\.element) })
        if fixed.count == lattice.sites.count {
            if s.elements.count % lattice.sites.count == 0 { return s.elements.count / lattice.sites.count }
        } else if !fixed.isEmpty && fixedElements.isDisjoint(with: otherElements) {
            let atoms = s.elements.filter { fixedElements.contains($0) }.count
            if atoms % fixed.count == 0 && atoms > 0 { return atoms / fixed.count }
        }
        // Capped so a huge cell gives a count the caller rejects rather than an Int overflow.
        let ratio = (abs(s.vectors.determinant) / lattice.volume).rounded(.toNearestOrAwayFromZero)
        return ratio < Double(Supercell.maximumSites) ? max(1, Int(ratio)) : Supercell.maximumSites + 1
    }

    /// Integer matrices K with det K = n whose rows K·A match the scaled cell's vector lengths and angles, least strained first.
    func supercellCandidates(_ target: Matrix3, n: Int) throws -> [(matrix: [Int], strain: Double)] {
        let a = lattice.vectors, inv = lattice.inverseVectors
        let lengths = (0..<3).map { norm(target.row($0)) }
        let maxLength = (lengths.max() ?? 0) * (1 + ltol)
        let reaches = (0..<3).map { (maxLength * norm(inv.column($0))).rounded(.up) }
        // A needle-like cell would have the search scan (and count) beyond any Int.
        guard reaches.map({ 2 * $0 + 1 }).reduce(1, *) <= 1e8 else {
            throw LatticeError("no supercell found: the cell is too elongated to search (vectors of \(lengths.map { String(format: "%.3g", $0) }.joined(separator: ", ")) Å after scaling to \(n) cells)")
        }
        let reach = reaches.map { Int($0) }
        var lists: [[(k: SIMD3<Int>, v: Vector3)]] = [[], [], []]
        for x in -reach[0]...reach[0] { for y in -reach[1]...reach[1] { for z in -reach[2]...reach[2] {
            let k = SIMD3(x, y, z)
            let v = a.leftMultiply(Vector3(Double(x), Double(y), Double(z)))
            let l = norm(v)
            for i in 0..<3 where abs(l - lengths[i]) <= ltol * lengths[i] { lists[i].append((k, v)) }
        } } }
        func angle(_ u: Vector3, _ v: Vector3) -> Double { acos(max(-1, min(1, (u * v).sum() / (norm(u) * norm(v))))) * 180 / .pi }
        let targetAngles = [angle(target.row(1), target.row(2)), angle(target.row(0), target.row(2)), angle(target.row(0), target.row(1))]
        let sign = (target.determinant > 0) == (a.determinant > 0) ? 1 : -1
        var found: [(matrix: [Int], strain: Double)] = []
        // Angle windows as cosine windows, so the pair loop needs one dot product per pair.
        let window = targetAngles.map { t in (lo: cos(min(180, t + angleTolerance) * .pi / 180), hi: cos(max(0, t - angleTolerance) * .pi / 180)) }
        let units = lists.map { list in list.map { $0.v / norm($0.v) } }
        for (iu, u) in lists[0].enumerated() {
            for (iv, v) in lists[1].enumerated() {
                let c = (units[0][iu] * units[1][iv]).sum()
                guard c >= window[2].lo - 1e-12, c <= window[2].hi + 1e-12 else { continue }
                // Integer determinant first: it rejects most triples before any angle is computed.
                let cross = SIMD3(u.k.y * v.k.z - u.k.z * v.k.y, u.k.z * v.k.x - u.k.x * v.k.z, u.k.x * v.k.y - u.k.y * v.k.x)
                for w in lists[2] where (cross &* w.k).wrappedSum() == sign * n {
                    guard abs(angle(u.v, w.v) - targetAngles[1]) <= angleTolerance, abs(angle(v.v, w.v) - targetAngles[0]) <= angleTolerance else { continue }
                    let m = [u.k.x, u.k.y, u.k.z, v.k.x, v.k.y, v.k.z, w.k.x, w.k.y, w.k.z]
                    let lengthStrain = [u.v, v.v, w.v].enumerated().map { abs(norm($1) - lengths[$0]) / lengths[$0] }.max() ?? 0
                    let angleStrain = max(abs(angle(v.v, w.v) - targetAngles[0]), abs(angle(u.v, w.v) - targetAngles[1]), abs(angle(u.v, v.v) - targetAngles[2]))
                    found.append((m, lengthStrain / ltol + angleStrain / angleTolerance))
                }
            }
        }
        found.sort { $0.strain != $1.strain ? $0.strain < $1.strain : $0.matrix.lexicographicallyPrecedes($1.matrix) }
        return found
    }

    /// Puts every atom on its nearest site (trying each origin shift that puts one anchor atom on a site), fills vacancies.
    func assign(_ s: AtomicStructure, supercell sc: Supercell, tolerance: Double) throws -> ([Int], Double) {
        guard let structureInverse = s.vectors.inverse else { throw LatticeError("the structure's cell is singular") }
        let k = Matrix3(sc.matrix.map(Double.init))
        // Prim-fractional coordinates of each atom in the ideal supercell.
        let frac = s.positions.map { k.leftMultiply(structureInverse.leftMultiply($0)) }
        // Anchors: every atom of the most common element (the framework moves least on relaxation).
        var counts: [String: Int] = [:]
        for e in s.elements { counts[e, default: 0] += 1 }
        let common = counts.keys.sorted().max { (counts[$0] ?? 0) < (counts[$1] ?? 0) } ?? s.elements[0]
        var best: (occupation: [Int], maxDistance: Double)?
        var bestError: (matched: Int, error: LatticeError)?
        for anchor in s.elements.indices where s.elements[anchor] == common {
            for site in lattice.sites.indices where lattice.sites[site].space.index(element: s.elements[anchor], charge: s.charges[anchor]) != nil {
                // First pass without a tolerance to measure the mean offset, second pass strict.
                let shift = lattice.sites[site].position - frac[anchor]
                guard case .success(let (_, _, meanResidual)) = place(s, frac: frac, shift: shift, supercell: sc, tolerance: .infinity, checkSpecies: false) else { continue }
                switch place(s, frac: frac, shift: shift - meanResidual, supercell: sc, tolerance: tolerance, checkSpecies: true) {
                case .success(let (occ, maxD, _)):
                    if maxD < best?.maxDistance ?? .infinity { best = (occ, maxD) }
                case .failure(let failure):
                    if failure.matched > bestError?.matched ?? -1 { bestError = (failure.matched, failure.error) }
                }
            }
            if let b = best, b.maxDistance < 0.1 * tolerance { break }
        }
        if let b = best { return (b.occupation, b.maxDistance) }
        throw bestError?.error ?? LatticeError("no site can hold \(common) atoms")
    }

    private func place(_ s: AtomicStructure, frac: [Vector3], shift: Vector3, supercell sc: Supercell, tolerance: Double, checkSpecies: Bool)
        -> Result<([Int], Double, Vector3), PlacementFailure> {
        let nPrim = lattice.sites.count
        var atomOnSite = [Int](repeating: -1, count: sc.siteCount)
        var sigmaOnSite = [Int](repeating: 0, count: sc.siteCount)
        var maxD = 0.0
        var residual = Vector3.zero
        for (atom, f0) in frac.enumerated() {
            let f = f0 + shift
            var bestSite = 0, bestD = Double.infinity, bestT = SIMD3<Int>(0, 0, 0), bestR = Vector3.zero
            for j in 0..<nPrim {
                let d = f - lattice.sites[j].position
                let t = d.rounded(.toNearestOrAwayFromZero)
                let r = d - t
                let dist = norm(lattice.vectors.leftMultiply(r))
                if dist < bestD { bestD = dist; bestSite = j; bestT = SIMD3(Int(t.x), Int(t.y), Int(t.z)); bestR = r }
            }
            if bestD > tolerance {
                return .failure(PlacementFailure(matched: atom, error: LatticeError(String(format: "atom too far from any site: atom %d (%@) is %.3f Å from the nearest site (tolerance %.3f Å)", atom, s.elements[atom], bestD, tolerance))))
            }
            let space = lattice.sites[bestSite].space
            let found = checkSpecies ? space.index(element: s.elements[atom], charge: s.charges[atom]) : 0
            guard let sigma = found else {
                let name = s.charges[atom].map { Species(element: s.elements[atom], charge: $0).description } ?? s.elements[atom]
                return .failure(PlacementFailure(matched: atom, error: LatticeError("species not allowed on site: atom \(atom) (\(name)) sits on a \(space) site")))
            }
            let index = sc.siteIndex(site: bestSite, cell: bestT)
            if atomOnSite[index] >= 0 && checkSpecies {
                return .failure(PlacementFailure(matched: atom, error: LatticeError("two atoms on one site: atoms \(atomOnSite[index]) and \(atom) both map to supercell site \(index)")))
            }
            atomOnSite[index] = atom
            sigmaOnSite[index] = sigma
            maxD = max(maxD, bestD)
            residual += bestR
        }
        for i in 0..<sc.siteCount where atomOnSite[i] < 0 && checkSpecies {
            let space = sc.space(i)
            guard let vacancy = space.species.firstIndex(where: \.isVacancy) else {
                return .failure(PlacementFailure(matched: frac.count, error: LatticeError("site left empty: supercell site \(i) \(space) has no atom and allows no vacancy")))
            }
            sigmaOnSite[i] = vacancy
        }
        return .success((sigmaOnSite, maxD, residual / Double(max(frac.count, 1))))
    }
}

struct PlacementFailure: Error {
    let matched: Int
    let error: LatticeError
}
