#!/usr/bin/env bash
# The Monte Carlo figures of scripts/bench: mc.fcc_ce (4,000-site fcc binary
# CE, canonical swaps at 600 K) and mc.charge_balance (48 x 48 Li/Mn,
# nearest-neighbour swaps), attempted swaps per CPU second on one core, in a
# release build; icet on the same fcc system when it is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --build-tests -Xswiftc -enable-testing >/dev/null 2>&1 || { echo "mc: release build failed" >&2; exit 1; }
lines=$(CE_BENCH=1 swift test -c release -Xswiftc -enable-testing --skip-build --filter MonteCarloBenchTests 2>/dev/null | grep '^mc\.' || true)
icet=""
if "$PEER_PYTHON" -c "import icet, mchammer" 2>/dev/null; then
    icet=$("$PEER_PYTHON" bench/mc_icet.py 20000 2>/dev/null || true)
fi
for name in mc.fcc_ce mc.charge_balance; do
    line=$(printf '%s\n' "$lines" | grep "^$name:" || true)
    [ -z "$line" ] && { echo "$name: failed"; continue; }
    if [ "$name" = mc.fcc_ce ] && [ -n "$icet" ]; then line="$line ; icet $icet swaps/s"; fi
    echo "$line"
done
