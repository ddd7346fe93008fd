"""Klein–Kramers λ1 with the x grid size K_n varying with the Hermite index n: does it save work?

A prototype (issue 13, 2026-12-07) of the idea that the low Hermite blocks need fewer x points
than the high ones (which oscillate in x on a scale ∝ 1/√n), so that K_n could grow with n and
cut Σ K_n³ two- to threefold. Plain Chebyshev–Gauss–Lobatto collocation per block on the
reference's interval (test/fixtures/klein_kramers_reference.py: its `cheb`, `domain`), the blocks
coupled through polynomial interpolation (barycentric; exact from a coarser grid to a finer one),
LAPACK block elimination inside ARPACK shift-invert as in the reference. Only a measurement: the
answer was no (bench/README.md, "Klein–Kramers: a grid that grows with the Hermite index").

Run: OPENBLAS_NUM_THREADS=1 python3 bench/kleinKramersVariableK.py TILT D GAMMA N REF CUT SPEC...
  SPEC: u:K (K for every n), sqrt:KMIN:KMAX (K_n = KMIN + (KMAX − KMIN)·√(n/(N−1))),
        lin:KMIN:KMAX, step:K1:N1:K2 (K1 below n = N1, K2 from there).
e.g. python3 bench/kleinKramersVariableK.py 0.1 0.1 0.05 600 0.01074475845041906 36 u:160 sqrt:120:160
(REF from test/fixtures/klein_kramers_weak.json; 2–35 s a SPEC on one core.)
"""

import json
import os
import sys
import time

import numpy as np
import scipy.linalg as sla
import scipy.sparse.linalg as spla
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures'))
from klein_kramers_reference import cheb, domain

def bary_matrix(tfull, y):
    """Interpolation from values on the CGL points tfull (n+1 points, descending cos) to points y."""
    n = len(tfull) - 1
    w = (-1.0) ** np.arange(n + 1); w[0] *= 0.5; w[-1] *= 0.5
    d = y[:, None] - tfull[None, :]
    exact = np.isclose(d, 0, atol=1e-15)
    d[exact] = 1.0
    M = w[None, :] / d
    M /= M.sum(1, keepdims=True)
    rows = np.where(exact.any(1))[0]
    for r in rows:
        M[r] = 0; M[r, np.where(exact[r])[0][0]] = 1
    return M

class Grids:
    def __init__(self, U, dU, D, m, a, b):
        self.U, self.dU, self.D, self.s, self.a, self.b = U, dU, D, np.sqrt(D / m), a, b
        self.cache = {}
    def grid(self, k):
        """k interior points; full CGL of k+2 points; derivative matrix on the full grid."""
        if k not in self.cache:
            Dm, t = cheb(k + 1)
            x = self.a + (self.b - self.a) * (1 - t) / 2
            Dx = -Dm * 2 / (self.b - self.a)
            self.cache[k] = (t, x, Dx)
        return self.cache[k]
    def coupling(self, kto, kfrom, sign):
        """s(∂x ± Φ'/2) applied to the interpolant of a block on kfrom interior points (zero at the
        ends), evaluated at the kto interior points: a kto × kfrom matrix."""
        tf, xf, Dxf = self.grid(kfrom)
        tt, xt, _ = self.grid(kto)
        P = bary_matrix(tf, tt[1:-1])          # kto × (kfrom+2)
        deriv = P @ Dxf[:, 1:-1]               # derivative values interpolated
        val = P[:, 1:-1]
        half = self.dU(xt[1:-1]) / (2 * self.D)
        return self.s * (deriv + sign * half[:, None] * val)

