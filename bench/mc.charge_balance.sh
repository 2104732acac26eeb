# mc.charge_balance: attempted nearest-neighbour swaps per second of `anneal` on the
# 48 x 48 charge-balance model at T = 0.3 (bench/mc/charge_balance.ce). No peer runs
# this model.
source bench/mc/lib.sh
read -r rate acceptance < <("$CE" bench/mc/charge_balance.ce)
echo "mc.charge_balance: $(sig3 "$rate") swaps/s (acceptance $acceptance, 2,304 sites, one thread)"
