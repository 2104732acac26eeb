#!/usr/bin/env bash
# posterior.pa: wall time of 10^5 delayed-rejection samples of the 8-rate PA
# model on one stoichiometry (each sample integrates the closed ODEs), one
# chain on one core, release build. Prints `posterior.pa: VALUE s`.
# (The run is the CE_BENCH-gated test posteriorPABenchmark in InferenceTests.)
set -euo pipefail
cd "$(dirname "$0")/.."
flags=(-c release -Xswiftc -enable-testing)
swift build "${flags[@]}" --build-tests >/dev/null
bin="$(swift build "${flags[@]}" --show-bin-path)"
CE_BENCH=1 CE_THREADS=1 OPENBLAS_NUM_THREADS=1 \
  "$bin/cePackageTests.xctest" --testing-library swift-testing --filter posteriorPABenchmark 2>&1 \
  | grep -E '^posterior\.pa:'
