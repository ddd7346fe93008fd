"""Design study for the simulated MFPT's 95% interval (src/simulation/statistics.ts), on first-
passage times drawn from exact laws (no Langevin integrator), numpy/scipy only.

1. No censoring: candidate intervals at n = 2, 3, 5, 10, 30, 100 (20000 samples each) for
   exponential times, the seed double well's law (approximated here by its lag 1.637 + Exp(12.67),
   CV 0.89), Gamma(4) (CV 0.5) and a hyperexponential (CV 1.5): mean ± z SE, mean ± t SE, the
   exponential χ² interval with CV-scaled degrees of freedom (shrunk to 1 with weight k), and
   Student t on the log scale (chosen).
2. Censoring at tMax on the seed double well (U = x^4/4 - x^2/2, D = 0.25, -1 -> +1), times drawn
   from its exact survival test/fixtures/double_well_survival.json: the exponential from t = 0
   (before), and the lag-aware estimate (observed mean to t0 = min(tMax/2, median absorbed time) +
   exponential tail after, delta-method variance, gamma interval) with its two checks (>= 10
   absorbed after t0, escape rate before t0 >= 0.5x the one after).
Run: python3 bench/ciCoverage.py   (about a minute)
"""
import json, os
import numpy as np
from scipy import stats

rng = np.random.default_rng(1)
here = os.path.dirname(os.path.abspath(__file__))
law = json.load(open(os.path.join(here, "..", "test", "fixtures", "double_well_survival.json")))
MU = law["mfpt"]
S = np.array(law["survival"])
tS = np.arange(len(S)) * law["step"]


def draw(shape):
    u = rng.random(shape)
    t = np.interp(-u, -S, tS)
    tail = u < S[-1]
    t[tail] = np.log(law["tailAmplitude"] / u[tail]) / law["lambda1"]
    return t


def uncensored():
    laws = {
        "exp": (lambda s: rng.exponential(1, s), 1.0),
        "lag+exp": (lambda s: 1.637 + rng.exponential(12.67, s), 14.307),
        "gamma4": (lambda s: rng.gamma(4, 1, s), 4.0),
        "hyper": (lambda s: np.where(rng.random(s) < 0.5, rng.exponential(0.2, s), rng.exponential(1.8, s)), 1.0),
    }
    for name, (f, mu) in laws.items():
        for n in [2, 3, 5, 10, 30, 100]:
            x = f((20000, n))
            m, s = x.mean(1), x.std(1, ddof=1)
            se, t = s / np.sqrt(n), stats.t.ppf(0.975, n - 1)
            iv = {"z": (m - 1.96 * se, m + 1.96 * se), "t": (m - t * se, m + t * se)}
            for k in [0, 3]:
                c = (n * (s / m) ** 2 + k) / (n + k)
                nu = 2 * n / c
                iv[f"chi2cv{k}"] = (nu * m / stats.chi2.ppf(0.975, nu), nu * m / stats.chi2.ppf(0.025, nu))
            r = np.exp(t * se / m)
            iv["logt"] = (m / r, m * r)
            print(name, n, " ".join(f"{k}={np.mean((lo <= mu) & (mu <= hi)):.3f}" for k, (lo, hi) in iv.items()))


def censored_estimate(T, tmax):
    n = len(T)
    c = T >= tmax
    Tc = np.minimum(T, tmax)
    ab = Tc[~c]
    if len(ab) == 0:
        return None
    t0 = min(tmax / 2, np.sort(ab)[(len(ab) - 1) // 2])
    a, b = np.minimum(Tc, t0), (Tc > t0) * 1.0
    e, cc = np.clip(Tc - t0, 0, None), ((Tc > t0) & ~c) * 1.0
    A, bb, ee, cb = a.mean(), b.mean(), e.mean(), max(cc.sum(), 1) / n
    tail = bb * ee / cb
    psi = (a - A) + (ee / cb) * (b - bb) + (bb / cb) * (e - ee) - (bb * ee / cb**2) * (cc - cb)
    var = (psi**2).sum() / (n * (n - 1))
    nu = 2 * tail**2 / var
    ci = (A + nu * tail / stats.chi2.ppf(0.975, nu), A + nu * tail / stats.chi2.ppf(0.025, nu))
    early = ((Tc <= t0) & ~c).sum() / a.sum()
    late = cc.sum() / e.sum() if e.sum() > 0 else 0
    ratio = early / late if late > 0 else 0
    trusted = cc.sum() >= 10 and ratio >= 0.5
    k = len(ab)
    old = (2 * Tc.sum() / stats.chi2.ppf(0.975, 2 * k), 2 * Tc.sum() / stats.chi2.ppf(0.025, 2 * k))
    return ci, trusted, old


def censored():
    for n, N in [(100, 1000), (1000, 1000), (10000, 200)]:
        for tmax in [3, 5, 7, 10, 28]:
            cov = old = passed = passcov = 0
            for _ in range(N):
                r = censored_estimate(draw(n), tmax)
                if r is None:
                    continue
                ci, ok, o = r
                hit = ci[0] <= MU <= ci[1]
                cov += hit
                old += o[0] <= MU <= o[1]
                if ok:
                    passed += 1
                    passcov += hit
            print(f"n={n} tMax={tmax}: old {old / N:.3f}; new {cov / N:.3f}, trusted {passed / N:.3f}, coverage when trusted {passcov / max(passed, 1):.3f}")


if __name__ == "__main__":
    uncensored()
    censored()
