# Helpers of the Monte Carlo figures (bench/mc.*.sh): the peer's model, ce's
# figures through `anneal` (bench/mc/fcc.ce), icet's and smol's (bench/mc/peer.py)
# on the same Hamiltonian from the same equilibrated configuration, in the same run.

# sig3 X: X with three significant digits (1.37e+06).
sig3() { awk -v x="$1" 'BEGIN { printf "%.3g\n", x }'; }

# mc_model SYSTEM DIR: writes DIR/SYSTEM.json, the model ce and the peers share.
mc_model() {
  "$PEER_PYTHON" bench/mc/peer.py model "$1" "$2/$1.json"
}

# mc_ce SYSTEM DIR: prints ce's "RATE ACCEPTANCE SETUP" for the 4,000-site cell and
# writes DIR/SYSTEM.start.json, the equilibrated configuration the peers start from.
mc_ce() {
  "$CE" bench/mc/fcc.ce "$2/$1.json" "$2/$1.start.json"
}

# mc_fcc_line NAME SYSTEM: the line "NAME: RATE swaps/s (acceptance A, ...) ; icet ... ; smol ...",
# every rate by CPU time of the sweeps alone (set-up excluded, ce's printed apart).
mc_fcc_line() {
  local name=$1 system=$2 dir rate acceptance setup peer who r a s
  dir="$(mktemp -d)"
  mc_model "$system" "$dir"
  read -r rate acceptance setup < <(mc_ce "$system" "$dir")
  local line="$name: $(sig3 "$rate") swaps/s by CPU time of the sweeps (acceptance $acceptance, 300 K, 4,000 sites, one thread; set-up excluded: $(sig3 "$setup") s CPU)"
  while read -r who r a s; do
    line+=" ; $who $r swaps/s by CPU time (acceptance $a)"
  done < <("$PEER_PYTHON" bench/mc/peer.py rate "$system" "$dir/$system.start.json" 20000)
  rm -rf "$dir"
  echo "$line"
}
