# map.fcc8x8x8: mapping a random 8x8x8 fcc Ag-Pd supercell (2,048 atoms, random displacements
# up to 0.15 Å per axis) back onto the fcc prim, seconds (median of 3 runs of the structures()
# call, release), with smol 0.5.7 (ClusterSubspace.occupancy_from_structure) on the 4x4x4 (256
# atoms) and 3x3x3 cells of the same kind, each beside ce's time on that same cell: smol on 2,048
# atoms does not finish in a bench run. Lines map.fcc4x4x4 and map.fcc6x6x6 (864 atoms) before it
# show how ce's time grows with the cell.
source bench/lib.sh
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
"$PEER_PYTHON" bench/map_fcc.py write "$dir" 3 4 6 8
# ce_median N: the median of 3 ce mappings of the N x N x N cell.
ce_median() {
  local times=() seconds mapped
  for _ in 1 2 3; do
    read -r seconds mapped < <("$CE" bench/map.fcc8x8x8.ce "$dir/fcc$1.extxyz")
    [ "$mapped" = 1 ] || { echo "map.fcc8x8x8: ce did not map the ${1}x${1}x${1} cell" >&2; exit 1; }
    times+=("$seconds")
  done
  printf '%s\n' "${times[@]}" | sort -g | sed -n 2p
}
declare -A ce
for n in 3 4 6 8; do ce[$n]="$(format_seconds "$(ce_median "$n")")"; done
for n in 4 6; do echo "map.fcc${n}x${n}x${n}: ${ce[$n]} s ($((4 * n * n * n)) atoms)"; done
line="map.fcc8x8x8: ${ce[8]} s (2048 atoms)"
# smol's figures beside ce's on exactly the same cells.
for n in 3 4; do
  read -r seconds mapped < <("$PEER_PYTHON" bench/map_fcc.py smol "$dir/fcc$n.extxyz")
  [ "$mapped" = 1 ] || { echo "map.fcc8x8x8: smol did not map the ${n}x${n}x${n} cell" >&2; exit 1; }
  line+=" ; smol ${n}x${n}x${n} $(format_seconds "$seconds") s (ce ${ce[$n]} s)"
done
echo "$line"
