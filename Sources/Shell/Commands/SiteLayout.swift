// Where the sites of a 2D system are and what their occupations are called:
// what a picture of a configuration needs, whether it came from a built-in
// L x L lattice of a Monte Carlo run or from a lattice supercell.
import Language
import Lattice

/// Site positions in the plane and species names, for configuration pictures.
///
///     let layout = SiteLayout.grid(size: 48, triangular: true, species: ["Mn", "Li"])
///     let fig = layout.figure(occupation: run.final.occupation, title: "final")
struct SiteLayout {
    let x: [Double]
    let y: [Double]
    /// The unit of the positions: "Å" for a lattice's supercell, lattice spacings on the built-in grids.
    var unit = "lattice spacings"
    /// The species name of occupation `σ` at site `i`.
    let speciesName: (_ site: Int, _ occupation: Int) -> String

    /// The periodic L x L lattices of the Monte Carlo commands: site (a, b) has index a·L + b,
    /// at (a + b/2, b·√3/2) on the triangular lattice and (a, b) on the square one.
    static func grid(size: Int, triangular: Bool, species: [String]) -> SiteLayout {
        var x: [Double] = [], y: [Double] = []
        x.reserveCapacity(size * size)
        y.reserveCapacity(size * size)
        for a in 0..<size {
            for b in 0..<size {
                x.append(triangular ? Double(a) + 0.5 * Double(b) : Double(a))
                y.append(triangular ? Double(b) * 0.75.squareRoot() : Double(b))
            }
        }
        return SiteLayout(x: x, y: y) { _, s in s < species.count ? species[s] : "?" }
    }

    /// The sites of a supercell of a 2D lattice; throws for a 3D one.
    init(supercell: Supercell) throws {
        let lattice = supercell.lattice
        let perPrim = lattice.sites.count
        var x: [Double] = [], y: [Double] = []
        var heights: Set<Double> = []
        for i in 0..<supercell.siteCount {
            let p = lattice.cartesian(site: i % perPrim, cell: supercell.cells[i / perPrim])
            heights.insert((p.z * 1e6).rounded() / 1e6)
            x.append(p.x)
            y.append(p.y)
        }
        guard heights.count <= 1 else {
            throw RuntimeError("plot: pictures of configurations are for 2D lattices; this one has sites at \(heights.count) heights")
        }
        self.init(x: x, y: y) { i, s in
            let species = supercell.space(i).species
            return s < species.count ? species[s].description : "?"
        }
        unit = "Å"
    }

    init(x: [Double], y: [Double], speciesName: @escaping (Int, Int) -> String) {
        self.x = x
        self.y = y
        self.speciesName = speciesName
    }

    /// The sites coloured by the species `occupation` puts on them; species keep the
    /// order of their occupation index, so colours mean the same in every picture.
    func figure(occupation: [Int], title: String) throws -> Figure {
        guard occupation.count == x.count else {
            throw RuntimeError("plot: \(occupation.count) occupations for \(x.count) sites")
        }
        var firstIndex: [String: Int] = [:]
        var siteNames: [String] = []
        siteNames.reserveCapacity(occupation.count)
        for (i, s) in occupation.enumerated() {
            let name = speciesName(i, s)
            siteNames.append(name)
            firstIndex[name] = min(firstIndex[name] ?? s, s)
        }
        let names = firstIndex.keys.sorted { (firstIndex[$0] ?? 0, $0) < (firstIndex[$1] ?? 0, $1) }
        let classOf = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        var figure = Figure(kind: .sites, title: title)
        figure.xlabel = "x (\(unit))"
        figure.ylabel = "y (\(unit))"
        figure.classNames = names
        figure.series = [Figure.Series(x: x, y: y, classes: siteNames.map { classOf[$0] ?? 0 }, style: .points)]
        // Large lattices get a larger image, so each site stays visible.
        figure.size.width = max(6.4, min(16, Double(x.count).squareRoot() * 0.24))
        figure.size.height = figure.size.width * 7 / 8
        return figure
    }
}
