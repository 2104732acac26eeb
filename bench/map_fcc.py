"""Random fcc Ag-Pd supercells for map.fcc8x8x8, and smol's mapping time.

usage: map_fcc.py write DIR N...   writes DIR/fccN.extxyz (N x N x N prims, random
                                    occupation, displacements uniform in +-0.15 A, seed N)
       map_fcc.py smol FILE         maps FILE as smol does, prints seconds and 1 if mapped
"""
import sys
import time
import warnings

import numpy as np

warnings.filterwarnings("ignore")
if sys.argv[1] == "write":
    from ase.build import bulk
    from ase.io import write
    for n in map(int, sys.argv[3:]):
        rng = np.random.default_rng(n)
        atoms = bulk("Ag", "fcc", a=4.09, cubic=True).repeat((n, n, n))
        atoms.set_chemical_symbols(rng.choice(["Ag", "Pd"], size=len(atoms)))
        atoms.positions += rng.uniform(-0.15, 0.15, size=atoms.positions.shape)
        write(f"{sys.argv[2]}/fcc{n}.extxyz", atoms, format="extxyz")
else:
    from pymatgen.core import Lattice, Structure
    from pymatgen.io.ase import AseAtomsAdaptor
    from ase.io import read
    from smol.cofe import ClusterSubspace
    prim = Structure(Lattice([[0, 2.045, 2.045], [2.045, 0, 2.045], [2.045, 2.045, 0]]), [{"Ag": 0.5, "Pd": 0.5}], [[0, 0, 0]])
    space = ClusterSubspace.from_cutoffs(prim, {2: 3.0})
    s = AseAtomsAdaptor.get_structure(read(sys.argv[2]))
    start = time.perf_counter()
    space.occupancy_from_structure(s)
    print(time.perf_counter() - start, 1)
