// Matching a structure onto a supercell of a primitive lattice with the
// meaning pymatgen's StructureMatcher gives its tolerances (and smol uses):
// both cells scaled to a common volume; candidate supercells whose vector
// lengths (ltol) and angles (angle_tol) match the structure's; per candidate,
// a translation that puts the most constrained atom on a site, a screen that
// every atom lies within 2·stol of some site, a minimum-cost assignment of
// atoms to sites, the mean displacement removed; distances measured on the
// lattice with the average parameters of the two cells, in units of
// (V / sites)^(1/3). The supercell is the candidate of least rms displacement
// (below stol); the sites come from a second match on the Niggli-reduced cells
// whose largest displacement must stay below stol.
import Foundation
import Numerics

/// The result of matching a structure: supercell, site of each atom, displacements.
struct SiteMatch: Sendable {
    /// Supercell matrix (rows in prim vectors), positive determinant.
    let matrix: IntMatrix3
    /// For each atom: its prim site and the prim cell (integer translation) of its site.
    let sites: [(site: Int, cell: SIMD3<Int>)]
    /// Root-mean-square and largest displacement, in units of (V / sites)^(1/3).
    let rms: Double
    let max: Double
    /// (V / sites)^(1/3) of the average lattice, Å: multiplies the stol units into Å.
    let lengthScale: Double
    /// The lattice correspondence found: fractional coordinates f in the structure's basis sit at prim
    /// fractional coordinates f · basisToPrim + offset (nil for a given site map).
    var correspondence: (basisToPrim: IntMatrix3, offset: Vector3)? = nil
}

/// Why a structure does not match; `stage` says which test failed.
struct MatchFailure: Error, Sendable {
    let message: String
}

/// pymatgen-compatible structure matching onto supercells of one primitive lattice.
///
///     let m = StructureMatcher(prim: lattice, ltol: 0.2, stol: 0.3, angleTolerance: 5)
///     let match = try m.match(structure, cells: 6)
struct StructureMatcher: Sendable {
    let prim: CrystalLattice
    let ltol: Double
    let stol: Double
    let angleTolerance: Double
    /// Whether the supercell search evaluates one candidate per class of symmetry-equivalent candidates (the
    /// same result, |point group| times fewer evaluations); false evaluates every candidate, as a reference.
    var collapsesSymmetry = true

    /// Which displacement statistic picks the best candidate.
    enum Criterion { case rms, max }

    /// A structure prepared for matching: elements, fractional coordinates, allowed prim sites, anchor.
    struct Prepared {
        let fractional: [Vector3]
        let allowed: [[Int]]
        let anchor: Int
        let cells: Int
        /// A spread order of the atoms, so a wrong candidate fails the site screen early.
        let screenOrder: [Int]
        /// The prim sites' fractional positions.
        let primPositions: [Vector3]
        /// Per-atom buffers reused by every candidate.
        let scratch: Scratch
    }

    /// Per-atom buffers of the nearest-site pass, allocated once per structure.
    final class Scratch {
        var vectors: [Vector3]
        var sites: [Int]
        var cells: [SIMD3<Int>]
        var offsets: [Vector3]
        init(_ n: Int) {
            vectors = [Vector3](repeating: .zero, count: n)
            sites = [Int](repeating: 0, count: n)
            cells = [SIMD3<Int>](repeating: .zero, count: n)
            offsets = [Vector3](repeating: .zero, count: n)
        }
    }

