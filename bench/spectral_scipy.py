"""scipy side of bench/spectral.mjs: lambda1 of the SAME square-root discretisation by sparse
shift-invert Lanczos (scipy.sparse.linalg.eigsh, sigma=0, which='LM').

Input (path in argv[1], written by bench/spectral.mjs): for each case the grid levels, each with
the diagonal and off-diagonal of the partner matrix B B^T (symmetric tridiagonal, positive
definite; its lowest eigenvalue is lambda1), as JSON numbers (which round-trip doubles exactly).
The levels are Richardson-extrapolated exactly as kramers does (Neville in h^2 on the last three).
Output: JSON on stdout, one entry per case: per-level lambda1, the extrapolated value, the median
wall time of the eigsh calls (matrix assembly excluded, LU factorisation included).
"""
import json
import sys
import time

import numpy as np
import scipy
import scipy.sparse as sp
import scipy.sparse.linalg as sla


def neville(t, v):
    p = list(v)
    n = len(p)
    for k in range(1, n):
        for i in range(n - 1, k - 1, -1):
            p[i] = p[i] + (p[i] - p[i - 1]) * t[i] / (t[i - k] - t[i])
    return p[-1]


def lowest(diag, off):
    m = sp.diags([off, diag, off], [-1, 0, 1], format='csc')
    vals = sla.eigsh(m, k=2, sigma=0, which='LM', return_eigenvectors=False)
    return float(np.min(vals))


def main():
    spec = json.load(open(sys.argv[1]))
    repeats = int(spec.get('repeats', 5))
    out = []
    for case in spec['cases']:
        levels = [(np.array(l['diag'], dtype=np.float64), np.array(l['off'], dtype=np.float64), l['h'])
                  for l in case['levels']]
        times = []
        values = None
        for _ in range(repeats):
            t0 = time.perf_counter()
            values = [lowest(d, o) for d, o, _h in levels]
            times.append(time.perf_counter() - t0)
        t = [h * h for _d, _o, h in levels]
        out.append(dict(id=case['id'], levels=values, extrapolated=neville(t, values),
                        ms=1000 * float(np.median(times))))
    print(json.dumps(dict(scipy=scipy.__version__, numpy=np.__version__, cases=out)))


if __name__ == '__main__':
    main()
