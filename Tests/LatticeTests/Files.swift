// Reading test inputs through the Formats target's readers (the files the
// engine tests start from), failing the test on any structure that does not read.
import Formats
@testable import Lattice

enum Files {
    /// Every structure of `text` read as `format`.
    static func structures(_ format: StructureFormat, _ text: String, name: String = "test") throws -> [AtomicStructure] {
        try StructureFile.read(Array(text.utf8), name: name, format: format).map { try $0.get() }
    }

    /// A lattice from pymatgen JSON (prim.json).
    static func lattice(json text: String) throws -> CrystalLattice { try PymatgenJSON.lattice(Array(text.utf8), name: "prim.json") }

    /// A lattice from ATAT lat.in.
    static func lattice(latIn text: String) throws -> CrystalLattice { try ATAT.lattice(text) }
}
