// The structures the structure commands take and give: one entry per
// structure (id, configuration, energy per prim when known), gathered from
// mapped DFT structures, enumerations, configurations and the results of
// hull, ground_states, sqs and next_structures; and their compositions.
import Language
import Lattice
import Regression
import Structures

/// One structure: a name, its configuration and, when known, its energy per primitive cell.
struct StructureEntry {
    let id: String
    let configuration: Configuration
    /// eV per primitive cell (DFT or predicted), nil when unknown.
    var energy: Double?

    /// The atoms to write out, with the energy of the whole cell (structure files carry totals).
    var atoms: AtomicStructure {
        AtomicStructure(configuration: configuration, id: id, energy: energy.map { $0 * Double(configuration.supercell.cellCount) })
    }
}

/// An engine result that holds structures `hull`, `features`, `write_structures` and `save` can take.
protocol StructureHolding: EngineObject {
    var entries: [StructureEntry] { get }
}

enum StructureSources {
    /// The structures of a value: mapped structures (with their DFT energies per prim), an
    /// enumeration, a configuration ("configuration-1", "configuration-2", ... in order), a
    /// structure-holding result, or a list of any of these.
    static func collect(_ value: Value, callee: String) throws -> [StructureEntry] {
        var configurations = 0
        func gather(_ value: Value) throws -> [StructureEntry] {
            switch value {
            case .list(let list):
                return try list.items.flatMap(gather)
            case .object(let object):
                if let set = object as? StructureSetObject {
                    // The energies the fits see: per prim, total or formation as structures(...) stated.
                    return zip(set.mapped, set.energiesPerPrim).map { m, e in
                        StructureEntry(id: m.id, configuration: m.configuration, energy: e)
                    }
                }
                if let holder = object as? StructureHolding { return holder.entries }
                if let c = object as? ConfigurationObject {
                    configurations += 1
                    return [StructureEntry(id: "configuration-\(configurations)", configuration: c.configuration, energy: nil)]
                }
            default:
                break
            }
            throw RuntimeError("\(callee): expected structures, an enumeration, configurations or a list of them, got \(value.typeName)")
        }
        return try gather(value)
    }

    /// Checks that every entry is on `lattice` (or on one lattice, when nil) and returns it.
    static func commonLattice(_ entries: [StructureEntry], callee: String, lattice: CrystalLattice? = nil) throws -> CrystalLattice {
        guard let first = lattice ?? entries.first?.configuration.supercell.lattice else {
            throw RuntimeError("\(callee): no structures given")
        }
        for e in entries where !e.configuration.supercell.lattice.matches(first) {
            throw RuntimeError("\(callee): structure \(e.id) is on a different lattice than \(first.name)")
        }
        return first
    }

    /// The feature matrix of the entries in a cluster space, as `features(...)` makes it (with the space's cached tables).
    static func features(_ entries: [StructureEntry], space: ClusterSpaceObject, basis: SiteBasis, ewald: Bool, multiplicity: Bool) throws -> Matrix {
        let f = try FeatureMatrix(configurations: entries.map(\.configuration), totalEnergies: entries.map { _ in nil },
                                  space: space.space, basis: basis, ewald: ewald, multiplicity: multiplicity, tables: space.table(for:))
        return try Matrix(rows: f.rows, columns: f.columns, rowMajor: f.values)
    }
}

/// The composition of structures on one lattice: the count of each active species per
/// primitive cell, and its fraction among the sites that may hold it.
///
///     let axes = CompositionAxes(lattice: fcc)     // species ["Ag", "Pd"], capacity [1, 1]
///     axes.fractions(of: configuration)            // [0.75, 0.25]
struct CompositionAxes {
    /// The species of the active sublattices, each once, in order of first appearance.
    let species: [String]
    /// Sites per primitive cell that may hold each species.
    let capacity: [Double]

    init(lattice: CrystalLattice) {
        var names: [String] = [], capacity: [Double] = []
        for sub in lattice.sublattices where sub.space.isActive {
            for s in sub.space.species {
                if let k = names.firstIndex(of: s.description) { capacity[k] += Double(sub.sites.count) } else {
                    names.append(s.description); capacity.append(Double(sub.sites.count))
                }
            }
        }
        species = names
        self.capacity = capacity
    }

    /// Count of each species per primitive cell.
    func counts(of c: Configuration) -> [Double] {
        var counts = [Double](repeating: 0, count: species.count)
        for (i, s) in c.occupation.enumerated() {
            let space = c.supercell.space(i)
            guard space.isActive, let k = species.firstIndex(of: space.species[s].description) else { continue }
            counts[k] += 1
        }
        return counts.map { $0 / Double(c.supercell.cellCount) }
    }

    /// Fraction of each species among the sites that may hold it.
    func fractions(of c: Configuration) -> [Double] { zip(counts(of: c), capacity).map { $0 / $1 } }

    /// The fractions as a map {species: fraction}.
    func record(_ fractions: [Double]) -> Value { .record(zip(species, fractions).map { ($0, .double($1)) }) }
}
