// The Lattice engine module: lattices, symmetry, cluster orbits, site bases,
// correlation vectors, Ewald sums, structures and features (design.md).
@_exported import Numerics
