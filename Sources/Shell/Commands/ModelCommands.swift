// The model commands: model(...) makes a cluster expansion model from a fit
// and its features, from a cluster space and ECIs with their convention
// stated, or from a file (ce's, ATAT's); predict(model, structures) gives its
// energies; export(model, ...) writes it for ATAT, smol and icet.
import Formats
import Language
import Lattice
import Regression

/// Builtins of the "model" category.
///
///     m = model(e, f)               # the fit e of features f
///     predict(m, s)                 # eV per prim of mapped structures s
///     export(m, "atat")             # atat/lat.in, atat/clusters.out, atat/eci.out
enum ModelCommands {
    static var all: [Builtin] { [model, predict, export] }

    // MARK: model

    struct FromFit: Parameters {
        var fit = Param<FitObject>("fit", "a fit of features(...) (fit(f), or fit(features=f.X, ...))")
        var features = Param<FeaturesObject>("features", "the features the fit was made on: they give the orbits, basis, multiplicity and Ewald column")
    }

    struct FromClusters: Parameters {
        var clusters = Param<ClusterSpaceObject>("clusters", "a cluster space (from clusters())")
        var eci = Param<[Double]>("eci", unit: "energy per prim", "one coefficient per correlation function, empty cluster first")
        var multiplicity = Param<Bool>("multiplicity", "true: each coefficient multiplies m·Φ (features' default, ATAT); false: Φ (smol, icet)")
        var basis = Param("basis", default: "sinusoid", "site basis: sinusoid, indicator, polynomial, chebyshev")
        var ewald = Param<Double?>("ewald", default: nil, "coefficient of the Ewald energy per prim (the species need oxidation states)")
        var unit = Param("unit", default: "eV", "energy unit of the coefficients (energies are per prim)")
    }

    struct FromFile: Parameters {
        var path = Param<String>("path", "a ce model file (.json), or an ATAT folder (or its lat.in) with clusters.out and eci.out")
    }

    static var model: Builtin {
        Builtin(
            "model", summary: "A cluster expansion model: lattice, orbits, basis, convention and ECIs as one value.",
            doc: """
                A model is what predict, anneal, sample and correlations take: it carries the
                lattice, the orbits (representative clusters), the site basis, whether its
                coefficients multiply m·Φ (multiplicity=true) or Φ, the ECIs, the Ewald term and
                the energy unit; energies are per primitive cell. model(fit, features) takes all
                of it from the features the fit was made on (and checks that it was made on
                them); model(clusters, eci=..., multiplicity=...) states it by hand;
                model("m.json") reads a model file and model("folder") ATAT's lat.in,
                clusters.out and eci.out. save(m, "m.json") writes a model file, load reads it
                back. Fields: lattice, clusters, basis, multiplicity, coefficients, eci (the m·Φ
                convention), ewald, unit, per, orbits, functions, fit.
                Example:
                    fcc = lattice("fcc", a=4.0, species=["Au", "Cu"])
                    m = model(clusters(fcc, cutoffs={2: 5.0}), eci=[0, 0, 0.03, -0.004, 0.002], multiplicity=true)
                    m.eci
                    c = configuration(fcc, supercell=2, seed=1)
                    predict(m, c)
                """,
            category: "model", forms: [fromFit, fromClusters, fromFile])
    }

    static let fromFit = Builtin("model", FromFit.self, summary: "", category: "model") { args in
        let f = try args.fit, features = try args.features
        return .object(try modelObject(of: f, features: features))
    }

    static let fromClusters = Builtin("model", FromClusters.self, summary: "", category: "model") { args in
        let space = try args.clusters
        let expansion = try ClusterExpansion(space: space.space, basis: try SiteBasis(name: try args.basis), coefficients: try args.eci,
                                             includesMultiplicity: try args.multiplicity,
                                             ewald: try args.ewald.map { ClusterExpansion.Ewald(coefficient: $0) }, energyUnit: try args.unit)
        return .object(ModelObject(expansion, clusters: space))
    }

    static let fromFile = Builtin("model", FromFile.self, summary: "", category: "model") { args in
        let path = try args.path
        if path.lowercased().hasSuffix(".json") {
            let bytes = try DataFile.bounded(args.context.resolve(path), shownAs: path, expansion: DataFile.textExpansion)
            return try DataFile.naming(path) { .object(try ModelFiles.object(try JSON.parse(bytes))) }
        }
        let folder = path.hasSuffix("lat.in") ? String(path.dropLast("lat.in".count)) : (path.hasSuffix("/") ? path : path + "/")
        func text(_ name: String) throws -> String {
            String(decoding: try DataFile.bounded(args.context.resolve(folder + name), shownAs: folder + name, expansion: DataFile.textExpansion),
                   as: UTF8.self)
        }
        let (latIn, clustersOut, eciOut) = (try text("lat.in"), try text("clusters.out"), try text("eci.out"))
        return try DataFile.naming(folder + "clusters.out") {
            .object(ModelObject(try ATATModel.read(latIn: latIn, clustersOut: clustersOut, eciOut: eciOut, name: folder + "lat.in")))
        }
    }

