# map.fcc8x8x8: mapping a random 8x8x8 fcc Ag-Pd supercell (2,048 atoms, random displacements
# up to 0.15 Å per axis) back onto the fcc prim, seconds (median of 3 runs of the structures()
# call, release), with smol 0.5.7 (ClusterSubspace.occupancy_from_structure) on the 4x4x4 (256
# atoms) and 3x3x3 cells of the same kind: smol on 2,048 atoms does not finish in a bench run.
source bench/lib.sh
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
"$PEER_PYTHON" bench/map_fcc.py write "$dir" 3 4 8
times=()
for _ in 1 2 3; do
  read -r seconds mapped < <("$CE" bench/map.fcc8x8x8.ce "$dir/fcc8.extxyz")
  [ "$mapped" = 1 ] || { echo "map.fcc8x8x8: ce did not map the cell" >&2; exit 1; }
  times+=("$seconds")
done
median="$(printf '%s\n' "${times[@]}" | sort -g | sed -n 2p)"
line="map.fcc8x8x8: $(format_seconds "$median") s"
for n in 3 4; do
  read -r seconds mapped < <("$PEER_PYTHON" bench/map_fcc.py smol "$dir/fcc$n.extxyz")
  line+=" ; smol ${n}x${n}x${n} $(format_seconds "$seconds") s"
done
echo "$line"
