// save and load: ce values to and from CSV, TSV, JSON, NumPy .npy/.npz and
// HDF5 files, the format chosen by the file extension, so results move to
// and from Python. The codecs are in the Formats target.
import Formats
import Language
import Numerics

/// The file builtins `save` and `load`.
///
///     CommandRegistry: CoreBuiltins.all + DataFileBuiltins.all + ...
public enum DataFileBuiltins {
    public static var all: [Builtin] { [save, load] }

    enum Format: String {
        case csv, tsv, json, npy, npz, h5, hdf5

        var delimiter: Character { self == .tsv ? "\t" : "," }
    }

    static func format(_ path: String, _ callee: String) throws -> Format {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        if let dot = name.lastIndex(of: "."), let f = Format(rawValue: name[name.index(after: dot)...].lowercased()) {
            return f
        }
        throw RuntimeError("\(callee): cannot tell the format of '\(path)'; name it .csv, .tsv, .json, .npy, .npz or .h5")
    }

    /// Refuses an option given for a format that does not take it.
    static func refuse(_ option: String, given: Bool, for format: Format, callee: String, takenBy: String) throws {
        guard given else { return }
        throw RuntimeError("\(callee): \(option)= is for \(takenBy) files, not .\(format.rawValue)")
    }

    static var save: Builtin {
        Builtin(
            "save", SaveParameters.self, summary: "Writes a value to a .npy, .npz, .csv, .tsv, .json or .h5 file, or structures to POSCAR, extxyz or CIF.",
            doc: """
                .npy: a number list (int64 if all ints, else float64) or equally long lists
                  of numbers (a 2-D array); numpy.load reads it. dtype="float64" or
                  "int64" fixes the type (int64 needs integral values).
                .npz: a map of such arrays, one .npy member per key, as numpy.savez
                  writes; numpy.load(path)["key"] reads one.
                .csv/.tsv: a map of columns (header = the keys), a list of rows (optional
                  header=[...]), or a list of records (maps); floats are written exactly.
                  A result (run, fit, features, clusters, structures, curves, grids,
                  samples, chains, closures) writes its table, units in the headers:
                  "energy (eV/prim)".
                .json: any value; maps keep their order, ints stay ints, floats are exact;
                  indent=2 by default, indent=nil for one line.
                Engine results are saved through their exported columns; a model as its
                  model file (.json), which load reads back as the model.
                POSCAR (a name starting POSCAR/CONTCAR, or .vasp), .extxyz/.xyz and .cif:
                  a configuration, mapped structures, an enumerate, sqs, ground_states or
                  next_structures result (predicted energies per cell), a run (extxyz and
                  CIF: its snapshots, each with time, temperature and energy per supercell,
                  or its final state; POSCAR: its final state) or a list of them, as atoms
                  at the ideal lattice positions; vacancies are left out, atoms keep the
                  configuration's site order.
                .h5/.hdf5 (HDF5, read by h5py): a result's columns and arrays as named
                  datasets with a "units" attribute, its settings as attributes of the
                  file; or a map of arrays (keys "E (eV)" give dataset E with units eV;
                  nested maps become groups).
                Relative paths start in the session's directory.
                Example:
                    save(linspace(0, 1, 5), "x.npy")          # np.load("x.npy")
                    save({"x": [1, 2], "y": [0.5, 0.25]}, "xy.npz")
                    save({"T": [1, 2], "E": [-0.5, -0.7]}, "run.csv")
                    save([[1, 2], [3, 4]], "m.npy", dtype="float64")
                    save({"fit": "sgl", "alpha": 0.056}, "settings.json", indent=nil)
                    run = anneal("triangular", size=6, sweeps=5, seed=1)
                    save(run, "run.h5")                       # h5py.File("run.h5")["energy"][:]
                    save(run, "run.csv")
                """,
            category: "files"
        ) { args in
            let path = try args.path
            if let structure = StructureWriter.Format(path: path) {
                try StructureFiles.save(try args.value, to: path, format: structure, context: args.context)
                return .null
            }
            let format = try format(path, "save")
            let resolved = args.context.resolve(path)
            let value = try args.value
            let dtype = try args.dtype.map { Value.string($0) }, header = try args.header, indent = try args.indent
            try refuse("dtype", given: dtype != nil && format != .npy && format != .npz, for: format, callee: "save",
                       takenBy: ".npy and .npz")
            try refuse("header", given: header != nil && format != .csv && format != .tsv, for: format, callee: "save",
                       takenBy: ".csv and .tsv")
            try refuse("indent", given: indent != 2 && format != .json, for: format, callee: "save", takenBy: ".json")
            switch format {
            case .npy:
                let array = try DataFile.naming(path, "save") { try npyArray(npyValue(value), dtype: dtype) }
                try DataFile.write(NpyFile.encode(array), to: resolved, shownAs: path)
            case .npz:
                let bytes = try DataFile.naming(path, "save") { () throws -> [UInt8] in
                    let arrays = try npzMembers(value).map { name, member in
                        (name: name, array: try DataFile.naming(name, "save array") { try npyArray(member, dtype: dtype) })
                    }
                    return try NpzFile.encode(arrays)
                }
                try DataFile.write(bytes, to: resolved, shownAs: path)
            case .csv, .tsv:
                let table = try DataFile.naming(path, "save") { try CSVTable(value: value, header: header) }
                try DataFile.write(Array(table.encoded(delimiter: format.delimiter).utf8), to: resolved, shownAs: path)
            case .json:
                if let n = indent, n < 0 { throw RuntimeError("save: indent must be 0 or more, or nil, got \(n)") }
                let text = try DataFile.naming(path, "save") { try JSONCodec.encode(value, indent: indent) }
                try DataFile.write(Array((text + "\n").utf8), to: resolved, shownAs: path)
            case .h5, .hdf5:
                let root = try DataFile.naming(path, "save") { try HDF5Group(saving: value) }
                do { try HDF5File.write(root, to: resolved) } catch let e as FileError {
                    throw RuntimeError.cannotCreate("cannot write '\(path)': \(e.reason)")
                } catch let e as FormatError {
                    throw RuntimeError.cannotCreate("cannot write '\(path)': \(e)")
                }
            }
            return .null
        }
    }

