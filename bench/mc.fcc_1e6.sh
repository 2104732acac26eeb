# mc.fcc_1e6: set-up seconds and peak memory of `anneal` on 10^6 fcc sites with the
# binary model of mc.fcc_binary (bench/mc/big.ce); the peak is the whole ce process's
# (maximum resident set), interpreter and configuration included. No peer: icet and
# smol take minutes to set up 4,000 sites' worth of this already (mc.setup_fcc4000).
source bench/mc/lib.sh
dir="$(mktemp -d)"
mc_model binary "$dir"
read -r setup rate acceptance made peak < <(python3 - "$CE" bench/mc/big.ce "$dir/binary.json" <<'PY'
import resource, subprocess, sys
out = subprocess.run(sys.argv[1:], capture_output=True, text=True, check=True).stdout.split()
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB on Linux
print(*out, f"{peak:.0f}")
PY
)
rm -rf "$dir"
echo "mc.fcc_1e6: set-up $setup s by CPU time, peak memory $peak MiB (goals: under 1 s and 1024 MiB; 10^6 sites; $(sig3 "$rate") swaps/s at acceptance $acceptance; random configuration $made s)"
