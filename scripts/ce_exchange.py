"""Load cluster expansions exported by ce into smol and icet.

In ce:   export(m, "lno_smol.json", format="smol")   or   export(m, "agpd_icet.json", format="icet")
Python:  from ce_exchange import smol_expansion, icet_expansion
         expansion = smol_expansion("lno_smol.json")     # smol.cofe.ClusterExpansion
         expansion = icet_expansion("agpd_icet.json")    # icet.ClusterExpansion

The peer builds its own cluster space from the exported structure and cutoffs; each of its
orbits is then matched to ce's orbit holding the same clusters (ce exports every cluster of
every orbit, in fractional coordinates of the prim), so the coefficients land in the peer's
own order whatever order its sort leaves tied orbits in. An orbit of the peer that ce's
model does not have gets coefficient 0; an orbit of ce's that the peer did not build is an
error. The coefficients are already in the peer's convention (ce's export help says how).

Run as a script, it prints the energy per prim the expansion predicts for each structure of
an extended XYZ file:  python ce_exchange.py smol|icet MODEL.json STRUCTURES.extxyz
"""
import json
import sys

import numpy as np


def _key(frac_coords):
    """A cluster's points up to a lattice translation: sorted, the first in the home cell."""
    points = sorted(tuple(float(x) for x in np.round(p, 5) + 0.0) for p in np.asarray(frac_coords, dtype=float))
    shift = np.floor(np.asarray(points[0]) + 1e-5)
    return tuple(tuple(float(x) for x in np.round(np.asarray(p) - shift, 4) + 0.0) for p in points)


def _orbit_table(doc):
    """ce's orbits by the key of each of their clusters."""
    table = {}
    for k, orbit in enumerate(doc["orbits"]):
        for cluster in orbit["clusters"]:
            table[_key(cluster)] = k
    return table


def _coefficient(doc, table, used, frac_coords, what):
    k = table.get(_key(frac_coords))
    if k is None:
        return 0.0
    if k in used:
        raise ValueError(f"{what}: two of the peer's orbits match ce's orbit {k}")
    used.add(k)
    return doc["orbits"][k]["coefficient"]


def _check_all_used(doc, used, peer):
    missing = [k for k in range(len(doc["orbits"])) if k not in used]
    if missing:
        raise ValueError(f"{peer} did not build ce's orbits {missing} from the exported cutoffs")


def _load(path, peer):
    with open(path) as f:
        doc = json.load(f)
    if doc.get("format") != f"ce-{peer}-expansion":
        raise ValueError(f"{path} is not a ce export for {peer} (format {doc.get('format')!r})")
    if doc.get("version", 0) > 1:
        raise ValueError(f"{path} is version {doc['version']}, newer than this loader (1)")
    return doc


def smol_expansion(path):
    """The smol ClusterExpansion of a ce export (format="smol"), energies per prim."""
    from pymatgen.core import Structure
    from smol.cofe import ClusterExpansion, ClusterSubspace
    from smol.cofe.extern import EwaldTerm

    doc = _load(path, "smol")
    prim = Structure.from_dict(doc["prim"])
    cutoffs = {int(k): v for k, v in doc["cutoffs"].items()}
    subspace = ClusterSubspace.from_cutoffs(prim, cutoffs=cutoffs, basis=doc["basis"])
    if doc.get("ewald"):
        subspace.add_external_term(EwaldTerm())
    table, used = _orbit_table(doc), set()
    coefficients = [doc["empty"]]
    for orbit in subspace.orbits:
        if len(orbit.bit_combos) != 1:
            raise ValueError("ce's smol export takes binary sites; this orbit has several functions")
        coefficients.append(_coefficient(doc, table, used, orbit.base_cluster.frac_coords, f"smol orbit {orbit.id}"))
    _check_all_used(doc, used, "smol")
    if doc.get("ewald"):
        # ce's Ewald energies use its own e²/4πε0 (CODATA 2018); pymatgen's may come from newer
        # constants, so the coefficient is scaled to give ce's energy.
        from pymatgen.analysis.ewald import EwaldSummation

        ewald = doc["ewald"]
        coefficients.append(ewald["coefficient"] * ewald.get("coulomb_constant", EwaldSummation.CONV_FACT) / EwaldSummation.CONV_FACT)
    return ClusterExpansion(subspace, np.array(coefficients))


def icet_expansion(path):
    """The icet ClusterExpansion of a ce export (format="icet"), energies per prim."""
    from ase import Atoms
    from icet import ClusterExpansion, ClusterSpace

    doc = _load(path, "icet")
    s = doc["structure"]
    prim = Atoms(symbols=s["symbols"], cell=s["cell"], positions=s["positions"], pbc=True)
    space = ClusterSpace(prim, doc["cutoffs"], doc["chemical_symbols"])
    cell = np.asarray(s["cell"], dtype=float)
    if abs(abs(np.linalg.det(space.primitive_structure.cell)) - abs(np.linalg.det(cell))) > 1e-6:
        raise ValueError("icet reduced ce's cell to a smaller primitive cell; export a model on a primitive lattice")
    inverse = np.linalg.inv(cell)
    table, used = _orbit_table(doc), set()
    parameters = [doc["empty"]]
    for index in range(len(space.orbit_list)):
        frac = np.asarray(space.get_coordinates_of_representative_cluster(index)) @ inverse
        parameters.append(_coefficient(doc, table, used, frac, f"icet orbit {index}"))
    _check_all_used(doc, used, "icet")
    return ClusterExpansion(space, np.array(parameters))


def _main(argv):
    if len(argv) != 4 or argv[1] not in ("smol", "icet"):
        print(__doc__)
        return 64
    from ase.io import read

    frames = read(argv[3], index=":")
    if argv[1] == "smol":
        from pymatgen.io.ase import AseAtomsAdaptor

        expansion = smol_expansion(argv[2])
        prim = np.asarray(expansion.cluster_subspace.structure.lattice.matrix)
        for atoms in frames:
            structure = AseAtomsAdaptor.get_structure(atoms)
            if "oxi" in atoms.arrays:
                structure.add_oxidation_state_by_site([float(q) for q in atoms.arrays["oxi"]])
            # ce writes ideal cells, so the supercell matrix is exact: smol need not search for it.
            scmatrix = np.rint(np.asarray(atoms.cell) @ np.linalg.inv(prim)).astype(int)
            print(repr(float(expansion.predict(structure, normalized=True, scmatrix=scmatrix))))
    else:
        expansion = icet_expansion(argv[2])
        for atoms in frames:
            print(repr(float(expansion.predict(atoms))))
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv))
