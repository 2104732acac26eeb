// The lattice model: primitive vectors, fractional sites with their site
// spaces, the space group, and the sublattices that follow from them.

/// One site of the primitive cell.
public struct LatticeSite: Sendable {
    /// Fractional position in the primitive cell.
    public let position: Vector3
    /// The species allowed here.
    public let space: SiteSpace

    public init(position: Vector3, space: SiteSpace) {
        self.position = position
        self.space = space
    }
}

/// A sublattice: symmetry-equivalent sites sharing one site space.
public struct Sublattice: Sendable {
    /// Label used in tables ("A", "B", ...).
    public let label: String
    /// Indices of its primitive-cell sites.
    public let sites: [Int]
    /// Its site space.
    public let space: SiteSpace
}

/// A periodic lattice of sites with site spaces (the "prim" of a cluster expansion).
///
///     let fcc = try CrystalLattice.builtin("fcc", a: 4.0, species: [["Ag", "Pd"]])
///     fcc.spaceGroup.symbol        // "Fm-3m"
///     fcc.activeSites              // [0]
public struct CrystalLattice: Sendable {
    /// A name for printing ("fcc", a file name, "custom").
    public var name: String
    /// Lattice vectors as rows, Å.
    public let vectors: Matrix3
    /// Inverse of `vectors` (Cartesian row vector to fractional: x · A⁻¹).
    public let inverseVectors: Matrix3
    /// The sites of the primitive cell.
    public let sites: [LatticeSite]
    /// The space group of the disordered cell (site spaces as types).
    public let spaceGroup: SpaceGroup
    /// Sublattices in order of first site.
    public let sublattices: [Sublattice]
    /// For each site, the index of its sublattice.
    public let sublatticeOfSite: [Int]

    /// Builds a lattice from row vectors and sites; finds its symmetry.
    public init(name: String = "custom", vectors: Matrix3, sites: [LatticeSite], symprec: Double = 1e-5) throws {
        guard !sites.isEmpty else { throw LatticeError("a lattice needs at least one site") }
        guard vectors.m.allSatisfy({ $0.isFinite }), vectors.determinant.isFinite else {
            throw LatticeError("the lattice vectors must be finite numbers (got \(vectors.m))")
        }
        for (k, site) in sites.enumerated() where !(abs(site.position.x) < 1e6 && abs(site.position.y) < 1e6 && abs(site.position.z) < 1e6) {
            throw LatticeError("site \(k) has fractional position [\(site.position.x), \(site.position.y), \(site.position.z)]: coordinates must be finite (|x| < 10^6)")
        }
        guard let inv = vectors.inverse, abs(vectors.determinant) > 1e-8 else {
            throw LatticeError("the lattice vectors are linearly dependent (zero cell volume)")
        }
        // Lattice sums (Ewald, neighbours) scan translations out to a reach times |A⁻¹|: a sane
        // primitive cell keeps that scan finite (and its count an Int).
        let lengths = (0..<3).map { norm(vectors.row($0)) }
        let shown = lengths.map { String(format: "%.3g", $0) }.joined(separator: ", ")
        guard lengths.allSatisfy({ $0 >= 1e-3 && $0 <= 1e6 }) else {
            throw LatticeError("lattice vector lengths must be between 0.001 and 10^6 Å, got \(shown)")
        }
        guard (lengths.max() ?? 1) <= 1000 * (lengths.min() ?? 1) else {
            throw LatticeError("lattice vector lengths differ by more than a factor of 1000 (\(shown) Å); use a primitive cell of sensible shape")
        }
        guard abs(vectors.determinant) >= 1e-6 * lengths.reduce(1, *) else {
            throw LatticeError("the lattice vectors are nearly coplanar (cell volume \(String(format: "%.3g", abs(vectors.determinant))) Å³)")
        }
        self.name = name
        self.vectors = vectors
        self.inverseVectors = inv
        self.sites = sites.map { LatticeSite(position: $0.position - ($0.position + Vector3(repeating: 1e-9)).rounded(.down), space: $0.space) }
        var spaces: [SiteSpace] = []
        let types = sites.map { site -> Int in
            if let k = spaces.firstIndex(of: site.space) { return k }
            spaces.append(site.space)
            return spaces.count - 1
        }
        for i in 0..<sites.count {
            for j in 0..<i {
                var d = self.sites[i].position - self.sites[j].position
                d -= d.rounded(.toNearestOrAwayFromZero)
                if norm(vectors.leftMultiply(d)) < 1e-3 {
                    throw LatticeError("sites \(j) and \(i) are at the same position")
                }
            }
        }
        let group = try SpaceGroup(vectors: vectors, positions: self.sites.map(\.position), types: types, symprec: symprec)
        spaceGroup = group
        var subs: [Sublattice] = []
        var ofSite = [Int](repeating: 0, count: sites.count)
        var firstToSub: [Int: Int] = [:]
        for i in 0..<sites.count {
            let rep = group.equivalentSites[i]
            if let k = firstToSub[rep] {
                ofSite[i] = k
            } else {
                let k = subs.count
                firstToSub[rep] = k
                ofSite[i] = k
                subs.append(Sublattice(label: sublatticeLabel(k), sites: [], space: sites[i].space))
            }
        }
        sublattices = subs.enumerated().map { k, s in
            Sublattice(label: s.label, sites: (0..<sites.count).filter { ofSite[$0] == k }, space: s.space)
        }
        sublatticeOfSite = ofSite
    }

