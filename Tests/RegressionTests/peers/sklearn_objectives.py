"""Objectives of scikit-learn's lasso, ridge and elastic net next to ce's, with an independent
NumPy duality gap of both solutions, for the Swift tests.

Usage: sklearn_objectives.py DIR
DIR holds x.f64 (n*p float64, column-major), y.f64, shape.txt "n p" and fits.json: a list of
{"method": "lasso"|"enet"|"ridge", "alpha": a, "mix": m, "eci": [...], "intercept": b} (ce's fits
with a fitted intercept; enet in ElasticNet's form with l1_ratio = mix; ridge as Ridge:
||y - Xw - b||^2 + alpha ||w||^2).

scikit-learn's most accurate solver for each: LassoLars (the exact LARS homotopy) for the lasso,
LassoLars on the augmented data [X; sqrt(n alpha (1 - mix)) I] for the elastic net (coordinate
descent does not reach 1e-8 at small alpha on these data in minutes), Ridge (closed form) for ridge.
Prints per fit: method alpha objective_ce objective_sklearn relgap_ce relgap_sklearn, where relgap
is the duality gap of the centred problem (the intercept is unpenalised) over the objective,
computed here from the coefficients alone.
"""
import json
import sys
import warnings

import numpy as np
from sklearn.linear_model import LassoLars, Ridge


def objective(kind, X, y, w, b, alpha, mix):
    n = len(y)
    r = y - X @ w - b
    if kind == "lasso":
        return r @ r / (2 * n) + alpha * np.abs(w).sum()
    if kind == "enet":
        return r @ r / (2 * n) + alpha * mix * np.abs(w).sum() + alpha * (1 - mix) / 2 * w @ w
    return r @ r + alpha * w @ w


def relative_gap(kind, X, y, w, alpha, mix):
    """Gap of the centred problem at w (the optimal intercept is mean(y) - mean(X) w).

    Written as the 1/(2n) problem with l1 weight a1 and ridge weight rho; the ridge folds into an
    augmented least-squares loss, the dual point is the scaled augmented residual."""
    n = len(y)
    Xc, yc = X - X.mean(0), y - y.mean()
    if kind == "lasso":
        a1, rho = alpha, 0.0
    elif kind == "enet":
        a1, rho = alpha * mix, alpha * (1 - mix)
    else:  # Ridge: ||r||^2 + alpha ||w||^2 = 2n [ ||r||^2/(2n) + (alpha/n)/2 ||w||^2 ]
        a1, rho = 0.0, alpha / n
    r = yc - Xc @ w
    grad = -Xc.T @ r / n + rho * w
    s = max(1.0, np.abs(grad).max() / a1) if a1 > 0 else 1.0
    primal = r @ r / (2 * n) + a1 * np.abs(w).sum() + rho / 2 * w @ w
    ra2 = r @ r + n * rho * w @ w
    # D = ||yhat||^2/(2n) - (n/2)||theta - yhat/n||^2 with theta = rhat/(n s), expanded.
    dual = (r @ yc) / (n * s) - ra2 / (2 * n * s * s)
    return (primal - dual) / primal


def sklearn_fit(kind, X, y, alpha, mix):
    n, p = X.shape
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if kind == "lasso":
            m = LassoLars(alpha=alpha, fit_intercept=True, max_iter=100000).fit(X, y)
            return m.coef_, m.intercept_
        if kind == "enet":
            xm, ym = X.mean(0), y.mean()
            rho = alpha * (1 - mix)
            Xa = np.vstack([X - xm, np.sqrt(n * rho) * np.eye(p)])
            ya = np.concatenate([y - ym, np.zeros(p)])
            # LassoLars scales its loss by the augmented row count n + p.
            m = LassoLars(alpha=alpha * mix * n / (n + p), fit_intercept=False, max_iter=100000).fit(Xa, ya)
            return m.coef_, ym - xm @ m.coef_
        m = Ridge(alpha=alpha, fit_intercept=True, solver="svd").fit(X, y)
        return m.coef_, m.intercept_


def main():
    d = sys.argv[1]
    n, p = map(int, open(f"{d}/shape.txt").read().split())
    X = np.fromfile(f"{d}/x.f64").reshape(p, n).T.copy()
    y = np.fromfile(f"{d}/y.f64")
    for fit in json.load(open(f"{d}/fits.json")):
        kind, alpha, mix = fit["method"], fit["alpha"], fit.get("mix", 1.0)
        w, b = np.array(fit["eci"]), fit["intercept"]
        ws, bs = sklearn_fit(kind, X, y, alpha, mix)
        values = [objective(kind, X, y, w, b, alpha, mix), objective(kind, X, y, ws, bs, alpha, mix),
                  relative_gap(kind, X, y, w, alpha, mix), relative_gap(kind, X, y, ws, alpha, mix)]
        print(kind, repr(alpha), " ".join(repr(float(v)) for v in values))


if __name__ == "__main__":
    main()
