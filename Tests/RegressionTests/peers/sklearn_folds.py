"""scikit-learn's cross_val_score on folds it writes to a file, for the Swift tests.

Usage: sklearn_folds.py DIR
DIR holds x.f64 (n*p float64, column-major), y.f64 and shape.txt "n p". Writes DIR/folds.json:
the [train, test] row lists of KFold(10, shuffle=True, random_state=0). Prints, for
LinearRegression, Ridge(alpha=1e-3) and Lasso(alpha=1e-5) (fit_intercept=True, the lasso to
tol 1e-14), one line per estimator: its name and the ten fold RMSEs of
cross_val_score(..., scoring="neg_root_mean_squared_error"), as exact float hex.
"""
import json
import sys

import numpy as np
from sklearn.linear_model import Lasso, LinearRegression, Ridge
from sklearn.model_selection import KFold, cross_val_score


def main():
    d = sys.argv[1]
    n, p = map(int, open(f"{d}/shape.txt").read().split())
    X = np.fromfile(f"{d}/x.f64").reshape(p, n).T.copy()
    y = np.fromfile(f"{d}/y.f64")
    folds = [(train.tolist(), test.tolist()) for train, test in KFold(10, shuffle=True, random_state=0).split(X)]
    json.dump(folds, open(f"{d}/folds.json", "w"))
    for name, model in [("ols", LinearRegression()), ("ridge", Ridge(alpha=1e-3)),
                        ("lasso", Lasso(alpha=1e-5, tol=1e-14, max_iter=10**6))]:
        scores = -cross_val_score(model, X, y, cv=folds, scoring="neg_root_mean_squared_error")
        print(name, " ".join(float(s).hex() for s in scores))


if __name__ == "__main__":
    main()
