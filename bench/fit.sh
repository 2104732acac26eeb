#!/usr/bin/env bash
# Fitting benchmarks (release build): one SGL fit at alpha 0.056, mix 0.5 on a 342 x 4588
# stand-in with the yang2022 groups, and the paper's search (25 alphas x 5 mixes x 50
# random 80/20 splits = 6,250 fits) on 2 threads. Prints the bench format
#   NAME: VALUE UNIT ; PEER VALUE UNIT ; PEER VALUE UNIT
# with the peers timed on the same problem (CE_BENCH_PEERS=0 skips them): the exact numpy
# proximal-gradient SGL and, when installed, sparse-lm's SparseGroupLasso on cvxpy.
# Lines starting with '#' give details (CPU times, sweeps, nonzeros, CV errors).
set -euo pipefail
cd "$(dirname "$0")/.."
dump=$(mktemp -d)
trap 'rm -rf "$dump"' EXIT
out=$(CE_BENCH=1 CE_BENCH_DUMP="$dump" OPENBLAS_NUM_THREADS=1 \
      swift test -c release --filter FitBenchmarkTests 2>/dev/null | grep -E '^(fit\.|# )' || true)
peer=""
details=""
ours=$(echo "$out" | sed -n 's/^# fit\.sgl cpu .* objective \([^ ]*\) .*$/\1/p')
# "# fit.sgl NAME objective F, ours G: relative excess E" from a peer's "... objective F ..." output.
compare() {
    echo "$2" | awk -v name="$1" -v ours="$ours" '{
        for (i = 1; i < NF; i++) if ($i == "objective") f = $(i + 1)
        for (i = 1; i < NF; i++) if ($i == "cpu") c = ", cpu " $(i + 1) " s"
        for (i = 1; i < NF; i++) if ($i == "solver") c = c " (" $(i + 1) ")"
        if (ours + 0 > 0) printf "# fit.sgl %s objective %s, ours %s: relative excess %.2g%s", name, f, ours, (f - ours) / ours, c
        else printf "# fit.sgl %s objective %s%s", name, f, c }'
}
if [ "${CE_BENCH_PEERS:-1}" != 0 ] && [ -f "$dump/shape.txt" ] && "$PEER_PYTHON" -c 'import numpy' 2>/dev/null; then
    r=$(OPENBLAS_NUM_THREADS=1 "$PEER_PYTHON" bench/fit_peer.py "$dump" 0.056 0.5)
    peer=" ; numpy-prox-gradient $(echo "$r" | awk '{print $2}') s"
    details=$(compare numpy-prox-gradient "$r")
fi
if [ "${CE_BENCH_PEERS:-1}" != 0 ] && [ -f "$dump/shape.txt" ] && "$PEER_PYTHON" -c 'import sparselm, cvxpy' 2>/dev/null; then
    r=$(OPENBLAS_NUM_THREADS=1 "$PEER_PYTHON" bench/fit_sparselm.py "$dump" 0.056 0.5)
    peer="$peer ; sparse-lm+cvxpy $(echo "$r" | awk '{print $2}') s"
    details="${details:+$details
}$(compare sparse-lm+cvxpy "$r")"
fi
# Peer details go right after ours (the '# fit.sgl cpu' line).
echo "$out" | sed -e "s/^\(fit\.sgl: .*\)$/\1$peer/" |
    details="$details" awk '{ print } /^# fit\.sgl cpu/ && ENVIRON["details"] != "" { print ENVIRON["details"] }'
