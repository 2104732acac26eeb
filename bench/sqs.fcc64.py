# icet's generate_sqs_from_supercells on the sqs.fcc64 system (one 64-site fcc
# cell, Au0.5Pd0.5, pairs to 5 Å) with argv[1] trial steps: prints the seconds
# the annealing took, trial steps per second, and the objective it reached.
import sys
import time

import numpy as np
from ase.build import bulk, make_supercell
from icet import ClusterSpace
from icet.tools.structure_generation import _get_sqs_cluster_vector, generate_sqs_from_supercells
from mchammer.calculators import compare_cluster_vectors

steps = int(sys.argv[1])
prim = bulk('Au', 'fcc', a=4.0)
space = ClusterSpace(prim, [5.0], ['Au', 'Pd'])
cell = make_supercell(prim, 4 * np.eye(3, dtype=int))
start = time.perf_counter()
best = generate_sqs_from_supercells(space, [cell], {'Au': 0.5, 'Pd': 0.5}, n_steps=steps, random_seed=1)
elapsed = time.perf_counter() - start
target = _get_sqs_cluster_vector(space, {'Au': 0.5, 'Pd': 0.5})
print(elapsed, steps / elapsed, compare_cluster_vectors(space.get_cluster_vector(best), target, space.as_list))
