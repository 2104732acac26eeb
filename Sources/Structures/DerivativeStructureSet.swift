// The structures an enumeration made, stored flat: each structure is an index
// into the list of supercells and a run of species indices, one per site.
import Lattice

/// Enumerated derivative structures of one lattice.
///
///     let set = try DerivativeStructureEnumerator(lattice: fcc, sizes: [1, 2, 3, 4]).enumerate()
///     set.count                          // 29
///     set.cellCount(of: 7)               // its size in primitive cells
///     try set.configuration(7)           // on its (reduced) supercell
public struct DerivativeStructureSet: Sendable {
    /// The parent lattice.
    public let lattice: CrystalLattice
    /// The supercells holding structures, one per superlattice class, with reduced bases.
    public let supercells: [Supercell]
    /// The superlattice class of each supercell.
    public let superlattices: [Superlattice]
    /// The supercell of each structure.
    let supercellIndex: [Int32]
    /// Species indices (into each site's space) of every structure, in its supercell's site order.
    let occupations: [UInt8]
    /// Start of each structure's occupation (count + 1).
    let starts: [Int]

    /// Number of structures.
    public var count: Int { supercellIndex.count }

    /// The supercell of structure k.
    public func supercell(of k: Int) -> Supercell { supercells[Int(supercellIndex[k])] }

    /// Primitive cells in structure k.
    public func cellCount(of k: Int) -> Int { supercell(of: k).cellCount }

    /// The occupation σ of structure k, per site of its supercell.
    public func occupation(of k: Int) -> [Int] { occupations[starts[k]..<starts[k + 1]].map(Int.init) }

    /// Structure k as a configuration.
    public func configuration(_ k: Int) throws -> Configuration {
        guard k >= 0, k < count else { throw LatticeError("structure \(k) does not exist (there are \(count))") }
        return try Configuration(supercell: supercell(of: k), occupation: occupation(of: k))
    }

    /// Collects structures supercell by supercell.
    struct Builder {
        let lattice: CrystalLattice
        var supercells: [Supercell] = []
        var superlattices: [Superlattice] = []
        var supercellIndex: [Int32] = []
        var occupations: [UInt8] = []
        var starts: [Int] = [0]
        var pending: (Supercell, Superlattice)?

        init(lattice: CrystalLattice) { self.lattice = lattice }

        /// The supercell the next structures are on (recorded once it holds one).
        mutating func beginSupercell(_ supercell: Supercell, superlattice: Superlattice) { pending = (supercell, superlattice) }

        mutating func add(_ occupation: some Collection<UInt8>) {
            if let (supercell, superlattice) = pending {
                supercells.append(supercell)
                superlattices.append(superlattice)
                pending = nil
            }
            supercellIndex.append(Int32(supercells.count - 1))
            occupations += occupation
            starts.append(occupations.count)
        }

        func finish() -> DerivativeStructureSet {
            DerivativeStructureSet(lattice: lattice, supercells: supercells, superlattices: superlattices,
                                   supercellIndex: supercellIndex, occupations: occupations, starts: starts)
        }
    }
}