    /// The full match: the supercell of least rms displacement, then the site of every atom
    /// from the Niggli-reduced cells (largest displacement below stol).
    func match(vectors: Basis3, positions: [Vector3], elements: [String], cells: Int, givenMatrix: IntMatrix3? = nil) throws -> SiteMatch {
        let prepared = try prepare(vectors: vectors, positions: positions, elements: elements, cells: cells)
        let ratio = pow(vectors.volume / (prim.volume * Double(cells)), 1.0 / 6.0)
        let primScaled = Basis3(prim.vectors).scaled(ratio), structureScaled = vectors.scaled(1 / ratio)
        var matrix: IntMatrix3
        if let givenMatrix {
            matrix = givenMatrix
        } else {
            // Candidates in the search order, one per class of symmetry-equivalent supercells (they move every atom
            // alike); a class whose first candidate's outcome may not hold for the others (a tie between two sites,
            // or the full assignment) has its other members evaluated at their places in the order too.
            let search = CorrespondenceSearch(ltol: ltol, angleTolerance: angleTolerance)
            let classes = collapsesSymmetry
                ? try search.classes(base: primScaled, target: structureScaled, determinant: cells, symmetry: prim.exactRotations()).classes
                : try search.correspondences(base: primScaled, target: structureScaled, determinant: cells).map { CorrespondenceClass(first: $0, others: []) }
            let total = classes.reduce(0) { $0 + $1.members }
            guard !classes.isEmpty else {
                throw MatchFailure(message: "no supercell found: no \(cells)-cell supercell of the lattice matches the cell's lengths within ltol \(formatShort(ltol)) and angles within \(formatShort(angleTolerance))°")
            }
            var best: (value: Double, matrix: IntMatrix3)?
            var next = 0
            var deferred: [LatticeCorrespondence] = []     // latest first, so the earliest is removed from the end
            while true {
                if Interruption.isRequested { throw LatticeError("interrupted") }
                let candidate: LatticeCorrespondence, firstOf: CorrespondenceClass?
                if let d = deferred.last, next == classes.count || CorrespondenceSearch.searchOrder(d, classes[next].first) {
                    candidate = deferred.removeLast(); firstOf = nil
                } else if next < classes.count {
                    candidate = classes[next].first; firstOf = classes[next]; next += 1
                } else {
                    break
                }
                let (e, holdsForClass) = evaluateForClass(candidate.matrix, latticeVectors: candidate.vectors, structureBasis: structureScaled,
                                                          prepared: prepared, criterion: .rms, stopBelow: best?.value ?? stol)
                if let firstOf, !holdsForClass, !firstOf.others.isEmpty {
                    deferred = (deferred + firstOf.others).sorted { CorrespondenceSearch.searchOrder($1, $0) }
                }
                guard let e else { continue }
                if improves(e.value, on: best?.value) { best = (e.value, candidate.matrix) }
                if e.value < 1e-5 && e.value < stol { break }
            }
            guard let best, best.value < stol else {
                throw MatchFailure(message: "no supercell found within stol: none of \(total) candidate supercells leaves an rms displacement below stol \(formatShort(stol))")
            }
            matrix = best.matrix
        }
        if matrix.determinant < 0 { matrix = -matrix }
        return try siteMatch(matrix: matrix, primScaled: primScaled, structureScaled: structureScaled, prepared: prepared)
    }

    /// The second stage: sites on the given supercell from the Niggli-reduced cells, best largest displacement.
    private func siteMatch(matrix: IntMatrix3, primScaled: Basis3, structureScaled: Basis3, prepared: Prepared) throws -> SiteMatch {
        let supercell = matrix.real * primScaled
        let reducedSupercell = supercell.niggliReduced()
        let reducedStructure = structureScaled.niggliReduced()
        // Fractional coordinates in the reduced structure cell: f · R⁻¹.
        guard let rInverse = reducedStructure.transform.real.inverse else { throw MatchFailure(message: "singular cell") }
        let fractional = prepared.fractional.map { rInverse.cartesian($0) }
        let reprepared = Prepared(fractional: fractional, allowed: prepared.allowed, anchor: prepared.anchor, cells: prepared.cells,
                                  screenOrder: prepared.screenOrder, primPositions: prepared.primPositions, scratch: prepared.scratch)
        let candidates = try CorrespondenceSearch(ltol: ltol, angleTolerance: angleTolerance)
            .correspondences(base: reducedSupercell.basis, target: reducedStructure.basis, determinant: 1)
        let toPrim = reducedSupercell.transform * matrix
        /// The candidate of least largest displacement below `bound` (no bound: the diagnosis of a failure).
        func bestCandidate(below bound: Double) throws -> Evaluation? {
            var best: Evaluation?
            for candidate in candidates {
                if Interruption.isRequested { throw LatticeError("interrupted") }
                guard let e = evaluate(candidate.matrix * toPrim, latticeVectors: candidate.vectors, structureBasis: reducedStructure.basis,
                                       prepared: reprepared, criterion: .max, stopBelow: best?.value ?? bound) else { continue }
                if improves(e.value, on: best?.value) { best = e }
                if e.value < 1e-5 && e.value < stol { break }
            }
            return best
        }
        guard let best = try bestCandidate(below: stol) ?? bestCandidate(below: .infinity) else {
            throw MatchFailure(message: "no site mapping: no arrangement of the supercell \(matrix.flat) puts every atom within 2 stol of a site it allows")
        }
        guard best.value < stol else {
            let worst = best.distances.indices.max { best.distances[$0] < best.distances[$1] } ?? 0
            throw MatchFailure(message: "no site mapping within stol: atom \(worst) would move \(formatShort(best.value)) stol units (\(formatShort(best.value * best.lengthScale)) Å) to its site (stol \(formatShort(stol)))")
        }
        // f_n = f · R⁻¹ and y = (f_n + shift) · K: the original basis maps by R⁻¹ K (integer, R unimodular).
        let rInverseInt = reducedStructure.transform.determinant > 0 ? reducedStructure.transform.adjugate : -reducedStructure.transform.adjugate
        return SiteMatch(matrix: matrix, sites: best.sites, rms: best.rms, max: best.max, lengthScale: best.lengthScale,
                         correspondence: (rInverseInt * best.matrix, best.matrix.real.cartesian(best.shift)))
    }

