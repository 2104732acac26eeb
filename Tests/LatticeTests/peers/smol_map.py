"""Maps structures as smol does (ClusterSubspace's two StructureMatchers) and
prints, for each structure that maps, its index, the largest and the rms
displacement of its site mapping (stol units).

usage: smol_map.py PRIM.json STRUCTURES.json SUPERCELL_SIZE LTOL STOL ANGLE_TOL [MAX_SITES]
MAX_SITES: only structures with at most this many sites are tried (indices stay
those of the whole file).
STRUCTURES.json: a list of pymatgen Structure or ComputedStructureEntry dicts,
or a dict with "data": [{"structure": ...}] (the limn3of source file).
"""
import json
import sys
import warnings

import numpy as np
from pymatgen.analysis.structure_matcher import OrderDisorderElementComparator, StructureMatcher
from pymatgen.core import Structure
from smol.cofe import ClusterSubspace

warnings.filterwarnings("ignore")
prim_path, structures_path, size, ltol, stol, angle_tol = sys.argv[1:7]
max_sites = int(sys.argv[7]) if len(sys.argv) > 7 else None
prim = Structure.from_dict(json.load(open(prim_path)))
items = json.load(open(structures_path))
if isinstance(items, dict):
    items = [d["structure"] for d in items["data"]]
structures = [Structure.from_dict(d.get("structure", d)) for d in items]
kw = dict(ltol=float(ltol), stol=float(stol), angle_tol=float(angle_tol))
space = ClusterSubspace.from_cutoffs(prim, {2: 3.0}, supercell_size=size, **kw)
sites = StructureMatcher(primitive_cell=False, attempt_supercell=False, allow_subset=True,
                         comparator=OrderDisorderElementComparator(), scale=True, **kw)
for i, s in enumerate(structures):
    if max_sites is not None and len(s) > max_sites:
        continue
    try:
        m = space.scmatrix_from_structure(s)
        space.occupancy_from_structure(s, scmatrix=m)
    except Exception:
        continue
    supercell = prim.copy()
    supercell.make_supercell(m)
    a, b, _, _ = sites._preprocess(supercell, s, niggli=True)
    match = sites._strict_match(a, b, 1, break_on_match=False)
    print(i, repr(float(match[0])), repr(float(np.linalg.norm(match[1]) / len(match[1]) ** 0.5)))
