// A cluster expansion model in the language: the engine's ClusterExpansion
// with its cluster space object (which caches the cluster tables of every
// supercell it meets), how it was fitted, and its printed forms.
import Formats
import Language
import Lattice

/// `m = model(fit, features)`: a lattice, orbits, basis, conventions and ECIs as one value.
public final class ModelObject: EngineObject {
    public let expansion: ClusterExpansion
    /// The cluster space, as `clusters()` gives it (its tables are shared by every command the model feeds).
    public let clusters: ClusterSpaceObject
    /// How the coefficients were fitted (method, alpha, rmse, ...), when known; saved with the model.
    let fit: JSONObject?

    init(_ expansion: ClusterExpansion, clusters: ClusterSpaceObject? = nil, fit: JSONObject? = nil) {
        self.expansion = expansion
        self.clusters = clusters ?? ClusterSpaceObject(expansion.space)
        self.fit = fit
    }

    public var fieldNames: [String] {
        ["lattice", "clusters", "basis", "multiplicity", "coefficients", "eci", "ewald", "unit", "per", "orbits", "functions", "fit"]
    }

    public func field(_ name: String) -> Value? {
        let m = expansion
        switch name {
        case "lattice": return .object(LatticeObject(m.lattice))
        case "clusters": return .object(clusters)
        case "basis": return .string(m.basis.rawValue)
        case "multiplicity": return .bool(m.includesMultiplicity)
        case "coefficients": return .doubles(m.coefficients)
        case "eci": return .doubles(m.eci)
        case "ewald": return m.ewald.map { .double($0.coefficient) } ?? .null
        case "unit": return .string(m.energyUnit)
        case "per": return .string(ClusterExpansion.normalisation)
        case "orbits": return .int(m.space.orbits.count + 1)
        case "functions": return .int(m.space.functionCount)
        case "fit": return fit.map { Value(json: .object($0)) } ?? .null
        default: return nil
        }
    }

    /// What the coefficients multiply, as the summary and table say it.
    var convention: String { expansion.includesMultiplicity ? "m·Φ (multiplicity=true)" : "Φ (multiplicity=false)" }

    public var summary: String {
        let m = expansion, lattice = m.lattice
        var s = "model: cluster expansion on \(lattice.name) (\(lattice.sites.count) site\(lattice.sites.count == 1 ? "" : "s") per prim), "
            + "\(m.space.orbits.count + 1) orbits, \(m.space.functionCount) functions, \(m.basis.rawValue) basis, coefficients multiply \(convention)"
        if let e = m.ewald { s += ", Ewald coefficient \(Value.format(e.coefficient, digits: 6))" }
        return s + ", energies in \(m.energyUnit) per prim"
    }

    /// The summary, then one row per correlation function: its orbit, order, diameter, multiplicity,
    /// coefficient and ECI in the m·Φ convention.
    public var table: String {
        let m = expansion
        var orbit: [Value] = [.int(0)], order: [Value] = [.int(0)], diameter: [Value] = [.double(0)], multiplicity: [Value] = [.int(1)]
        for (k, o) in m.space.orbits.enumerated() {
            for _ in 0..<o.functionCount {
                orbit.append(.int(k + 1)); order.append(.int(o.order)); diameter.append(.double(o.diameter)); multiplicity.append(.int(o.multiplicity))
            }
        }
        var columns: [(name: String, values: [Value])] = [
            ("function", m.coefficients.indices.map { .int($0) }), ("orbit", orbit), ("order", order), ("diameter (Å)", diameter),
            ("multiplicity (per prim)", multiplicity), ("coefficient (\(m.energyUnit)/prim)", m.coefficients.map { .double($0) }),
        ]
        if !m.includesMultiplicity { columns.append(("ECI on m·Φ (\(m.energyUnit)/prim)", m.eci.map { .double($0) })) }
        var lines = [summary]
        if let text = try? TextTable(columns: columns, digits: 6).text { lines.append(text) }
        if let e = m.ewald { lines.append("Ewald: \(Value.format(e.coefficient, digits: 8)) × E_ewald (\(m.energyUnit)/prim), sums to \(Value.format(e.accuracy, digits: 2))") }
        return lines.joined(separator: "\n")
    }

    /// The model file's document: `save(model, "m.json")` writes it, `load` reads it back as a model.
    public func exportValue() -> Value? { Value(json: ModelFile.encode(expansion, fit: fit)) }
}
