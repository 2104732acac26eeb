# startup: `ce -e 'print(1)'` (prelude included), median of 21 runs, in ms.
source bench/lib.sh
ce_time="$(median_seconds 21 "$CE" -e 'print(1)')"
line="startup: $(format_milliseconds "$ce_time") ms"
if command -v python3 >/dev/null; then
  line+=" ; python3 $(format_milliseconds "$(median_seconds 21 python3 -c 'print(1)')") ms"
fi
echo "$line"
