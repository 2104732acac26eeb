#!/usr/bin/env python3
"""icet's Wang-Landau ensemble on the L x L square Ising model (J = 1), the peer of
bench/mc.wang_landau_ising.sh.

The model: one site per primitive cell (a = 1, c = 5, so the 1.1 cutoff sees only the four
in-plane neighbours), species Ag/Au, one nearest-neighbour pair orbit (multiplicity 2 per
site) with parameter -2: E = N * (-2) * <s_i s_j> = -sum over bonds of s_i s_j.

Usage: icet_ising.py L FINAL_LN_F MAX_SECONDS SEED
Prints "steps SECONDS LN_F FLAT_ITERATIONS GROUND" after running flips until ln f < FINAL_LN_F or
MAX_SECONDS (whichever first; checked every flatness check); GROUND is the energy of the ferromagnet
(checks the model: -2 L^2).
"""
import logging
import sys
import time
import warnings

import numpy as np
from ase import Atoms

warnings.filterwarnings("ignore")
logging.disable(logging.CRITICAL)

from icet import ClusterExpansion, ClusterSpace  # noqa: E402
from mchammer.calculators import ClusterExpansionCalculator  # noqa: E402
from mchammer.ensembles import WangLandauEnsemble  # noqa: E402


def main():
    L, final, limit, seed = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
    prim = Atoms("Au", positions=[[0, 0, 0]], cell=[[1, 0, 0], [0, 1, 0], [0, 0, 5]], pbc=True)
    cs = ClusterSpace(prim, cutoffs=[1.1], chemical_symbols=["Ag", "Au"])
    assert len(cs) == 3, cs
    ce = ClusterExpansion(cs, [0.0, 0.0, -2.0])
    structure = prim.repeat((L, L, 1))
    ground = ce.predict(structure) * len(structure)
    rng = np.random.default_rng(seed)
    structure.set_chemical_symbols(list(rng.choice(["Ag", "Au"], size=len(structure))))
    calculator = ClusterExpansionCalculator(structure, ce)
    n = len(structure)
    ensemble = WangLandauEnsemble(structure=structure, calculator=calculator, energy_spacing=4, trial_move="flip",
                                  fill_factor_limit=final, flatness_limit=0.8, flatness_check_interval=20 * n,
                                  random_seed=seed)
    start = time.perf_counter()
    steps = 0
    while time.perf_counter() - start < limit and not ensemble._converged:
        ensemble.run(number_of_trial_steps=20 * n)
        steps += 20 * n
    seconds = time.perf_counter() - start
    print(steps, seconds, ensemble._fill_factor, ensemble._fill_factor_history and len(ensemble._fill_factor_history), ground)


if __name__ == "__main__":
    main()
