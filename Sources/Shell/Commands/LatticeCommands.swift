// The lattice commands: lattice(...), clusters(...), structures(...),
// configuration(...) and features(...), binding the Lattice engine to the language.
import Formats
import Foundation
import Language
import Lattice
import Regression

/// Builtins of the "lattice" category.
public enum LatticeCommands {
    public static var all: [Builtin] { [lattice, clusters] + StructureCommands.all + [configuration, correlations, features] }

    // MARK: lattice

    static var lattice: Builtin {
        Builtin(
            "lattice", LatticeParameters.self, summary: "Defines a lattice: built-in, custom, or read from lat.in / prim.json.",
            doc: """
                Built-ins take the lattice parameter a (Å; without a= they take 1 Å and say so); rocksalt has cation and anion
                sublattices, spinel 8a, 16c, 16d and 32e, layered (O3) Li, TM and O.
                Species carry oxidation states ("Li+", "Mn3+", "O2-", "Vac").
                A path ending in .in is read as ATAT lat.in, .json as a pymatgen Structure, .cif as a CIF
                (partial occupancies give each site its species).
                Example:
                    fcc = lattice("fcc", a=4.0, species=["Ag", "Pd"])
                    rs = lattice("rocksalt", a=4.2, species=[["Li+", "Mn3+"], ["O2-", "F-"]])
                    sq = lattice("custom", vectors=[[1,0,0],[0,1,0],[0,0,10]], sites=[[0,0,0]], species=[["A","B"]])
                    tri = lattice("triangular", size=48, species=["Mn4+", "Li+"])   # 48×48 default supercell
                    lno = lattice("../shared/data/lno/prim.json")
                """,
            category: "lattice"
        ) { args in
            let source = try args.source
            let species = speciesLists(try args.species)
            let lat: CrystalLattice
            if source.hasSuffix(".in") || source.hasSuffix(".json") || source.lowercased().hasSuffix(".cif") {
                let bytes = try DataFile.bounded(args.context.resolve(source), shownAs: source, expansion: 16)
                let name = (source as NSString).lastPathComponent
                lat = try DataFile.naming(source, "read") {
                    if source.hasSuffix(".in") { return try ATAT.lattice(String(decoding: bytes, as: UTF8.self), name: name) }
                    if source.hasSuffix(".json") { return try PymatgenJSON.lattice(bytes, name: name) }
                    return try CIF.lattice(String(decoding: bytes, as: UTF8.self), name: name)
                }
            } else if source == "custom" {
                guard let vectors = try args.vectors, let sites = try args.sites, let species else {
                    throw RuntimeError("lattice: a custom lattice needs vectors=, sites= and species= (one species list per site)")
                }
                let lists = species.count == 1 && sites.count > 1 ? Array(repeating: species[0], count: sites.count) : species
                lat = try CrystalLattice(vectors: vectors, positions: sites, species: lists)
            } else {
                let a = try args.a
                lat = try CrystalLattice.builtin(source, a: a ?? 1, c: try args.c, species: species)
                // A built-in without a= is in units of a: say so where the user looks.
                if a == nil { args.context.print("lattice: \(lat.name) with a = 1 Å (the default); give a= in Å for the real lattice parameter") }
            }
            let size = try args.size ?? args.supercell
            return .object(LatticeObject(lat, supercell: try size.map { try supercell($0, lat) }))
        }
    }

    // MARK: clusters

    static var clusters: Builtin {
        Builtin(
            "clusters", ClustersParameters.self, summary: "Enumerates the cluster orbits of a lattice up to diameter cutoffs.",
            doc: """
                A cluster's diameter is its largest site-site distance; points are always
                included. The table lists each orbit's order, diameter, radius (icet's),
                multiplicity per primitive cell, number of correlation functions, sublattices.
                Example:
                    fcc = lattice("fcc", a=4.0, species=["Ag", "Pd"])
                    cs = clusters(fcc, cutoffs={2: 5.0, 3: 4.1})
                    cs.multiplicities   # [1, 6, 3, 12, 8, 12]
                """,
            category: "lattice"
        ) { args in
            let lat = try args.lat
            var cutoffs: [Int: Double] = [:]
            for (key, value) in try args.cutoffs.pairs {
                let size: Int?
                switch key {
                case .int(let k): size = k
                case .string(let s): size = Int(s)
                default: size = nil
                }
                guard let k = size else { throw RuntimeError("clusters: cutoff keys are cluster sizes (2, 3, ...), got \(key.value.description)") }
                guard let c = number(value) else { throw RuntimeError("clusters: the cutoff for size \(k) must be a number of Å") }
                cutoffs[k] = c
            }
            return .object(ClusterSpaceObject(try ClusterSpace(lattice: lat.lattice, cutoffs: cutoffs)))
        }
    }

