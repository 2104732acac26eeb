#!/usr/bin/env python3
"""The Monte Carlo peers of scripts/bench: icet's and smol's canonical Monte Carlo
on exactly the Hamiltonian that ce runs, and the model ce reads.

Systems (fcc, a = 4.0 Å, cutoffs {2: 5.0, 3: 4.1} Å, the 4,000-site conventional
10 x 10 x 10 cell, canonical swaps at 300 K):
  binary   Cu-Au, 7 correlation functions
  ternary  Cu-Pd-Au, 22 correlation functions
icet's parameters are drawn uniformly from [-0.02, 0.02] eV (seeded).

Conventions (the conversion `ce_eci` documents and the tests check):
  * species in icet's order (by atomic number; smol's order, by electronegativity, is the
    same here), so all three codes use the same sinusoid site basis
    phi_1(s) = -cos(2 pi s / M), phi_2(s) = -sin(2 pi s / M), ...;
  * icet's parameters P_f and smol's coefficients multiply plain correlation functions
    (energy per primitive cell E = sum_f P_f Phi_f): they include the orbit multiplicity
    m_f. ce's ECIs multiply m_f Phi_f, so J_f = P_f / m_f;
  * the three codes order the functions of an orbit differently (for the ternary's
    isosceles triplets): functions are matched by their values on reference
    configurations, which the model file carries for ce (bench/mc/model.ce).

Usage:
  peer.py model SYSTEM FILE        write the model for ce as JSON
  peer.py energies SYSTEM FILE...  print icet's and smol's total energies (eV) of the configurations
                                      in each FILE (JSON: cell, positions, lists of species)
  peer.py rate SYSTEM START [STEPS]
                                      from the configuration in START (JSON: species, positions, cell;
                                      bench/mc/fcc.ce writes it), print "icet RATE ACCEPTANCE SETUP" and
                                      "smol RATE ACCEPTANCE SETUP": attempted swaps per second of CPU time
                                      (process_time, as ce's cpu_time), accepted fraction, set-up CPU seconds (the calculator or processor)
  peer.py setup SYSTEM START       print icet's set-up CPU seconds (best of 3)
"""
import json
import logging
import os
import sys
import time
import warnings

os.environ.setdefault("OMP_NUM_THREADS", "1")
logging.disable(logging.CRITICAL)
warnings.filterwarnings("ignore")
import numpy as np
from ase import Atoms
from ase.build import bulk
from icet import ClusterExpansion, ClusterSpace

KB = 8.617333262e-5  # eV/K, CODATA 2018 (ASE's, icet's and smol's)
A = 4.0
CUTOFFS = [5.0, 4.1]
TEMPERATURE = 300.0
SYSTEMS = {"binary": ["Cu", "Au"], "ternary": ["Cu", "Pd", "Au"]}
SEEDS = {"binary": 1, "ternary": 2}


def icet_model(system):
    """icet's cluster space and cluster expansion with seeded random parameters."""
    species = SYSTEMS[system]
    space = ClusterSpace(bulk("Au", "fcc", a=A), cutoffs=CUTOFFS, chemical_symbols=species)
    order = sorted(species, key=lambda s: Atoms(s).numbers[0])
    assert order == species, "species must be listed in icet's order (by atomic number)"
    rng = np.random.default_rng(SEEDS[system])
    return space, ClusterExpansion(space, rng.uniform(-0.02, 0.02, len(space)))


def reference_configurations(system, count=3, size=3):
    """Random occupations of the size^3 prim supercell, in ce's site order (cell by cell,
    the last cell index fastest, as ASE's repeat), with icet's correlation vectors."""
    species = SYSTEMS[system]
    space, _ = icet_model(system)
    rng = np.random.default_rng(100 + SEEDS[system])
    configs, vectors = [], []
    for _ in range(count):
        atoms = bulk("Au", "fcc", a=A).repeat((size, size, size))
        occupation = rng.integers(0, len(species), len(atoms))
        atoms.set_chemical_symbols([species[k] for k in occupation])
        configs.append([int(k) for k in occupation])
        vectors.append([float(x) for x in space.get_cluster_vector(atoms)])
    return configs, vectors


def smol_model(system):
    """smol's cluster subspace and expansion with icet's parameters, matched function by function."""
    from pymatgen.core import Lattice, Structure
    from pymatgen.io.ase import AseAtomsAdaptor
    from smol.cofe import ClusterExpansion as SmolExpansion, ClusterSubspace

    species = SYSTEMS[system]
    _, ce = icet_model(system)
    fraction = 1.0 / len(species)
    prim = Structure(Lattice([[0, A / 2, A / 2], [A / 2, 0, A / 2], [A / 2, A / 2, 0]]),
                     [{s: fraction for s in species}], [[0, 0, 0]])
    subspace = ClusterSubspace.from_cutoffs(prim, cutoffs={2: CUTOFFS[0], 3: CUTOFFS[1]}, basis="sinusoid")
    configs, icet_vectors = reference_configurations(system)
    smol_vectors = []
    for occupation in configs:
        atoms = bulk("Au", "fcc", a=A).repeat((3, 3, 3))
        atoms.set_chemical_symbols([species[k] for k in occupation])
        structure = AseAtomsAdaptor.get_structure(atoms)
        smol_vectors.append(subspace.corr_from_structure(structure, scmatrix=3 * np.eye(3, dtype=int)))
    match = match_functions(np.array(icet_vectors), np.array(smol_vectors))
    coefficients = np.array([ce.parameters[match[h]] for h in range(subspace.num_corr_functions)])
    return subspace, SmolExpansion(subspace, coefficients)


