"""Independent peer solvers for the Swift regression tests (never a runtime dependency).

Usage: sgl_peer.py DIR ALPHA MIX
DIR holds x.f64 (n*p float64, column-major), y.f64 (n), groups.i64 (p), shape.txt "n p".
mix = 1: scikit-learn Lasso (if installed); otherwise a plain numpy FISTA proximal gradient for
the sparse group lasso of science.md Eq. 6:
    1/(2n)||y - XJ||^2 + mix*alpha*||J||_1 + (1-mix)*alpha*sum_B sqrt(p_B)||J_B||_2
stopped on a duality gap below 1e-11 * objective. Prints "objective <value>" and "solver <name>",
writes J to DIR/peer_eci.f64.
"""
import sys
import numpy as np


def sgl_objective(X, y, J, a1, a2, groups, weights):
    n = X.shape[0]
    r = y - X @ J
    pen = a1 * np.abs(J).sum() + a2 * sum(w * np.linalg.norm(J[g]) for g, w in zip(groups, weights))
    return r @ r / (2 * n) + pen


def prox(v, t, a1, a2, groups, weights):
    u = np.sign(v) * np.maximum(np.abs(v) - t * a1, 0)
    out = np.zeros_like(u)
    for g, w in zip(groups, weights):
        nrm = np.linalg.norm(u[g])
        if nrm > 0:
            out[g] = max(0.0, 1 - t * a2 * w / nrm) * u[g]
    return out


def dual_norm(v, a1, a2w):
    """Smallest s with ||S(v, s a1)||_2 <= s a2w, by bisection (independent of the Swift closed form)."""
    if a2w == 0:
        return np.abs(v).max() / a1
    if a1 == 0:
        return np.linalg.norm(v) / a2w
    lo, hi = 0.0, np.abs(v).max() / a1
    for _ in range(200):
        s = 0.5 * (lo + hi)
        if np.linalg.norm(np.maximum(np.abs(v) - s * a1, 0)) > s * a2w:
            lo = s
        else:
            hi = s
    return hi


def gap(X, y, J, a1, a2, groups, weights):
    n = X.shape[0]
    r = y - X @ J
    v = X.T @ r / n
    s = max(1.0, max(dual_norm(v[g], a1, a2 * w) for g, w in zip(groups, weights)))
    theta = r / (n * s)
    dual = y @ y / (2 * n) - n / 2 * np.sum((theta - y / n) ** 2)
    return sgl_objective(X, y, J, a1, a2, groups, weights) - dual


def fista(X, y, a1, a2, groups, weights):
    n, p = X.shape
    L = np.linalg.norm(X, 2) ** 2 / n
    J = np.zeros(p)
    Z = J.copy()
    t = 1.0
    for it in range(200000):
        grad = X.T @ (X @ Z - y) / n
        Jn = prox(Z - grad / L, 1 / L, a1, a2, groups, weights)
        tn = (1 + np.sqrt(1 + 4 * t * t)) / 2
        # Adaptive restart (O'Donoghue & Candes) keeps FISTA monotone-ish.
        if (Z - Jn) @ (Jn - J) > 0:
            tn, Z = 1.0, Jn.copy()
        else:
            Z = Jn + (t - 1) / tn * (Jn - J)
        J, t = Jn, tn
        if it % 50 == 0:
            obj = sgl_objective(X, y, J, a1, a2, groups, weights)
            if gap(X, y, J, a1, a2, groups, weights) <= 1e-11 * obj:
                break
    return J


def main():
    d, alpha, mix = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
    n, p = map(int, open(f"{d}/shape.txt").read().split())
    X = np.fromfile(f"{d}/x.f64").reshape(p, n).T.copy()
    y = np.fromfile(f"{d}/y.f64")
    gid = np.fromfile(f"{d}/groups.i64", dtype=np.int64)
    labels = list(dict.fromkeys(gid.tolist()))
    groups = [np.flatnonzero(gid == g) for g in labels]
    weights = [np.sqrt(len(g)) for g in groups]
    a1, a2 = alpha * mix, alpha * (1 - mix)
    name = "numpy-fista"
    if mix == 1.0:
        try:
            from sklearn.linear_model import Lasso
            m = Lasso(alpha=alpha, fit_intercept=False, tol=1e-12, max_iter=1000000, selection="cyclic")
            m.fit(X, y)
            J = m.coef_
            name = "sklearn-lasso"
        except ImportError:
            J = fista(X, y, a1, a2, groups, weights)
    else:
        J = fista(X, y, a1, a2, groups, weights)
    J.tofile(f"{d}/peer_eci.f64")
    print("objective %.17g" % sgl_objective(X, y, J, a1, a2, groups, weights))
    print("gap %.3g" % gap(X, y, J, a1, a2, groups, weights))
    print("solver", name)


if __name__ == "__main__":
    main()