    // MARK: configuration

    static var configuration: Builtin {
        Builtin(
            "configuration", ConfigurationParameters.self, summary: "A configuration on a supercell: from an occupation list or random at a composition.",
            doc: """
                Sites are numbered cell by cell, prim sites within a cell: site k·n + s is prim
                site s (of n) in the k-th cell; on an n1×n2×n3 supercell the cell at
                translation (i, j, k) is the ((i·n2 + j)·n3 + k)-th. c.positions (Å) and c.cell
                give every site's place, as save(c, "POSCAR"/".extxyz"/".cif") writes it
                (occupied sites in this order, vacancies left out). Without occupation
                the configuration is random with exact counts (equal fractions unless
                composition= is given), drawn from a seeded stream.
                Example:
                    fcc = lattice("fcc", a=4.0, species=["Ag", "Pd"])
                    c = configuration(fcc, supercell=4, composition=[[0.25, 0.75]], seed=7)
                    c.occupation[0:8]
                """,
            category: "lattice"
        ) { args in
            let lat = try args.lat
            let sc = try args.supercell.map { try supercell($0, lat.lattice) } ?? lat.supercell ?? Supercell(lattice: lat.lattice, size: 2)
            let conf: Configuration
            switch try args.occupation {
            case .first(let species)?: conf = try Configuration(supercell: sc, species: species)
            case .second(let occupation)?: conf = try Configuration(supercell: sc, occupation: occupation)
            case nil:
                var rng = try args.seed.map { RandomStream(seed: UInt64(truncatingIfNeeded: $0)) } ?? args.context.random.split()
                conf = try Configuration.random(supercell: sc, composition: try args.composition, rng: &rng)
            }
            return .object(ConfigurationObject(conf))
        }
    }

    // MARK: correlations

    static var correlations: Builtin {
        Builtin(
            "correlations", CorrelationsParameters.self, summary: "The correlation vector of a configuration (empty cluster first).",
            doc: """
                Plain correlation functions: each orbit's cluster functions averaged over its
                clusters in the supercell (no multiplicity). The cluster space keeps the
                cluster tables of every supercell it has seen, so repeated calls are cheap.
                With a model instead of a cluster space, its orbits and basis.
                Example:
                    fcc = lattice("fcc", a=4.0, species=["Ag", "Pd"])
                    c = configuration(fcc, supercell=4, seed=1)
                    correlations(c, clusters(fcc, cutoffs={2: 5.0}), basis="indicator")
                    m = model(clusters(fcc, cutoffs={2: 3.0}), eci=[0, 0, 0.01], multiplicity=true)
                    correlations(c, m)
                """,
            category: "lattice"
        ) { args in
            let conf = try args.config
            let space: ClusterSpaceObject
            let basis: SiteBasis
            switch try args.clusters {
            case .first(let s):
                space = s
                basis = try SiteBasis(name: try args.basis ?? "sinusoid")
            case .second(let m):
                space = m.clusters
                if let name = try args.basis, try SiteBasis(name: name) != m.expansion.basis {
                    throw RuntimeError("correlations: the model's basis is \(m.expansion.basis.rawValue); leave basis= out")
                }
                basis = m.expansion.basis
            }
            let table = try space.table(for: conf.configuration.supercell)
            return .doubles(table.correlations(of: conf.configuration.occupation, table: space.basisTable(basis)))
        }
    }

    // MARK: features

