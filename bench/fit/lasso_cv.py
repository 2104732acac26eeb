"""Peer of fit.lasso_cv: scikit-learn's LassoCV on the stand-in ce saved, with the alphas and folds
ce is given.

Usage: lasso_cv.py prepare DIR   (DIR/data.npz from bench/fit/sgl.ce -> X.npy, y.npy, alphas.json,
                                  folds.json: LassoCV's own 30-alpha grid and KFold(5))
       lasso_cv.py run DIR TOL   (times LassoCV(tol=TOL) on them, writes alpha.json, prints
                                  "seconds <t> alpha <a> objective <f> rmse <mean fold RMSE per alpha...>")
"""
import json
import sys
import time

import numpy as np
from sklearn.linear_model import LassoCV
from sklearn.linear_model._coordinate_descent import _alpha_grid
from sklearn.model_selection import KFold


def main():
    mode, d = sys.argv[1], sys.argv[2]
    if mode == "prepare":
        data = np.load(f"{d}/data.npz")
        X, y = np.ascontiguousarray(data["features"], dtype=float), np.asarray(data["energies"], dtype=float)
        np.save(f"{d}/X.npy", X)
        np.save(f"{d}/y.npy", y)
        alphas = _alpha_grid(X, y, fit_intercept=True, n_alphas=30)
        json.dump([float(a) for a in alphas], open(f"{d}/alphas.json", "w"))
        json.dump([[tr.tolist(), te.tolist()] for tr, te in KFold(5).split(X)], open(f"{d}/folds.json", "w"))
        return
    tol = float(sys.argv[3])
    X, y = np.load(f"{d}/X.npy"), np.load(f"{d}/y.npy")
    alphas = json.load(open(f"{d}/alphas.json"))
    folds = [(np.array(a), np.array(b)) for a, b in json.load(open(f"{d}/folds.json"))]
    start = time.perf_counter()
    m = LassoCV(alphas=alphas, cv=folds, fit_intercept=True, tol=tol, max_iter=10**6).fit(X, y)
    seconds = time.perf_counter() - start
    json.dump([float(m.alpha_)], open(f"{d}/alpha.json", "w"))
    n = len(y)
    r = y - X @ m.coef_ - m.intercept_
    objective = r @ r / (2 * n) + m.alpha_ * np.abs(m.coef_).sum()
    rmse = np.sqrt(m.mse_path_).mean(axis=1)  # mse_path_[alpha, fold], alphas in decreasing order
    order = np.argsort(-np.array(m.alphas_))
    rmse_by_given = {float(a): v for a, v in zip(np.array(m.alphas_)[order], rmse[order])}
    print("seconds %.4g alpha %.17g objective %.17g rmse %s" % (
        seconds, m.alpha_, objective, " ".join("%.12g" % rmse_by_given[a] for a in alphas)))


if __name__ == "__main__":
    main()
