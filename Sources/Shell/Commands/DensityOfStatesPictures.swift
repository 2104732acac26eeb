// The ready-made pictures of a density of states: ln g(E) against the energy
// per supercell, and the heat capacity C(T) it gives (the peak marks a phase
// transition; its position and height are what finite-size studies read off).
import Language
import MonteCarlo

extension DensityOfStatesObject: Plottable {
    public var figureNames: [String] { ["ln_g", "heat_capacity"] }

    /// The temperatures of the C(T) picture, as kT: 120 points from 0.05 to 1.5 times the energy
    /// spread per site (the range where an order-disorder transition of the model shows).
    var heatCapacityGrid: [Double] {
        let spread = ((dos.energies.last ?? 1) - (dos.energies.first ?? 0)) / Double(max(1, sites))
        let width = max(spread, dos.binWidth / Double(max(1, sites)))
        let low = 0.05 * width, high = 1.5 * width
        return (0..<120).map { low + (high - low) * Double($0) / 119 }
    }

    public func figure(_ name: String?) throws -> Figure {
        switch name ?? "ln_g" {
        case "ln_g":
            var f = Figure(kind: .lines, title: "density of states of \(sites) sites (\(method), \(dos.energies.count) energy levels)")
            f.xlabel = "energy E (" + (scale.unit.map { "\($0) per supercell" } ?? "per supercell, dimensionless") + ")"
            f.ylabel = "ln g(E) (g: configurations per level)"
            f.series = [Figure.Series(label: "ln g", x: dos.energies, y: dos.logDensity, style: .linespoints)]
            return f
        case "heat_capacity":
            let grid = heatCapacityGrid
            let capacity = grid.map { dos.thermodynamics(kT: $0).heatCapacity / Double(max(1, sites)) }
            var f = Figure(kind: .lines, title: "heat capacity of \(sites) sites from the density of states (\(method))")
            if let kB = scale.boltzmann {
                f.xlabel = "T (K)"
                f.series = [Figure.Series(label: "C", x: grid.map { $0 / kB }, y: capacity)]
            } else {
                f.xlabel = "kT (\(scale.label))"
                f.series = [Figure.Series(label: "C", x: grid, y: capacity)]
            }
            f.ylabel = "heat capacity C (k_B per site)"
            return f
        case let other:
            throw RuntimeError("plot: a density of states draws \"ln_g\" or \"heat_capacity\", not \"\(other)\"")
        }
    }
}
