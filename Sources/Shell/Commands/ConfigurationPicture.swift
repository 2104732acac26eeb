// The picture of a 2D configuration: its sites at their Cartesian positions,
// coloured by the species on them (the source paper's Fig. 3).
import Language
import Lattice

extension ConfigurationObject: Plottable {
    public var figureNames: [String] { ["sites"] }

    public func figure(_ name: String?) throws -> Figure {
        let supercell = configuration.supercell
        return try SiteLayout(supercell: supercell).figure(
            occupation: configuration.occupation, title: "\(supercell.lattice.name), \(supercell.siteCount) sites")
    }
}
