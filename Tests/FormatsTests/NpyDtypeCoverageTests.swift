// Every dtype numpy can save, from numpy itself: ce reads each one exactly
// (the same numbers numpy holds) or refuses it with a message that names it.
import Formats
import PeerSupport
import Testing

@Suite struct NpyDtypeCoverageTests {
    @Test func everyNumpyDtypeIsReadExactlyOrRefusedByName() throws {
        let dir = try temporaryDirectory()
        // Each dtype numpy.save writes without pickling, both byte orders where they differ,
        // and the values numpy holds (repr of float(x), "True"/"False" for booleans).
        let script = """
            import numpy as np, json
            out = {}
            values = [0, 1, 100, 127]
            codes = ["?", "i1", "u1", "<i2", ">i2", "<u2", ">u2", "<i4", ">i4", "<u4", ">u4", "<i8", ">i8", "<u8", ">u8",
                     "<f2", ">f2", "<f4", ">f4", "<f8", ">f8", "<f16", "<c8", "<c16", "<U3", "S3", "V4", "<M8[s]", "<m8[s]"]
            for i, code in enumerate(codes):
                dt = np.dtype(code)
                if dt.kind in "biuf":
                    a = np.array(values if dt.kind != "f" else [0.5, -1.25, 6e-5, 1e3], dtype=dt)
                    shown = [str(bool(x)) if dt.kind == "b" else repr(float(x)) for x in a]
                else:
                    a = np.zeros(3, dtype=dt)
                    shown = None
                np.save(f"d{i}.npy", a)
                out[f"d{i}"] = {"descr": np.lib.format.dtype_to_descr(dt), "values": shown}
            np.save("struct.npy", np.zeros(2, dtype=[("a", "<f8"), ("b", "<i4")]))
            print(json.dumps(out))
            """
        guard case .object(let files) = try JSON.parse(Array(try Peer.run(script, in: dir).utf8)) else {
            Issue.record("the peer printed no JSON object")
            return
        }
        #expect(files.members.count == 29)
        for (name, entry) in files.members {
            guard case .object(let info) = entry, case .string(let descr)? = info["descr"] else { continue }
            let result = Result { try NpyFile.decode(DataFile.read("\(dir)/\(name).npy")) }
            if case .array(let expected)? = info["values"] {
                let want = expected.map { v -> String in if case .string(let s) = v { return s } else { return "?" } }
                switch result {
                case .success(let array):
                    let got: [String]
                    switch array.elements {
                    case .bool(let xs): got = xs.map { $0 ? "True" : "False" }
                    default: got = array.doubles.map { "\($0)" }
                    }
                    #expect(got == want, "\(descr) is read exactly")
                case .failure(let error):
                    // Only a float wider than float64 may be refused among the numbers.
                    #expect(descr.hasSuffix("f16") && "\(error)".contains("float128"), "\(descr): \(error)")
                }
            } else {
                guard case .failure(let error) = result else {
                    Issue.record("\(descr) (not a number type) was read")
                    continue
                }
                #expect("\(error)".contains("the .npy dtype '\(descr)'") && "\(error)".contains("is not supported"),
                        "\(descr): \(error)")
            }
        }
        #expect(throws: FormatError.self) { try NpyFile.decode(DataFile.read("\(dir)/struct.npy")) }
    }
}