    /// A given supercell and site map (pymatgen `make_supercell` order), measured but not searched: the
    /// displacements are those of the lattice correspondence that moves the atoms least.
    func given(siteMap: [Int], matrix: IntMatrix3, vectors: Basis3, positions: [Vector3], elements: [String]) throws -> SiteMatch {
        var m = matrix
        let points = pymatgenSupercellOrder(m.flat)
        let cells = points.count
        guard siteMap.count == elements.count else {
            throw MatchFailure(message: "the site map has \(siteMap.count) entries for \(elements.count) atoms")
        }
        let sites = try siteMap.enumerated().map { atom, index -> (site: Int, cell: SIMD3<Int>) in
            guard index >= 0, index < cells * prim.sites.count else {
                throw MatchFailure(message: "site map entry \(index) of atom \(atom) is not a site of the \(cells * prim.sites.count)-site supercell")
            }
            return (index / cells, points[index % cells])
        }
        if m.determinant < 0 { m = -m }
        guard let inverse = vectors.inverse else { throw MatchFailure(message: "the structure's cell is singular") }
        let ratio = pow(vectors.volume / (prim.volume * Double(cells)), 1.0 / 6.0)
        let primScaled = Basis3(prim.vectors).scaled(ratio), structureScaled = vectors.scaled(1 / ratio)
        let reducedSupercell = (m.real * primScaled).niggliReduced(), reducedStructure = structureScaled.niggliReduced()
        guard let rInverse = reducedStructure.transform.real.inverse else { throw MatchFailure(message: "singular cell") }
        let fractional = positions.map { rInverse.cartesian(inverse.cartesian($0)) }
        let candidates = try CorrespondenceSearch(ltol: ltol, angleTolerance: angleTolerance)
            .correspondences(base: reducedSupercell.basis, target: reducedStructure.basis, determinant: 1)
        let toPrim = reducedSupercell.transform * m
        var best: (rms: Double, max: Double, scale: Double)?
        for candidate in candidates {
            if Interruption.isRequested { throw LatticeError("interrupted") }
            let k = candidate.matrix * toPrim
            guard let kInverse = k.real.inverse else { continue }
            let average = Basis3.fromParameters(lengths: (candidate.vectors.lengths + reducedStructure.basis.lengths) / 2,
                                                angles: (candidate.vectors.angles + reducedStructure.basis.angles) / 2)
            let scale = pow(average.volume / Double(cells * prim.sites.count), 1.0 / 3.0)
            let lll = average.lllReduced()
            guard let qInverse = lll.transform.real.inverse else { continue }
            var shortest = [Vector3](repeating: .zero, count: sites.count)
            for (atom, site) in sites.enumerated() {
                let s = qInverse.cartesian(kInverse.cartesian(prim.sites[site.site].position + realVector(site.cell)))
                let g = qInverse.cartesian(fractional[atom])
                shortest[atom] = shortestImage((s - s.rounded(.down)) - (g - g.rounded(.down)), lll.basis)
            }
            let mean = shortest.reduce(Vector3.zero, +) / Double(max(sites.count, 1))
            let d = shortest.map { norm($0 - mean) / scale }
            let largest = d.max() ?? 0
            if largest < best?.max ?? .infinity {
                best = ((d.reduce(0) { $0 + $1 * $1 } / Double(max(d.count, 1))).squareRoot(), largest, scale)
            }
        }
        return SiteMatch(matrix: m, sites: sites, rms: best?.rms ?? .nan, max: best?.max ?? .nan, lengthScale: best?.scale ?? .nan)
    }

