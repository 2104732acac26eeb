// The space group of a lattice from spglib: symmetry operations in
// fractional coordinates, with sites of different site spaces as different types.
import CSpglib

/// One space-group operation x' = R x + τ on fractional coordinates (column vectors).
public struct SymmetryOperation: Sendable, Equatable {
    /// The integer rotation, row-major.
    public let rotation: [Int]
    /// The fractional translation.
    public let translation: Vector3

    /// An operation from its rotation (row-major integers) and translation.
    public init(rotation: [Int], translation: Vector3) {
        self.rotation = rotation
        self.translation = translation
    }

    /// Applies the operation to a fractional position.
    @inline(__always) public func apply(_ x: Vector3) -> Vector3 {
        let r = rotation
        return Vector3(
            Double(r[0]) * x.x + Double(r[1]) * x.y + Double(r[2]) * x.z,
            Double(r[3]) * x.x + Double(r[4]) * x.y + Double(r[5]) * x.z,
            Double(r[6]) * x.x + Double(r[7]) * x.y + Double(r[8]) * x.z) + translation
    }
}

/// The space group found by spglib.
///
///     let g = try SpaceGroup(vectors: fcc.vectors, positions: [.zero], types: [0])
///     g.number   // 225
///     g.symbol   // "Fm-3m"
public struct SpaceGroup: Sendable {
    /// International space-group number (1-230).
    public let number: Int
    /// Hermann-Mauguin symbol.
    public let symbol: String
    /// All operations (including pure translations of a non-primitive cell).
    public let operations: [SymmetryOperation]
    /// For each site, the index of the first symmetry-equivalent site.
    public let equivalentSites: [Int]

    /// Runs spglib on a cell whose rows are lattice vectors.
    public init(vectors: Matrix3, positions: [Vector3], types: [Int], symprec: Double = 1e-5) throws {
        let n = positions.count
        // spglib wants column lattice vectors in a contiguous double[3][3].
        var lattice = vectors.transposed.m
        var flatPositions = positions.flatMap { [$0.x, $0.y, $0.z] }
        let cTypes = types.map { Int32($0) }
        let dataset: UnsafeMutablePointer<SpglibDataset>? = lattice.withUnsafeMutableBufferPointer { lat in
            flatPositions.withUnsafeMutableBufferPointer { pos in
                cTypes.withUnsafeBufferPointer { typ in
                    lat.baseAddress!.withMemoryRebound(to: (Double, Double, Double).self, capacity: 3) { l in
                        pos.baseAddress!.withMemoryRebound(to: (Double, Double, Double).self, capacity: max(n, 1)) { p in
                            spg_get_dataset(l, p, typ.baseAddress!, Int32(n), symprec)
                        }
                    }
                }
            }
        }
        guard let ds = dataset else {
            throw LatticeError("spglib found no space group for this cell (check that sites do not overlap and the vectors are independent)")
        }
        defer { spg_free_dataset(ds) }
        let d = ds.pointee
        number = Int(d.spacegroup_number)
        symbol = withUnsafeBytes(of: d.international_symbol) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        var ops: [SymmetryOperation] = []
        for k in 0..<Int(d.n_operations) {
            let r = d.rotations[k]
            let t = d.translations[k]
            let rot = [r.0.0, r.0.1, r.0.2, r.1.0, r.1.1, r.1.2, r.2.0, r.2.1, r.2.2].map { Int($0) }
            ops.append(SymmetryOperation(rotation: rot, translation: Vector3(t.0, t.1, t.2)))
        }
        operations = ops
        equivalentSites = (0..<n).map { Int(d.equivalent_atoms[$0]) }
        if ops.isEmpty { throw LatticeError("spglib returned no symmetry operations") }
    }
}
