"""The discretisation of src/spectral/kleinKramersSpectrum.ts, solved with scipy's sparse tools.

Called by bench/kleinKramersScipy.mjs with one JSON case per line on stdin:
    {"tilt", "D", "gamma", "mass", "min", "max", "points", "hermite", "shift"}
and prints one JSON line per case: λ0…λ2 and the seconds of each stage. The operator is built exactly
as the TypeScript solver builds it (same Kosloff–Tal-Ezer-mapped Chebyshev grid of K interior
points on the same interval, same Hermite truncation N, same D̂ = s(∂x + Φ′/2), D̂⁻ = s(∂x − Φ′/2)
blocks), but assembled as one sparse matrix −L of size K·N (Risken's hierarchy, block-tridiagonal
with dense K×K blocks) and handed to SuperLU (scipy.sparse.linalg.splu, COLAMD ordering) and ARPACK
(scipy.sparse.linalg.eigs, shift-invert about −shift), the general-purpose route a user of scipy
would take. Same matrix, so the same eigenvalues to rounding: the comparison is of cost at equal
accuracy. Run it through the .mjs; OPENBLAS_NUM_THREADS=1 keeps it on one core like ours.
"""
import json
import sys
import time

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla


def blocks(tilt, D, mass, lo, hi, k):
    """D̂ (up) and D̂⁻ (down) on the mapped grid, as mappedGrid() in kleinKramersSpectrum.ts."""
    n = k + 1
    alpha = 1 / np.cosh(np.log(1e16) / k)
    asin = np.arcsin(alpha)
    mid, half = (lo + hi) / 2, (hi - lo) / 2
    theta = np.pi * np.arange(n + 1) / n
    t = -np.cos(theta)
    c = np.where((np.arange(n + 1) == 0) | (np.arange(n + 1) == n), 2.0, 1.0) * (-1.0) ** np.arange(n + 1)
    i = np.arange(1, k + 1)
    x = mid + half * np.arcsin(alpha * t[i]) / asin
    dxdt = half * alpha / (asin * np.sqrt(1 - (alpha * t[i]) ** 2))
    ti, tj = np.meshgrid(theta[i], theta, indexing='ij')
    diff = 2 * np.sin((ti + tj) / 2) * np.sin((ti - tj) / 2)
    own = np.arange(k)[:, None] == np.arange(n + 1)[None, :] - 1
    with np.errstate(divide='ignore'):
        d = np.where(own, 0.0, np.outer(c[i], 1 / c) / np.where(own, 1.0, diff))
    s = np.sqrt(D / mass)
    dm = s * d[:, 1:k + 1] / dxdt[:, None]
    diagonal = s * (-d.sum(axis=1)) / dxdt
    force = x ** 3 - x + tilt
    up = dm.copy()
    down = dm.copy()
    up[np.arange(k), np.arange(k)] = diagonal + s * force / (2 * D)
    down[np.arange(k), np.arange(k)] = diagonal - s * force / (2 * D)
    return up, down


def solve(case):
    t0 = time.perf_counter()
    k, nh = case['points'], case['hermite']
    eta = case['gamma'] / case.get('mass', 1.0)
    up, down = blocks(case['tilt'], case['D'], case.get('mass', 1.0), case['min'], case['max'], k)
    n = np.arange(nh, dtype=float)
    minus_l = (
        sp.kron(sp.diags(n * eta), sp.identity(k))
        + sp.kron(sp.diags(np.sqrt(n[1:]), 1), sp.csr_matrix(down))
        + sp.kron(sp.diags(np.sqrt(n[1:]), -1), sp.csr_matrix(up))
    ).tocsc()
    t1 = time.perf_counter()
    sigma = -case['shift']
    lu = spla.splu((minus_l - sigma * sp.identity(k * nh)).tocsc())
    t2 = time.perf_counter()
    op = spla.LinearOperator(minus_l.shape, matvec=lu.solve, dtype=float)
    mu = spla.eigs(op, k=3, which='LM', tol=1e-14, ncv=20, return_eigenvectors=False)
    lam = np.sort((1 / mu + sigma).real)
    t3 = time.perf_counter()
    return {
        'eigenvalues': [float(v) for v in lam],
        'nnz': int(minus_l.nnz),
        'factorNnz': int(lu.L.nnz + lu.U.nnz),
        'assemble': t1 - t0,
        'factor': t2 - t1,
        'eigs': t3 - t2,
        'seconds': t3 - t0,
    }


if __name__ == '__main__':
    for line in sys.stdin:
        if line.strip():
            print(json.dumps(solve(json.loads(line))), flush=True)
