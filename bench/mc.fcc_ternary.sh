# mc.fcc_ternary: as mc.fcc_binary for the Cu-Pd-Au ternary (22 correlation functions).
source bench/mc/lib.sh
mc_fcc_line mc.fcc_ternary ternary
