"""smol's two-stage protocol written independently in NumPy and scikit-learn, fold by fold,
for the Swift tests.

Usage: stepwise_protocol.py DIR ALPHA
DIR holds x.f64 (n*p float64, column-major), y.f64, shape.txt "n p", free.json (the columns fitted
first, without penalty) and penalised.json (the columns fitted second), folds.json ([train, test]
pairs). In each training fold: least squares of y on [1, X_free] (NumPy lstsq); then
Lasso(alpha, fit_intercept=False) of the residual on X_penalised (uncentred, as sparse-lm's
StepwiseEstimator passes it on). Prints each fold's test RMSE in meV, as exact float hex.
"""
import json
import sys
import warnings

import numpy as np
from sklearn.linear_model import Lasso


def main():
    d, alpha = sys.argv[1], float(sys.argv[2])
    n, p = map(int, open(f"{d}/shape.txt").read().split())
    X = np.fromfile(f"{d}/x.f64").reshape(p, n).T.copy()
    y = np.fromfile(f"{d}/y.f64")
    free, penalised = json.load(open(f"{d}/free.json")), json.load(open(f"{d}/penalised.json"))
    out = []
    for train, test in json.load(open(f"{d}/folds.json")):
        A = np.hstack([np.ones((len(train), 1)), X[np.ix_(train, free)]])
        first = np.linalg.lstsq(A, y[train], rcond=None)[0]
        residual = y[train] - A @ first
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # it must converge
            second = Lasso(alpha=alpha, fit_intercept=False, tol=1e-12, max_iter=10**7)
            second.fit(X[np.ix_(train, penalised)], residual)
        predicted = first[0] + X[np.ix_(test, free)] @ first[1:] + X[np.ix_(test, penalised)] @ second.coef_
        out.append(1000 * np.sqrt(np.mean((y[test] - predicted) ** 2)))
    print(" ".join(float(v).hex() for v in out))


if __name__ == "__main__":
    main()
