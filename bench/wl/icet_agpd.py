#!/usr/bin/env python3
"""icet on the agpd cluster expansion exported by ce, on a small cell ce wrote: exact
enumeration with icet's calculator and icet's WangLandauEnsemble, the peer of
Tests/ShellTests/WangLandauIcetTests.swift and bench/mc.wang_landau_agpd.sh.

Energies are icet's ClusterExpansionCalculator totals (eV per supercell), binned as ce bins
them (and as icet's ensemble does): bin k holds energies nearest k * BIN. ln g is normalised
so that sum g = the number of configurations at the cell's composition, as ce normalises it.

Usage:
  icet_agpd.py exact MODEL.json CELL.extxyz BIN
      every arrangement of the cell's species: prints "configurations C" and "edge_distance D" (the
      smallest distance of an energy from a bin edge, in units of BIN), then "k ln_g mean_E" per bin.
  icet_agpd.py walk MODEL.json CELL.extxyz BIN FINAL_LN_F CHECK_SWEEPS SEED
      icet's Wang-Landau walk of swaps from the cell's arrangement until ln f <= FINAL_LN_F:
      prints "SECONDS STEPS LN_F", then "k ln_g" per bin.
  icet_agpd.py compare EXACT WALK
      files of "k ln_g ..." lines (further columns ignored): prints the largest |ln g - exact| / exact
      and the largest |ln g - exact| over the exact bins (inf when the walk misses a bin).
"""
import itertools
import logging
import math
import os
import sys
import time
import warnings

import numpy as np
from ase.io import read

warnings.filterwarnings("ignore")
logging.disable(logging.CRITICAL)

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))
from ce_exchange import icet_expansion  # noqa: E402
from mchammer.calculators import ClusterExpansionCalculator  # noqa: E402
from mchammer.ensembles import WangLandauEnsemble  # noqa: E402


def normalised(log_weights, count):
    """ln g shifted so that sum g = count (log-sum-exp)."""
    top = max(log_weights.values())
    total = top + math.log(sum(math.exp(v - top) for v in log_weights.values()))
    return {k: v - total + math.log(count) for k, v in sorted(log_weights.items())}


def configuration_count(symbols):
    count = math.factorial(len(symbols))
    for s in set(symbols):
        count //= math.factorial(symbols.count(s))
    return count


def exact(expansion, atoms, width):
    calculator = ClusterExpansionCalculator(atoms, expansion)
    numbers = list(atoms.numbers)
    species = sorted(set(numbers))
    assert len(species) == 2, species
    a, b = species
    n, nb = len(numbers), numbers.count(b)
    energies = []
    for sites in itertools.combinations(range(n), nb):
        occupation = [a] * n
        for i in sites:
            occupation[i] = b
        energies.append(calculator.calculate_total(occupations=occupation))
    energies = np.array(energies)
    scaled = energies / width
    gap = float(np.min(np.abs(np.abs(scaled - np.round(scaled)) - 0.5)))
    bins = {}
    for e, k in zip(energies, np.round(scaled).astype(int)):
        bins.setdefault(int(k), []).append(float(e))
    ln_g = normalised({k: math.log(len(v)) for k, v in bins.items()}, len(energies))
    print("configurations", len(energies))
    print("edge_distance", gap)
    for k, v in ln_g.items():
        print(k, repr(v), repr(sum(bins[k]) / len(bins[k])))


def walk(expansion, atoms, width, final, check, seed):
    calculator = ClusterExpansionCalculator(atoms, expansion)
    n = len(atoms)
    ensemble = WangLandauEnsemble(structure=atoms, calculator=calculator, energy_spacing=width, trial_move="swap",
                                  fill_factor_limit=final, flatness_limit=0.8, flatness_check_interval=check * n,
                                  random_seed=seed)
    start = time.process_time()
    steps = 0
    while not ensemble._converged:
        ensemble.run(number_of_trial_steps=check * n)
        steps += check * n
    seconds = time.process_time() - start
    print(seconds, steps, ensemble._fill_factor)
    for k, v in normalised(ensemble._entropy, configuration_count(list(atoms.get_chemical_symbols()))).items():
        print(k, repr(float(v)))


def table(path):
    rows = {}
    with open(path) as f:
        for line in f:
            fields = line.split()
            if len(fields) >= 2 and fields[1] != "missing":
                rows[int(fields[0])] = float(fields[1])
    return rows


def compare(exact_path, walk_path):
    exact_ln_g, walk_ln_g = table(exact_path), table(walk_path)
    gaps = {k: abs(walk_ln_g.get(k, math.inf) - v) for k, v in exact_ln_g.items()}
    print(max(d / exact_ln_g[k] for k, d in gaps.items()), max(gaps.values()))


def main():
    if sys.argv[1] == "compare":
        compare(sys.argv[2], sys.argv[3])
        return
    what, model, cell, width = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
    expansion = icet_expansion(model)
    atoms = read(cell)
    if what == "exact":
        exact(expansion, atoms, width)
    elif what == "walk":
        walk(expansion, atoms, width, float(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7]))
    else:
        sys.exit(f"icet_agpd.py: unknown action {what!r} (exact or walk)")


if __name__ == "__main__":
    main()
