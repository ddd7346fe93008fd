"""numpy baseline for bench/simulation.mjs: vectorised overdamped Euler-Maruyama first passage.

All walkers advance together as one float64 array (in-place updates, numpy's ziggurat normals from
default_rng); a walker is absorbed when its sample reaches x >= +1 (discrete monitoring, as in
bench/langevin.c). Absorbed walkers are masked out of the step count at once and dropped from the
array (compacted) every COMPACT steps, so the waste on dead walkers stays small.

    python3 bench/langevin_numpy.py WALKERS [D gamma dt tMax seed]

Prints one JSON line: {"scheme", "walkers", "steps", "seconds", "mfpt", "censored"}; steps counts
live walker-steps only.
"""

import json
import sys
import time

import numpy as np

COMPACT = 64


def main() -> None:
    walkers = int(sys.argv[1])
    D, gamma, dt, t_max = (float(v) for v in (sys.argv[2:6] + ["0.25", "1", "1e-3", "1e4"][len(sys.argv[2:6]) :]))
    seed = int(sys.argv[6]) if len(sys.argv) > 6 else 1
    x0, above = -1.0, 1.0
    a, b = dt / gamma, np.sqrt(2 * D * dt / gamma)
    n_max = int(np.ceil(t_max / dt - 1e-9))
    rng = np.random.default_rng(seed)

    t0 = time.perf_counter()
    x = np.full(walkers, x0)
    alive = np.ones(walkers, dtype=bool)
    index = np.arange(walkers)
    first = np.full(walkers, -1, dtype=np.int64)
    f = np.empty(walkers)
    g = np.empty(walkers)
    hit = np.empty(walkers, dtype=bool)
    steps = 0
    n = 0
    while n < n_max and x.size > 0:
        m = x.size
        # f = U'(x) = x^3 - x, then x += -a f + b g, all in place.
        np.multiply(x, x, out=f[:m])
        np.multiply(f[:m], x, out=f[:m])
        np.subtract(f[:m], x, out=f[:m])
        rng.standard_normal(out=g[:m])
        np.multiply(f[:m], -a, out=f[:m])
        np.multiply(g[:m], b, out=g[:m])
        np.add(x, f[:m], out=x)
        np.add(x, g[:m], out=x)
        n += 1
        steps += int(np.count_nonzero(alive))
        np.greater_equal(x, above, out=hit[:m])
        hit[:m] &= alive
        if hit[:m].any():
            first[index[hit[:m]]] = n
            alive &= ~hit[:m]
        if n % COMPACT == 0 and not alive.all():
            x, index, alive = x[alive], index[alive], alive[alive]
    seconds = time.perf_counter() - t0
    done = first >= 0
    print(
        json.dumps(
            {
                "scheme": "euler-maruyama",
                "walkers": walkers,
                "steps": steps,
                "seconds": seconds,
                "mfpt": float(first[done].mean() * dt) if done.any() else None,
                "censored": int(walkers - done.sum()),
            }
        )
    )


if __name__ == "__main__":
    main()
