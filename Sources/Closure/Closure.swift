// The Closure engine module: see design.md.
@_exported import Numerics