    /// The model of a fit and the features it was made on.
    static func modelObject(of f: FitObject, features: FeaturesObject) throws -> ModelObject {
        let matrix = features.matrix
        let eci = f.fit.eci
        guard eci.count == matrix.columns else {
            throw RuntimeError("the fit has \(eci.count) ECIs but the features have \(matrix.columns) columns")
        }
        if let x = f.problem?.features {
            guard x.rows == matrix.rows, x.columns == matrix.columns else {
                throw RuntimeError("the fit was made on \(x.rows) x \(x.columns) features, these are \(matrix.rows) x \(matrix.columns); give the features the fit was made on")
            }
            for i in 0..<x.rows {
                for j in 0..<x.columns {
                    let a = x[i, j], b = matrix.values[i * matrix.columns + j]
                    guard abs(a - b) <= 1e-12 * max(1, abs(b)) else {
                        throw RuntimeError("the fit was made on other features than these (structure \(i), column \(j) '\(matrix.columnNames[j])': \(Value.format(a)) in the fit, \(Value.format(b)) here); give the features the fit was made on")
                    }
                }
            }
        }
        let space = features.clusters.space
        let functions = space.functionCount
        let hasEwald = matrix.columns == functions + 1
        var coefficients = Array(eci.prefix(functions))
        coefficients[0] += f.fit.intercept
        let unit = try energyUnit(f.fit.unit, lattice: space.lattice)
        let expansion = try ClusterExpansion(space: space, basis: features.basis, coefficients: coefficients,
                                             includesMultiplicity: matrix.includesMultiplicity,
                                             ewald: hasEwald ? ClusterExpansion.Ewald(coefficient: eci[functions]) : nil, energyUnit: unit)
        var fit = JSONObject([("method", .string(f.fit.method.rawValue)), ("alpha", .double(f.fit.alpha)), ("mix", .double(f.fit.mix)),
                              ("unit", .string(f.fit.unit)), ("intercept_mode", .string(f.fit.interceptMode.rawValue)),
                              ("rmse", .double(f.fit.trainRMSE)), ("nonzero", .int(f.fit.nonzero)), ("structures", .int(matrix.rows))])
        if let cv = f.fit.crossValidation {
            fit["cv_rmse"] = .double(cv.rmse)
            fit["cv_scheme"] = .string(cv.scheme)
        }
        return ModelObject(expansion, clusters: features.clusters, fit: fit)
    }

    /// The energy unit of a model from a fit's unit: "eV/prim" is "eV"; "eV/atom" only on a lattice
    /// with one site per primitive cell (where it is the same).
    static func energyUnit(_ fitUnit: String, lattice: CrystalLattice) throws -> String {
        let parts = fitUnit.split(separator: "/", maxSplits: 1).map(String.init)
        guard let energy = parts.first, !energy.isEmpty else { throw RuntimeError("the fit's unit '\(fitUnit)' names no energy unit") }
        switch parts.count > 1 ? parts[1] : "prim" {
        case "prim", "cell": return energy
        case "atom", "site":
            guard lattice.sites.count == 1 else {
                throw RuntimeError("the fit's energies are per \(parts[1]) (unit '\(fitUnit)') but a model's are per prim, and \(lattice.name) has \(lattice.sites.count) sites per prim; fit energies per prim (features give them)")
            }
            return energy
        default:
            throw RuntimeError("the fit's unit '\(fitUnit)' is not per prim, per atom or per site")
        }
    }

    // MARK: predict

    struct PredictModel: Parameters {
        var model = Param<ModelObject>("model", "a model")
        var structures = Param<Value>("structures", "mapped structures, a configuration, or a list of configurations")
    }

    static let predictModel = Builtin("predict", PredictModel.self, summary: "", category: "model") { args in
        let m = try args.model
        let configurations = try ModelFiles.configurations(try args.structures, callee: "predict")
        return .doubles(try m.expansion.energiesPerPrim(configurations) { try args.context.checkInterrupt() })
    }

    /// `predict`: a fit's form (feature rows) and a model's (structures).
    static var predict: Builtin {
        Builtin(
            "predict", summary: "Energies a model predicts for structures (per prim), or a fit for feature rows.",
            doc: """
                predict(model, structures): the model's energy per primitive cell of each
                structure (mapped structures, a configuration, or a list), in the model's unit.
                predict(fit, features): J_0 + X·J for feature rows (a dataset, features(...), a
                list of rows or a .npy/.csv path), in the fit's unit.
                Example:
                    data = standin(60, seed=2)
                    eci = fit(data)
                    predict(eci, data)
                """,
            category: "fit", forms: [predictModel, FitCommands.predict])
    }