    /// The array of a value, in `dtype` ("float64" or "int64") when one is given.
    static func npyArray(_ value: Value, dtype: Value?) throws -> NpyArray {
        let array = try NpyArray(value: value)
        guard let dtype else { return array }
        return try array.converted(to: dtype)
    }

    /// The named members of a .npz file: a map's (or an engine result's exported) fields.
    static func npzMembers(_ value: Value) throws -> [(String, Value)] {
        var value = value
        if case .object(let o) = value {
            guard let exported = o.exportValue() else { throw RuntimeError("a \(o.typeName) cannot be saved") }
            value = exported
        }
        guard case .map(let m) = value else {
            throw RuntimeError(".npz holds named arrays: give a map such as {\"X\": X, \"y\": y}, got \(value.typeName)")
        }
        return m.pairs.map { ($0.value.description, $1) }
    }

    /// The array of a decoded file as ce values, refused first when those values would not fit the memory limit.
    static func values(of array: NpyArray) throws -> Value {
        try MemoryBudget.check(NpyArray.valueBytes(shape: array.shape),
                               for: "an array of shape \(NpyArray.describe(array.shape)) as ce values")
        return array.value
    }

    /// What an engine object or map contributes to a .npy file: its one numeric
    /// field, or the matrix it exports.
    static func npyValue(_ value: Value) throws -> Value {
        var value = value
        var owner = "the map"
        if case .object(let o) = value {
            guard let exported = o.exportValue() else { throw RuntimeError("a \(o.typeName) cannot be saved") }
            value = exported
            owner = "a \(o.typeName)"
        }
        guard case .map(let m) = value else { return value }
        if m.count == 1, let only = m.values.first { return only }
        let names = m.keys.map { $0.value.description }.joined(separator: ", ")
        throw RuntimeError(".npy holds one array but \(owner) has \(m.count) fields (\(names)); save one field, or use .csv or .json")
    }

