#!/usr/bin/env python3
"""The exact finite-lattice square Ising model (J = 1, L x L torus, L even) for
bench/mc.wang_landau_ising.sh, independent of ce: Kaufman's (1949) partition function and
Beale's (1996) exact density of states from it (the polynomial P(w) = sum_j g_j w^j,
E = -2N + 4j, w = exp(-4K), evaluated on circles by Kaufman's formula and read off by a
discrete Fourier transform, each coefficient from the circle where it weighs the most).
The same construction as Tests/MonteCarloTests/KaufmanIsing.swift, written again in numpy.

Usage:
  kaufman.py compare L DOS_FILE   DOS_FILE: lines "E ln_g [ln_g2 ...]" (ce's Wang-Landau result); prints
                                  "WORST WORST_INNER F_ERROR [WORST2 ...]": the largest |ln g - ln g exact| / ln g exact
                                  over every level and over all but the two levels E = -2N, 2N (g = 2), both
                                  normalised to sum 2^N; F_ERROR the largest |F_ce - F_exact| / N at
                                  kT = 1.5, 2.269, 3.0; then, for each further column (ln g normalised
                                  otherwise, e.g. to known degeneracies), its largest relative error over
                                  every level
  kaufman.py peak L               the kT of the maximum of the exact C(T) (per site)
  kaufman.py peak_of L DOS_FILE   the kT of the maximum of C(T) from the density in DOS_FILE
"""
import sys

import numpy as np


def log_p(L, y):
    """ln(y^N Z) at complex y = exp(-2K) (arrays allowed)."""
    y = np.asarray(y, dtype=complex)
    half, y2 = L // 2, y * y
    c = (1 + y2) ** 2 / (2 * y * (1 - y2))
    logs = [np.zeros_like(y) for _ in range(4)]
    for k in range(2 * L):
        ck = c - np.cos(np.pi * k / L)
        t0, t1, u0, u1 = np.ones_like(y), ck, np.ones_like(y), 2 * ck
        for _ in range(2, half + 1):
            t0, t1 = t1, 2 * ck * t1 - t0
            u0, u1 = u1, 2 * ck * u1 - u0
        t, u = (ck, np.ones_like(y)) if half == 1 else (t1, u0)
        if k in (0, L):
            e = (1 - y) / (y * (1 + y)) if k == 0 else (1 + y) / (y * (1 - y))
            sinh_part = (e - 1 / e) / 2
        elif k < L:
            sinh_part = ck * ck - 1
        else:
            sinh_part = np.ones_like(y)
        odd = k % 2
        logs[0 if odd else 2] = logs[0 if odd else 2] + np.log(2 * t)
        logs[1 if odd else 3] = logs[1 if odd else 3] + np.log(2 * u * sinh_part)
    top = np.max(np.array([lg.real for lg in logs]), axis=0)
    total = sum(np.exp(lg - top) for lg in logs)
    n = L * L
    return top - np.log(2) + np.log(total) + n / 2 * (np.log(y) + np.log(1 - y2))


def log_z(L, K):
    y = np.exp(-2 * K)
    return log_p(L, y).real - L * L * np.log(y)


def log_density(L):
    n, m = L * L, L * L + 4
    best = np.full(n + 1, -np.inf)
    value = np.zeros(n + 1)
    q = np.arange(m)
    for step in range(100):
        kappa = 0.002 + 0.025 * step
        rho = np.exp(-4 * kappa)
        samples = np.exp(log_p(L, np.sqrt(rho) * np.exp(1j * np.pi * q / m)))
        coefficients = np.fft.fft(samples).real / m      # g_j rho^j
        log_total = log_p(L, np.sqrt(rho)).real
        for j in range(n // 2 + 1):
            a = coefficients[j]
            if a > 0 and np.log(a) - log_total > best[j]:
                best[j] = np.log(a) - log_total
                value[j] = np.log(a) - j * np.log(rho)
    value[: n // 2 + 1][best[: n // 2 + 1] < -25] = -np.inf
    value[n // 2 + 1:] = value[: n // 2][::-1]
    return value


def thermodynamics(energies, log_g, kT):
    x = log_g - energies / kT
    top = x.max()
    w = np.exp(x - top)
    z = w.sum()
    mean = (w * energies).sum() / z
    var = (w * (energies - mean) ** 2).sum() / z
    return -kT * (top + np.log(z)), var / kT ** 2


def read(path):
    data = np.loadtxt(path, ndmin=2)
    return data[:, 0], data[:, 1]


def peak(capacity):
    grid = np.linspace(1.8, 3.0, 1201)
    values = [capacity(t) for t in grid]
    return grid[int(np.argmax(values))]


def main():
    what, L = sys.argv[1], int(sys.argv[2])
    n = L * L
    if what == "compare":
        data = np.loadtxt(sys.argv[3], ndmin=2)
        e, lg = data[:, 0], data[:, 1]
        exact = log_density(L)
        j = np.rint((e + 2 * n) / 4).astype(int)
        levels = np.flatnonzero(np.isfinite(exact))
        if not np.array_equal(np.sort(j), levels):
            print("levels differ", file=sys.stderr)
            sys.exit(1)
        relative = np.abs(lg - exact[j]) / np.abs(exact[j])
        inner = relative[(j > 0) & (j < n)]
        f_error = max(abs(thermodynamics(e, lg, kT)[0] / n - -kT * log_z(L, 1 / kT) / n) for kT in (1.5, 2.269, 3.0))
        others = [np.abs(data[:, c] - exact[j]) / np.abs(exact[j]) for c in range(2, data.shape[1])]
        print(" ".join([f"{relative.max():.3g} {inner.max():.3g} {f_error:.3g}"] + [f"{r.max():.3g}" for r in others]))
    elif what == "peak":
        h = 1e-3
        print(f"{peak(lambda t: (log_z(L, 1 / t + h) - 2 * log_z(L, 1 / t) + log_z(L, 1 / t - h)) / h ** 2 / t ** 2):.4f}")
    elif what == "peak_of":
        e, lg = read(sys.argv[3])
        print(f"{peak(lambda t: thermodynamics(e, lg, t)[1]):.4f}")


if __name__ == "__main__":
    main()