    // MARK: export

    struct ExportParameters: Parameters {
        var model = Param<ModelObject>("model", "a model")
        var path = Param<String>("path", "a folder for ATAT's files, or the .json file for smol or icet")
        var format = Param<String?>("format", default: nil, "atat, smol or icet (default: atat for a folder)")
    }

    static let export = Builtin(
        "export", ExportParameters.self, summary: "Writes a model for ATAT (lat.in, clusters.out, eci.out), smol or icet.",
        doc: """
            format="atat": PATH/lat.in (coordinate system = the prim vectors in Å, so points
            are fractional), clusters.out (one block per correlation function: multiplicity
            per unit cell, diameter in Å, points) and eci.out; ATAT's energy per lat.in cell is
            Σ mult·ECI·Π, ce's per prim. Each function's block counts its labeled clusters
            (m·|labelings|) with ECI J/|labelings|; binary lattices get ATAT's binary layout.
            format="smol" or "icet": a JSON file that scripts/ce_exchange.py loads as their
            ClusterExpansion (smol_expansion(path), icet_expansion(path)). Their coefficients
            multiply the plain correlation Φ, so each is c·m (c when the model's multiplicity
            is false); where the peer numbers a site's two species the other way round (icet
            by atomic number, smol by pymatgen's order, vacancy last), the site's function
            changes sign and so does every coefficient of a cluster with an odd number of such
            sites. The orbits are in the peer's sort order, each with all its clusters, so the
            loader matches them to the peer's own orbits. smol and icet take binary sites and
            the sinusoid basis; icet has no Ewald term. Returns the paths written.
            Example:
                fcc = lattice("fcc", a=4.0, species=["Ag", "Pd"])
                m = model(clusters(fcc, cutoffs={2: 5.0}), eci=[0, 0, 0.03, -0.004, 0.002], multiplicity=true)
                export(m, "agpd_atat")
                export(m, "agpd_icet.json", format="icet")
                model("agpd_atat").eci
            """,
        category: "model"
    ) { args in
        let m = try args.model, path = try args.path
        let format = try args.format?.lowercased() ?? (path.lowercased().hasSuffix(".json") ? "json" : "atat")
        switch format {
        case "atat":
            let files = try DataFile.naming(path, "export") { try ATATModel.write(m.expansion) }
            let folder = args.context.resolve(path)
            do { try FileSystem.makeDirectories(folder) } catch {
                throw RuntimeError.cannotCreate("export: cannot make the folder '\(path)'")
            }
            var written: [String] = []
            for (name, text) in [("lat.in", files.latIn), ("clusters.out", files.clustersOut), ("eci.out", files.eciOut)] {
                let shown = (path.hasSuffix("/") ? path : path + "/") + name
                try DataFile.write(Array(text.utf8), to: folder + "/" + name, shownAs: shown)
                written.append(shown)
            }
            return .strings(written)
        case "smol", "icet":
            let doc = try DataFile.naming(path, "export") { format == "smol" ? try PeerModels.smol(m.expansion) : try PeerModels.icet(m.expansion) }
            try DataFile.write(Array((JSON.encode(doc) + "\n").utf8), to: args.context.resolve(path), shownAs: path)
            return .strings([path])
        case "json":
            throw RuntimeError("export: say which code the .json is for: format=\"smol\" or format=\"icet\" (ce's own model file is save(model, \"\(path)\"))")
        default:
            throw RuntimeError("export: format must be \"atat\", \"smol\" or \"icet\", got \"\(format)\"")
        }
    }
}

/// Model files and the structures models take, shared by `model`, `load` and `predict`.
enum ModelFiles {
    /// The model of a parsed model file.
    static func object(_ doc: JSONValue) throws -> ModelObject {
        ModelObject(try ModelFile.decode(doc), fit: ModelFile.fit(doc))
    }

    /// The configurations of mapped structures, a configuration, or a list of either.
    static func configurations(_ value: Value, callee: String) throws -> [Configuration] {
        switch value {
        case .list(let list): return try list.items.flatMap { try configurations($0, callee: callee) }
        case .object(let o):
            if let set = o as? StructureSetObject { return set.mapped.map(\.configuration) }
            if let c = o as? ConfigurationObject { return [c.configuration] }
            throw RuntimeError("\(callee): expected structures or configurations, got \(o.typeName)")
        default:
            throw RuntimeError("\(callee): expected structures or configurations, got \(value.typeName)")
        }
    }
}