    static var features: Builtin {
        Builtin(
            "features", FeaturesParameters.self, summary: "The feature matrix, energies per prim and column groups, ready for fit.",
            doc: """
                Row i holds structure i's correlation functions (empty cluster first), times
                multiplicity unless multiplicity=false, then the Ewald column if asked.
                Fields: X (rows), y (energy per prim, eV), groups (orbit of each column),
                columns (names), orders (sites of each column's cluster: 0 empty, 1 point,
                2 pair, ...), diameters (largest distance between two sites of the cluster,
                Å; nil for the Ewald column). show(f) lists the columns; fit(f) keeps orders
                and diameters for its ECI picture. Save them for Python with save(f.X, "X.npy").
                Example:
                    lno = lattice("../shared/data/lno/prim.json")
                    s = structures("../shared/data/lno/structures.extxyz", lno)
                    f = features(s, clusters(lno, cutoffs={2: 5, 3: 4.1}), basis="sinusoid", ewald=true)
                    show(f)
                """,
            category: "lattice"
        ) { args in
            let space = try args.clusters
            let basis = try SiteBasis(name: try args.basis)
            let source = try args.structures
            var confs: [Configuration] = [], energies: [Double?] = [], ids: [String] = []
            func add(_ v: Value) throws {
                guard case .object(let o) = v else { throw RuntimeError("features: expected structures or configurations, got \(v.typeName)") }
                if let set = o as? StructureSetObject {
                    confs += set.mapped.map(\.configuration); energies += set.cellEnergies; ids += set.mapped.map(\.id)
                } else if let c = o as? ConfigurationObject {
                    confs.append(c.configuration); energies.append(nil); ids.append("configuration \(ids.count)")
                } else if let holder = o as? StructureHolding {
                    let entries = holder.entries
                    confs += entries.map(\.configuration); ids += entries.map(\.id)
                    energies += entries.map { e in e.energy.map { $0 * Double(e.configuration.supercell.cellCount) } }
                } else {
                    throw RuntimeError("features: expected structures or configurations, got \(o.typeName)")
                }
            }
            if case .list(let l) = source { for item in l.items { try add(item) } } else { try add(source) }
            guard !confs.isEmpty else { throw RuntimeError("features: no structures to compute features of") }
            for c in confs where !c.supercell.lattice.matches(space.space.lattice) {
                throw RuntimeError("features: the structures were mapped onto a different lattice than the cluster space's")
            }
            let fm = try FeatureMatrix(configurations: confs, totalEnergies: energies, space: space.space, basis: basis,
                                       ewald: try args.ewald, multiplicity: try args.multiplicity, tables: space.table(for:))
            return .object(FeaturesObject(fm, ids: ids, basis: basis, clusters: space))
        }
    }

    // MARK: helpers

