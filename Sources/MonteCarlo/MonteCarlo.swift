// The MonteCarlo engine module: configurations, local energy models (cluster
// tables, charge balance, pair shells, Ewald), moves, Metropolis annealing and
// equilibrium sampling, and the observers (energy, pairs, triplets) they record.
@_exported import Numerics