    /// Elements to allowed prim sites (pymatgen's OrderDisorderElementComparator: the element is among the site's),
    /// the anchor atom (fewest allowed sites, first), and a check that species counts fit the sites.
    func prepare(vectors: Basis3, positions: [Vector3], elements: [String], cells: Int) throws -> Prepared {
        guard let inverse = vectors.inverse else { throw MatchFailure(message: "the structure's cell is singular") }
        let n = elements.count
        guard n > 0 else { throw MatchFailure(message: "the structure has no atoms") }
        guard n <= cells * prim.sites.count else {
            throw MatchFailure(message: "the structure has \(n) atoms but a \(cells)-cell supercell has only \(cells * prim.sites.count) sites")
        }
        var allowedOf: [String: [Int]] = [:]
        let allowed = elements.map { el -> [Int] in
            if let a = allowedOf[el] { return a }
            let a = prim.sites.indices.filter { prim.sites[$0].space.species.contains { !$0.isVacancy && $0.element == el } }
            allowedOf[el] = a
            return a
        }
        if let k = allowed.firstIndex(where: \.isEmpty) {
            throw MatchFailure(message: "species not allowed: \(elements[k]) (atom \(k)) is not in any site space of the lattice")
        }
        try checkCounts(elements: elements, allowedOf: allowedOf, cells: cells)
        var anchor = 0
        for i in 0..<n where allowed[i].count < allowed[anchor].count { anchor = i }
        var step = Int((Double(n) * 0.6180339887).rounded())
        while step > 1 && gcd(step, n) != 1 { step -= 1 }
        let order = (0..<n).map { ($0 * max(step, 1)) % n }
        return Prepared(fractional: positions.map { inverse.cartesian($0) }, allowed: allowed, anchor: anchor, cells: cells, screenOrder: order,
                        primPositions: prim.sites.map(\.position), scratch: Scratch(n))
    }

    /// Whether the atoms of each element can all be placed on sites allowing it (a small max flow).
    private func checkCounts(elements: [String], allowedOf: [String: [Int]], cells: Int) throws {
        var counts: [String: Int] = [:]
        for e in elements { counts[e, default: 0] += 1 }
        let names = counts.keys.sorted()
        var capacity = [Int](repeating: cells, count: prim.sites.count)
        var flowTo = [[Int]](repeating: [Int](repeating: 0, count: prim.sites.count), count: names.count)
        // Augment one atom at a time along element → site → (element → site)* paths.
        for (e, name) in names.enumerated() {
            for _ in 0..<(counts[name] ?? 0) {
                // BFS over elements; an element reaches site j if allowed; site j with capacity ends the path.
                var parent = [Int](repeating: -2, count: names.count)      // element visited from site
                var via = [Int](repeating: -1, count: names.count)         // the site used to reach the element
                var queue = [e]
                parent[e] = -1
                var endSite = -1, endElement = -1
                search: while !queue.isEmpty {
                    let x = queue.removeFirst()
                    for j in allowedOf[names[x]] ?? [] {
                        if capacity[j] > 0 { endSite = j; endElement = x; break search }
                        // Site j is full: an element with flow on j can move elsewhere.
                        for y in names.indices where parent[y] == -2 && flowTo[y][j] > 0 {
                            parent[y] = x; via[y] = j; queue.append(y)
                        }
                    }
                }
                guard endSite >= 0 else {
                    let room = prim.sites.indices.filter { (allowedOf[name] ?? []).contains($0) }.count * cells
                    throw MatchFailure(message: "too many \(name) atoms: \(counts[name] ?? 0) \(name) and the other atoms cannot all fit the \(room) sites of \(cells) cells that allow \(name)")
                }
                capacity[endSite] -= 1
                flowTo[endElement][endSite] += 1
                var y = endElement
                while parent[y] >= 0 {
                    let j = via[y], x = parent[y]
                    flowTo[y][j] -= 1
                    flowTo[x][j] += 1
                    y = x
                }
            }
        }
    }

    /// One candidate's best translation: displacements after the optimal assignment and mean shift.
    struct Evaluation {
        let value: Double
        let rms: Double
        let max: Double
        let distances: [Double]
        let lengthScale: Double
        let sites: [(site: Int, cell: SIMD3<Int>)]
        /// The candidate matrix and the translation (in the structure basis) that gave this evaluation.
        var matrix: IntMatrix3 = .identity
        var shift: Vector3 = .zero
    }

    /// Evaluates supercell matrix `k` (rows: the structure's basis in prim coordinates) with pymatgen's screen,
    /// assignment and mean shift, over every translation that puts the anchor on a site it allows; nil when
    /// no translation passes the screen or admits an assignment.
    func evaluate(_ k: IntMatrix3, latticeVectors: Basis3, structureBasis: Basis3, prepared: Prepared,
                  criterion: Criterion, stopBelow: Double) -> Evaluation? {
        evaluateForClass(k, latticeVectors: latticeVectors, structureBasis: structureBasis, prepared: prepared,
                         criterion: criterion, stopBelow: stopBelow).evaluation
    }

