// A cluster expansion as ATAT keeps one: lat.in (the lattice), clusters.out
// (one block per correlation function: multiplicity per unit cell, diameter,
// points) and eci.out (one ECI per block), written and read back. ATAT's
// energy per lat.in unit cell is Σ_b mult_b ECI_b Π_b, its basis the
// sinusoidal one (corrdump's "-cos(2π s/m), -sin(2π s/m), ..." with s the
// species' place in lat.in), which is ce's sinusoid basis.
import Foundation
import Lattice

/// ATAT's lat.in, clusters.out and eci.out for a cluster expansion.
///
/// lat.in takes the primitive vectors (Å) as its coordinate system and the identity as lattice
/// vectors, so every point in clusters.out is in fractional coordinates and every length in Å.
/// Species are written as ce names them ("Li+", "Vac"). Each ce correlation function f (a class of
/// labelings of an orbit with m_f clusters per prim) is one block with multiplicity m_f·|class_f|
/// (its labeled clusters per cell) and ECI J_f / |class_f|, so Σ_b mult_b ECI_b Π_b is ce's
/// Σ_f J_f m_f Φ_f. A lattice whose active sites all hold two species gets the binary layout
/// (points "x y z"); otherwise each point also gives M - 2 and its function index α - 1.
///
///     let files = try ATATModel.write(model)          // (latIn, clustersOut, eciOut)
///     let back = try ATATModel.read(latIn: files.latIn, clustersOut: files.clustersOut, eciOut: files.eciOut)
public enum ATATModel {
    /// The three files' text. Throws for what ATAT cannot hold: an Ewald term, a basis other than sinusoid.
    public static func write(_ model: ClusterExpansion) throws -> (latIn: String, clustersOut: String, eciOut: String) {
        if let ewald = model.ewald {
            throw FormatError("ATAT's clusters.out has no Ewald term, and this model has one (coefficient \(ewald.coefficient)); fit without ewald=true to export to ATAT")
        }
        guard model.basis == .sinusoid else {
            throw FormatError("ATAT's correlations use the sinusoid basis; this model uses the \(model.basis.rawValue) basis")
        }
        let lattice = model.lattice
        let binary = lattice.activeSites.allSatisfy { lattice.sites[$0].space.count == 2 }
        var latIn = ""
        for k in 0..<3 { latIn += numbers([lattice.vectors.row(k).x, lattice.vectors.row(k).y, lattice.vectors.row(k).z]) + "\n" }
        latIn += "1 0 0\n0 1 0\n0 0 1\n"
        for site in lattice.sites {
            latIn += numbers([site.position.x, site.position.y, site.position.z]) + " "
                + site.space.species.map(\.description).joined(separator: ",") + "\n"
        }
        let eci = model.eci
        var blocks = ["1\n" + number(0) + "\n0\n"]
        var ecis = [eci[0]]
        var f = 1
        for orbit in model.space.orbits {
            for labelings in orbit.functions {
                var block = "\(orbit.multiplicity * labelings.count)\n" + number(orbit.diameter) + "\n\(orbit.order)\n"
                for (k, point) in orbit.representative.enumerated() {
                    let x = lattice.fractional(point)
                    block += numbers([x.x, x.y, x.z])
                    if !binary { block += " \(lattice.sites[point.site].space.count - 2) \(labelings[0][k] - 1)" }
                    block += "\n"
                }
                blocks.append(block)
                ecis.append(eci[f] / Double(labelings.count))
                f += 1
            }
        }
        return (latIn, blocks.joined(separator: "\n"), ecis.map { number($0) + "\n" }.joined())
    }

