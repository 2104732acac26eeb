// Results as data files, read by the Python that users read them with:
// every tabular result saved as CSV and read by Python's csv module gives
// the result's own numbers; runs, chains and equilibrium samples saved as
// HDF5 and read by h5py give the numbers of their fields, with units.
import Foundation
import Formats
import Language
import PeerSupport
import Testing
@testable import Shell

@Suite struct DataTableFilesTests {
    let folder: String

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ce-datatable-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    /// A session writing into the test's folder, after running `source`.
    private func session(_ source: String) throws -> Session {
        let session = try Session(loadPrelude: true)
        session.interpreter.context.baseDirectory = folder
        if case .failed(let diagnostic) = session.execute(source, file: "<data>", echo: false) {
            throw RuntimeError("ce failed: \(diagnostic.rendered)")
        }
        return session
    }

    private func object(_ session: Session, _ name: String) throws -> EngineObject {
        guard case .object(let o)? = session.interpreter.global(name) else { throw RuntimeError("\(name) is not a result") }
        return o
    }

    /// Every cell of `values` as the reader prints the cell's float() (repr), or the text itself;
    /// nil is an empty CSV cell, or nan in HDF5.
    private func cells(_ values: Value, null: String = "") -> [String] {
        guard case .list(let l) = values else { return [] }
        return l.items.map { v in
            switch v {
            case .int(let i): return "\(Double(i))"
            case .double(let d): return d.isNaN ? "nan" : d.isInfinite ? (d > 0 ? "inf" : "-inf") : "\(d)"
            case .bool(let b): return b ? "true" : "false"
            case .null: return null
            default: return v.description
            }
        }
    }

    /// The columns Python reads from a file, as a map of header to cells (floats printed by repr).
    private func python(_ script: String, _ path: String) throws -> [String: [String]] {
        let text = try Peer.run(script, arguments: [path])
        guard case .object(let object) = try JSON.parse(Array(text.utf8)) else { throw RuntimeError("not a JSON object: \(text)") }
        var out: [String: [String]] = [:]
        for (key, value) in object.members {
            guard case .array(let items) = value else { continue }
            out[key] = items.map { item in
                if case .string(let s) = item { return s }
                return "?"
            }
        }
        return out
    }

    private let csvReader = """
        import csv, json, sys
        rows = list(csv.reader(open(sys.argv[1], newline="")))
        def cell(c):
            try:
                return repr(float(c))
            except ValueError:
                return c
        print(json.dumps({h: [cell(r[j]) for r in rows[1:]] for j, h in enumerate(rows[0])}))
        """

    @Test func everyTabularResultSavesAsCSVThatPythonReadsBack() throws {
        let lno = EndToEndDataTests.dataDirectory + "/lno"
        let s = try session("""
            run = anneal("triangular", size=6, composition={"Li": 1/3}, energy="charge-balance", kT=[1.0, 0.5], sweeps=4, seed=1)
            eq = sample("triangular", size=6, kT=0.5, sweeps=40, equilibration=5, chains=2, seed=1)
            chain = sample(fn(k) { return (k[0] - 1)^2 + k[1]^2 }, start=[0.5, 0.1], n=100, seed=1)
            lat = lattice("\(lno)/prim.json")
            structs = structures("\(lno)/structures.extxyz", lat)
            cs = clusters(lat, cutoffs={2: 5, 3: 4.1})
            feats = features(structs, cs, basis="sinusoid")
            eci = fit(feats)
            data = standin(60, seed=3)
            grid = fit_grid(data, method="lasso", alphas=[0.01, 0.1], mixes=[1], cv=kfold(3), seed=2)
            lc = learning_curve(data, method="ols", sizes=[20, 40], cv=splits(3, test=0.2), seed=1)
            cc = capacity_curve(data, method="ols", cv=kfold(3), seed=1)
            pa = closure("pair", x=1/3, size=9, seed=7)
            errs = closure_errors(size=9, seed=2022)
            rates = rate_equations("triangular")
            fcc = lattice("fcc", a=4.0, species=["Ag", "Pd"])
            config = configuration(fcc, supercell=2, composition=[[0.5, 0.5]], seed=1)
            tab = table({"T (K)": [300, 600], "E (eV)": [-1.5, -1.25]})
            """)
        let names = ["run", "eq", "chain", "lat", "structs", "cs", "feats", "eci", "grid", "lc", "cc", "pa", "errs", "rates",
                     "config", "tab"]
        for name in names {
            let o = try object(s, name)
            guard let table = o.dataTable else {
                Issue.record("\(name) (\(o.typeName)) has no table")
                continue
            }
            _ = s.execute("save(\(name), \"\(name).csv\")", file: "<save>", echo: false)
            let read = try python(csvReader, folder + "/\(name).csv")
            #expect(read.count == table.columns.count, "\(name): \(read.keys.sorted()) vs \(table.columns.map(\.header))")
            for column in table.columns {
                guard let got = read[column.header] else {
                    Issue.record("\(name): Python found no column '\(column.header)'")
                    continue
                }
                #expect(got == cells(column.values), "\(name): column '\(column.header)'")
            }
        }
        // Units reach the headers.
        let run = try object(s, "run").dataTable
        #expect(run?.columns.map(\.header).contains("energy (per supercell (dimensionless))") == true)
        #expect(try object(s, "eci").dataTable?.columns.last?.header == "eci (eV/prim)")
        #expect(try object(s, "cs").dataTable?.columns.map(\.header).contains("diameter (Å)") == true)
        #expect(try object(s, "tab").dataTable?.columns.map(\.unit) == ["K", "eV"])
    }