def match_functions(reference, other):
    """For each column of `other`, the unique column of `reference` with the same values."""
    match = []
    for h in range(other.shape[1]):
        hits = [g for g in range(reference.shape[1]) if np.allclose(reference[:, g], other[:, h], rtol=0, atol=1e-9)]
        if len(hits) != 1:
            sys.exit(f"peer.py: correlation function {h} matches {len(hits)} of the reference's, not one")
        match.append(hits[0])
    return match


def write_model(system, path):
    """The model file ce reads (bench/mc/model.ce): icet's parameters in icet's function
    order with their orbit multiplicities, and the reference configurations that fix the order."""
    space, ce = icet_model(system)
    multiplicities = [int(row["multiplicity"]) for row in space.as_list]
    configs, vectors = reference_configurations(system)
    model = {
        "system": system, "species": SYSTEMS[system], "a": A, "cutoffs": CUTOFFS,
        "temperature": TEMPERATURE, "kB": KB,
        "parameters": [float(p) for p in ce.parameters], "multiplicities": multiplicities,
        "reference": {"size": 3, "occupations": configs, "vectors": vectors},
    }
    with open(path, "w") as f:
        json.dump(model, f)


def energies(system, paths):
    """icet's and smol's total energies (eV) of each configuration in the files."""
    _, ce = icet_model(system)
    subspace, expansion = smol_model(system)
    for path in paths:
        energies_of_file(ce, subspace, expansion, path)


def energies_of_file(ce, subspace, expansion, path):
    """icet's and smol's total energies (eV) of the configurations in one file, one line each."""
    from pymatgen.io.ase import AseAtomsAdaptor
    from smol.moca import ClusterExpansionProcessor

    data = json.load(open(path))
    cell = np.array(data["cell"])
    positions = np.array(data["positions"])
    prim = bulk("Au", "fcc", a=A)
    matrix = np.rint(cell @ np.linalg.inv(prim.cell[:])).astype(int)
    processor = ClusterExpansionProcessor(subspace, matrix, expansion.coefs)
    for symbols in data["species"]:
        atoms = Atoms(symbols, positions=positions, cell=cell, pbc=True)
        icet_energy = ce.predict(atoms) * len(atoms)
        structure = AseAtomsAdaptor.get_structure(atoms)
        occupancy = processor.occupancy_from_structure(structure)
        smol_energy = processor.compute_property(occupancy)
        print(repr(float(icet_energy)), repr(float(smol_energy)))


def start_atoms(path):
    """The configuration ce equilibrated (bench/mc/fcc.ce): species, positions and cell."""
    data = json.load(open(path))
    return Atoms(data["species"], positions=data["positions"], cell=data["cell"], pbc=True)


def rate_icet(system, path, steps):
    from mchammer.calculators import ClusterExpansionCalculator
    from mchammer.ensembles import CanonicalEnsemble

    _, ce = icet_model(system)
    atoms = start_atoms(path)
    start = time.process_time()
    calculator = ClusterExpansionCalculator(atoms, ce)
    setup = time.process_time() - start
    if steps == 0:
        return 0.0, 0.0, setup
    mc = CanonicalEnsemble(atoms, calculator=calculator, temperature=TEMPERATURE, random_seed=1,
                           ensemble_data_write_interval=10**9, trajectory_write_interval=10**9)
    start = time.process_time()
    mc.run(number_of_trial_steps=steps)
    elapsed = time.process_time() - start
    return steps / elapsed, mc._accepted_trials / steps, setup


def rate_smol(system, path, steps):
    from pymatgen.io.ase import AseAtomsAdaptor
    from smol.moca import Ensemble, Sampler

    subspace, expansion = smol_model(system)
    atoms = start_atoms(path)
    matrix = np.rint(atoms.cell[:] @ np.linalg.inv(bulk("Au", "fcc", a=A).cell[:])).astype(int)
    start = time.process_time()
    ensemble = Ensemble.from_cluster_expansion(expansion, matrix, processor_type="expansion")
    setup = time.process_time() - start
    sampler = Sampler.from_ensemble(ensemble, temperature=TEMPERATURE, step_type="swap", seeds=[1])
    occupancy = ensemble.processor.occupancy_from_structure(AseAtomsAdaptor.get_structure(atoms))
    start = time.process_time()
    # smol records whether the last step of each thinning interval was accepted: every 10th step here.
    sampler.run(steps, occupancy, thin_by=10, progress=False)
    elapsed = time.process_time() - start
    return steps / elapsed, float(sampler.samples.sampling_efficiency()), setup


def main():
    if len(sys.argv) < 4 or sys.argv[1] not in ("model", "energies", "rate", "setup") or sys.argv[2] not in SYSTEMS:
        sys.exit(__doc__)
    command, system = sys.argv[1], sys.argv[2]
    if command == "model":
        write_model(system, sys.argv[3])
    elif command == "energies":
        energies(system, sys.argv[3:])
    elif command == "setup":
        print(f"{min(rate_icet(system, sys.argv[3], 0)[2] for _ in range(3)):.3g}")
    else:
        steps = int(sys.argv[4]) if len(sys.argv) > 4 else 20000
        for name, measure in (("icet", rate_icet), ("smol", rate_smol)):
            rate, acceptance, setup = measure(system, sys.argv[3], steps)
            print(f"{name} {rate:.3g} {acceptance:.3f} {setup:.3g}")


if __name__ == "__main__":
    main()