    /// Convenience: builds a lattice from row vectors, fractional positions and species names per site.
    public init(name: String = "custom", vectors: [[Double]], positions: [[Double]], species: [[String]]) throws {
        guard vectors.count == 3, vectors.allSatisfy({ $0.count == 3 }) else {
            throw LatticeError("lattice vectors must be three rows of three numbers")
        }
        guard positions.count == species.count else {
            throw LatticeError("\(positions.count) site positions but \(species.count) species lists")
        }
        let sites = try zip(positions, species).map { p, s -> LatticeSite in
            guard p.count == 3 else { throw LatticeError("site position \(p) needs three fractional coordinates") }
            return LatticeSite(position: Vector3(p[0], p[1], p[2]), space: try SiteSpace(s))
        }
        try self.init(name: name, vectors: Matrix3(rows: vectors), sites: sites)
    }

    /// Whether `other` has the same vectors, site positions and site spaces (within 1e-6), so
    /// configurations and cluster spaces built on either fit together.
    ///
    ///     fcc.matches(try CrystalLattice.builtin("fcc", a: 4.0, species: [["Ag", "Pd"]]))
    public func matches(_ other: CrystalLattice) -> Bool {
        guard sites.count == other.sites.count, zip(vectors.m, other.vectors.m).allSatisfy({ abs($0 - $1) <= 1e-6 }) else { return false }
        return zip(sites, other.sites).allSatisfy { a, b in
            a.space == b.space && abs(a.position.x - b.position.x) <= 1e-6 && abs(a.position.y - b.position.y) <= 1e-6 && abs(a.position.z - b.position.z) <= 1e-6
        }
    }

    /// Indices of sites with more than one allowed species.
    public var activeSites: [Int] { sites.indices.filter { sites[$0].space.isActive } }

    /// Cell volume, Å³.
    public var volume: Double { abs(vectors.determinant) }

    /// Cartesian position of site s translated by the integer cell vector t.
    @inline(__always) public func cartesian(site s: Int, cell t: SIMD3<Int>) -> Vector3 {
        vectors.leftMultiply(sites[s].position + Vector3(Double(t.x), Double(t.y), Double(t.z)))
    }

    /// A multi-line description: vectors, space group, sublattices and site spaces.
    public var description: String {
        var lines = ["lattice \(name): \(sites.count) site\(sites.count == 1 ? "" : "s") per cell, space group \(spaceGroup.symbol) (\(spaceGroup.number)), \(spaceGroup.operations.count) operations, volume \(formatFixed(volume, 4)) Å^3"]
        for i in 0..<3 {
            let r = vectors.row(i)
            lines.append("  a\(i + 1) = (\(formatFixed(r.x, 6)), \(formatFixed(r.y, 6)), \(formatFixed(r.z, 6)))")
        }
        lines.append("  sublattice  sites  position                  species")
        for sub in sublattices {
            let p = sites[sub.sites[0]].position
            let pos = "(\(formatFixed(p.x, 4)), \(formatFixed(p.y, 4)), \(formatFixed(p.z, 4)))"
            lines.append("  " + pad(sub.label, 10) + "  " + pad(String(sub.sites.count), 5) + "  " + pad(pos, 24) + "  " + sub.space.description + (sub.space.isActive ? "" : " (inactive)"))
        }
        return lines.joined(separator: "\n")
    }
}

/// Sublattice labels A, B, ..., Z, A1, B1, ...
func sublatticeLabel(_ k: Int) -> String {
    let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return k < 26 ? String(letters[k]) : String(letters[k % 26]) + String(k / 26)
}

/// Fixed-point formatting with `digits` decimals (deterministic, locale-free).
func formatFixed(_ x: Double, _ digits: Int) -> String {
    let v = abs(x) < 0.5 * pow(10, Double(-digits)) ? 0 : x
    return String(format: "%.\(digits)f", v)
}

/// Left-aligns text in a field of `width` characters.
func pad(_ s: String, _ width: Int) -> String {
    s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
}

/// Right-aligns text in a field of `width` characters.
func padLeft(_ s: String, _ width: Int) -> String {
    s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
}

import Foundation
