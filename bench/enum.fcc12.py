# icet's enumerate_structures on the fcc binary, sizes 1 to N (argv[1]): prints
# the number of structures, as bench/enum.fcc12.ce does.
import sys
from ase.build import bulk
from icet.tools import enumerate_structures

n = int(sys.argv[1])
print(sum(1 for _ in enumerate_structures(bulk('Ag', 'fcc', a=4.0), range(1, n + 1), ['Ag', 'Pd'])))
