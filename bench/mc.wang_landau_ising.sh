# mc.wang_landau_ising: the 16x16 square Ising model (J = 1, flips, every magnetisation)
# by `density_of_states` to ln f = 1e-6 (bench/wl/ising.ce), checked against the exact
# finite-lattice results (bench/wl/kaufman.py: Beale's ln g(E), Kaufman's F), with icet's
# WangLandauEnsemble on the same model in the same run (bench/wl/icet_ising.py), and the
# heat-capacity peak of 32x32 against its exact finite-size position.
#
# icet's walk halves ln f at each flat histogram (no 1/t), a Python step at a time: to
# ln f = 1e-6 it would take hours. Both codes are therefore also timed to the same coarse
# ln f (< 0.2, three halvings, the same flatness 0.8 checked every 20 sweeps), measured,
# and icet's time to 1e-6 is extrapolated as ce's number of trial flips to 1e-6 at icet's
# measured flips per second; the line says which number is which.
#
# ln g is the transition-matrix estimate (the default). The headline normalises it as Wang and
# Landau did, by ground-state degeneracies known beforehand: here both, g(-512) = 2 (ferromagnetic)
# and g(512) = 2 (Néel; the torus is bipartite), with Σ g = 2^N kept, and checks every level. By
# Σ g = 2^N alone the line prints the worst level and the worst but E = +-512 (g = 2, where 1 % is
# 0.007 in ln g, so the ends measure the sum of the small errors of every ratio g(E + 4)/g(E) over
# the slowly mixing ordered energies: README, "mc.wang_landau_ising"), and with g(-512) = 2 alone.
# Besides, the same walk's own Wang-Landau ln g (estimate="wang-landau"), by Σ g alone and with
# both ground states known.
source bench/mc/lib.sh
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT

# ce_walk L FINAL WINDOWS: runs bench/wl/ising.ce, leaves "E ln_g" in $dir/dos, prints "SECONDS SWEEPS LN_F".
ce_walk() {
  "$CE" bench/wl/ising.ce "$1" "$2" "$3" > "$dir/out"
  tail -n +2 "$dir/out" > "$dir/dos"
  head -1 "$dir/out"
}

read -r seconds sweeps lnf < <(ce_walk 16 1e-6 1)
read -r worst inner f_error ground ends wl wl_ends < <("$PEER_PYTHON" bench/wl/kaufman.py compare 16 "$dir/dos")
flips=$((sweeps * 256))
read -r coarse_seconds coarse_sweeps coarse_lnf < <(ce_walk 16 0.2 1)
read -r icet_steps icet_seconds icet_lnf icet_stages icet_ground < <("$PEER_PYTHON" bench/wl/icet_ising.py 16 0.2 900 1)
[ "$icet_ground" = "-512.0" ] || { echo "mc.wang_landau_ising: icet's model gives the ground state $icet_ground, not -512" >&2; exit 1; }
icet_rate=$(awk -v s="$icet_steps" -v t="$icet_seconds" 'BEGIN { print s / t }')
ce_rate=$(awk -v s="$flips" -v t="$seconds" 'BEGIN { print s / t }')
extrapolated=$(awk -v f="$flips" -v r="$icet_rate" 'BEGIN { print f / r }')
line="mc.wang_landau_ising: $(sig3 "$seconds") s to ln f 1e-6 (16x16 Ising, flips, bin 4, one thread; $(sig3 "$flips") trial flips, $(sig3 "$ce_rate") flips/s;"
percent() { awk -v w="$1" 'BEGIN { printf "%.2g", 100 * w }'; }
line+=" transition-matrix ln g with g(+-512) = 2 known within $(percent "$ends") % of Beale's exact at every level;"
line+=" by sum g = 2^N alone $(percent "$worst") % ($(percent "$inner") % but at E = +-512, where g = 2), $(percent "$ground") % with g(-512) = 2 alone;"
line+=" F within $f_error per site of Kaufman's at kT 1.5, 2.269, 3; Wang-Landau ln g of the same walk: $(percent "$wl") % by sum g alone,"
line+=" $(percent "$wl_ends") % with g(+-512) = 2 known)"
if awk -v l="$icet_lnf" 'BEGIN { exit !(l < 0.2) }'; then
  line+=" ; to ln f $coarse_lnf: ce $(sig3 "$coarse_seconds") s, icet $(sig3 "$icet_seconds") s to ln f $icet_lnf (measured, x$(sig3 "$(awk -v a="$icet_seconds" -v b="$coarse_seconds" 'BEGIN { print a / b }')"))"
