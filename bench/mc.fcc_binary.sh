# mc.fcc_binary: attempted swaps per second of `anneal` on the 4,000-site fcc Cu-Au
# cluster expansion (cutoffs {2: 5.0, 3: 4.1} Å, icet's random parameters converted to
# ce's ECIs, 300 K), with icet's and smol's on the same Hamiltonian and configuration.
source bench/mc/lib.sh
mc_fcc_line mc.fcc_binary binary
