#!/usr/bin/env python3
"""icet's side of mc.sgc_fcc: SemiGrandCanonicalEnsemble flips on bench/mc/peer.py's Cu-Au
model at 300 K, mu(Au) - mu(Cu) = 0, from the configuration ce equilibrated.

Usage: sgc_peer.py START [STEPS]   prints "icet RATE ACCEPTANCE" (trial flips per second, wall clock)
"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peer import TEMPERATURE, icet_model, start_atoms  # noqa: E402


def main():
    from mchammer.calculators import ClusterExpansionCalculator
    from mchammer.ensembles import SemiGrandCanonicalEnsemble

    if len(sys.argv) < 2:
        sys.exit(__doc__)
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
    _, ce = icet_model("binary")
    atoms = start_atoms(sys.argv[1])
    calculator = ClusterExpansionCalculator(atoms, ce)
    mc = SemiGrandCanonicalEnsemble(atoms, calculator=calculator, temperature=TEMPERATURE, random_seed=1,
                                    chemical_potentials={"Cu": 0.0, "Au": 0.0},
                                    ensemble_data_write_interval=10**9, trajectory_write_interval=10**9)
    start = time.perf_counter()
    mc.run(number_of_trial_steps=steps)
    elapsed = time.perf_counter() - start
    print(f"icet {steps / elapsed:.3g} {mc._accepted_trials / steps:.3f}")


if __name__ == "__main__":
    main()
