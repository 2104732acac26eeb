#!/usr/bin/env bash
# posterior.pa: wall time of 10^5 delayed-rejection samples of the 8-rate PA
# model on one stoichiometry (each sample integrates the closed ODEs), one core,
# release build. Prints `posterior.pa: VALUE s`.
set -euo pipefail
cd "$(dirname "$0")/.."
CE_BENCH=1 CE_THREADS=1 OPENBLAS_NUM_THREADS=1 \
  swift test -c release -Xswiftc -enable-testing --filter InferenceTests.posteriorPABenchmark 2>&1 | grep -E '^posterior\.pa:'
