# icet 4's canonical Monte Carlo on the mc.fcc_ce system (4,000-site fcc binary,
# cutoffs pairs 5.0 / triplets 4.1 Å, a = 4.0, random ECIs, fixed T): prints
# attempted swaps per CPU second of the sampling loop.
import sys, time, logging
import numpy as np
from ase.build import bulk
from icet import ClusterSpace, ClusterExpansion
from mchammer.calculators import ClusterExpansionCalculator
from mchammer.ensembles import CanonicalEnsemble

logging.disable(logging.CRITICAL)
steps = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
prim = bulk("Au", "fcc", a=4.0)
cs = ClusterSpace(prim, cutoffs=[5.0, 4.1], chemical_symbols=["Au", "Cu"])
rng = np.random.default_rng(1)
ce = ClusterExpansion(cs, rng.uniform(-0.02, 0.02, len(cs)))
structure = bulk("Au", "fcc", a=4.0, cubic=True).repeat(10)
symbols = np.array(["Au"] * 2000 + ["Cu"] * 2000)
rng.shuffle(symbols)
structure.set_chemical_symbols(list(symbols))
calc = ClusterExpansionCalculator(structure, ce)
mc = CanonicalEnsemble(structure, calculator=calc, temperature=600, random_seed=1, ensemble_data_write_interval=10**9)
start = time.process_time()
mc.run(number_of_trial_steps=steps)
elapsed = time.process_time() - start
print(f"{steps / elapsed:.3g}")
