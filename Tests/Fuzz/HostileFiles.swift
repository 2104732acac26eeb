// Hostile files of every format ce reads: .npy, .npz, .csv, .tsv, .json,
// lat.in, pymatgen prim.json, extended XYZ and POSCAR, made by mutating
// valid ones (bytes changed, cut short, pieces repeated, random bytes) and
// by hand-made traps (sizes up to 2^63, deep nesting, devices, pipes).
import Formats
import Glibc

/// Writes hostile files into a folder and gives the ce code that reads each.
struct HostileFiles {
    struct Format {
        let fileName: String
        let valid: [UInt8]
        /// The ce code that reads the file named `fileName`.
        let reader: String
    }

    let folder: String
    let formats: [Format]
    /// Hand-made traps: (file name, bytes, reader).
    let traps: [(String, [UInt8], String)]

    init(folder: String, sharedData: String) throws {
        self.folder = folder
        func text(_ s: String) -> [UInt8] { Array(s.utf8) }
        let latIn = (try? DataFile.read(sharedData + "/agpd/lat.in")) ?? text("4 0 0\n0 4 0\n0 0 4\n0 .5 .5\n.5 0 .5\n.5 .5 0\n0 0 0 Ag,Pd\n")
        let prim = (try? DataFile.read(sharedData + "/lno/prim.json")) ?? text("{}")
        let xyz = (try? DataFile.read(sharedData + "/agpd/structures.extxyz")).map { Array($0.prefix(1500)) } ?? text("1\nLattice=\"4 0 0 0 4 0 0 0 4\" Properties=species:S:1:pos:R:3\nAg 0 0 0\n")
        let poscar = text("Ag Pd\n1.0\n0 2.045 2.045\n2.045 0 2.045\n2.045 2.045 0\nAg Pd\n1 1\nDirect\n0 0 0\n0.5 0.5 0.5\n")
        let matrix = try NpyArray(doubles: (0..<12).map { Double($0) / 8 }, shape: [3, 4])
        formats = [
            Format(fileName: "f.npy", valid: NpyFile.encode(matrix), reader: "load(\"f.npy\")"),
            Format(fileName: "i.npy", valid: NpyFile.encode(try NpyArray(shape: [2, 2], elements: .int64([1, -2, 3, 4]))), reader: "fit(\"i.npy\", energies=[1, 2])"),
            Format(fileName: "z.npz", valid: try NpzFile.encode([("X", matrix), ("b", try NpyArray(shape: [2], elements: .bool([true, false])))]), reader: "load(\"z.npz\")"),
            Format(fileName: "t.csv", valid: text("# T,E\nT,\"E, eV\"\n1,2.5\n\"x\"\"y\",\n3,nan\n"), reader: "load(\"t.csv\")"),
            Format(fileName: "t.tsv", valid: text("a\tb\n1\t2\n3\t4\n"), reader: "load(\"t.tsv\", header=true)"),
            Format(fileName: "d.json", valid: text("{\"a\": [1, 2.5e-3, -Infinity, NaN], \"b\": {\"c\": \"\\u00e9\\ud83d\\ude00\"}, \"d\": [true, null]}"), reader: "load(\"d.json\")"),
            Format(fileName: "lat.in", valid: latIn, reader: "lattice(\"lat.in\")"),
            Format(fileName: "prim.json", valid: prim, reader: "lattice(\"prim.json\")"),
            Format(fileName: "s.extxyz", valid: xyz, reader: "structures(\"s.extxyz\", fz_fcc)"),
            Format(fileName: "POSCAR", valid: poscar, reader: "structures(\"POSCAR\", fz_fcc)"),
        ]
        func npy(_ header: String) -> [UInt8] {
            let h = Array(header.utf8)
            return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(h.count & 0xFF), UInt8(h.count >> 8)] + h
        }
        traps = [
            ("huge.npy", npy("{'descr': '<f8', 'fortran_order': False, 'shape': (9223372036854775807,), }"), "load(\"huge.npy\")"),
            ("wide.npy", npy("{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 0), }"), "load(\"wide.npy\")"),
            ("many.npy", npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1), }") + [UInt8](repeating: 0, count: 8), "load(\"many.npy\")"),
            ("u8.npy", npy("{'descr': '<u8', 'fortran_order': False, 'shape': (1,), }") + [UInt8](repeating: 0xFF, count: 8), "load(\"u8.npy\")"),
            ("deep.json", text(String(repeating: "[", count: 100_000)), "load(\"deep.json\")"),
            ("big.json", text("[" + String(repeating: "1e999,", count: 1000) + "123456789012345678901234567890]"), "load(\"big.json\")"),
            ("dup.csv", text(Array(repeating: "E", count: 20_000).joined(separator: ",") + "\n" + Array(repeating: "1", count: 20_000).joined(separator: ",") + "\n"), "load(\"dup.csv\")"),
            ("quote.csv", text("\"" + String(repeating: "a\"\"", count: 10_000)), "load(\"quote.csv\")"),
            ("bin.ce", [0x7F, 0x45, 0x4C, 0x46] + [UInt8](repeating: 0, count: 10_000), "use \"bin.ce\""),
            ("empty.in", [], "lattice(\"empty.in\")"),
            ("nan.in", text("nan nan nan\nnan nan nan\nnan nan nan\n1 0 0\n0 1 0\n0 0 1\n0 0 0 A,B\n"), "lattice(\"nan.in\")"),
            ("flat.in", text("1 0 0\n0 1 0\n0 0 1\n1 0 0\n2 0 0\n0 0 1\n0 0 0 A,B\n"), "lattice(\"flat.in\")"),
            ("zip.npz", text("PK\u{05}\u{06}") + [UInt8](repeating: 0xFF, count: 18), "load(\"zip.npz\")"),
        ]
        for sym in ["zero.npy", "zero.json", "zero.csv", "zero.in"] {
            unlink(folder + "/" + sym)
            symlink("/dev/zero", folder + "/" + sym)
        }
        unlink(folder + "/fifo.csv")
        mkfifo(folder + "/fifo.csv", 0o600)
        mkdir(folder + "/dir.json", 0o755)
    }

    /// Readers of the special files made once: device links, a pipe, a folder.
    static let specialReaders = ["load(\"zero.npy\")", "load(\"zero.json\")", "load(\"zero.csv\")", "lattice(\"zero.in\")",
                                 "load(\"fifo.csv\")", "load(\"dir.json\")", "use \"zero.in\""]

    /// Writes input `k` (a mutation of a valid file, or a trap) and returns the code that reads it.
    func make(_ k: Int, _ maker: inout ProgramMaker) -> String {
        if k % 50 == 0 { return maker.pick(HostileFiles.specialReaders) }
        if k % 50 == 1 {
            let (name, bytes, reader) = maker.pick(traps)
            try? DataFile.write(bytes, to: folder + "/" + name)
            return reader
        }
        let format = formats[k % formats.count]
        var bytes = format.valid
        switch maker.below(5) {
        case 0: break  // the valid file, as a baseline that must still load
        case 1: bytes = Array(bytes.prefix(maker.below(bytes.count + 1)))
        case 2: bytes = (0..<maker.below(300)).map { _ in UInt8(maker.below(256)) }
        case 3:
            let i = maker.below(bytes.count + 1)
            bytes.insert(contentsOf: Array(maker.pick(ProgramMaker.hostileLiterals).utf8), at: i)
        default:
            for _ in 0..<(1 + maker.below(4)) where !bytes.isEmpty { bytes[maker.below(bytes.count)] = UInt8(maker.below(256)) }
        }
        try? DataFile.write(bytes, to: folder + "/" + format.fileName)
        return format.reader
    }
}
