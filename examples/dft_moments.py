"""Writes examples/dft_moments.extxyz: limn3of's 50 relaxed DFT cells with
synthetic Mn magnetic moments, for examples/dft_data.ce. In each cell a random
number of Mn3+ pairs become Mn2+ + Mn4+ (the cell stays neutral); each Mn gets
a moment drawn around 4.6 (Mn2+), 3.9 (Mn3+) or 3.1 (Mn4+) muB with a 0.1 muB
spread, Li, O and F about 0. The oxidation states are dropped: charges(...)
has to find them. Energies are limn3of's (eV per cell).

usage: python3 dft_moments.py   (ASE and numpy; deterministic)
"""
import numpy as np
from ase.io import read, write

rng = np.random.default_rng(13)
frames = read("../../shared/data/limn3of/structures.extxyz", index=":")
centre = {2: 4.6, 3: 3.9, 4: 3.1}
out = []
for a in frames:
    mn = [i for i, s in enumerate(a.get_chemical_symbols()) if s == "Mn"]
    rng.shuffle(mn)
    state = {i: 3 for i in mn}
    pairs = rng.integers(0, len(mn) // 2 + 1)
    for p in range(pairs):
        state[mn[2 * p]], state[mn[2 * p + 1]] = 2, 4
    moments = np.array([rng.normal(centre[state[i]], 0.1) if i in state else rng.normal(0, 0.02) for i in range(len(a))])
    b = a.copy()
    for key in list(b.arrays):
        if key not in ("numbers", "positions"):
            del b.arrays[key]
    b.info = {"id": a.info["id"], "energy_eV_per_cell": a.info["energy_eV_per_cell"]}
    b.set_array("magmoms", moments.round(3))
    out.append(b)
write("dft_moments.extxyz", out, format="extxyz")