    static func number(_ v: Value) -> Double? {
        switch v {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }

    /// species= as one list of names (one sublattice) or a list of lists.
    static func speciesLists(_ species: Either<[String], [[String]]>?) -> [[String]]? {
        switch species {
        case .first(let names)?: return [names]
        case .second(let lists)?: return lists
        case nil: return nil
        }
    }

    /// supercell= as n, [n1, n2, n3] or a 3×3 matrix.
    static func supercell(_ v: Value, _ lat: CrystalLattice) throws -> Supercell {
        switch v {
        case .int(let n): return try Supercell(lattice: lat, size: n)
        case .list(let l):
            if l.items.count == 3, l.items.allSatisfy({ if case .int = $0 { return true } else { return false } }) {
                return try Supercell(lattice: lat, sizes: l.items.map { if case .int(let i) = $0 { return i } else { return 0 } })
            }
            let rows = try l.items.map { row -> [Int] in
                guard case .list(let r) = row, r.items.count == 3 else { throw RuntimeError("supercell matrix rows need three integers") }
                return try r.items.map { if case .int(let i) = $0 { return i }; throw RuntimeError("supercell matrix entries must be integers") }
            }
            guard rows.count == 3 else { throw RuntimeError("a supercell matrix needs three rows") }
            return try Supercell(lattice: lat, matrix: rows.flatMap { $0 })
        default:
            throw RuntimeError("supercell must be an int, [n1, n2, n3] or a 3×3 integer matrix, got \(v.typeName)")
        }
    }

    struct LatticeParameters: Parameters {
        var source = Param<String>("source", "a built-in name (\(CrystalLattice.builtinNames.joined(separator: ", ")), \"custom\"), or a lat.in, prim.json or CIF path")
        var a = Param<Double?>("a", default: nil, unit: "Å", "lattice parameter of a built-in (without it: 1 Å, and a note says so)")
        var species = Param<Either<[String], [[String]]>?>("species", default: nil, "allowed species: one list per sublattice, or one list for a one-sublattice lattice")
        var c = Param<Double?>("c", default: nil, unit: "Å", "c parameter for hcp and layered")
        var vectors = Param<[[Double]]?>("vectors", default: nil, unit: "Å", "custom: three lattice vectors (rows)")
        var sites = Param<[[Double]]?>("sites", default: nil, "custom: fractional site positions, one [x, y, z] per site")
        var size = Param<Value?>("size", default: nil, "a default supercell for configurations and simulations: n, [n1, n2, n3] or a 3×3 matrix")
        var supercell = Param<Value?>("supercell", default: nil, "the same as size")
    }

    struct ClustersParameters: Parameters {
        var lat = Param<LatticeObject>("lat", "a lattice")
        var cutoffs = Param("cutoffs", default: MapValue([(.int(2), .double(5.0)), (.int(3), .double(4.1))]), unit: "Å",
                            "diameter cutoff per cluster size, e.g. {2: 7.0, 3: 5.0}")
    }

    struct ConfigurationParameters: Parameters {
        var lat = Param<LatticeObject>("lat", "a lattice")
        var supercell = Param<Value?>("supercell", default: nil, "size n (n×n×n, n×n for 2D), [n1, n2, n3], or a 3×3 integer matrix (default: the lattice's size, else 2)")
        var occupation = Param<Either<[String], [Int]>?>("occupation", default: nil, "species names per site, or σ per site (index into each site's species list)")
        var composition = Param<[[Double]]?>("composition", default: nil, "random: species fractions per sublattice, e.g. [[0.5, 0.5]]")
        var seed = Param<Int?>("seed", default: nil, "seed for random configurations (default: the session's stream)")
    }

    struct CorrelationsParameters: Parameters {
        var config = Param<ConfigurationObject>("config", "a configuration")
        var clusters = Param<Either<ClusterSpaceObject, ModelObject>>("clusters", "a cluster space (from clusters()) or a model")
        var basis = Param<String?>("basis", default: nil, "site basis: sinusoid (default), indicator, polynomial, chebyshev; a model's own")
    }

    struct FeaturesParameters: Parameters {
        var structures = Param<Value>("structures", "mapped structures (from structures()), an enumeration, a configuration, or a list of them")
        var clusters = Param<ClusterSpaceObject>("clusters", "a cluster space (from clusters())")
        var basis = Param("basis", default: "sinusoid", "site basis: sinusoid, indicator, polynomial, chebyshev")
        var ewald = Param("ewald", default: false, "add the Ewald energy per prim (eV) as the last column")
        var multiplicity = Param("multiplicity", default: true, "multiply each correlation by its orbit's multiplicity (false: plain correlations, smol's layout)")
    }
}

// MARK: objects

/// A lattice in the language, with an optional default supercell (`size=`).
public final class LatticeObject: EngineObject {
    /// The primitive lattice.
    public let lattice: CrystalLattice
    /// The default supercell, when `lattice(..., size=)` gave one.
    public let supercell: Supercell?
    init(_ lattice: CrystalLattice, supercell: Supercell? = nil) { self.lattice = lattice; self.supercell = supercell }
    public var fieldNames: [String] { ["name", "spacegroup", "operations", "volume", "vectors", "positions", "species", "sublattices", "sites"] }
    public func field(_ name: String) -> Value? {
        switch name {
        case "sites": return .int(supercell?.siteCount ?? lattice.sites.count)
        case "name": return .string(lattice.name)
        case "spacegroup": return .string("\(lattice.spaceGroup.symbol) (\(lattice.spaceGroup.number))")
        case "operations": return .int(lattice.spaceGroup.operations.count)
        case "volume": return .double(lattice.volume)
        case "vectors": return .list((0..<3).map { i in .doubles([lattice.vectors[i, 0], lattice.vectors[i, 1], lattice.vectors[i, 2]]) })
        case "positions": return .list(lattice.sites.map { .doubles([$0.position.x, $0.position.y, $0.position.z]) })
        case "species": return .list(lattice.sites.map { .list($0.space.species.map { .string($0.description) }) })
        case "sublattices": return .list(lattice.sublattices.map { .string($0.label) })
        default: return nil
        }
    }
    public var summary: String {
        guard let sc = supercell else { return lattice.description }
        let m = sc.matrix
        return lattice.description + "\n  supercell \(m[0]) \(m[1]) \(m[2]) / \(m[3]) \(m[4]) \(m[5]) / \(m[6]) \(m[7]) \(m[8]): \(sc.cellCount) cells, \(sc.siteCount) sites"
    }
    /// One row per site of the primitive cell: Cartesian position and the species it allows.
    public var dataTable: DataTable? {
        let sites = lattice.sites
        return DataTable(
            columns: [DataTable.Column("site", .ints(Array(sites.indices))),
                      DataTable.Column("x", unit: "Å", .doubles(sites.map(\.position.x))),
                      DataTable.Column("y", unit: "Å", .doubles(sites.map(\.position.y))),
                      DataTable.Column("z", unit: "Å", .doubles(sites.map(\.position.z))),
                      DataTable.Column("species", .strings(sites.map { $0.space.species.map(\.description).joined(separator: " ") }))],
            attributes: [("name", .string(lattice.name)), ("spacegroup", field("spacegroup") ?? .null)],
            arrays: [DataTable.Column("vectors", unit: "Å", field("vectors") ?? .null)])
    }
}

/// A cluster space in the language.
public final class ClusterSpaceObject: EngineObject {
    public let space: ClusterSpace
    /// Cluster tables by supercell matrix and basis tables by basis, built on first use.
    private var tables: [[Int]: ClusterTable] = [:]
    private var bases: [SiteBasis: BasisTable] = [:]
    init(_ space: ClusterSpace) { self.space = space }

