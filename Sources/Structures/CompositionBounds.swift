// Composition bounds for enumeration and the composition classes they allow:
// species counts per sublattice, listed for a supercell size.
import Foundation
import Lattice

/// Bounds on the fraction of one species among the sites that may hold it.
///
///     let bound = try CompositionBound(lattice: fcc, species: "Pd", minimum: 0.25, maximum: 0.5)
public struct CompositionBound: Sendable {
    /// The species as written.
    public let species: String
    /// Lowest and highest fraction (inclusive) among the sites whose space holds the species.
    public let minimum: Double
    public let maximum: Double
    /// (sublattice, species index) pairs the bound counts.
    let members: [(sublattice: Int, species: Int)]

    /// A bound on `species` (matched like structure files: "Li" matches "Li+" when that is its only charge).
    public init(lattice: CrystalLattice, species name: String, minimum: Double, maximum: Double) throws {
        guard minimum.isFinite, maximum.isFinite, minimum <= maximum else {
            throw LatticeError("the bounds of \(name) must be numbers with minimum <= maximum, got [\(minimum), \(maximum)]")
        }
        let wanted = try Species(parsing: name)
        var members: [(Int, Int)] = []
        for (k, sub) in lattice.sublattices.enumerated() {
            let index = sub.space.species.firstIndex(of: wanted)
                ?? sub.space.index(element: wanted.element, charge: wanted.hasCharge ? wanted.charge : nil)
            if let index { members.append((k, index)) }
        }
        guard !members.isEmpty else {
            let all = lattice.sublattices.flatMap(\.space.species).map(\.description)
            var names: [String] = []
            for s in all where !names.contains(s) { names.append(s) }
            throw LatticeError("\(name) is not a species of this lattice (its species: \(names.joined(separator: ", ")))")
        }
        self.species = name
        self.minimum = minimum
        self.maximum = maximum
        self.members = members
    }
}

/// The species counts of one composition class of a supercell: `counts[offset[k] + c]` sites of
/// sublattice k hold its species c.
struct CompositionClasses {
    /// Start of each sublattice's counts (count = sublattices + 1).
    let offset: [Int]
    /// Sites of each sublattice in the supercell.
    let sites: [Int]
    /// The allowed classes, each `offset.last` counts, in lexicographic order.
    let classes: [[Int]]

    /// The largest number of classes listed for one size.
    static let maximumClasses = 2_000_000

    /// The number of classes before bounds, per the stars-and-bars count of each sublattice.
    static func unboundedCount(lattice: CrystalLattice, cells: Int) -> Double {
        lattice.sublattices.reduce(1.0) { product, sub in
            product * binomial(cells * sub.sites.count + sub.space.count - 1, sub.space.count - 1)
        }
    }

    /// Lists the classes of a supercell of `cells` primitive cells that satisfy `bounds`.
    init(lattice: CrystalLattice, cells: Int, bounds: [CompositionBound]) throws {
        let subs = lattice.sublattices
        var offset = [0]
        for sub in subs { offset.append(offset[offset.count - 1] + sub.space.count) }
        let sites = subs.map { cells * $0.sites.count }
        let total = CompositionClasses.unboundedCount(lattice: lattice, cells: cells)
        guard total <= Double(CompositionClasses.maximumClasses) else {
            throw LatticeError("a supercell of \(cells) cells has \(formatCount(total)) compositions, more than the \(CompositionClasses.maximumClasses) ce lists; use smaller sizes")
        }
        var found: [[Int]] = []
        var counts = [Int](repeating: 0, count: offset[subs.count])
        let capacities = bounds.map { bound in Set(bound.members.map(\.sublattice)).reduce(0) { $0 + cells * subs[$1].sites.count } }
        func allowed() -> Bool {
            for (b, bound) in bounds.enumerated() {
                let n = bound.members.reduce(0) { $0 + counts[offset[$1.sublattice] + $1.species] }
                let x = Double(n) / Double(capacities[b])
                if x < bound.minimum - 1e-9 || x > bound.maximum + 1e-9 { return false }
            }
            return true
        }
        // Sublattice by sublattice, species by species: each sublattice's counts sum to its sites.
        func fill(_ k: Int, _ c: Int, _ left: Int) {
            if k == subs.count {
                if allowed() { found.append(counts) }
                return
            }
            let m = subs[k].space.count
            if c == m - 1 {
                counts[offset[k] + c] = left
                fill(k + 1, 0, k + 1 < subs.count ? sites[k + 1] : 0)
                return
            }
            for v in stride(from: left, through: 0, by: -1) {
                counts[offset[k] + c] = v
                fill(k, c + 1, left - v)
            }
        }
        if !subs.isEmpty { fill(0, 0, sites[0]) }
        self.offset = offset
        self.sites = sites
        classes = found
    }
}

/// C(n, k) as a Double.
func binomial(_ n: Int, _ k: Int) -> Double {
    guard k >= 0, k <= n else { return 0 }
    var r = 1.0
    for i in 0..<min(k, n - k) { r = r * Double(n - i) / Double(i + 1) }
    return r.rounded()
}

/// A count for messages: exact below 10^15, else in scientific notation.
func formatCount(_ x: Double) -> String {
    if x < 1e15 { return String(Int(x.rounded())) }
    let exponent = Int(log10(x).rounded(.down))
    let mantissa = x / pow(10, Double(exponent))
    return String(format: "%.1fe%d", mantissa, exponent)
}
