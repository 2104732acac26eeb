# lattice.corr_fcc4000: one correlation vector of a 4,000-site fcc configuration
# (best of 200, µs; the first call also builds the cluster tables, reported in ms),
# with smol's and icet's times from bench/lattice.corr_fcc4000.py when installed.
source bench/lib.sh
read -r vector tables < <("$CE" bench/lattice.corr_fcc4000.ce)
line="lattice.corr_fcc4000: $vector us (tables $tables ms)"
if [ -n "${PEER_PYTHON:-}" ]; then
  line+=" $("$PEER_PYTHON" bench/lattice.corr_fcc4000.py 2>/dev/null)"
fi
echo "$line"