    static var load: Builtin {
        Builtin(
            "load", LoadParameters.self, summary: "Reads a .npy, .npz, .csv, .tsv, .json or .h5 file into ce values.",
            doc: """
                .npy: a list (1-D), a list of rows (2-D) or nested lists; float32/64,
                  int8-64, uint8-64 and bool arrays, C or Fortran order, any byte order.
                .csv/.tsv: with a header row, a map of columns in file order; otherwise a
                  list of rows (a plain list for a single column). The first row is a header when none of its fields is a
                  number (header=true/false overrides). Unquoted fields become ints,
                  floats, true/false or nil (empty); quoted fields stay strings.
                .json: maps (ordered), lists, ints, floats, strings, booleans, nil; a model
                  file (save(model, "m.json")) is read back as the model.
                .h5/.hdf5: a map of the datasets (groups as maps) in the order they were
                  written, and "attrs": the file's attributes and, for each dataset that
                  has any, a map of its own (its "units"). Numbers, booleans and strings
                  are read exactly; other HDF5 types are refused with the reason.
                Example:
                    e = load("../shared/data/yang2022/e.npy")       # a list of 428 floats
                    save({"T": [1, 2], "E": [-0.5, -0.7]}, "runs.csv")
                    runs = load("runs.csv")
                    runs["T"]                              # [1, 2]
                    load("runs.csv", header=false)[0]      # ["T", "E"]
                    save({"E (eV)": [-0.5, -0.7]}, "e.h5")
                    load("e.h5").attrs.E.units              # eV
                """,
            category: "files"
        ) { args in
            let path = try args.path
            let format = try format(path, "load")
            let resolved = args.context.resolve(path)
            let header = try args.header
            try refuse("header", given: header != nil && format != .csv && format != .tsv, for: format, callee: "load",
                       takenBy: ".csv and .tsv")
            switch format {
            case .npy:
                let bytes = try DataFile.bounded(resolved, shownAs: path)
                return try DataFile.naming(path) { try values(of: try NpyFile.decode(bytes)) }
            case .npz:
                let bytes = try DataFile.bounded(resolved, shownAs: path)
                return try DataFile.naming(path) {
                    let arrays = try NpzFile.decode(bytes, maxBytes: MemoryBudget.limit)
                    return .map(MapValue(fields: try arrays.map { ($0.name, try values(of: $0.array)) }))
                }
            case .csv, .tsv:
                let bytes = try DataFile.bounded(resolved, shownAs: path, expansion: DataFile.textExpansion)
                return try DataFile.naming(path) { try CSVTable.parse(bytes, delimiter: format.delimiter, header: header).value }
            case .json:
                let bytes = try DataFile.bounded(resolved, shownAs: path, expansion: DataFile.textExpansion)
                return try DataFile.naming(path) {
                    let doc = try JSON.parse(bytes)
                    // A model file (save(model, ...)) comes back as the model.
                    return ModelFile.isModel(doc) ? .object(try ModelFiles.object(doc)) : Value(json: doc)
                }
            case .h5, .hdf5:
                let root: HDF5Group
                do {
                    root = try DataFile.naming(path) { try HDF5File.read(resolved, maxBytes: MemoryBudget.limit) }
                } catch let e as FileError {
                    throw RuntimeError.noInput("cannot read '\(path)': \(e.reason)")
                }
                return try DataFile.naming(path) { try root.value() }
            }
        }
    }

    struct SaveParameters: Parameters {
        var value = Param<Value>("value", "what to save: numbers, lists, maps, a table or an engine result")
        var path = Param<String>("path", "the file; its name picks the format: .npy, .npz, .csv, .tsv, .json, .h5; POSCAR/.vasp, .extxyz/.xyz, .cif")
        var dtype = Param<String?>("dtype", default: nil, ".npy/.npz: \"float64\" or \"int64\" (default: int64 if all ints)")
        var header = Param<[String]?>("header", default: nil, ".csv/.tsv: column names for a list of rows")
        var indent = Param<Int?>("indent", default: 2, ".json: spaces per level; nil writes one line")
    }

    struct LoadParameters: Parameters {
        var path = Param<String>("path", "the file; its extension picks the format: .npy, .npz, .csv, .tsv, .json, .h5")
        var header = Param<Bool?>("header", default: nil, ".csv/.tsv: whether the first row names the columns (nil: detect)")
    }
}
