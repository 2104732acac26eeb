// The pictures of convex hulls: formation energy against composition with the
// hull through the ground states for binaries, the composition triangle with
// the hull's edges for ternaries; and the predicted hull beside the DFT one.
import Language
import Structures

extension HullObject: Plottable {
    var figureNames: [String] { ["hull"] }

    /// Binaries: every structure's (formation) energy against the fraction of the species that varies,
    /// the hull through the ground states. Ternaries: the composition triangle, every structure,
    /// the ground states and the hull's edges.
    func figure(_ name: String?) throws -> Figure {
        guard (name ?? "hull") == "hull" else { throw RuntimeError("plot: a hull has the figure \"hull\", not \"\(name ?? "")\"") }
        var figure = try HullPicture(self).figure(title: "convex hull of \(entries.count) structures, \(hull.vertices.count) ground states",
                                                  pointsLabel: "structures", hullLabel: "hull")
        if hull.dimension == 1 { figure.ylabel = (formation == nil ? "energy" : "formation energy") + " (\(unit))" }
        return figure
    }
}

extension GroundStatesObject: Plottable {
    var figureNames: [String] { ["hull"] }

    /// The DFT structures and their hull, the predicted energies of every structure and the predicted hull.
    func figure(_ name: String?) throws -> Figure {
        guard (name ?? "hull") == "hull" else { throw RuntimeError("plot: ground states have the figure \"hull\", not \"\(name ?? "")\"") }
        let title = "predicted hull (\(predicted.hull.vertices.count) ground states, \(newStates.count) new) and the DFT hull"
        // Energies as they are (no formation reference): the predicted hull is compared with the DFT one as is.
        var figure = try HullPicture(predicted, formation: false).figure(title: title, pointsLabel: "predicted", hullLabel: "predicted hull")
        let dft = try HullPicture(reference, frame: HullPicture(predicted), formation: false).figure(title: title, pointsLabel: "DFT", hullLabel: "DFT hull")
        figure.series = dft.series.filter { $0.label != "composition triangle" } + figure.series
        if predicted.hull.dimension == 1 { figure.ylabel = "energy (\(predicted.unit))" }
        return figure
    }
}

/// Where a hull's structures go in a picture: x = the varying species' fraction for binaries,
/// barycentric coordinates in the triangle of the end members for ternaries.
struct HullPicture {
    let object: HullObject
    /// The plane position of every structure.
    let positions: [(x: Double, y: Double)]
    /// The energy drawn for every structure (formation energy when known).
    let levels: [Double]
    /// Axis label (binaries) or corner names (ternaries).
    let label: String

    /// Places `object`'s structures; `frame` places them in another hull's coordinates (same lattice).
    /// Energies are drawn as formation energies when the hull has them and `formation` is true.
    init(_ object: HullObject, frame: HullPicture? = nil, formation: Bool = true) throws {
        self.object = object
        let hull = object.hull
        levels = (formation ? object.formation?.energies : nil) ?? hull.energies
        let axes = object.axes
        let fractions = object.entries.map { axes.fractions(of: $0.configuration) }
        switch hull.dimension {
        case 0, 1:
            // The last species whose fraction varies names the axis.
            let k = frame?.axisSpecies ?? axes.species.indices.last { s in Set(fractions.map { $0[s] }).count > 1 } ?? (axes.species.count - 1)
            positions = fractions.map { ($0[k], 0) }
            label = axes.species[k] + " fraction"
        case 2:
            let corners = try frame?.cornerCounts ?? HullPicture.corners(object)
            let counts = object.entries.map { axes.counts(of: $0.configuration) }
            positions = try counts.map { try HullPicture.barycentric($0, corners: corners) }
            let names = corners.map { c in HullPicture.name(c, axes) }
            label = "corners: \(names[0]) (left), \(names[1]) (right), \(names[2]) (top)"
        default:
            throw RuntimeError("plot: hull pictures are for binaries and ternaries; this hull has \(hull.dimension + 1) components")
        }
    }

    /// The species index of a binary's axis.
    var axisSpecies: Int? { object.hull.dimension <= 1 ? object.axes.species.firstIndex { label == $0 + " fraction" } : nil }

    /// The compositions at the triangle's corners (a ternary's end members).
    var cornerCounts: [[Double]]? { object.hull.dimension == 2 ? try? HullPicture.corners(object) : nil }

    static func corners(_ object: HullObject) throws -> [[Double]] {
        guard let corners = object.formation?.corners, corners.count == 3 else {
            throw RuntimeError("plot: the compositions of this ternary hull do not make a triangle of end members")
        }
        return corners.map { object.axes.counts(of: object.entries[$0].configuration) }
    }

    /// The position in the triangle A (0, 0), B (1, 0), C (1/2, √3/2) of a composition given as counts.
    static func barycentric(_ x: [Double], corners: [[Double]]) throws -> (x: Double, y: Double) {
        // Solve x = Σ λ_i c_i with Σ λ_i = 1 by least squares on the counts.
        let rows = corners[0].indices.map { j in corners.map { $0[j] } } + [[1, 1, 1]]
        let a = try Matrix(rowMajor: rows)
        let lambda = try a.gram().cholesky().solve(a.transposeTimes(x + [1]))
        return (lambda[1] + 0.5 * lambda[2], lambda[2] * 3.0.squareRoot() / 2)
    }

    /// A composition's name: its species with fraction 1, else the fractions.
    static func name(_ counts: [Double], _ axes: CompositionAxes) -> String {
        let fractions = zip(counts, axes.capacity).map { $0 / $1 }
        let full = axes.species.indices.filter { abs(fractions[$0] - 1) < 1e-9 }
        if full.count == 1 { return axes.species[full[0]] }
        return axes.species.indices.filter { fractions[$0] > 1e-9 }.map { "\(axes.species[$0])\(Value.format(fractions[$0], digits: 3))" }.joined()
    }

    func figure(title: String, pointsLabel: String, hullLabel: String) throws -> Figure {
        let hull = object.hull
        var f = Figure(kind: .lines, title: title)
        if hull.dimension <= 1 {
            f.xlabel = label
            let vertices = hull.vertices.sorted { positions[$0].x < positions[$1].x }
            f.series = [
                Figure.Series(label: pointsLabel, x: positions.map(\.x), y: levels, style: .points),
                Figure.Series(label: hullLabel, x: vertices.map { positions[$0].x }, y: vertices.map { levels[$0] }, style: .linespoints),
            ]
        } else {
            f.xlabel = label
            let triangle = Figure.Series(label: "composition triangle", x: [0, 1, 0.5, 0], y: [0, 0, 3.0.squareRoot() / 2, 0], style: .lines)
            var ex: [Double] = [], ey: [Double] = []
            for (i, j) in hull.edges {
                ex += [positions[i].x, positions[j].x, .nan]
                ey += [positions[i].y, positions[j].y, .nan]
            }
            let others = object.entries.indices.filter { !hull.vertices.contains($0) }
            f.series = [
                triangle,
                Figure.Series(label: pointsLabel, x: others.map { positions[$0].x }, y: others.map { positions[$0].y }, style: .points),
                Figure.Series(label: hullLabel + " edges", x: ex, y: ey, style: .lines),
                Figure.Series(label: hullLabel + " ground states", x: hull.vertices.map { positions[$0].x }, y: hull.vertices.map { positions[$0].y }, style: .points),
            ]
        }
        return f
    }
}
