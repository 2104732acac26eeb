// The Lattice engine module: see design.md.
@_exported import Numerics
