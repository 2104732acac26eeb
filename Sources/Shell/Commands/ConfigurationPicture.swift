// The picture of a 2D configuration: its sites at their Cartesian positions,
// coloured by the species on them (the source paper's Fig. 3).
import Language
import Lattice

extension ConfigurationObject: Plottable {
    public var figureNames: [String] { ["sites"] }

    public func figure(_ name: String?) throws -> Figure {
        try ConfigurationPicture.figure(of: configuration)
    }
}

/// Builds site pictures of configurations.
enum ConfigurationPicture {
    /// Sites coloured by species; 2D lattices only (every site at the same height).
    static func figure(of configuration: Configuration, title: String? = nil) throws -> Figure {
        let supercell = configuration.supercell
        let lattice = supercell.lattice
        let perPrim = lattice.sites.count
        var x: [Double] = [], y: [Double] = [], classes: [Int] = []
        var names: [String] = []
        var heights: Set<Double> = []
        for (i, occupant) in configuration.occupation.enumerated() {
            let cell = supercell.cells[i / perPrim]
            let position = lattice.cartesian(site: i % perPrim, cell: cell)
            heights.insert((position.z * 1e6).rounded() / 1e6)
            let species = supercell.space(i).species[occupant].description
            let index = names.firstIndex(of: species) ?? { names.append(species); return names.count - 1 }()
            x.append(position.x)
            y.append(position.y)
            classes.append(index)
        }
        guard heights.count <= 1 else {
            throw RuntimeError("plot: pictures of configurations are for 2D lattices; this one has sites at \(heights.count) heights")
        }
        var figure = Figure(kind: .sites, title: title ?? "\(lattice.name), \(supercell.siteCount) sites")
        figure.classNames = names
        figure.series = [Figure.Series(x: x, y: y, classes: classes, style: .points)]
        figure.width = 640
        figure.height = 560
        return figure
    }
}