    private let h5Reader = """
        import h5py, json, sys
        out = {}
        with h5py.File(sys.argv[1], "r") as f:
            def cell(x):
                if isinstance(x, bytes):
                    return x.decode()
                if isinstance(x, str):
                    return x
                return repr(float(x))
            for name, d in f.items():
                values = d[()]
                flat = values.reshape(-1) if hasattr(values, "reshape") else [values]
                out[name] = [cell(x) for x in flat]
                out[name + " units"] = [d.attrs["units"]] if "units" in d.attrs else []
                out[name + " shape"] = [str(n) for n in d.shape]
            for key, value in f.attrs.items():
                flat = value.reshape(-1) if hasattr(value, "reshape") else [value]
                out["@" + key] = [cell(x) if not isinstance(x, (bool,)) else str(x) for x in flat]
        print(json.dumps(out))
        """

    /// The values of a column or array, flattened in C order.
    private func flattened(_ v: Value) -> Value {
        guard case .list(let l) = v, l.items.contains(where: { if case .list = $0 { return true } else { return false } }) else { return v }
        return .list(ListValue(l.items.flatMap { item -> [Value] in
            guard case .list(let inner) = flattened(item) else { return [item] }
            return inner.items
        }))
    }

    @Test func runsChainsAndSamplesSavedAsHDF5ReadInH5pyWithTheirFieldsNumbers() throws {
        let s = try session("""
            run = anneal("triangular", size=6, composition={"Li": 1/3}, energy="charge-balance", kT=[1.0, 0.5], sweeps=4,
                         record=["energy", "pairs", "snapshots"], seed=1)
            eq = sample("triangular", size=6, kT=0.5, sweeps=40, equilibration=5, chains=2, seed=1)
            chain = sample(fn(k) { return (k[0] - 1)^2 + k[1]^2 }, start=[0.5, 0.1], n=100, chains=2, seed=1)
            save(run, "run.h5"); save(eq, "eq.h5"); save(chain, "chain.h5")
            """)
        for name in ["run", "eq", "chain"] {
            let o = try object(s, name)
            guard let table = o.dataTable else { Issue.record("\(name) has no table"); continue }
            let read = try python(h5Reader, folder + "/\(name).h5")
            #expect(read["@ce_type"] == [o.typeName])
            for column in table.columns + table.arrays {
                #expect(read[column.name] == cells(flattened(column.values), null: "nan"), "\(name): dataset '\(column.name)'")
                #expect(read[column.name + " units"] == (column.unit.map { [$0] } ?? []), "\(name): units of '\(column.name)'")
            }
        }
        // The same numbers as the run's own fields, by name.
        let run = try object(s, "run"), read = try python(h5Reader, folder + "/run.h5")
        #expect(read["energy"] == cells(run.field("energy") ?? .null))
        #expect(read["kT"] == cells(run.field("kT") ?? .null))
        #expect(read["temperature"] == nil, "a dimensionless model has no temperature in kelvin")
        #expect(read["final"] == cells(run.field("final") ?? .null))
        #expect(read["energy units"] == ["per supercell (dimensionless)"])
        #expect(read["@species"] == ["Mn", "Li"])
        let chain = try object(s, "chain"), chainRead = try python(h5Reader, folder + "/chain.h5")
        #expect(chainRead["cost"] == cells(chain.field("cost") ?? .null))
        #expect(chainRead["chain 0 shape"] == ["100", "2"])
        let eq = try object(s, "eq"), eqRead = try python(h5Reader, folder + "/eq.h5")
        #expect(eqRead["energy_series"] == cells(flattened(eq.field("energy_series") ?? .null)))
        #expect(eqRead["@kT"] == ["0.5"])
    }

