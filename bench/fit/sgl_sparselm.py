"""Peer of fit.sgl: sparse-lm's SparseGroupLasso (a cvxpy model, default conic solver) on the
stand-in bench/fit/sgl.ce saved, with the same objective as ce's:

    1/(2n)||y - XJ||^2 + alpha*mix*||J||_1 + alpha*(1-mix)*sum_B sqrt(p_B)||J_B||_2

sparse-lm minimises 1/(2n)||XJ - y||^2 + l1_ratio*alpha*||J||_1 + (1-l1_ratio)*alpha*sum_G w_G||J_G||_2
(sparselm/model/_lasso.py), so alpha and l1_ratio = mix map one to one; its default group
weights are ones, so sqrt(p_B) is passed, ordered like its groups (sorted group labels).

Usage: sgl_sparselm.py DATA.npz ALPHA MIX   (prints "seconds <wall> cpu <process cpu> objective <f> solver <name>")
"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from sgl_numpy import load_problem, sgl_peer  # noqa: E402


def main():
    path, alpha, mix = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
    X, y, gidx, weights = load_problem(path)
    from sparselm.model import SparseGroupLasso

    # gidx numbers groups 0..G-1 in first-appearance order, so sparse-lm's sorted labels match `weights`.
    model = SparseGroupLasso(groups=gidx, alpha=alpha, l1_ratio=mix, group_weights=weights, fit_intercept=False)
    start, cpu = time.perf_counter(), time.process_time()
    # What model.fit does for centred data without an intercept; fit itself calls scikit-learn
    # helpers that changed in scikit-learn 1.6 (sparse-lm 0.5 predates it).
    model.generate_problem(X, y, preprocess_data=False)
    model.canonicals_.problem.solve(solver=model.solver)
    coef = model.canonicals_.beta.value
    t, cpu = time.perf_counter() - start, time.process_time() - cpu
    a1, a2 = alpha * mix, alpha * (1 - mix)
    reached = sgl_peer.sgl_objective(X, y, coef, a1, a2, gidx, weights)
    solver = model.canonicals_.problem.solver_stats.solver_name
    print("seconds %.4g cpu %.4g objective %.12g solver %s" % (t, cpu, reached, solver))


if __name__ == "__main__":
    main()