    /// The model of the three files: the lattice from lat.in, one orbit per geometric cluster of
    /// clusters.out (in order of first appearance), the ECIs of eci.out. A point that is not a site
    /// of the lattice, or a multiplicity the cluster does not have on it, is refused; functions
    /// clusters.out does not list get ECI 0.
    public static func read(latIn: String, clustersOut: String, eciOut: String, name: String = "lat.in") throws -> ClusterExpansion {
        let lattice = try ATAT.lattice(latIn, name: name)
        let axes = try ATAT.coordinateSystem(latIn)
        let inverse = lattice.inverseVectors
        let blocks = try parseBlocks(clustersOut, axes: axes, inverse: inverse)
        let values = try parseECIs(eciOut)
        guard values.count == blocks.count else {
            throw FormatError("eci.out has \(values.count) ECIs but clusters.out has \(blocks.count) clusters")
        }
        let points = try blocks.map { block in
            try block.points.map { try lattice.point(at: $0, tolerance: 1e-4, what: "clusters.out line \(block.line)") }
        }
        // One orbit per geometric cluster, in order of first appearance (a multicomponent
        // cluster has one block per function).
        let clustered = points.indices.filter { !points[$0].isEmpty }
        let firsts = ClusterSpace.firstOfEachOrbit(clustered.map { points[$0] }, lattice: lattice)
        let space: ClusterSpace
        do { space = try ClusterSpace(lattice: lattice, points: firsts.map { points[clustered[$0]] }, cutoffs: [:]) } catch let e as LatticeError {
            throw FormatError("clusters.out: the clusters do not fit the lattice: \(e.message)")
        }
        var eci = [Double](repeating: 0, count: space.functionCount)
        var given = [Int?](repeating: nil, count: space.functionCount)
        let starts = space.functionStarts
        for (b, block) in blocks.enumerated() {
            let k: Int, scale: Double
            if points[b].isEmpty {
                guard block.multiplicity == 1 else {
                    throw FormatError("clusters.out: the empty cluster has multiplicity 1, not \(block.multiplicity)", line: block.line)
                }
                (k, scale) = (0, 1)
            } else {
                guard let o = space.orbitIndex(of: points[b]),
                      let f = space.function(of: points[b], labels: block.functions.map { $0 + 1 }, orbit: o) else {
                    throw FormatError("clusters.out: function indices \(block.functions) are not a function of this cluster on the lattice", line: block.line)
                }
                let m = space.orbits[o].multiplicity, size = space.orbits[o].functions[f].count
                // ATAT's multiplicity counts the labeled clusters per unit cell (m·|class|); m alone is taken too.
                guard block.multiplicity == m * size || block.multiplicity == m else {
                    throw FormatError("clusters.out: the clusters do not fit the lattice: multiplicity \(block.multiplicity), but the cluster has \(m) per unit cell on it\(size > 1 ? " (\(m * size) labeled)" : "")", line: block.line)
                }
                (k, scale) = (starts[o] + f, Double(block.multiplicity / m))
            }
            if let earlier = given[k] {
                throw FormatError("clusters.out: the same function as the block at line \(earlier)", line: block.line)
            }
            given[k] = block.line
            eci[k] = values[b] * scale
        }
        do {
            return try ClusterExpansion(space: space, basis: .sinusoid, coefficients: eci, includesMultiplicity: true)
        } catch let e as LatticeError { throw FormatError(e.message) }
    }

    /// One block of clusters.out: multiplicity, points (Cartesian in lat.in's axes, converted to fractional) and function indices.
    struct Block {
        var multiplicity: Int
        var points: [Vector3]
        var functions: [Int]
        var line: Int
    }

    static func parseBlocks(_ text: String, axes: Matrix3, inverse: Matrix3) throws -> [Block] {
        var lines: [(Substring, Int)] = []
        for (k, l) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let t = l.trimmingCharacters(in: .whitespaces)
            if !t.isEmpty { lines.append((Substring(t), k + 1)) }
        }
        var blocks: [Block] = []
        var i = 0
        func words(_ j: Int) -> [Double] { lines[j].0.split(whereSeparator: { $0 == " " || $0 == "\t" }).compactMap { Double($0) } }
        while i < lines.count {
            let line = lines[i].1
            guard let m = Int(lines[i].0), m > 0 else { throw FormatError("clusters.out: expected a multiplicity (a positive integer), got '\(lines[i].0.prefix(40))'", line: line) }
            guard i + 2 < lines.count, Double(lines[i + 1].0) != nil, let n = Int(lines[i + 2].0), (0...6).contains(n) else {
                throw FormatError("clusters.out: a block is the multiplicity, the diameter, the number of points (0 to 6), then one line per point", line: line)
            }
            guard i + 2 + n < lines.count else { throw FormatError("clusters.out: the file ends inside the block", line: line) }
            var points: [Vector3] = [], functions: [Int] = []
            for j in (i + 3)..<(i + 3 + n) {
                let v = words(j)
                let count = lines[j].0.split(whereSeparator: { $0 == " " || $0 == "\t" }).count
                guard v.count == count, v.count == 3 || v.count == 5 else {
                    throw FormatError("clusters.out: a point is 'x y z' or 'x y z M-2 function'", line: lines[j].1)
                }
                points.append(inverse.leftMultiply(axes.leftMultiply(Vector3(v[0], v[1], v[2]))))
                guard v.count == 3 || (v[4] >= 0 && v[4] < 64 && v[4].rounded() == v[4]) else {
                    throw FormatError("clusters.out: the function index must be a whole number 0 or more", line: lines[j].1)
                }
                functions.append(v.count == 5 ? Int(v[4]) : 0)
            }
            blocks.append(Block(multiplicity: m, points: points, functions: functions, line: line))
            i += 3 + n
        }
        return blocks
    }

    static func parseECIs(_ text: String) throws -> [Double] {
        var values: [Double] = []
        for (k, l) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let t = l.trimmingCharacters(in: .whitespaces)
            if t.isEmpty { continue }
            guard let v = Double(t), v.isFinite else { throw FormatError("eci.out: expected one number per line, got '\(t.prefix(40))'", line: k + 1) }
            values.append(v)
        }
        return values
    }

    /// A float in its shortest round-trip form.
    static func number(_ x: Double) -> String { x == 0 ? "0" : x.description }

    static func numbers(_ xs: [Double]) -> String { xs.map(number).joined(separator: " ") }
}
