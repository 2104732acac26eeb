"""Independent scikit-learn implementation of seed 000's fitting procedure, for the Swift tests.

Usage: groupwise_enet_peer.py DIR ALPHA MIX
DIR holds x.f64 (n*p float64, column-major), y.f64 (n), groups.i64 (p), shape.txt "n p" and
points.i64 (the point-function columns). Column 0 is the constant (empty cluster).

1. LassoCV (fit_intercept=True, 100 alphas down to 1e-3 alpha_max, 5 unshuffled folds: scikit-learn's
   defaults) on the point columns; its intercept and coefficients.
2. r = y - intercept - X_P w_P; for each other non-constant group in ascending id, once:
   z = X_B^T r / n, S = sign(z) (|z| - alpha mix); if ||S|| < alpha (1 - mix) sqrt(p_B) the group
   is zero, else ElasticNet(alpha, l1_ratio=mix, fit_intercept=False) on (X_B, r), r -= X_B w_B.
Every scikit-learn solver runs to tol 1e-13 so that the comparison is of the procedure, not of
stopping rules. Writes the intercept then the p ECIs to DIR/peer_eci.f64.
"""
import sys
import warnings

import numpy as np
from sklearn.linear_model import ElasticNet, LassoCV
from sklearn.model_selection import KFold


def main():
    d, alpha, mix = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
    n, p = map(int, open(f"{d}/shape.txt").read().split())
    X = np.fromfile(f"{d}/x.f64").reshape(p, n).T.copy()
    y = np.fromfile(f"{d}/y.f64")
    groups = np.fromfile(f"{d}/groups.i64", dtype=np.int64)
    points = np.fromfile(f"{d}/points.i64", dtype=np.int64)
    coef = np.zeros(p)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a ConvergenceWarning fails the peer: it must converge
        cv = LassoCV(fit_intercept=True, cv=KFold(5), tol=1e-13, max_iter=10**6).fit(X[:, points], y)
    coef[points] = cv.coef_
    intercept = cv.intercept_
    r = y - intercept - X[:, points] @ cv.coef_
    rest = [j for j in range(1, p) if j not in set(points.tolist())]
    for g in sorted(set(groups[rest].tolist())):
        cols = [j for j in rest if groups[j] == g]
        z = X[:, cols].T @ r / n
        s = np.sign(z) * (np.abs(z) - alpha * mix)
        if np.linalg.norm(s) < alpha * (1 - mix) * np.sqrt(len(cols)):
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            m = ElasticNet(alpha=alpha, l1_ratio=mix, fit_intercept=False, tol=1e-13, max_iter=10**6)
            m.fit(X[:, cols], r)
        coef[cols] = m.coef_
        r = r - X[:, cols] @ m.coef_
    np.concatenate([[intercept], coef]).tofile(f"{d}/peer_eci.f64")
    print("alpha_cv %.17g" % cv.alpha_)


if __name__ == "__main__":
    main()
