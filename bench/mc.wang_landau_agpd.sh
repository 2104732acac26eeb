# mc.wang_landau_agpd: the density of states of the agpd cluster expansion (examples/agpd_model.json,
# fitted on icet's Ag-Pd data) on a 2 x 2 x 3 fcc cell at 6 Ag + 6 Pd, where exact enumeration
# counts all 924 configurations: ce's Wang-Landau walk of swaps to ln f 1e-6 (bench/wl/agpd.ce)
# and icet's WangLandauEnsemble on the same cell, bins and model (bench/wl/icet_agpd.py, the
# model exported by ce), each timed by CPU and scored by its worst ln g against exact
# (|Δ ln g| / ln g, as mc.wang_landau_ising; and |Δ ln g|, the relative error of g).
# icet's exact enumeration of the cell is checked against ce's first: same Hamiltonian.
# icet only halves ln f (no 1/t stage), so it reaches 1e-6 in far fewer trial swaps than ce, with a
# ln g that stopped improving long before (Tests/ShellTests/WangLandauIcetTests): the line gives the
# CPU times to ln f 1e-6 and the rates per trial swap, both.
source bench/mc/lib.sh
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
bin=0.01
"$CE" bench/wl/agpd.ce examples/agpd_model.json "$dir" "$bin" 1e-6 1 > "$dir/ce.out"
read -r seconds sweeps lnf < "$dir/ce.out"
tail -n +2 "$dir/ce.out" | awk '{ print $1, $2 }' > "$dir/exact"
tail -n +2 "$dir/ce.out" | awk '{ print $1, $3 }' > "$dir/walk"
"$PEER_PYTHON" bench/wl/icet_agpd.py exact "$dir/agpd_icet.json" "$dir/cell.extxyz" "$bin" | tail -n +3 > "$dir/icet_exact"
read -r same _ < <("$PEER_PYTHON" bench/wl/icet_agpd.py compare "$dir/exact" "$dir/icet_exact")
awk -v s="$same" 'BEGIN { exit !(s < 1e-9) }' || { echo "mc.wang_landau_agpd: icet's exact ln g differs from ce's by $same" >&2; exit 1; }
read -r worst absolute < <("$PEER_PYTHON" bench/wl/icet_agpd.py compare "$dir/exact" "$dir/walk")
"$PEER_PYTHON" bench/wl/icet_agpd.py walk "$dir/agpd_icet.json" "$dir/cell.extxyz" "$bin" 1e-6 20 1 > "$dir/icet.out"
read -r icet_seconds icet_steps icet_lnf < "$dir/icet.out"
tail -n +2 "$dir/icet.out" > "$dir/icet_walk"
read -r icet_worst icet_absolute < <("$PEER_PYTHON" bench/wl/icet_agpd.py compare "$dir/exact" "$dir/icet_walk")
percent() { awk -v w="$1" 'BEGIN { printf "%.2g", 100 * w }'; }
bins=$(wc -l < "$dir/exact")
swaps=$((sweeps * 12))
rate=$(awk -v s="$swaps" -v t="$seconds" 'BEGIN { print s / t }')
icet_rate=$(awk -v s="$icet_steps" -v t="$icet_seconds" 'BEGIN { print s / t }')
line="mc.wang_landau_agpd: $(sig3 "$seconds") s CPU to ln f 1e-6 (agpd 2x2x3, 6 Ag + 6 Pd, 924 configurations, $bins bins of $bin eV, swaps, one thread;"
line+=" $(sig3 "$swaps") trial swaps, $(sig3 "$rate")/s; ln g within $(percent "$worst") % of exact, |Δ ln g| $(sig3 "$absolute"); icet's enumeration equal to ce's within $(sig3 "$same"))"
line+=" ; icet $(sig3 "$icet_seconds") s CPU to ln f $(sig3 "$icet_lnf") (halving only: $(sig3 "$icet_steps") trial swaps, $(sig3 "$icet_rate")/s; ln g within $(percent "$icet_worst") % of exact, |Δ ln g| $(sig3 "$icet_absolute"))"
line+=" ; x$(sig3 "$(awk -v a="$icet_seconds" -v b="$seconds" 'BEGIN { print a / b }')") by CPU to ln f 1e-6, x$(sig3 "$(awk -v a="$rate" -v b="$icet_rate" 'BEGIN { print a / b }')") per trial swap"
echo "$line"
