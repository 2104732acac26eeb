# mc.sgc_fcc: attempted semigrand-canonical flips per second of `anneal` (moves="flip") on the
# 4,000-site fcc Cu-Au cluster expansion of mc.fcc_binary (300 K, μ(Au) - μ(Cu) = 0), with
# icet's SemiGrandCanonicalEnsemble on the same Hamiltonian and configuration.
source bench/mc/lib.sh
dir="$(mktemp -d)"
mc_model binary "$dir"
read -r rate acceptance setup < <("$CE" bench/mc/sgc.ce "$dir/binary.json" "$dir/binary.start.json")
line="mc.sgc_fcc: $(sig3 "$rate") flips/s (acceptance $acceptance, 300 K, Δμ 0, 4,000 sites, one thread; set-up $(sig3 "$setup") s)"
read -r who r a < <("$PEER_PYTHON" bench/mc/sgc_peer.py "$dir/binary.start.json" 20000)
line+=" ; $who $r flips/s (acceptance $a)"
rm -rf "$dir"
echo "$line"
