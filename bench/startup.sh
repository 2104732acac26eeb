# startup: `ce -e 'print(1)'` (prelude included), median of 21 runs, in ms.
source bench/lib.sh
ce_time="$(median_seconds 21 "$CE" -e 'print(1)')"
line="startup: $(format_milliseconds "$ce_time") ms"
if [ -n "${PEER_PYTHON:-}" ]; then
  line+=" ; python3 $(format_milliseconds "$(median_seconds 21 "$PEER_PYTHON" -c 'print(1)')") ms"
fi
echo "$line"
