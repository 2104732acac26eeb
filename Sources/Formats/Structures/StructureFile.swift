// Structure files: which format a file is (by its name, then its first
// bytes), and reading every structure in it. A file that fails as a whole
// throws; a multi-structure file reports a bad structure on its own, so the
// others still read. Every error names the format the file was read as.
import Lattice

/// The structure file formats ce reads.
public enum StructureFormat: String, CaseIterable, Sendable {
    case extendedXYZ = "extended XYZ"
    case poscar = "POSCAR"
    case pymatgenJSON = "pymatgen JSON"
    case outcar = "OUTCAR"
    case vasprun = "vasprun.xml"
    case cif = "CIF"
    case aseDatabase = "ASE database"
    case strOut = "ATAT str.out"

    /// The format of a file from its name, else from its first bytes; nil when neither tells.
    ///
    ///     StructureFormat.detect(name: "run1/OUTCAR", head: [])   // .outcar
    public static func detect(name: String, head: [UInt8]) -> StructureFormat? {
        let base = (name.split(separator: "/").last.map(String.init) ?? name).lowercased()
        if base.hasSuffix(".extxyz") || base.hasSuffix(".xyz") { return .extendedXYZ }
        if base.hasSuffix(".json") { return .pymatgenJSON }
        if base.hasSuffix(".cif") { return .cif }
        if base.hasSuffix(".db") { return .aseDatabase }
        if base.hasPrefix("outcar") || base.hasSuffix(".outcar") { return .outcar }
        if base.hasSuffix(".xml") { return .vasprun }
        if base.hasPrefix("poscar") || base.hasPrefix("contcar") || base.hasSuffix(".vasp") || base.hasSuffix(".poscar") { return .poscar }
        if base.hasPrefix("str") && base.hasSuffix(".out") { return .strOut }
        return sniff(head)
    }

    /// The format from the first bytes alone.
    static func sniff(_ head: [UInt8]) -> StructureFormat? {
        if head.starts(with: Array("SQLite format 3".utf8)) { return .aseDatabase }
        let text = String(decoding: head.prefix(4096), as: UTF8.self)
        let trimmed = text.drop { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" || $0 == "\u{FEFF}" }
        if trimmed.hasPrefix("<?xml") || trimmed.hasPrefix("<modeling") { return .vasprun }
        if trimmed.hasPrefix("{") || trimmed.hasPrefix("[") { return .pymatgenJSON }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        if lines.contains(where: { $0.lowercased().hasPrefix("data_") }) { return .cif }
        if lines.count > 1, Int(lines[0]) != nil, lines[1].contains("Lattice=") { return .extendedXYZ }
        if lines.first?.contains(" vasp.") == true || text.contains("POTCAR:") { return .outcar }
        // POSCAR: a comment, one scale factor, three lattice vectors.
        if lines.count > 5, lines[1].split(separator: " ").count == 1, Double(lines[1]) != nil,
           (2...4).allSatisfy({ lines[$0].split(whereSeparator: { $0 == " " || $0 == "\t" }).prefix(3).compactMap { Double($0) }.count == 3 }) {
            return .poscar
        }
        return nil
    }
}

/// What a reader needs beyond the file.
public struct StructureReadOptions: Sendable {
    /// POSCAR files without a species line: the species of the count line, in order.
    public var species: [String]?
    /// The per-structure key holding the energy (extxyz info, entry data, database key), instead of the default.
    public var energyKey: String?
    /// ATAT str.out: the total energy read from the `energy` file beside it.
    public var energy: Double?

    public init(species: [String]? = nil, energyKey: String? = nil, energy: Double? = nil) {
        self.species = species
        self.energyKey = energyKey
        self.energy = energy
    }
}

/// Reads structure files.
///
///     let frames = try StructureFile.read(bytes, name: "structures.extxyz")
///     for f in frames { switch f { case .success(let s): ...; case .failure(let e): print(e) } }
public enum StructureFile {
    /// Every structure of the file. Throws a `FormatError` (its message starts with the format's name) when
    /// the file cannot be read at all; a multi-structure file gives each bad structure as a failure.
    public static func read(_ bytes: [UInt8], name: String, format given: StructureFormat? = nil,
                            options: StructureReadOptions = StructureReadOptions()) throws -> [Result<AtomicStructure, FormatError>] {
        guard let format = given ?? StructureFormat.detect(name: name, head: Array(bytes.prefix(4096))) else {
            let first = String(decoding: bytes.prefix(80), as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
            throw FormatError("not a structure file ce reads (extended XYZ, POSCAR, pymatgen JSON, OUTCAR, vasprun.xml, CIF, ASE database, "
                              + "ATAT str.out); it starts '\(first.prefix(60))'", line: 1)
        }
        let text = { String(decoding: bytes, as: UTF8.self) }
        switch format {
        case .extendedXYZ: return try ExtendedXYZ.read(text(), name: name, energyKey: options.energyKey)
        case .poscar: return [.success(try POSCAR.read(text(), id: name, species: options.species))]
        case .pymatgenJSON: return try PymatgenJSON.structures(bytes, name: name, energyKey: options.energyKey)
        case .outcar: return [.success(try OUTCAR.read(text(), id: name))]
        case .vasprun: return [.success(try Vasprun.read(bytes, id: name))]
        case .cif: return try CIF.structures(text(), name: name)
        case .aseDatabase: return try ASEDatabase.read(bytes, name: name, energyKey: options.energyKey)
        case .strOut:
            var s = try ATAT.structure(text(), id: name)
            s.energy = options.energy
            return [.success(s)]
        }
    }
}

extension FormatError {
    /// An error of a structure format: "FORMAT: message", at a line when known.
    init(_ format: StructureFormat, _ message: String, line: Int? = nil) {
        self.init("\(format.rawValue): \(message)", line: line)
    }
}
