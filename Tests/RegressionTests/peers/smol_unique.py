"""smol's duplicate-correlation filter (unique_corr_vector_indices, lowest energy kept) on a shared
dataset, for the Swift tests.

Usage: smol_unique.py DATA_DIR NAME
NAME is lno (relaxed cells, sinusoid {2: 5, 3: 4.1} A) or limn3of (ideal cells with their stored
supercell matrices, sinusoid at the stored cutoffs). Prints the ids of the structures smol kept,
then on a second line the ids of those it dropped (space separated; "-" when none).
"""
import sys
import warnings

import numpy as np
from ase.io import read
from pymatgen.core import Structure
from pymatgen.entries.computed_entries import ComputedStructureEntry
from pymatgen.io.ase import AseAtomsAdaptor
from smol.cofe import ClusterSubspace, StructureWrangler
from smol.cofe.wrangling.tools import unique_corr_vector_indices


def main():
    root, name = sys.argv[1], sys.argv[2]
    prim = Structure.from_file(f"{root}/{name}/prim.json")
    if name == "lno":
        cutoffs, path, matcher = {2: 5, 3: 4.1}, f"{root}/lno/structures.extxyz", {"supercell_size": "O2-"}
    else:
        cutoffs = {2: 6.964912057439828, 3: 3.6373066946901065, 4: 3.6373066946901065}
        path, matcher = f"{root}/limn3of/ideal_structures.extxyz", {"ltol": 0.15, "stol": 0.2, "angle_tol": 2}
    subspace = ClusterSubspace.from_cutoffs(prim, cutoffs, basis="sinusoid", **matcher)
    wrangler = StructureWrangler(subspace)
    ids = []
    for atoms in read(path, index=":"):
        structure = AseAtomsAdaptor.get_structure(atoms)
        structure.add_oxidation_state_by_site([int(q) for q in atoms.arrays["oxi"]])
        entry = ComputedStructureEntry(structure, float(atoms.info["energy_eV_per_cell"]))
        kwargs = {}
        if "supercell_matrix" in atoms.info:
            kwargs["supercell_matrix"] = np.array(atoms.info["supercell_matrix"]).reshape(3, 3)
        before = wrangler.num_structures
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wrangler.add_entry(entry, verbose=False, **kwargs)
        if wrangler.num_structures > before:
            ids.append(atoms.info["id"])
    kept, dropped = unique_corr_vector_indices(wrangler, "energy", return_compliment=True)
    print(" ".join(sorted(ids[i] for i in kept)))
    print(" ".join(sorted(ids[i] for i in dropped)) or "-")


if __name__ == "__main__":
    main()
