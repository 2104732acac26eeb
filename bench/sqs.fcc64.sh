#!/usr/bin/env bash
# sqs.fcc64 (scripts/bench): `sqs(..., supercell=4, steps=10^6)` on a 64-site fcc
# cell against icet's generate_sqs_from_supercells on the same cell, cluster
# space and composition, in the same run. ce: whole-process wall seconds, median
# of 3 (startup and cluster tables included). icet: the annealing alone, timed
# inside python on ICET_STEPS trial steps (default 2*10^4; every icet step
# recomputes the cluster vector, so its time per step does not depend on the
# number of steps) and scaled to 10^6. Both print the objective they reached.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
steps=1000000
icet_steps=${ICET_STEPS:-20000}
objective="$("$CE" bench/sqs.fcc64.ce)"
ce_s="$(median_seconds 3 "$CE" bench/sqs.fcc64.ce)"
read -r icet_run icet_rate icet_objective < <("$PEER_PYTHON" bench/sqs.fcc64.py "$icet_steps")
icet_s=$(awk -v r="$icet_rate" -v n="$steps" 'BEGIN { printf "%.9f\n", n / r }')
echo "sqs.fcc64: $(format_seconds "$ce_s") s ($(awk -v s="$ce_s" -v n="$steps" 'BEGIN { printf "%.3g", n / s }') steps/s, objective $(format_seconds "$objective")) ; icet $(format_seconds "$icet_s") s ($(format_seconds "$icet_rate") steps/s on $icet_steps steps, objective $(format_seconds "$icet_objective")) ($(awk -v a="$icet_s" -v b="$ce_s" 'BEGIN { printf "%.0f", a / b }')x)"
