// Atomic structures as users have them (DFT cells): a periodic cell of atoms
// with optional oxidation states, energy, magnetic moments and per-atom
// arrays. The Formats target reads them from files.

/// A periodic cell of atoms with optional oxidation states, energy and moments.
///
///     var s = AtomicStructure(id: "cell", vectors: Matrix3(rows: [[4, 0, 0], [0, 4, 0], [0, 0, 4]]),
///                             elements: ["Ag"], charges: [nil], positions: [Vector3(0, 0, 0)], info: [], energy: -3.1)
///     s.value("energy")   // nil: info holds only what the file gave besides the energy
public struct AtomicStructure: Sendable {
    /// An identifier (the `id` key, a file name, or "structure N").
    public var id: String
    /// Cell vectors (rows), Å.
    public var vectors: Matrix3
    /// Element symbol per atom.
    public var elements: [String]
    /// Oxidation state per atom, when the file gives one.
    public var charges: [Double?]
    /// Cartesian positions, Å.
    public var positions: [Vector3]
    /// Other per-structure keys in file order (extxyz info, entry data, database key-value pairs).
    public var info: [(key: String, value: String)]
    /// Total energy of the cell, eV, when the file gives one.
    public var energy: Double?
    /// Magnetic moment per atom, μB, when the file gives them.
    public var magneticMoments: [Double]?
    /// Other numeric per-atom arrays by name (moments by orbital "magmom_d", "initial_magmoms", ...).
    public var atomArrays: [(name: String, values: [Double])]

    public init(id: String, vectors: Matrix3, elements: [String], charges: [Double?], positions: [Vector3],
                info: [(key: String, value: String)], energy: Double?, magneticMoments: [Double]? = nil,
                atomArrays: [(name: String, values: [Double])] = []) {
        self.id = id
        self.vectors = vectors
        self.elements = elements
        self.charges = charges
        self.positions = positions
        self.info = info
        self.energy = energy
        self.magneticMoments = magneticMoments
        self.atomArrays = atomArrays
    }

    /// The value of an info key.
    public func value(_ key: String) -> String? { info.first { $0.key == key }?.value }

    /// A per-atom array by name (nil when absent).
    public func array(_ name: String) -> [Double]? { atomArrays.first { $0.name == name }?.values }
}
