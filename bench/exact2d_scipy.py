"""scipy baseline for bench/exact2d.mjs: the same square-root (detailed-balance) grid generator,
the same cut arms at the target x >= b (Shortley-Weller, without our defect correction), solved
by scipy.sparse.linalg.spsolve (SuperLU with its default COLAMD ordering).

Usage: python3 bench/exact2d_scipy.py D b 61x46 91x69 ...  -> JSON lines {"grid", "mfpt", "seconds"}
"""
import json
import sys
import time

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

X0, X1, Y0, Y1 = -2.0, 2.0, -1.5, 1.5


def U(x, y):
    return x**4 / 4 - x**2 / 2 + y * y / 2


def build(D, b, nx, ny):
    hx = (X1 - X0) / (nx - 1)
    hy = (Y1 - Y0) / (ny - 1)
    xs = X0 + hx * np.arange(nx)
    ys = Y0 + hy * np.arange(ny)
    idx = lambda i, j: i * ny + j
    rows, cols, vals = [], [], []
    diag = np.zeros(nx * ny)
    rhs = np.ones(nx * ny)
    for i in range(nx):
        inside = xs[i] >= b
        for j in range(ny):
            k = idx(i, j)
            if inside:
                diag[k] = 1.0
                rhs[k] = 0.0
                continue
            u = U(xs[i], ys[j])
            arms = []
            for (di, dj, h) in ((-1, 0, hx), (1, 0, hx), (0, -1, hy), (0, 1, hy)):
                ni, nj = i + di, j + dj
                if ni < 0 or nj < 0 or ni >= nx or nj >= ny:
                    arms.append(None)
                elif di == 1 and xs[ni] >= b:
                    length = b - xs[i]
                    arms.append((length, U(b, ys[j]), -1))
                else:
                    arms.append((h, U(xs[ni], ys[nj]), idx(ni, nj)))
            for m, p in ((arms[0], arms[1]), (arms[2], arms[3])):
                pair = [(m, 1.0), (p, 1.0)] if m and p else [((m or p), 2.0)]
                vol = 0.5 * (m[0] + p[0]) if m and p else (m or p)[0]
                for arm, f in pair:
                    rate = f * D / (vol * arm[0]) * np.exp((u - arm[1]) / (2 * D))
                    diag[k] += rate
                    if arm[2] >= 0:
                        rows.append(k)
                        cols.append(arm[2])
                        vals.append(-rate)
    A = sp.csc_matrix((vals, (rows, cols)), shape=(nx * ny, nx * ny)) + sp.diags(diag)
    return A.tocsc(), rhs, hx, hy


def main():
    D, b = float(sys.argv[1]), float(sys.argv[2])
    for g in sys.argv[3:]:
        nx, ny = (int(v) for v in g.split("x"))
        A, rhs, hx, hy = build(D, b, nx, ny)
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            T = spla.spsolve(A, rhs)
            times.append(time.perf_counter() - t0)
        k = int(round((-1 - X0) / hx)) * ny + int(round(-Y0 / hy))
        print(json.dumps({"grid": g, "mfpt": float(T[k]), "seconds": sorted(times)[1]}))


if __name__ == "__main__":
    main()
