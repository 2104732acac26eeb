// A cluster orbit: the clusters equivalent under the space group, counted per
// primitive cell, with the symmetry-distinct labelings that make its functions.

/// A site of the infinite crystal: prim site `site` in the cell translated by `cell`.
public struct LatticePoint: Hashable, Sendable, Comparable {
    /// Index of the primitive-cell site.
    public let site: Int
    /// Integer cell translation.
    public let cell: SIMD3<Int>

    public init(site: Int, cell: SIMD3<Int>) { self.site = site; self.cell = cell }

    public static func < (a: LatticePoint, b: LatticePoint) -> Bool {
        if a.site != b.site { return a.site < b.site }
        if a.cell.x != b.cell.x { return a.cell.x < b.cell.x }
        if a.cell.y != b.cell.y { return a.cell.y < b.cell.y }
        return a.cell.z < b.cell.z
    }

    /// The point shifted by an integer translation.
    @inline(__always) func shifted(_ t: SIMD3<Int>) -> LatticePoint { LatticePoint(site: site, cell: cell &+ t) }
}

/// One orbit of symmetry-equivalent clusters.
///
///     let space = try ClusterSpace(lattice: fcc, cutoffs: [2: 5.0, 3: 4.1])
///     space.orbits[1].multiplicity   // 6: nearest-neighbour pairs per prim
public struct Orbit: Sendable {
    /// Number of sites in each cluster.
    public let order: Int
    /// The representative cluster, sorted, with its first site in the home cell.
    public let representative: [LatticePoint]
    /// One cluster per translation class (images[0] is the representative), each
    /// ordered so that its k-th site is the image of the representative's k-th site.
    public let images: [[LatticePoint]]
    /// Largest distance between two sites of a cluster, Å.
    public let diameter: Double
    /// Mean distance of the sites from their centre (icet's radius), Å.
    public let radius: Double
    /// All intra-cluster distances, ascending, Å.
    public let distances: [Double]
    /// Sublattice index of each representative site.
    public let sublattices: [Int]
    /// The correlation functions: each a class of symmetry-equivalent multi-indices
    /// (one basis-function index α ≥ 1 per site, in representative site order).
    public let functions: [[[Int]]]

    /// Clusters per primitive cell.
    public var multiplicity: Int { images.count }
    /// Number of correlation functions (p_B of this orbit's group).
    public var functionCount: Int { functions.count }
}