    /// `evaluate`, and whether its outcome holds for every symmetry-equivalent candidate K·S evaluated later (with a
    /// bound no larger): no atom had two sites at equal distance and no translation needed the full assignment, so
    /// each equivalent candidate sees the same displacement vectors, and is pruned or matched alike.
    func evaluateForClass(_ k: IntMatrix3, latticeVectors: Basis3, structureBasis: Basis3, prepared: Prepared,
                          criterion: Criterion, stopBelow: Double) -> (evaluation: Evaluation?, holdsForClass: Bool) {
        let kReal = k.real
        guard let kInverse = kReal.inverse else { return (nil, false) }
        let nPrim = prim.sites.count
        let siteCount = prepared.cells * nPrim
        let average = Basis3.fromParameters(lengths: (latticeVectors.lengths + structureBasis.lengths) / 2,
                                            angles: (latticeVectors.angles + structureBasis.angles) / 2)
        let lengthScale = pow(average.volume / Double(siteCount), 1.0 / 3.0)
        guard lengthScale > 0, lengthScale.isFinite else { return (nil, false) }
        let screenTolerance = pointwiseMin(2 * stol * lengthScale * average.reciprocalLengths, Vector3(repeating: 0.5))
        let screenReach = Vector3((0..<3).map { q in (0..<3).reduce(0.0) { $0 + screenTolerance[$1] * abs(kReal[$1][q]) } })
        guard let frame = AssignmentFrame(k: k, average: average, lengthScale: lengthScale, stol: stol) else { return (nil, false) }
        let screen = Screen(tolerance: screenTolerance, reach: screenReach)
        var best: Evaluation?
        var holdsForClass = true
        for j0 in prepared.allowed[prepared.anchor] {
            let shift = kInverse.cartesian(prepared.primPositions[j0]) - prepared.fractional[prepared.anchor]
            // The nearest sites, when they are distinct and inside pymatgen's pair box, are the optimal assignment;
            // otherwise the full assignment, unless even the nearest sites leave the atoms beyond stol.
            let e: (rms: Double, max: Double, distances: [Double], sites: [(site: Int, cell: SIMD3<Int>)])
            let bound = best?.value ?? stopBelow
            switch frame.nearest(prepared: prepared, shift: shift, kReal: kReal, kInverse: kInverse, nPrim: nPrim, screen: screen,
                                 criterion: criterion, above: bound) {
            case .beyond, .screenedOut: continue
            case .optimal(let result): e = result
            case .estimate(let estimate):
                holdsForClass = false
                guard (criterion == .rms ? estimate.rms : estimate.max) < stol,
                      let full = frame.assign(prepared: prepared, shift: shift, kReal: kReal, kInverse: kInverse, nPrim: nPrim) else { continue }
                e = full
            }
            let value = criterion == .rms ? e.rms : e.max
            guard improves(value, on: best?.value ?? (stopBelow.isFinite ? stopBelow : nil)) else { continue }
            best = Evaluation(value: value, rms: e.rms, max: e.max, distances: e.distances, lengthScale: lengthScale, sites: e.sites,
                              matrix: k, shift: shift)
            if value < 1e-5 { break }
        }
        return (best, holdsForClass && !frame.sawTie)
    }
}

/// pymatgen's screen of a candidate: every atom within this fractional box (supercell coordinates) of a site it allows.
struct Screen {
    let tolerance: Vector3
    /// How far (prim cells) a site may be from the atom and still be inside the box.
    let reach: Vector3
}

/// pymatgen's pair box: an atom pairs only with sites within 2 stol along each plane normal of the average lattice's
/// LLL basis; and the cells of the supercell, numbered.
struct PairBox {
    let cells: CellIndexer
    let lll: ReducedBasis
    let qInverse: Basis3
    let tolerance: Vector3
    let reach: Vector3

    init(k: IntMatrix3, average: Basis3, lengthScale: Double, stol: Double) {
        cells = CellIndexer(k)
        lll = average.lllReduced()
        qInverse = lll.transform.real.inverse ?? .identity   // unimodular, so always invertible
        tolerance = pointwiseMin(2 * stol * lengthScale * lll.basis.reciprocalLengths, Vector3(repeating: 0.5))
        let qk = (lll.transform * k).real
        let t = tolerance
        reach = Vector3((0..<3).map { q in (0..<3).reduce(0.0) { $0 + t[$1] * abs(qk[$1][q]) } })
    }