    @Test func loadReadsBackWhatSaveWroteAndWhatH5pyWrote() throws {
        let s = try session("""
            run = anneal("triangular", size=6, composition={"Li": 1/3}, energy="charge-balance", kT=[1.0, 0.5], sweeps=4, seed=1)
            save(run, "run.h5")
            back = load("run.h5")
            same = back.energy == run.energy and back.final == run.final and back.attrs.energy.units == "per supercell (dimensionless)"
            save({"E (eV)": [-0.5, -0.7], "flags": [true, false], "names": ["a", "b"], "g": {"m": [[1, 2], [3, 4]]}}, "m.h5")
            m = load("m.h5")
            """)
        #expect(s.interpreter.global("same").map(\.description) == "true")
        #expect(s.interpreter.global("m")?.formatted(quoteStrings: true)
                == #"{"E": [-0.5, -0.7], "flags": [true, false], "names": ["a", "b"], "g": {"m": [[1, 2], [3, 4]]}, "attrs": {"E": {"units": "eV"}}}"#)
        // A file h5py wrote: every integer and float width, booleans, strings, attributes; and what ce refuses.
        _ = try Peer.run("""
            import h5py, numpy as np, sys
            with h5py.File(sys.argv[1] + "/py.h5", "w") as f:
                for t in ["i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "f2", "f4", "f8"]:
                    f[t] = np.array([1, 2, 100], dtype=t)
                f["b"] = np.array([True, False])
                f["s"] = "Li"
                f["fixed"] = np.array([b"ab", b"c"], dtype="S3")
                f["x"] = np.array([0.1, 1e-300])
                f["x"].attrs["units"] = "K"
                f.attrs["seed"] = 7
            with h5py.File(sys.argv[1] + "/big.h5", "w") as f:
                f["u"] = np.array([2**63], dtype="u8")
            with h5py.File(sys.argv[1] + "/compound.h5", "w") as f:
                f["c"] = np.zeros(2, dtype=[("a", "f8"), ("b", "i4")])
            with h5py.File(sys.argv[1] + "/ld.h5", "w") as f:
                f["q"] = np.zeros(2, dtype=np.longdouble)
            """, arguments: [folder])
        let outcome = s.execute("py = load(\"py.h5\")", file: "<py>", echo: false)
        if case .failed(let d) = outcome { Issue.record("\(d.rendered)") }
        /// Member `name` of the loaded map, printed with strings quoted.
        func py(_ name: String) -> String? {
            guard case .map(let m)? = s.interpreter.global("py") else { return nil }
            return m[name]?.formatted(quoteStrings: true)
        }
        for t in ["i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8"] {
            #expect(py(t) == "[1, 2, 100]", "\(t)")
        }
        for t in ["f2", "f4", "f8"] { #expect(py(t) == "[1.0, 2.0, 100.0]", "\(t)") }
        #expect(py("b") == "[true, false]")
        #expect(py("s") == "\"Li\"")
        #expect(py("fixed") == #"["ab", "c"]"#)
        #expect(py("x") == "[0.1, 1e-300]")
        #expect(py("attrs") == #"{"seed": 7, "x": {"units": "K"}}"#)
        func failure(_ source: String) -> String {
            if case .failed(let d) = s.execute(source, file: "t.ce", echo: false) { return d.rendered }
            return "no error"
        }
        #expect(failure("load(\"big.h5\")").contains("uint64 element 0 is 9223372036854775808, larger than an int holds"))
        #expect(failure("load(\"compound.h5\")").contains("'/c' holds compound records, which ce does not read"))
        #expect(failure("load(\"ld.h5\")").contains("'/q' holds 128-bit floats, which a float64 cannot hold exactly"))
        #expect(failure("load(\"missing.h5\")").hasPrefix("t.ce:1:5: error: cannot read 'missing.h5': no such file"))
        try "not hdf5".write(toFile: folder + "/fake.h5", atomically: true, encoding: .utf8)
        #expect(failure("load(\"fake.h5\")").contains("cannot load 'fake.h5': not an HDF5 file"))
        #expect(failure("save([1, 2], \"l.h5\")").contains(".h5 holds named datasets"))
        #expect(failure("save({\"a/b\": [1]}, \"l.h5\")").contains("'a/b' cannot name an HDF5 member"))
        #expect(failure("save(run, \"/nonexistent/run.h5\")").hasPrefix(
            "t.ce:1:5: error: cannot write '/nonexistent/run.h5': no such file or directory"))
        #expect(failure("save(run, \"/nonexistent/run.csv\")").hasPrefix(
            "t.ce:1:5: error: cannot write '/nonexistent/run.csv': no such file or directory"))
    }
}
