#!/usr/bin/env bash
# mpi.fit_grid: the fit.sgl_grid search (25 alphas x 5 mixes x 50 random 80/20 splits of 428
# stand-in structures with the yang2022 groups: 6,250 fold fits, bench/fit/grid.ce) on
# 2 MPI ranks x 1 thread against 1 rank x 1 thread, through the commands a user types.
# Prints the 2-rank time, the 1-rank time and the parallel efficiency t1 / (2 t2) (goal >= 80 %);
# both runs must find the same best point. Times are fit_grid's own (wall clock, rank 0).
set -euo pipefail
cd "$(dirname "$0")/.."
CE="${CE:-$(swift build -c release --show-bin-path)/ce}"
groups=../shared/data/yang2022/groups.npy
export OPENBLAS_NUM_THREADS=1 CE_HISTORY=/dev/null
cpu=$(mktemp -d)
trap 'rm -rf "$cpu"' EXIT
# Each process's CPU seconds (user + system) as well: on a machine shared with other work the wall
# clock of 2 ranks measures the load, while the CPU time of the busiest rank measures the split.
CE_THREADS=1 /usr/bin/time -f "%U %S" -o "$cpu/one" "$CE" bench/fit/grid.ce "$groups" > "$cpu/out1"
mpirun --allow-run-as-root --oversubscribe -n 2 \
  sh -c 'CE_THREADS=1 exec /usr/bin/time -f "%U %S" -o "$0/rank$OMPI_COMM_WORLD_RANK" "$@"' "$cpu" "$CE" bench/fit/grid.ce "$groups" > "$cpu/out2"
read -r one _ b1 m1 cv1 _ < "$cpu/out1"
read -r two _ b2 m2 cv2 _ < "$cpu/out2"
if [ "$b1 $m1 $cv1" != "$b2 $m2 $cv2" ]; then
  echo "mpi.fit_grid: 2 ranks chose alpha $b2 mix $m2 cv $cv2, 1 rank alpha $b1 mix $m1 cv $cv1" >&2
  exit 1
fi
cpu_one=$(awk '{ print $1 + $2 }' "$cpu/one")
cpu_two=$(cat "$cpu/rank0" "$cpu/rank1" | awk '{ t = $1 + $2; if (t > m) m = t } END { print m }')
echo "mpi.fit_grid: $(awk -v t="$two" 'BEGIN { printf "%.3g", t }') s on 2 ranks x 1 thread ; 1 rank x 1 thread $(awk -v t="$one" 'BEGIN { printf "%.3g", t }') s"
echo "# mpi.fit_grid parallel efficiency $(awk -v a="$one" -v b="$two" 'BEGIN { printf "%.0f", 100 * a / (2 * b) }') % by wall clock, $(awk -v a="$cpu_one" -v b="$cpu_two" 'BEGIN { printf "%.0f", 100 * a / (2 * b) }') % by CPU time of the busiest rank ($cpu_two s against $cpu_one s for the whole script; goal >= 80 %; load average $(cut -d' ' -f1 /proc/loadavg) on $(nproc) cores); 6,250 fold fits, same best point alpha $b1 mix $m1 cv $cv1 on both"