class ShiftInvertVar:
    def __init__(self, G, ks, eta, sigma):
        n_h = len(ks)
        self.ks, self.n = ks, n_h
        self.lus, self.X, self.Dm = [None] * n_h, [None] * n_h, [None] * n_h
        X = None
        for n in range(n_h - 1, -1, -1):
            k = ks[n]
            a = -n * eta - sigma
            if X is None:
                M = a * np.eye(k)
            else:
                Dm = G.coupling(k, ks[n + 1], -1)   # D̂⁻ from block n+1 to rows of n
                self.Dm[n] = Dm
                M = a * np.eye(k) - np.sqrt(n + 1) * (Dm @ X)
            self.lus[n] = sla.lu_factor(M)
            if n > 0:
                Dp = G.coupling(k, ks[n - 1], +1)   # D̂ from block n−1 to rows of n
                X = np.sqrt(n) * sla.lu_solve(self.lus[n], Dp)
                self.X[n] = X
        self.off = np.concatenate([[0], np.cumsum(ks)])
    def __call__(self, r):
        o = self.off
        y = [None] * self.n
        nxt = None
        for n in range(self.n - 1, -1, -1):
            rhs = r[o[n]:o[n+1]] if nxt is None else r[o[n]:o[n+1]] + np.sqrt(n + 1) * (self.Dm[n] @ nxt)
            y[n] = sla.lu_solve(self.lus[n], rhs)
            nxt = y[n]
        c = np.empty(o[-1])
        c[o[0]:o[1]] = y[0]
        prev = y[0]
        for n in range(1, self.n):
            cur = self.X[n] @ prev + y[n]
            c[o[n]:o[n+1]] = cur
            prev = cur
        return c

def lam1(G, ks, eta, D, m):
    sigma = -1e-3 * min(eta, np.sqrt(D / m))
    op = ShiftInvertVar(G, ks, eta, sigma)
    size = int(np.sum(ks))
    A = spla.LinearOperator((size, size), matvec=op, dtype=float)
    _, x0, _ = G.grid(ks[0])
    x0 = x0[1:-1]
    v0 = np.zeros(size); v0[:ks[0]] = np.exp(-(G.U(x0) - G.U(x0).min()) / (2 * D)) * np.tanh(x0 / 0.2)
    v0 += 1e-3 * np.random.default_rng(1).standard_normal(size)
    mu = spla.eigs(A, k=3, which='LM', v0=v0, tol=1e-14, ncv=20, return_eigenvectors=False)
    lam = np.sort(-(sigma + 1 / mu).real)
    return lam[1]

if __name__ == '__main__':
    tilt, D, gamma, N, ref = float(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
    cut = float(sys.argv[6]) if len(sys.argv) > 6 else 36
    U = lambda x: x**4 / 4 - x**2 / 2 + tilt * x
    dU = lambda x: x**3 - x + tilt
    a, b = domain(U, D, cut)
    G = Grids(U, dU, D, 1.0, a, b)
    for spec in sys.argv[7:]:
        kind, *vals = spec.split(':')
        if kind == 'u':
            ks = [int(vals[0])] * N
        elif kind == 'sqrt':   # K_n = kmin + (kmax - kmin) * sqrt(n / (N-1))
            kmin, kmax = int(vals[0]), int(vals[1])
            ks = [int(round(kmin + (kmax - kmin) * np.sqrt(n / (N - 1)))) for n in range(N)]
        elif kind == 'lin':
            kmin, kmax = int(vals[0]), int(vals[1])
            ks = [int(round(kmin + (kmax - kmin) * n / (N - 1))) for n in range(N)]
        elif kind == 'step':  # K = k1 for n < n1, else k2
            k1, n1, k2 = int(vals[0]), int(vals[1]), int(vals[2])
            ks = [k1 if n < n1 else k2 for n in range(N)]
        work = sum(k**3 for k in ks)
        t0 = time.time()
        l = lam1(G, ks, gamma, D, 1.0)
        print(json.dumps({'spec': spec, 'N': N, 'work': f'{work:.3g}', 'lambda1': l, 'rel': (l - ref) / ref, 's': round(time.time() - t0, 1)}), flush=True)
