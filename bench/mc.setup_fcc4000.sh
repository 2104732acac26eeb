# mc.setup_fcc4000: the CPU seconds `anneal` spends before its first sweep on the
# 4,000-site fcc binary (cluster tables, energy model, kernel, chain), with icet's
# (its ClusterExpansionCalculator) on the same configuration, also by CPU time.
source bench/mc/lib.sh
dir="$(mktemp -d)"
mc_model binary "$dir"
read -r _ _ setup < <(mc_ce binary "$dir")
icet="$("$PEER_PYTHON" bench/mc/peer.py setup binary "$dir/binary.start.json")"
rm -rf "$dir"
echo "mc.setup_fcc4000: $setup s by CPU time ; icet $icet s by CPU time"
