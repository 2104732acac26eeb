"""Peer timing for bench/fit.sh: the exact numpy proximal-gradient SGL of the regression
tests (Tests/RegressionTests/peers/sgl_peer.py) on the problem the Swift benchmark dumped.

Usage: fit_peer.py DIR ALPHA MIX   (prints "seconds <t> objective <f>")
"""
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "Tests", "RegressionTests", "peers"))
import sgl_peer  # noqa: E402


def main():
    d, alpha, mix = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
    X, y, gidx, weights = sgl_peer.load_problem(d)
    start = time.perf_counter()
    J = sgl_peer.fista(X, y, alpha * mix, alpha * (1 - mix), gidx, weights)
    t = time.perf_counter() - start
    print("seconds %.4g objective %.12g" % (t, sgl_peer.sgl_objective(X, y, J, alpha * mix, alpha * (1 - mix), gidx, weights)))


if __name__ == "__main__":
    main()
