// The Regression engine module: see design.md.
@_exported import Numerics
