#!/usr/bin/env python3
"""Peer figure for `lattice.corr_fcc4000`: one correlation vector of a 4,000-site
fcc configuration, cutoffs {2: 5.0, 3: 4.1} Å, a = 4.0 Å, one thread.

Prints `; smol VALUE us` and `; icet VALUE us` fragments for scripts/bench (or
nothing for a peer that is not installed)."""
import os, sys, time
os.environ.setdefault("OMP_NUM_THREADS", "1")
import numpy as np

def best(f, repeat=20):
    f()
    times = []
    for _ in range(repeat):
        t = time.perf_counter(); f(); times.append(time.perf_counter() - t)
    return min(times)

out = []
try:
    from pymatgen.core import Lattice, Structure
    from smol.cofe import ClusterSubspace
    prim = Structure(Lattice.cubic(4.0), ["Ag", "Ag", "Ag", "Ag"], [[0, 0, 0], [0, .5, .5], [.5, 0, .5], [.5, .5, 0]])
    prim = prim.get_primitive_structure()
    prim.replace_species({"Ag": {"Ag": 0.5, "Pd": 0.5}})
    space = ClusterSubspace.from_cutoffs(prim, cutoffs={2: 5.0, 3: 4.1}, basis="sinusoid")
    sc = np.array([[-10, 10, 10], [10, -10, 10], [10, 10, -10]])
    t0 = time.perf_counter()
    from smol.moca import ClusterExpansionProcessor
    from smol.cofe import ClusterExpansion
    ce = ClusterExpansion(space, np.zeros(space.num_corr_functions))
    proc = ClusterExpansionProcessor(space, sc, ce.coefs)
    build = time.perf_counter() - t0
    rng = np.random.default_rng(0)
    occ = rng.integers(0, 2, proc.num_sites).astype(np.int32)
    t = best(lambda: proc.compute_feature_vector(occ))
    out.append(f"; smol {t * 1e6:.0f} us (tables {build * 1e3:.0f} ms)")
except Exception as e:  # peer missing or API changed: say so on stderr only
    print(f"smol: {e}", file=sys.stderr)
try:
    from ase.build import bulk
    from icet import ClusterSpace
    atoms = bulk("Ag", "fcc", a=4.0)
    cs = ClusterSpace(atoms, [5.0, 4.1], ["Ag", "Pd"])
    big = bulk("Ag", "fcc", a=4.0, cubic=True).repeat(10)
    rng = np.random.default_rng(0)
    big.set_chemical_symbols(rng.choice(["Ag", "Pd"], len(big)))
    t = best(lambda: cs.get_cluster_vector(big), repeat=3)
    out.append(f"; icet {t * 1e6:.0f} us")
except Exception as e:
    print(f"icet: {e}", file=sys.stderr)
print(" ".join(out))
