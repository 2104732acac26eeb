# mc.setup_fcc4000: the seconds `anneal` spends before its first sweep on the
# 4,000-site fcc binary (cluster tables, energy model, kernel, chain), with icet's
# (its ClusterExpansionCalculator) on the same configuration.
source bench/mc/lib.sh
dir="$(mktemp -d)"
mc_model binary "$dir"
read -r _ _ setup < <(mc_ce binary "$dir")
icet="$("$PEER_PYTHON" bench/mc/peer.py setup binary "$dir/binary.start.json")"
rm -rf "$dir"
echo "mc.setup_fcc4000: $setup s ; icet $icet s"
