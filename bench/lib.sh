# Timing helpers for scripts/bench and bench/*.sh: hyperfine when installed,
# plain wall-clock timing otherwise.

# median_seconds RUNS COMMAND...: the median wall time of RUNS runs, in seconds.
median_seconds() {
  local runs=$1; shift
  if command -v hyperfine >/dev/null && command -v python3 >/dev/null; then
    local json; json="$(mktemp)"
    hyperfine -N --style none --warmup 1 --runs "$runs" --export-json "$json" -- "$(printf '%q ' "$@")" >/dev/null 2>&1
    python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' "$json"
    rm -f "$json"
    return
  fi
  "$@" >/dev/null  # warm-up: page cache, dynamic loader
  local times=() start end
  for ((i = 0; i < runs; i++)); do
    start=$(date +%s%N)
    "$@" >/dev/null
    end=$(date +%s%N)
    times+=($((end - start)))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v n="$runs" 'NR == int((n + 1) / 2) { printf "%.9f\n", $1 / 1e9 }'
}

# format_seconds S: three significant digits.
format_seconds() { awk -v s="$1" 'BEGIN { printf "%.3g\n", s }'; }

# format_milliseconds S: seconds as milliseconds, three significant digits.
format_milliseconds() { awk -v s="$1" 'BEGIN { printf "%.3g\n", s * 1000 }'; }

# check_same_output NAME CMD1... -- CMD2...: fails when the two programs print different
# results; numbers agree when within a relative 1e-8 (ce prints 10 significant digits,
# python3 prints exact big integers).
check_same_output() {
  local name=$1; shift
  local first=() second=()
  while [ "$1" != "--" ]; do first+=("$1"); shift; done
  shift
  second=("$@")
  local a b
  a="$("${first[@]}")"; b="$("${second[@]}")"
  if [ "$a" != "$b" ] && ! python3 -c 'import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); sys.exit(abs(a - b) > 1e-8 * max(abs(a), abs(b)))' "$a" "$b" 2>/dev/null; then
    echo "scripts/bench: $name: ce printed '$a' but its peer printed '$b'" >&2
    return 1
  fi
}