    /// Whether the pair (atom, site) with prim fractional offset `offset` = atom − site lies in the box.
    @inline(__always) func contains(offset: Vector3, kInverse: Basis3) -> Bool {
        let b = qInverse.cartesian(kInverse.cartesian(offset))
        return inBox(b - b.rounded(.toNearestOrEven), tolerance)
    }
}

/// The assignment stage of one candidate: pymatgen's LLL box, shortest images and optimal assignment.
private final class AssignmentFrame {
    let k: IntMatrix3
    let average: Basis3
    let stol: Double
    let lengthScale: Double

    /// The prim vectors in the average lattice's frame (prim fractional differences to Cartesian), LLL-reduced:
    /// `primReduced.basis = primReduced.transform · (K⁻¹ · average)`.
    let primReduced: ReducedBasis
    let primReducedInverse: Basis3
    /// (Half the shortest prim vector)², bounded below: a Babai point this close is the nearest.
    let babaiRadiusSquared: Double
    /// A lower bound on the shortest prim vector (twice the Babai radius).
    let babaiDiameter: Double
    /// Whether some atom had two candidate sites at equal distance (to rounding) in a nearest-site pass: the site
    /// picked, and so the displacements, may then differ between symmetry-equivalent candidates.
    var sawTie = false

    /// pymatgen's pair box (LLL basis of the average lattice) and the numbering of the supercell's cells,
    /// built only for candidates that pass the screen.
    lazy var pairs = PairBox(k: k, average: average, lengthScale: lengthScale, stol: stol)

    init?(k: IntMatrix3, average: Basis3, lengthScale: Double, stol: Double) {
        self.k = k
        self.average = average
        self.stol = stol
        self.lengthScale = lengthScale
        guard let kInverse = k.real.inverse else { return nil }
        primReduced = (kInverse * average).lllReduced()
        guard let ri = primReduced.transform.real.inverse else { return nil }
        primReducedInverse = ri
        // Half the shortest prim vector is at least half the shortest Gram-Schmidt vector of the reduced basis.
        let b = primReduced.basis
        let g1 = b.r1 - dot3(b.r1, b.r0) / dot3(b.r0, b.r0) * b.r0
        let g2 = b.r2 - dot3(b.r2, b.r0) / dot3(b.r0, b.r0) * b.r0 - dot3(b.r2, g1) / dot3(g1, g1) * g1
        let shortest = min(dot3(b.r0, b.r0), dot3(g1, g1), dot3(g2, g2))
        babaiRadiusSquared = 0.25 * shortest * (1 - 1e-9)
        babaiDiameter = shortest.squareRoot() * (1 - 1e-9)
    }

    /// The outcome of assigning every atom to its nearest allowed site.
    enum Nearest {
        /// Distinct sites, each inside the pair box: this is the optimal assignment.
        case optimal((rms: Double, max: Double, distances: [Double], sites: [(site: Int, cell: SIMD3<Int>)]))
        /// Shared sites or a site outside the box: the displacements are only an estimate.
        case estimate((rms: Double, max: Double))
        /// The atoms seen so far already move more than the bound allows (rms or largest displacement).
        case beyond
        /// pymatgen's screen fails: some atom has no allowed site within 2 stol.
        case screenedOut
    }

