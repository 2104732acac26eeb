#!/usr/bin/env bash
# enum.fcc12 (scripts/bench): every distinct fcc binary structure of 1 to 12 primitive cells,
# `enumerate(fcc, sizes=12)` against icet's enumerate_structures in the same
# run (wall seconds; ce the median of 3 runs, icet one run); both print the
# number of structures, which must agree.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
ours="$("$CE" bench/enum.fcc12.ce)"
ce_s="$(median_seconds 3 "$CE" bench/enum.fcc12.ce)"
start=$(date +%s%N)
theirs="$("$PEER_PYTHON" bench/enum.fcc12.py 12)"
end=$(date +%s%N)
icet_s=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.9f\n", (b - a) / 1e9 }')
if [ "$ours" != "$theirs" ]; then
  echo "scripts/bench: enum.fcc12: ce made $ours structures but icet $theirs" >&2
  exit 1
fi
echo "enum.fcc12: $(format_seconds "$ce_s") s ($ours structures) ; icet $(format_seconds "$icet_s") s ($(awk -v a="$icet_s" -v b="$ce_s" 'BEGIN { printf "%.0f", a / b }')x)"