    func table(for supercell: Supercell) throws -> ClusterTable {
        if let t = tables[supercell.matrix] { return t }
        guard supercell.lattice.matches(space.lattice) else {
            throw LatticeError("the configuration is on a different lattice than the cluster space")
        }
        let t = try ClusterTable(space: space, supercell: supercell)
        tables[supercell.matrix] = t
        return t
    }

    func basisTable(_ basis: SiteBasis) -> BasisTable {
        if let b = bases[basis] { return b }
        let b = BasisTable(lattice: space.lattice, basis: basis)
        bases[basis] = b
        return b
    }
    public var fieldNames: [String] { ["orbits", "functions", "orders", "diameters", "radii", "multiplicities", "function_counts", "groups"] }
    public func field(_ name: String) -> Value? {
        let o = space.orbits
        switch name {
        case "orbits": return .int(o.count + 1)
        case "functions": return .int(space.functionCount)
        case "orders": return .list([.int(0)] + o.map { .int($0.order) })
        case "diameters": return .doubles([0] + o.map(\.diameter))
        case "radii": return .doubles([0] + o.map(\.radius))
        case "multiplicities": return .list([.int(1)] + o.map { .int($0.multiplicity) })
        case "function_counts": return .list([.int(1)] + o.map { .int($0.functionCount) })
        case "groups": return .list(space.functionOrbits.map { .int($0) })
        default: return nil
        }
    }
    public var summary: String { space.table }
    /// One row per orbit, the empty cluster first: order, diameter, radius, multiplicity, functions.
    public var dataTable: DataTable? {
        DataTable(columns: [
            DataTable.Column("orbit", .ints(Array(0...space.orbits.count))), DataTable.Column("order", field("orders") ?? .null),
            DataTable.Column("diameter", unit: "Å", field("diameters") ?? .null),
            DataTable.Column("radius", unit: "Å", field("radii") ?? .null),
            DataTable.Column("multiplicity", field("multiplicities") ?? .null),
            DataTable.Column("functions", field("function_counts") ?? .null),
        ], attributes: [("lattice", .string(space.lattice.name))], arrays: [DataTable.Column("groups", field("groups") ?? .null)])
    }
}

/// A configuration on a supercell.
public final class ConfigurationObject: EngineObject {
    public let configuration: Configuration
    init(_ configuration: Configuration) { self.configuration = configuration }
    public var fieldNames: [String] { ["sites", "cells", "occupation", "species", "positions", "cell", "ewald"] }
    public func field(_ name: String) -> Value? {
        let c = configuration
        switch name {
        case "sites": return .int(c.supercell.siteCount)
        case "cells": return .int(c.supercell.cellCount)
        // Cartesian site positions and supercell vectors (rows), Å: with `species`, an ASE Atoms.
        case "positions": return .list((0..<c.supercell.siteCount).map { i in let p = c.supercell.position(i); return .doubles([p.x, p.y, p.z]) })
        case "cell":
            let v = c.supercell.vectors
            return .list((0..<3).map { r in .doubles([v[r, 0], v[r, 1], v[r, 2]]) })
        case "occupation": return .list(c.occupation.map { .int($0) })
        case "species": return .list(c.occupation.enumerated().map { .string(c.supercell.space($0.offset).species[$0.element].description) })
        case "ewald": return .double(c.ewaldEnergyPerPrim())
        default: return nil
        }
    }
    public var summary: String {
        let sc = configuration.supercell
        var counts: [String: Int] = [:]
        var order: [String] = []
        for (i, s) in configuration.occupation.enumerated() {
            let name = sc.space(i).species[s].description
            if counts[name] == nil { order.append(name) }
            counts[name, default: 0] += 1
        }
        return "configuration: \(sc.siteCount) sites (\(sc.cellCount) cells of \(sc.lattice.name)), " + order.map { "\($0) \(counts[$0] ?? 0)" }.joined(separator: ", ")
    }
    public func exportValue() -> Value? { .record([("occupation", field("occupation") ?? .null)]) }
    /// One row per site in the supercell's site order: the species index and name.
    public var dataTable: DataTable? {
        DataTable(columns: [
            DataTable.Column("site", .ints(Array(0..<configuration.supercell.siteCount))),
            DataTable.Column("occupation", field("occupation") ?? .null), DataTable.Column("species", field("species") ?? .null),
        ], attributes: [("lattice", .string(configuration.supercell.lattice.name)), ("cells", .int(configuration.supercell.cellCount))])
    }
}

/// A feature matrix with energies and groups.
public final class FeaturesObject: EngineObject {
    public let matrix: FeatureMatrix
    public let ids: [String]
    public let basis: SiteBasis
    /// The matrix as fits read it (column-major), made once for every fit of these features.
    lazy var fitMatrix = Matrix(columnsOf: matrix)
    /// Whole-data fit preparations (projections, Gram products) kept between fits of these features.
    let designCache = DesignCache()
    /// The cluster space of the columns, so that a fit of these features becomes a model (`model(fit, features)`).
    public let clusters: ClusterSpaceObject
    init(_ matrix: FeatureMatrix, ids: [String], basis: SiteBasis, clusters: ClusterSpaceObject) {
        self.matrix = matrix; self.ids = ids; self.basis = basis; self.clusters = clusters
    }
    public var fieldNames: [String] { ["X", "y", "groups", "columns", "orders", "diameters", "ids"] }
    public func field(_ name: String) -> Value? {
        switch name {
        case "X": return .list((0..<matrix.rows).map { .doubles(matrix.row($0)) })
        case "y": return .doubles(matrix.energies)
        case "groups": return .list(matrix.groups.map { .int($0) })
        case "columns": return .list(matrix.columnNames.map { .string($0) })
        case "orders": return .list(ListValue(orders))
        case "diameters": return .list(ListValue(diameters))
        case "ids": return .list(ids.map { .string($0) })
        default: return nil
        }
    }
    public var summary: String {
        "features: \(matrix.rows) structures × \(matrix.columns) columns (\(basis.rawValue) basis" + (matrix.includesMultiplicity ? ", times multiplicity" : "") + (matrix.columnNames.last == "ewald" ? ", Ewald last" : "") + "), \(Set(matrix.groups).count) groups"
    }
    /// The summary, then one row per column: name, group, cluster order and diameter.
    public var table: String {
        let columns = (try? TextTable(columns: [
            ("column", (0..<matrix.columns).map { .int($0) }), ("name", matrix.columnNames.map { .string($0) }),
            ("group", matrix.groups.map { .int($0) }), ("order", orders), ("diameter (Å)", diameters),
        ]).text) ?? ""
        return summary + "\n" + columns
    }
    /// One row per structure: its id, energy per prim and one column per feature; the
    /// columns' groups, orders and diameters beside it.
    public var dataTable: DataTable? {
        var columns = [DataTable.Column("id", field("ids") ?? .null), DataTable.Column("energy", unit: "eV/prim", .doubles(matrix.energies))]
        for (j, name) in matrix.columnNames.enumerated() {
            columns.append(DataTable.Column(name, .doubles((0..<matrix.rows).map { matrix.values[$0 * matrix.columns + j] })))
        }
        return DataTable(columns: columns, attributes: [("basis", .string(basis.rawValue)), ("multiplicity", .bool(matrix.includesMultiplicity))],
                         arrays: [DataTable.Column("groups", field("groups") ?? .null), DataTable.Column("orders", .list(ListValue(orders))),
                                  DataTable.Column("diameters", unit: "Å", .list(ListValue(diameters)))])
    }
    /// Each column's cluster order, nil for the Ewald column.
    private var orders: [Value] { matrix.clusters.map { $0.map { .int($0.order) } ?? .null } }
    /// Each column's cluster diameter in Å, nil for the Ewald column.
    private var diameters: [Value] { matrix.clusters.map { $0.map { .double($0.diameter) } ?? .null } }
}
