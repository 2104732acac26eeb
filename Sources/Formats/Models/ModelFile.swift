// ce's model file: a cluster expansion as a versioned JSON document (lattice,
// site spaces, orbits as representative clusters in fractional coordinates,
// basis, multiplicity convention, coefficients, Ewald term, energy unit and
// normalisation), written and read back exactly: floats in shortest
// round-trip form, orbits rebuilt in the order written.
import Lattice

/// Writes and reads ce model files (`save(model, "m.json")`).
///
/// Layout, version 1 (every position fractional, every length Å):
///
///     {"format": "ce-cluster-expansion", "version": 1,
///      "energy": {"unit": "eV", "per": "prim"},
///      "lattice": {"name": "fcc", "vectors": [[0, 2, 2], [2, 0, 2], [2, 2, 0]],
///                  "sites": [{"position": [0, 0, 0], "species": ["Ag", "Pd"]}]},
///      "basis": "sinusoid", "multiplicity": true, "cutoffs": {"2": 5.0},
///      "orbits": [{"sites": [[0, 0, 0]], "multiplicity": 1, "functions": 1, "diameter": 0}, ...],
///      "coefficients": [J_0, J_1, ...],          one per correlation function, empty cluster first
///      "ewald": null or {"coefficient": 0.1, "accuracy": 1e-14},
///      "fit": {...}}                             optional: how the coefficients were fitted
///
/// "multiplicity": true means E/prim = Σ_f c_f m_f Φ_f (+ Ewald); false, Σ_f c_f Φ_f.
///
///     let doc = ModelFile.encode(model)
///     let again = try ModelFile.decode(try JSON.parse(JSON.encode(doc)))
public enum ModelFile {
    /// The value of the "format" member that marks a model file.
    public static let format = "ce-cluster-expansion"
    /// The newest version this build writes and reads.
    public static let version = 1

    /// Whether a parsed JSON document is a ce model file (of any version).
    public static func isModel(_ doc: JSONValue) -> Bool { doc["format"]?.string == format }

    /// The document of a model; `fit` (how it was fitted) is stored as given.
    public static func encode(_ model: ClusterExpansion, fit: JSONObject? = nil) -> JSONValue {
        let lattice = model.lattice
        var doc = JSONObject()
        doc["format"] = .string(format)
        doc["version"] = .int(version)
        doc["energy"] = .object(JSONObject([("unit", .string(model.energyUnit)), ("per", .string(ClusterExpansion.normalisation))]))
        doc["lattice"] = .object(JSONObject([
            ("name", .string(lattice.name)),
            ("vectors", .array((0..<3).map { vector(lattice.vectors.row($0)) })),
            ("sites", .array(lattice.sites.map { site in
                .object(JSONObject([("position", vector(site.position)),
                                    ("species", .array(site.space.species.map { .string($0.description) }))]))
            })),
        ]))
        doc["basis"] = .string(model.basis.rawValue)
        doc["multiplicity"] = .bool(model.includesMultiplicity)
        doc["cutoffs"] = .object(JSONObject(model.space.cutoffs.map { (String($0.order), .double($0.cutoff)) }))
        doc["orbits"] = .array(model.space.orbits.map { orbit in
            .object(JSONObject([
                ("sites", .array(orbit.representative.map { vector(lattice.fractional($0)) })),
                ("multiplicity", .int(orbit.multiplicity)), ("functions", .int(orbit.functionCount)),
                ("diameter", .double(orbit.diameter)),
            ]))
        })
        doc["coefficients"] = .array(model.coefficients.map { .double($0) })
        doc["ewald"] = model.ewald.map { .object(JSONObject([("coefficient", .double($0.coefficient)), ("accuracy", .double($0.accuracy))])) } ?? .null
        if let fit { doc["fit"] = .object(fit) }
        return .object(doc)
    }

