#!/usr/bin/env bash
# Fitting benchmarks through the commands a user types (the release ce running bench/fit/*.ce),
# on stand-ins with the yang2022 group layout (4,588 columns, 346 groups):
#   fit.sgl          one SGL fit (alpha 0.056, mix 0.5) of 342 structures: the first fit of a fresh
#                    dataset (best of 5), the second fit of it beside it; peers on the same centred
#                    problem: the exact numpy proximal-gradient SGL and sparse-lm's SparseGroupLasso
#   fit.sgl_grid     the paper's search, 25 alphas x 5 mixes x 50 random 80/20 splits of 428
#                    structures (6,250 fold fits) on 2 threads, with the count of unconverged fits
#   fit.lasso_cv     a 30-alpha lasso path scored by 5-fold CV (342 structures) on one thread, against
#                    scikit-learn's LassoCV on the same alphas and folds, its tol set so that its
#                    objective equals ours to 1e-8 (printed)
#   fit.cv_splits50  fit(..., cv=splits(50)) on 2 threads against 1
# Prints NAME: VALUE UNIT ; PEER VALUE UNIT lines, then '#' detail lines. CE_BENCH_PEERS=0 skips the peers.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
CE="${CE:-$(swift build -c release --show-bin-path)/ce}"
groups=../shared/data/yang2022/groups.npy
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
peers=${CE_BENCH_PEERS:-1}
[ -n "${PEER_PYTHON:-}" ] || peers=0
export OPENBLAS_NUM_THREADS=1 CE_HISTORY=/dev/null

# fit.sgl
read -r first again converged gap objective nonzero sweeps < <(CE_THREADS=1 "$CE" bench/fit/sgl.ce "$groups" "$dir/data.npz")
line="fit.sgl: $(awk -v t="$first" 'BEGIN { printf "%.3g", t }') ms by CPU time"
details="# fit.sgl first fit of a fresh dataset $(awk -v t="$first" 'BEGIN { printf "%.3g", t }') ms, second fit $(awk -v t="$again" 'BEGIN { printf "%.3g", t }') ms (best of 5, CPU time); converged $converged, relative gap $gap, objective $objective, $nonzero nonzero, $sweeps sweeps"
if [ "$peers" = 1 ]; then
  for peer in numpy sparselm; do
    r=$("$PEER_PYTHON" "bench/fit/sgl_$peer.py" "$dir/data.npz" 0.056 0.5 2>/dev/null) || continue
    name=$([ "$peer" = numpy ] && echo numpy-prox-gradient || echo sparse-lm+cvxpy)
    line+=" ; $name $(echo "$r" | awk '{ for (i = 1; i < NF; i++) if ($i == "cpu") printf "%.3g", $(i + 1) }') s by CPU time"
    details+=$'\n'"$(echo "$r" | awk -v name="$name" -v ours="$objective" '{
        for (i = 1; i < NF; i++) if ($i == "objective") f = $(i + 1)
        printf "# fit.sgl %s objective %s, ours %s: relative excess %.2g", name, f, ours, (f - ours) / ours }')"
  done
fi
echo "$line"
echo "$details"

# fit.sgl_grid
read -r seconds unconverged balpha bmix bcv bnonzero oalpha omix < <(CE_THREADS=2 "$CE" bench/fit/grid.ce "$groups")
echo "fit.sgl_grid: $(format_seconds "$seconds") s"
echo "# fit.sgl_grid 6,250 fold fits on 2 threads, $unconverged not converged; best alpha $balpha mix $bmix cv $bcv eV/prim ($bnonzero nonzero), one-SE alpha $oalpha mix $omix"

# fit.lasso_cv
if [ "$peers" = 1 ]; then
  "$PEER_PYTHON" bench/fit/lasso_cv.py prepare "$dir"
  tol=${CE_BENCH_LASSOCV_TOL:-1e-10}
  peer=$("$PEER_PYTHON" bench/fit/lasso_cv.py run "$dir" "$tol")
  { read -r seconds unconverged objective converged; read -r rmse; } < <(CE_THREADS=1 "$CE" bench/fit/lasso_cv.ce "$dir")
  echo "fit.lasso_cv: $(format_seconds "$seconds") s ; scikit-learn-LassoCV $(echo "$peer" | awk '{ printf "%.3g", $2 }') s"
  echo "$peer" | awk -v ours="$objective" -v rmse="$rmse" -v tol="$tol" -v bad="$unconverged" '{
      for (i = 1; i < NF; i++) { if ($i == "objective") f = $(i + 1); if ($i == "alpha") a = $(i + 1) }
      printf "# fit.lasso_cv 30 alphas x 5 folds + refit, one thread, %d fold fits not converged; at LassoCV'"'"'s alpha %.4g: objective %s, ours %s (relative %.2g, LassoCV tol %s)\n", bad, a, f, ours, (f - ours) / ours, tol
      gsub(/[\[\],]/, " ", rmse); n = split(rmse, r, " "); worst = 0; k = 0
      for (i = 1; i <= NF; i++) if ($i == "rmse") start = i
      for (j = 1; j <= n; j++) { d = (r[j] - $(start + j)) / $(start + j); if (d < 0) d = -d; if (d > worst) worst = d }
      printf "# fit.lasso_cv mean fold RMSE along the path: largest relative difference to LassoCV %.2g\n", worst }'
fi

# fit.cv_splits50
read -r one _ _ < <(CE_THREADS=1 "$CE" bench/fit/cv.ce "$groups")
read -r two cv bad < <(CE_THREADS=2 "$CE" bench/fit/cv.ce "$groups")
echo "fit.cv_splits50: $(format_seconds "$two") s on 2 threads ; 1 thread $(format_seconds "$one") s"
echo "# fit.cv_splits50 speedup $(awk -v a="$one" -v b="$two" 'BEGIN { printf "%.2f", a / b }')x on 2 threads (best of 3, wall clock); cv $cv eV/prim, $bad fold fits not converged"
