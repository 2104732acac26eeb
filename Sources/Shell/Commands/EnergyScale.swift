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

    /// The temperatures a caller gave as `temperature=` (K) or `kT=` (the model's unit), as kT in
    /// the model's unit: exactly one of the two, a non-empty list, each finite and > 0.
    ///
    ///     try EnergyScale(unit: "eV").kT(kelvin: [300, 600], kT: nil, callee: "phase_diagram", model: "cluster expansion")
    func kT(kelvin: [Double]?, kT: [Double]?, callee: String, model: String) throws -> [Double] {
        let given: [Double], factor: Double
        switch (kelvin, kT) {
        case (let t?, nil):
            given = t
            factor = try self.factor(kelvin: true, callee: callee, model: model)
        case (nil, let k?):
            given = k
            factor = 1
        case (nil, nil): throw RuntimeError("\(callee): give temperature= (K) or kT= (\(label))")
        case (_?, _?): throw RuntimeError("\(callee): give temperature= (K) or kT=, not both")
        }
        guard !given.isEmpty else { throw RuntimeError("\(callee): the temperature list is empty") }
        for (k, t) in given.enumerated() where !(t > 0 && t.isFinite) {
            throw RuntimeError("\(callee): temperature \(k + 1) of the list is \(Value.format(t, digits: 6)); temperatures must be finite and > 0")
        }
        return given.map { $0 * factor }
    }
}