else
  line+=" ; icet did not reach ln f 0.2 in $(sig3 "$icet_seconds") s (ln f $icet_lnf)"
fi
line+=" ; icet $(sig3 "$icet_rate") flips/s; icet to ln f 1e-6 extrapolated at ce's trial count: $(sig3 "$extrapolated") s (x$(sig3 "$(awk -v a="$extrapolated" -v b="$seconds" 'BEGIN { print a / b }')"))"
echo "$line"

# The same walk with a production stage of 1e6 sweeps after ln f 1e-6 (ln g held fixed, its
# transition counts unbiased): seeds 1 to 3 gave 7.8, 2.1 and 3.6 % at E = +-512 by Σ g alone
# against 9.1, 10.7 and 14.2 % without (README, "mc.wang_landau_ising").
read -r prod_seconds prod_sweeps prod_lnf < <("$CE" bench/wl/ising.ce 16 1e-6 1 1 1000000 > "$dir/out"; tail -n +2 "$dir/out" > "$dir/dos"; head -1 "$dir/out")
read -r prod_worst prod_inner prod_f _ prod_ends _ < <("$PEER_PYTHON" bench/wl/kaufman.py compare 16 "$dir/dos")
echo "mc.wang_landau_ising_production: $(sig3 "$prod_seconds") s to ln f 1e-6 and 1e6 sweeps with ln g fixed (16x16, one thread, $(sig3 "$prod_sweeps") sweeps; transition-matrix ln g with g(+-512) = 2 known within $(percent "$prod_ends") % of Beale's exact, by sum g = 2^N alone $(percent "$prod_worst") % ($(percent "$prod_inner") % but at E = +-512), F within $prod_f per site)"

read -r quad_seconds quad_sweeps quad_lnf < <(CE_THREADS=2 ce_walk 16 1e-6 4)
read -r quad_worst quad_inner quad_f quad_ground quad_ends quad_wl quad_wl_ends < <("$PEER_PYTHON" bench/wl/kaufman.py compare 16 "$dir/dos")
echo "mc.wang_landau_ising_windows: $(sig3 "$quad_seconds") s to ln f 1e-6 (16x16, 4 windows on 2 threads; transition-matrix ln g with g(+-512) = 2 known within $(percent "$quad_ends") % of Beale's exact, by sum g = 2^N alone $(percent "$quad_worst") % ($(percent "$quad_inner") % but at E = +-512), $(percent "$quad_ground") % with g(-512) = 2 alone, F within $quad_f per site; Wang-Landau ln g $(percent "$quad_wl") % by sum g alone, $(percent "$quad_wl_ends") % with g(+-512) = 2 known)"

# 32x32 to ln f 1e-6 (the 1/t stage; at 1e-5 the walk stops while still halving and the peak
# sits at 2.277). Near means within 0.01 of the exact finite-size position: under half the
# finite-size shift (exact L = 32 peak 2.294 against 2.269 for the infinite lattice), so the
# figure tells the 32x32 peak from the bulk one; the 8x8 test (WangLandauIsingTests) checks the
# same in debug.
read -r big_seconds big_sweeps big_lnf < <(CE_THREADS=2 ce_walk 32 1e-6 2)
peak=$("$PEER_PYTHON" bench/wl/kaufman.py peak_of 32 "$dir/dos")
exact=$("$PEER_PYTHON" bench/wl/kaufman.py peak 32)
near=$(awk -v p="$peak" -v e="$exact" 'BEGIN { d = p - e; if (d < 0) d = -d; print (d < 0.01 ? "within" : "NOT within") }')
echo "mc.wang_landau_ising_32: C(T) peak of 32x32 at kT $peak (exact finite-lattice $exact, bulk 2.2692: $near 0.01; Wang-Landau to ln f 1e-6 in 2 windows on 2 threads, $(sig3 "$big_seconds") s)"
