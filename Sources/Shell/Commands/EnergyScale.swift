// The unit of a Monte Carlo model's energies and how temperatures convert to
// it: models in eV (cluster expansions) take temperatures in kelvin or kT in
// eV; dimensionless models (charge balance, Ising) take kT only.
import Language
import Numerics

/// A model's energy unit, and k_B in that unit per kelvin when kelvin means something for it.
///
///     EnergyScale(unit: "eV").kT(kelvin: 300)   // 0.02585 eV
struct EnergyScale {
    /// The energy unit ("eV", "meV"), nil for a dimensionless model.
    let unit: String?

    /// A dimensionless model (the charge-balance and pair models).
    static let dimensionless = EnergyScale(unit: nil)

    /// k_B in the model's unit per kelvin; nil when the unit is not an energy ce converts.
    var boltzmann: Double? {
        switch unit {
        case "eV": return PhysicalConstants.boltzmann
        case "meV": return PhysicalConstants.boltzmann * 1000
        default: return nil
        }
    }

    /// How energies are labelled: "eV" or "dimensionless".
    var label: String { unit ?? "dimensionless" }

    /// "eV per supercell", "per supercell (dimensionless)".
    var perSupercell: String { unit.map { "\($0) per supercell" } ?? "per supercell (dimensionless)" }

    /// The multiplier from the temperatures a caller gave to kT in model units: k_B for kelvin, 1 for kT.
    func factor(kelvin: Bool, callee: String, model: String) throws -> Double {
        guard kelvin else { return 1 }
        guard let kB = boltzmann else {
            let unitText = unit.map { "in \($0), which ce does not convert kelvin to" } ?? "dimensionless"
            throw RuntimeError("\(callee): the \(model) energy is \(unitText): give kT= (k_B·T in the model's energy unit), not temperature= in K")
        }
        return kB
    }
}