    /// Each atom on its nearest allowed site (in the average lattice's metric), displacements after the mean shift.
    /// Stops early (`.beyond`) once the atoms seen prove the value above `above`: their scatter Σ|v − mean|² over n
    /// bounds n·rms² from below, and half their spread along an axis bounds the largest displacement.
    func nearest(prepared: StructureMatcher.Prepared, shift: Vector3, kReal: Basis3, kInverse: Basis3, nPrim: Int, screen: Screen,
                 criterion: StructureMatcher.Criterion, above: Double) -> Nearest {
        let n = prepared.fractional.count
        let limit = above * lengthScale
        var running = Vector3.zero, scatter = 0.0, low = Vector3(repeating: .infinity), high = Vector3(repeating: -.infinity)
        let scratch = prepared.scratch
        var mean = Vector3.zero
        let u = primReduced.transform
        for (count, i) in prepared.screenOrder.enumerated() {
            let y = kReal.cartesian(prepared.fractional[i] + shift)
            var best = Double.infinity, bestVector = Vector3.zero, bestSite = 0, bestCell = SIMD3<Int>.zero
            var second = Double.infinity     // the next nearest candidate (or a lower bound on it): a near tie makes the pick arbitrary
            for j in prepared.allowed[i] {
                let e = y - prepared.primPositions[j]
                // Babai rounding in the reduced prim basis; within half the shortest vector it is the nearest
                // lattice point, otherwise its 26 neighbours are searched too.
                let reduced = primReducedInverse.cartesian(e)
                let centre = SIMD3(Int(reduced.x.rounded()), Int(reduced.y.rounded()), Int(reduced.z.rounded()))
                let v0 = primReduced.basis.cartesian(realVector(centre) - reduced)     // site − atom
                let d0 = dot3(v0, v0)
                if d0 < best { second = best; best = d0; bestVector = v0; bestSite = j; bestCell = u.apply(centre) } else { second = min(second, d0) }
                if d0 <= babaiRadiusSquared {
                    // Every other image of site j lies at least the shortest prim vector minus √d0 away.
                    let beyond = babaiDiameter - d0.squareRoot()
                    second = min(second, beyond * beyond)
                    continue
                }
                for a in -1...1 { for b in -1...1 { for c in -1...1 where a != 0 || b != 0 || c != 0 {
                    let kr = centre &+ SIMD3(a, b, c)
                    let v = primReduced.basis.cartesian(realVector(kr) - reduced)
                    let d = dot3(v, v)
                    if d < best { second = best; best = d; bestVector = v; bestSite = j; bestCell = u.apply(kr) } else { second = min(second, d) }
                } } }
            }
            if second - best <= 1e-9 * second + 1e-24 * lengthScale * lengthScale { sawTie = true }
            // pymatgen's screen: the nearest site inside the box passes; else any allowed site inside it.
            let offset = y - prepared.primPositions[bestSite] - realVector(bestCell)
            if !inBox(kInverse.cartesian(offset), screen.tolerance) {
                let near = prepared.allowed[i].contains { j in
                    let e = y - prepared.primPositions[j]
                    return inBox(kInverse.cartesian(e - e.rounded(.toNearestOrEven)), screen.tolerance)
                        || anyLattice(e, reach: screen.reach, { inBox(kInverse.cartesian($0), screen.tolerance) })
                }
                if !near { return .screenedOut }
            }
            // Welford's scatter and the bounding box of the vectors so far.
            let delta = bestVector - running
            running += delta / Double(count + 1)
            scatter += dot3(delta, bestVector - running)
            low = pointwiseMin(low, bestVector)
            high = pointwiseMax(high, bestVector)
            if criterion == .rms ? scatter > Double(n) * limit * limit * (1 + 1e-9) : 0.5 * (high - low).max() > limit * (1 + 1e-9) {
                return .beyond
            }
            scratch.vectors[i] = bestVector
            scratch.sites[i] = bestSite
            scratch.cells[i] = bestCell
            scratch.offsets[i] = offset
            mean += bestVector
        }
        // The nearest sites are the optimal assignment when they are distinct and each pair is in pymatgen's box.
        let box = pairs
        var taken = [Bool](repeating: false, count: box.cells.count * nPrim)
        var distinct = true
        for i in 0..<n where distinct {
            let column = box.cells.index(scratch.cells[i]) * nPrim + scratch.sites[i]
            if taken[column] || !box.contains(offset: scratch.offsets[i], kInverse: kInverse) { distinct = false }
            taken[column] = true
        }
        mean /= Double(max(n, 1))
        var distances = [Double](repeating: 0, count: n)
        var sumSquares = 0.0, largest = 0.0
        for i in 0..<n {
            let d = norm(scratch.vectors[i] - mean) / lengthScale
            distances[i] = d
            sumSquares += d * d
            largest = max(largest, d)
        }
        let rms = (sumSquares / Double(max(n, 1))).squareRoot()
        guard distinct else { return .estimate((rms, largest)) }
        return .optimal((rms, largest, distances, (0..<n).map { (scratch.sites[$0], box.cells.translation(box.cells.index(scratch.cells[$0]))) }))
    }

