"""Independent peer solvers for the Swift regression tests (never a runtime dependency).

Usage: sgl_peer.py DIR ALPHA MIX
DIR holds x.f64 (n*p float64, column-major), y.f64 (n), groups.i64 (p), shape.txt "n p".
mix = 1: scikit-learn Lasso (if installed); otherwise a plain numpy FISTA proximal gradient for
the sparse group lasso of science.md Eq. 6:
    1/(2n)||y - XJ||^2 + mix*alpha*||J||_1 + (1-mix)*alpha*sum_B sqrt(p_B)||J_B||_2
stopped on a duality gap below 1e-9 * objective. Prints "objective <value>" and "solver <name>",
writes J to DIR/peer_eci.f64.
"""
import sys
import numpy as np


def sgl_objective(X, y, J, a1, a2, gidx, weights):
    n = X.shape[0]
    r = y - X @ J
    norms = np.sqrt(np.bincount(gidx, J * J, minlength=len(weights)))
    return r @ r / (2 * n) + a1 * np.abs(J).sum() + a2 * (weights * norms).sum()


def prox(v, t, a1, a2, gidx, weights):
    u = np.sign(v) * np.maximum(np.abs(v) - t * a1, 0)
    norms = np.sqrt(np.bincount(gidx, u * u, minlength=len(weights)))
    with np.errstate(divide="ignore", invalid="ignore"):
        shrink = np.where(norms > 0, np.maximum(0.0, 1 - t * a2 * weights / norms), 0.0)
    return shrink[gidx] * u


def dual_norm(v, a1, a2, gidx, weights):
    """Max over groups of the smallest s with ||S(v_B, s a1)||_2 <= s a2 w_B, by bisection
    (independent of the Swift closed form)."""
    G = len(weights)
    if a2 == 0:
        return np.abs(v).max() / a1
    if a1 == 0:
        return (np.sqrt(np.bincount(gidx, v * v, minlength=G)) / (a2 * weights)).max()
    lo = np.zeros(G)
    hi = np.zeros(G)
    np.maximum.at(hi, gidx, np.abs(v) / a1)
    for _ in range(100):
        s = 0.5 * (lo + hi)
        t = np.maximum(np.abs(v) - s[gidx] * a1, 0)
        big = np.sqrt(np.bincount(gidx, t * t, minlength=G)) > s * a2 * weights
        lo = np.where(big, s, lo)
        hi = np.where(big, hi, s)
    return hi.max()


def gap(X, y, J, a1, a2, gidx, weights):
    n = X.shape[0]
    r = y - X @ J
    s = max(1.0, dual_norm(X.T @ r / n, a1, a2, gidx, weights))
    theta = r / (n * s)
    dual = y @ y / (2 * n) - n / 2 * np.sum((theta - y / n) ** 2)
    return sgl_objective(X, y, J, a1, a2, gidx, weights) - dual


def fista(X, y, a1, a2, gidx, weights):
    n, p = X.shape
    v = np.ones(p)
    for _ in range(100):  # power iteration for L = ||X||^2 / n, with a safety margin
        v = X.T @ (X @ v)
        v /= np.linalg.norm(v)
    L = 1.01 * np.linalg.norm(X @ v) ** 2 / n
    J = np.zeros(p)
    Z = J.copy()
    t = 1.0
    for it in range(1, 200001):
        grad = X.T @ (X @ Z - y) / n
        Jn = prox(Z - grad / L, 1 / L, a1, a2, gidx, weights)
        tn = (1 + np.sqrt(1 + 4 * t * t)) / 2
        # Adaptive restart (O'Donoghue & Candes).
        if (Z - Jn) @ (Jn - J) > 0:
            tn, Z = 1.0, Jn.copy()
        else:
            Z = Jn + (t - 1) / tn * (Jn - J)
        J, t = Jn, tn
        if it % 200 == 0:
            if gap(X, y, J, a1, a2, gidx, weights) <= 1e-9 * sgl_objective(X, y, J, a1, a2, gidx, weights):
                break
    return J


def load_problem(d):
    """The problem the Swift side dumped in folder d: X (n x p), y, group index per column, sqrt(p_B)."""
    n, p = map(int, open(f"{d}/shape.txt").read().split())
    X = np.fromfile(f"{d}/x.f64").reshape(p, n).T.copy()
    y = np.fromfile(f"{d}/y.f64")
    gid = np.fromfile(f"{d}/groups.i64", dtype=np.int64)
    labels = list(dict.fromkeys(gid.tolist()))
    index = {g: k for k, g in enumerate(labels)}
    gidx = np.array([index[g] for g in gid.tolist()])
    weights = np.sqrt(np.bincount(gidx).astype(float))
    return X, y, gidx, weights


def main():
    d, alpha, mix = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
    X, y, gidx, weights = load_problem(d)
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
            J = fista(X, y, a1, a2, gidx, weights)
    else:
        J = fista(X, y, a1, a2, gidx, weights)
    J.tofile(f"{d}/peer_eci.f64")
    print("objective %.17g" % sgl_objective(X, y, J, a1, a2, gidx, weights))
    print("gap %.3g" % gap(X, y, J, a1, a2, gidx, weights))
    print("solver", name)


if __name__ == "__main__":
    main()
