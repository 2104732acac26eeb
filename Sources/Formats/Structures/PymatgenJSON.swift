// pymatgen JSON: Structure and ComputedStructureEntry dicts (or a list of
// them) as structures, with the corrected energy smol fits (the energy plus
// its energy adjustments or correction), site magmom properties as moments,
// species oxidation states as charges; and a disordered Structure (prim.json)
// as a lattice. Python's NaN (uncertainties) reads as a number.
import Lattice

/// Reads pymatgen's JSON serialisations.
///
///     let frames = try PymatgenJSON.structures(bytes, name: "entries.json")
///     let prim = try PymatgenJSON.lattice(bytes, name: "prim.json")
public enum PymatgenJSON {
    static let format = StructureFormat.pymatgenJSON

    /// Every Structure or ComputedStructureEntry of the file; a bad item is a failure, the others still read.
    static func structures(_ bytes: [UInt8], name: String, energyKey: String? = nil) throws -> [Result<AtomicStructure, FormatError>] {
        let document = try parse(bytes)
        let items = document.array ?? [document]
        return items.enumerated().map { k, item in
            Result {
                let context = "\(name)[\(k)]"
                guard item.object != nil else { throw FormatError(format, "item \(k) is a \(item.kind), not a Structure or entry") }
                let structureDict = item["structure"] ?? item
                let parsed = try Parsed(structureDict, context: "item \(k)")
                var elements: [String] = [], charges: [Double?] = [], positions: [Vector3] = [], moments: [Double] = []
                for (j, site) in parsed.sites.enumerated() {
                    guard site.species.count == 1, abs(site.species[0].occupancy - 1) < 1e-6 else {
                        throw FormatError(format, "item \(k): site \(j) is disordered; a structure to map needs one species per site")
                    }
                    let sp = site.species[0].species
                    elements.append(sp.element)
                    charges.append(sp.hasCharge ? sp.charge : nil)
                    positions.append(parsed.lattice.leftMultiply(site.fractional))
                    if let m = site.magmom { moments.append(m) }
                }
                var info: [(key: String, value: String)] = []
                for (key, value) in item["data"]?.object?.members ?? [] {
                    if let v = value.number { info.append((key, String(v))) } else if let s = value.string { info.append((key, s)) }
                }
                let energy: Double?
                if let energyKey {
                    guard let v = (item["data"]?[energyKey] ?? item[energyKey])?.number else {
                        throw FormatError(format, "item \(k) has no number \(energyKey) (in the entry or its data)")
                    }
                    energy = v
                    info.append(("energy_key", energyKey))
                } else if let uncorrected = item["energy"]?.number {
                    energy = uncorrected + (try correction(item, k))
                    info.append(("energy_key", "energy"))
                    info.append(("uncorrected_energy", String(uncorrected)))
                } else {
                    energy = nil
                }
                return AtomicStructure(id: item["entry_id"]?.string ?? context, vectors: parsed.lattice, elements: elements, charges: charges,
                                       positions: positions, info: info, energy: energy,
                                       magneticMoments: moments.count == elements.count ? moments : nil)
            }.mapError { $0 as? FormatError ?? FormatError(format, "\($0)") }
        }
    }

    /// The energy correction of an entry, as pymatgen applies it: the sum of its energy adjustments, else its `correction`.
    private static func correction(_ entry: JSONValue, _ k: Int) throws -> Double {
        let adjustments = entry["energy_adjustments"]?.array ?? []
        guard !adjustments.isEmpty else { return entry["correction"]?.number ?? 0 }
        return try adjustments.reduce(0.0) { total, a in
            let value: Double?
            switch a["@class"]?.string {
            case "CompositionEnergyAdjustment": value = a["adj_per_atom"]?.number.flatMap { p in a["n_atoms"]?.number.map { p * $0 } }
            case "TemperatureEnergyAdjustment":
                value = a["adj_per_deg"]?.number.flatMap { p in a["temp"]?.number.flatMap { t in a["n_atoms"]?.number.map { p * t * $0 } } }
            default: value = a["value"]?.number
            }
            guard let value, value.isFinite else { throw FormatError(format, "item \(k): an energy adjustment without a finite value") }
            return total + value
        }
    }

    /// A disordered pymatgen Structure (prim.json) as a lattice: partial occupancies give the allowed species,
    /// in smol's order, with a vacancy where they sum below 1.
    public static func lattice(_ bytes: [UInt8], name: String) throws -> CrystalLattice {
        let parsed = try Parsed(try parse(bytes), context: name)
        do {
            return try CrystalLattice(name: name, vectors: parsed.lattice, disorderedSites: parsed.sites.map { ($0.fractional, $0.species) })
        } catch let e as LatticeError {
            throw FormatError(format, e.message)
        }
    }

    private static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        do { return try JSON.parse(bytes) } catch let e as FormatError {
            throw FormatError(format, e.message, line: e.line)
        }
    }

    /// A pymatgen Structure dict as plain values.
    struct Parsed {
        struct Site { let species: [(species: Species, occupancy: Double)]; let fractional: Vector3; let magmom: Double? }
        let lattice: Matrix3
        let sites: [Site]

        init(_ dict: JSONValue, context: String) throws {
            guard let rows = dict["lattice"]?["matrix"]?.array, rows.count == 3 else {
                throw FormatError(format, "\(context): no lattice.matrix in the Structure")
            }
            lattice = Matrix3(rows: try rows.map { row in
                guard let r = row.numbers, r.count == 3 else { throw FormatError(format, "\(context): lattice.matrix rows need three numbers") }
                return r
            })
            guard let inverse = lattice.inverse else { throw FormatError(format, "\(context): singular lattice") }
            guard let siteList = dict["sites"]?.array else { throw FormatError(format, "\(context): no sites in the Structure") }
            sites = try siteList.enumerated().map { k, s in
                guard let spList = s["species"]?.array, !spList.isEmpty else { throw FormatError(format, "\(context): site \(k) has no species") }
                let species = try spList.map { sp -> (species: Species, occupancy: Double) in
                    guard let el = sp["element"]?.string else { throw FormatError(format, "\(context): site \(k) species without element") }
                    let oxi = sp["oxidation_state"]?.number
                    let occ = sp["occu"]?.number ?? 1
                    let species = el == "X" || el == "Vac" ? Species.vacancy : Species(element: el, charge: oxi ?? 0, hasCharge: oxi != nil)
                    return (species, occ)
                }
                let f: Vector3
                if let abc = s["abc"]?.numbers, abc.count == 3 {
                    f = Vector3(abc[0], abc[1], abc[2])
                } else if let xyz = s["xyz"]?.numbers, xyz.count == 3 {
                    f = inverse.leftMultiply(Vector3(xyz[0], xyz[1], xyz[2]))
                } else {
                    throw FormatError(format, "\(context): site \(k) has no coordinates (abc or xyz)")
                }
                return Site(species: species, fractional: f, magmom: s["properties"]?["magmom"]?.number)
            }
        }
    }
}
