#!/usr/bin/env bash
# Fitting benchmarks (release build): one SGL fit at alpha 0.056, mix 0.5 on a 342 x 4588
# stand-in with the yang2022 groups, and the paper's search (25 alphas x 5 mixes x 50
# random 80/20 splits = 6,250 fits) on 2 threads. Prints the bench format
#   NAME: VALUE UNIT ; PEER VALUE UNIT
# with the numpy proximal-gradient peer timed on the same problem (CE_BENCH_PEERS=0 skips it).
# Lines starting with '#' give details (CPU times, sweeps, nonzeros, CV errors).
set -euo pipefail
cd "$(dirname "$0")/.."
dump=$(mktemp -d)
trap 'rm -rf "$dump"' EXIT
out=$(CE_BENCH=1 CE_BENCH_DUMP="$dump" OPENBLAS_NUM_THREADS=1 \
      swift test -c release --filter FitBenchmarkTests 2>/dev/null | grep -E '^(fit\.|# )' || true)
peer=""
if [ "${CE_BENCH_PEERS:-1}" = 1 ] && [ -f "$dump/shape.txt" ] && python3 -c 'import numpy' 2>/dev/null; then
    t=$(OPENBLAS_NUM_THREADS=1 python3 bench/fit_peer.py "$dump" 0.056 0.5 | awk '{print $2}')
    peer=" ; numpy-prox-gradient $t s"
fi
echo "$out" | sed -e "s/^\(fit\.sgl: .*\)$/\1$peer/"
