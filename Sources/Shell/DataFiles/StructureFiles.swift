// The shell's side of structure files. Here the writing side (reading is in
// StructureFileReading.swift): save(x, "POSCAR" / "x.extxyz" / "x.cif"): configurations, mapped
// or enumerated structures (enumerate, sqs, ground_states, next_structures) and the snapshots or
// final state of a run as atoms at the ideal
// lattice positions (vacancies left out), through the Formats writers.
import Formats
import Language
import Lattice

/// Structure files: the structure side of `save`, and reading for structures(...) and charges(...).
///
///     save(c, "c.cif"); save(run, "traj.extxyz"); save(run.configuration, "POSCAR")
enum StructureFiles {
    /// Writes the structures of `value` to `path` in `format`; nothing is written when any of them cannot be.
    static func save(_ value: Value, to path: String, format: StructureWriter.Format, context: CallContext) throws {
        let structures = try atoms(value, format: format)
        let text = try DataFile.naming(path, "save") { try StructureWriter.text(structures, as: format) }
        try DataFile.write(Array(text.utf8), to: context.resolve(path), shownAs: path)
    }

    /// The atoms a value stands for: a configuration; mapped structures (with their DFT energies);
    /// an enumeration, SQS, ground states or candidates (with predicted energies when known); a run's
    /// snapshots, or its final state (POSCAR, or a run without snapshots); or a list of these.
    static func atoms(_ value: Value, format: StructureWriter.Format) throws -> [AtomicStructure] {
        switch value {
        case .list(let list):
            return try list.items.flatMap { try atoms($0, format: format) }
        case .object(let o):
            if let c = o as? ConfigurationObject {
                return [AtomicStructure(configuration: c.configuration, id: "configuration")]
            }
            if let set = o as? StructureSetObject {
                return zip(set.mapped, set.totalEnergies).map { AtomicStructure(configuration: $0.configuration, id: $0.id, energy: $1) }
            }
            if let run = o as? AnnealRunObject { return try frames(of: run, format: format) }
            if let holder = o as? StructureHolding { return holder.entries.map(\.atoms) }
            throw RuntimeError("save: a \(o.typeName) holds no structures; \(format.rawValue) takes configurations, mapped or enumerated structures, or runs")
        default:
            throw RuntimeError("save: \(format.rawValue) takes configurations, mapped or enumerated structures, or runs, got \(value.typeName)")
        }
    }

    /// A run's snapshots as frames (time, sweep, temperature and energy of the supercell in their info),
    /// or its final state.
    static func frames(of r: AnnealRunObject, format: StructureWriter.Format) throws -> [AtomicStructure] {
        guard let supercell = r.supercell else {
            throw RuntimeError("save: this run is on the built-in \(r.layout == nil ? "" : "2D ")lattice of a model with no cell in Å; anneal a configuration to save structures")
        }
        let unit = r.scale.unit ?? "dimensionless"
        let snapshots = r.run.records.compactMap(\.snapshot)
        guard format != .poscar, snapshots.count == r.run.records.count, !snapshots.isEmpty else {
            let c = try Lattice.Configuration(supercell: supercell, occupation: r.run.final.occupation.map { Int($0) })
            return [AtomicStructure(configuration: c, id: "final", energy: r.scale.unit == "eV" ? r.run.finalEnergy : nil,
                                    info: [("energy_\(unit)_per_supercell", String(r.run.finalEnergy))])]
        }
        let kelvin = r.kelvin
        return try r.run.records.enumerated().map { k, record in
            let c = try Lattice.Configuration(supercell: supercell, occupation: (record.snapshot ?? []).map { Int($0) })
            var info: [(key: String, value: String)] = [("time", String(record.attempts)), ("sweep", String(record.sweep))]
            if let kelvin { info.append(("temperature_K", String(kelvin[k]))) }
            info.append(("kT_\(unit)", String(record.temperature)))
            info.append(("energy_\(unit)_per_supercell", String(record.energy)))
            return AtomicStructure(configuration: c, id: "snapshot \(k)", energy: r.scale.unit == "eV" ? record.energy : nil, info: info)
        }
    }
}
