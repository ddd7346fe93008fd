"""scipy baseline for bench/mfpt.mjs: the exact MFPT of the double well x^4/4 - x^2/2 from -1 to +1
(natural boundary at -inf) by nested scipy.integrate.quad, the way one writes it by hand:

  T = (1/D) int_{-1}^{1} dy e^{(U(y) - U_s)/D} int_{L}^{y} dz e^{-(U(z) - U_a)/D} * e^{(U_s - U_a)/D}

(exponents relative to the barrier top U_s and the well bottom U_a, so nothing overflows; gamma = 1;
L = -3, where e^{-(U - U_a)/D} < e^{-60} for every D here). epsabs = 0 and epsrel = 1e-10 for both
quads: the tightest that QUADPACK meets without roundoff warnings on these integrands.

Usage: python3 bench/mfpt_scipy.py 0.1 0.05 0.025  -> JSON lines {"D", "mfpt", "seconds"} on stdout
"""
import json
import math
import sys
import time
import warnings

from scipy.integrate import quad

U_A, U_S, L = -0.25, 0.0, -3.0
REPEATS = 5


def U(x):
    return x**4 / 4 - x**2 / 2


def mfpt(D):
    def inner(y):
        return quad(lambda z: math.exp(-(U(z) - U_A) / D), L, y, epsabs=0, epsrel=1e-10, limit=200)[0]

    outer = quad(lambda y: math.exp((U(y) - U_S) / D) * inner(y), -1.0, 1.0, epsabs=0,
                 epsrel=1e-10, limit=200)[0]
    return outer / D * math.exp((U_S - U_A) / D)


def main():
    warnings.simplefilter('ignore')
    for D in map(float, sys.argv[1:]):
        times = []
        for _ in range(REPEATS):
            t0 = time.perf_counter()
            value = mfpt(D)
            times.append(time.perf_counter() - t0)
        times.sort()
        print(json.dumps({'D': D, 'mfpt': value, 'seconds': times[len(times) // 2]}), flush=True)


if __name__ == '__main__':
    main()