    /// The model of a document; errors say which member is wrong. A newer version, or orbits
    /// whose clusters do not fit the lattice, are refused.
    public static func decode(_ doc: JSONValue) throws -> ClusterExpansion {
        guard case .object(let root) = doc else { throw FormatError("a model file is a JSON object, this one is \(doc.kind == "array" ? "an" : "a") \(doc.kind)") }
        guard root["format"]?.string == format else { throw FormatError("not a ce model file: \"format\" must be \"\(format)\"") }
        guard let v = root["version"]?.int else { throw FormatError("the model file has no integer \"version\"") }
        guard v >= 1 else { throw FormatError("model file version \(v) is not a version ce wrote") }
        guard v <= version else {
            throw FormatError("the model file is format version \(v), newer than the version \(version) this ce reads; update ce to read it")
        }
        let lattice = try decodeLattice(root["lattice"])
        guard let basisName = root["basis"]?.string else { throw FormatError("the model file has no \"basis\" name") }
        let basis = try within("basis") { try SiteBasis(name: basisName) }
        guard let multiplicity = root["multiplicity"]?.bool else {
            throw FormatError("the model file must say \"multiplicity\": true (coefficients multiply m·Φ) or false (they multiply Φ)")
        }
        var cutoffs: [Int: Double] = [:]
        for (key, value) in root["cutoffs"]?.object?.members ?? [] {
            guard let k = Int(key), let c = value.number else { throw FormatError("\"cutoffs\" maps cluster sizes to Å, got \"\(key)\": \(value.kind)") }
            cutoffs[k] = c
        }
        guard let orbitList = root["orbits"]?.array else { throw FormatError("the model file has no \"orbits\" list") }
        var clusters: [[Vector3]] = []
        for (k, orbit) in orbitList.enumerated() {
            guard let sites = orbit["sites"]?.array else { throw FormatError("orbits[\(k)] has no \"sites\" list") }
            clusters.append(try sites.enumerated().map { j, s in try position(s, "orbits[\(k)].sites[\(j)]") })
        }
        let space = try within("the clusters do not fit the lattice") { try ClusterSpace(lattice: lattice, clusters: clusters, cutoffs: cutoffs) }
        for (k, orbit) in orbitList.enumerated() {
            let built = space.orbits[k]
            if let m = orbit["multiplicity"]?.int, m != built.multiplicity {
                throw FormatError("the clusters do not fit the lattice: orbit \(k + 1) has multiplicity \(m) in the file but \(built.multiplicity) on this lattice")
            }
            if let f = orbit["functions"]?.int, f != built.functionCount {
                throw FormatError("the clusters do not fit the lattice: orbit \(k + 1) has \(f) functions in the file but \(built.functionCount) on this lattice")
            }
        }
        guard let coefficients = root["coefficients"]?.numbers else { throw FormatError("the model file has no \"coefficients\" list of numbers") }
        var ewald: ClusterExpansion.Ewald?
        if let e = root["ewald"], !e.isNull {
            guard let c = e["coefficient"]?.number else { throw FormatError("\"ewald\" needs a \"coefficient\"") }
            ewald = ClusterExpansion.Ewald(coefficient: c, accuracy: e["accuracy"]?.number ?? ClusterExpansion.Ewald.defaultAccuracy)
        }
        let unit = root["energy"]?["unit"]?.string ?? "eV"
        if let per = root["energy"]?["per"]?.string, per != ClusterExpansion.normalisation {
            throw FormatError("the model's energies are per \(per); ce's models are per \(ClusterExpansion.normalisation)")
        }
        return try within("the model") {
            try ClusterExpansion(space: space, basis: basis, coefficients: coefficients, includesMultiplicity: multiplicity,
                                 ewald: ewald, energyUnit: unit)
        }
    }

    /// The "fit" member of a document (how the model was fitted), when it has one.
    public static func fit(_ doc: JSONValue) -> JSONObject? { doc["fit"]?.object }

    private static func decodeLattice(_ value: JSONValue?) throws -> CrystalLattice {
        guard let value, case .object(let lat) = value else { throw FormatError("the model file has no \"lattice\" object") }
        guard let rows = lat["vectors"]?.array, rows.count == 3 else { throw FormatError("\"lattice\" needs three \"vectors\"") }
        let vectors = try rows.enumerated().map { k, r in try position(r, "lattice.vectors[\(k)]") }
        guard let siteList = lat["sites"]?.array, !siteList.isEmpty else { throw FormatError("\"lattice\" needs a list of \"sites\"") }
        var positions: [[Double]] = [], species: [[String]] = []
        for (k, s) in siteList.enumerated() {
            let p = try position(s["position"] ?? .null, "lattice.sites[\(k)].position")
            guard let names = s["species"]?.array?.compactMap(\.string), !names.isEmpty else {
                throw FormatError("lattice.sites[\(k)] needs a \"species\" list of names")
            }
            positions.append([p.x, p.y, p.z])
            species.append(names)
        }
        return try within("lattice") {
            try CrystalLattice(name: lat["name"]?.string ?? "model", vectors: vectors.map { [$0.x, $0.y, $0.z] },
                               positions: positions, species: species)
        }
    }

    private static func vector(_ v: Vector3) -> JSONValue { .array([.double(v.x), .double(v.y), .double(v.z)]) }

    private static func position(_ value: JSONValue, _ what: String) throws -> Vector3 {
        guard let xs = value.numbers, xs.count == 3 else { throw FormatError("\(what) must be three numbers") }
        return Vector3(xs[0], xs[1], xs[2])
    }

    /// Runs `body`, turning a lattice error into a format error that says where.
    private static func within<T>(_ place: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as LatticeError { throw FormatError("\(place): \(e.message)") }
    }
}
