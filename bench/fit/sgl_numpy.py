"""Peer of fit.sgl: the exact numpy proximal-gradient SGL of the regression tests
(Tests/RegressionTests/peers/sgl_peer.py) on the stand-in bench/fit/sgl.ce saved, centred as a
fitted intercept centres it (so its objective is the one ce reports).

Usage: sgl_numpy.py DATA.npz ALPHA MIX   (prints "seconds <t> objective <f>")
"""
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "RegressionTests", "peers"))
import sgl_peer  # noqa: E402


def load_problem(path):
    """The centred problem: X (n x p), y, group index per column (first-appearance order), sqrt(p_B)."""
    data = np.load(path)
    X = np.asarray(data["features"], dtype=float)
    y = np.asarray(data["energies"], dtype=float)
    X, y = X - X.mean(axis=0), y - y.mean()
    labels = list(dict.fromkeys(data["groups"].tolist()))
    index = {g: k for k, g in enumerate(labels)}
    gidx = np.array([index[g] for g in data["groups"].tolist()])
    return X, y, gidx, np.sqrt(np.bincount(gidx).astype(float))


def main():
    path, alpha, mix = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
    X, y, gidx, weights = load_problem(path)
    start, cpu = time.perf_counter(), time.process_time()
    J = sgl_peer.fista(X, y, alpha * mix, alpha * (1 - mix), gidx, weights)
    t, cpu = time.perf_counter() - start, time.process_time() - cpu
    print("seconds %.4g cpu %.4g objective %.12g" % (t, cpu, sgl_peer.sgl_objective(X, y, J, alpha * mix, alpha * (1 - mix), gidx, weights)))


if __name__ == "__main__":
    main()