    /// Displacements of the optimal assignment after removing their mean, in stol units; nil when some atom has no site.
    func assign(prepared: StructureMatcher.Prepared, shift: Vector3, kReal: Basis3, kInverse: Basis3, nPrim: Int)
        -> (rms: Double, max: Double, distances: [Double], sites: [(site: Int, cell: SIMD3<Int>)])? {
        let primPositions = prepared.primPositions
        let box = pairs
        let (cells, lll, qInverse, tolerance, reach) = (box.cells, box.lll, box.qInverse, box.tolerance, box.reach)
        var problem = SparseAssignment(columns: cells.count * nPrim)
        var vectorsOf: [[Vector3]] = [], sitesOf: [[Int]] = []
        vectorsOf.reserveCapacity(prepared.fractional.count)
        sitesOf.reserveCapacity(prepared.fractional.count)
        for i in prepared.fractional.indices {
            let g = prepared.fractional[i] + shift
            let y = kReal.cartesian(g)
            let atomLLL = qInverse.cartesian(g)
            let atomWrapped = atomLLL - atomLLL.rounded(.down)
            var columns: [Int] = [], vectors: [Vector3] = []
            for j in prepared.allowed[i] {
                let e = y - primPositions[j]
                forEachLattice(e, reach: reach) { kk in
                    let b = qInverse.cartesian(kInverse.cartesian(e - realVector(kk)))
                    guard inBox(b - b.rounded(.toNearestOrEven), tolerance) else { return }
                    let column = cells.index(kk) * nPrim + j
                    if columns.contains(column) { return }
                    let siteLLL = qInverse.cartesian(kInverse.cartesian(primPositions[j] + realVector(kk)))
                    let v = shortestImage((siteLLL - siteLLL.rounded(.down)) - atomWrapped, lll.basis)
                    columns.append(column)
                    vectors.append(v)
                    problem.addEdge(column, dot3(v, v))
                }
            }
            problem.closeRow()
            vectorsOf.append(vectors)
            sitesOf.append(columns)
        }
        guard let solution = problem.solve() else { return nil }
        var chosen = [Vector3](repeating: .zero, count: solution.count)
        var mean = Vector3.zero
        for (i, column) in solution.enumerated() {
            guard let e = sitesOf[i].firstIndex(of: column) else { return nil }
            chosen[i] = vectorsOf[i][e]
            mean += chosen[i]
        }
        mean /= Double(max(solution.count, 1))
        var distances = [Double](repeating: 0, count: solution.count)
        var sumSquares = 0.0, largest = 0.0
        for i in chosen.indices {
            let d = norm(chosen[i] - mean) / lengthScale
            distances[i] = d
            sumSquares += d * d
            largest = max(largest, d)
        }
        let rms = (sumSquares / Double(max(distances.count, 1))).squareRoot()
        let sites = solution.map { column -> (site: Int, cell: SIMD3<Int>) in (column % nPrim, cells.translation(column / nPrim)) }
        return (rms, largest, distances, sites)
    }
}

/// Whether `value` beats `best` by more than rounding: candidates come least rotated first, and a
/// symmetrically equivalent candidate equal up to rounding must not displace the earlier one.
@inline(__always) private func improves(_ value: Double, on best: Double?) -> Bool {
    guard let best else { return value.isFinite }
    return value < best * (1 - 1e-9) - 1e-12
}

/// Whether |v_l| ≤ tolerance_l for every l.
@inline(__always) private func inBox(_ v: Vector3, _ tolerance: Vector3) -> Bool {
    abs(v.x) <= tolerance.x && abs(v.y) <= tolerance.y && abs(v.z) <= tolerance.z
}

/// Whether `test(e − k)` holds for some integer k within `reach` of e (component-wise).
private func anyLattice(_ e: Vector3, reach: Vector3, _ test: (Vector3) -> Bool) -> Bool {
    var found = false
    forEachLattice(e, reach: reach) { k in if !found, test(e - realVector(k)) { found = true } }
    return found
}

/// Calls `body` for every integer vector k with |k_q − e_q| ≤ reach_q.
@inline(__always) private func forEachLattice(_ e: Vector3, reach: Vector3, _ body: (SIMD3<Int>) -> Void) {
    let lo = (e - reach - 1e-9).rounded(.up), hi = (e + reach + 1e-9).rounded(.down)
    guard lo.x <= hi.x, lo.y <= hi.y, lo.z <= hi.z else { return }
    for x in Int(lo.x)...Int(hi.x) { for y in Int(lo.y)...Int(hi.y) { for z in Int(lo.z)...Int(hi.z) { body(SIMD3(x, y, z)) } } }
}

/// The shortest of w + image (image ∈ {−1, 0, 1}³) in Cartesian coordinates of `basis`, as pymatgen picks it.
@inline(__always) func shortestImage(_ w: Vector3, _ basis: Basis3) -> Vector3 {
    let base = basis.cartesian(w)
    var best = base, bestD = Double.infinity
    for a in -1...1 {
        for b in -1...1 {
            for c in -1...1 {
                let v = base + Double(a) * basis.r0 + Double(b) * basis.r1 + Double(c) * basis.r2
                let d = dot3(v, v)
                if d < bestD { bestD = d; best = v }
            }
        }
    }
    return best
}

private func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? abs(a) : gcd(b, a % b) }

/// A short number for messages (up to 3 significant digits).
func formatShort(_ x: Double) -> String { String(format: "%.3g", x) }
