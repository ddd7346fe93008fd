/**
 * Accuracy of the integrators against exact values. Every tolerance is a multiple of the run's own
 * standard error plus, where stated, a bound on the known time-step bias; seeds are fixed, so
 * these tests are deterministic. Measured values (seed as below) are quoted in the comments.
 */
import { describe, expect, it } from 'vitest';
import { meanFirstPassageTime } from '../../src/exact1d/index.js';
import { potentialFromExpression } from '../../src/expr/index.js';
import {
  extrapolateMfpt,
  firstPassageStatistics,
  runChunk,
  type Scheme,
  type SimulationConfig,
} from '../../src/simulation/index.js';
import {
  MFPT_TO_BARRIER_TOP,
  MFPT_TO_BARRIER_TOP_D01,
  MFPT_TO_OTHER_WELL,
  sourcesOf,
} from './sources.js';

const harmonic = sourcesOf('x^2/2');
const doubleWell = sourcesOf('x^4/4 - x^2/2');

function meanAndStdErr(values: Float64Array, f: (x: number) => number): [number, number] {
  let sum = 0;
  let sumSquares = 0;
  for (const x of values) {
    const y = f(x);
    sum += y;
    sumSquares += y * y;
  }
  const n = values.length;
  const mean = sum / n;
  return [mean, Math.sqrt((sumSquares / n - mean * mean) / (n - 1))];
}

describe('weak order on an Ornstein–Uhlenbeck process (no boundary: isolates weak order)', () => {
  // U = x²/2, γ = 1, D = 0.05, x(0) = 2: ⟨x²(t)⟩ = 4e^{−2t} + D(1 − e^{−2t}) at t = 1.6.
  // For a linear drift both schemes are linear recursions x_{n+1} = αx_n + βξ_n, so their own
  // expectation is known exactly: 4α^{2n} + β²(1 − α^{2n})/(1 − α²), with α = 1 − dt, β² = 2Ddt
  // (Euler–Maruyama) and α = 1 − dt + dt²/2, β² = 2Ddt(1 − dt/2)² (stochastic Heun).
  const D = 0.05;
  const t = 1.6;
  const exact = 4 * Math.exp(-2 * t) + D * (1 - Math.exp(-2 * t));
  const schemeExact = (scheme: Scheme, dt: number): number => {
    const n = Math.round(t / dt);
    const alpha = scheme === 'heun' ? 1 - dt + (dt * dt) / 2 : 1 - dt;
    const beta2 = 2 * D * dt * (scheme === 'heun' ? (1 - dt / 2) ** 2 : 1);
    const a2n = alpha ** (2 * n);
    return 4 * a2n + (beta2 * (1 - a2n)) / (1 - alpha * alpha);
  };
  const measure = (scheme: Scheme, dt: number): [number, number] => {
    const config: SimulationConfig = {
      dynamics: 'overdamped',
      scheme,
      ...harmonic,
      D,
      gamma: 1,
      dt,
      tMax: t,
      start: { x: 2 },
      absorbing: { above: 1e6 },
      seed: 77,
      recordFinalState: true,
    };
    const r = runChunk({ config, firstWalker: 0, walkers: 400_000 });
    return meanAndStdErr(r.finalX!, (x) => x * x);
  };
  const ladder = [0.4, 0.2, 0.1, 0.05];

  it.each(['euler-maruyama', 'heun'] as const)(
    '%s: order measured over dt = 0.4 … 0.05',
    (scheme) => {
      const errors: number[] = [];
      const stdErrs: number[] = [];
      for (const dt of ladder) {
        const [mean, se] = measure(scheme, dt);
        // The simulation reproduces the scheme's own exact expectation (SE ≈ 3e-4).
        expect(Math.abs(mean - schemeExact(scheme, dt))).toBeLessThan(4 * se);
        errors.push(mean - exact);
        stdErrs.push(se);
      }
      const order = (i: number) => Math.log2(Math.abs(errors[i]!) / Math.abs(errors[i + 1]!));
      if (scheme === 'euler-maruyama') {
        // Measured errors −0.082, −0.044, −0.023, −0.012: order 0.9, 0.96, 0.98 → weak order 1.
        for (const i of [1, 2]) {
          expect(order(i)).toBeGreaterThan(0.85);
          expect(order(i)).toBeLessThan(1.15);
        }
      } else {
        // Measured errors 0.0177, 0.0037, 0.0007, 0.00006 (SE 3e-4, so the last two are noise
        // dominated): order 2.26 from 0.4 → 0.2 (the exact scheme expectation gives 2.30, 2.13,
        // 2.06 over the ladder) → weak order 2 for additive noise (Kloeden & Platen 1992).
        expect(order(0)).toBeGreaterThan(1.8);
        expect(order(0)).toBeLessThan(2.8);
        for (const i of [2, 3]) {
          expect(Math.abs(errors[i]!)).toBeLessThan(
            Math.abs(errors[1]!) / 2 ** 1.5 + 3 * stdErrs[i]!,
          );
        }
      }
    },
  );
});

describe('first-passage times in the double well U = x⁴/4 − x²/2, D = 0.25, γ = 1', () => {
  const base: SimulationConfig = {
    dynamics: 'overdamped',
    ...doubleWell,
    D: 0.25,
    gamma: 1,
    dt: 0.01,
    tMax: 400,
    start: { x: -1 },
    absorbing: { above: 0 },
    seed: 11,
  };
  const mfptAt = (config: SimulationConfig, walkers: number) => {
    const r = runChunk({ config, firstWalker: 0, walkers });
    return firstPassageStatistics(r.times, r.censored, config.tMax);
  };

  it('discrete monitoring reads high by O(√dt); the Brownian-bridge test removes that bias', () => {
    // To the barrier top (exact 5.74343706804), Euler–Maruyama, 20 000 walkers (SE ≈ 0.04).
    // Measured bias, discrete: +0.78, +0.64, +0.47 at dt = 0.04, 0.02, 0.01 (ratio ≈ 0.74 per
    // halving ≈ 2^{−1/2}: the O(√dt) overshoot of discrete monitoring, Broadie–Glasserman–Kou 1997).
    // With the bridge: −0.15, −0.04, +0.01: O(dt) and within noise at dt = 0.01.
    const discrete: number[] = [];
    for (const dt of [0.04, 0.02, 0.01]) {
      const d = mfptAt({ ...base, scheme: 'euler-maruyama', monitoring: 'discrete', dt }, 20_000);
      const b = mfptAt({ ...base, scheme: 'euler-maruyama', monitoring: 'bridge', dt }, 20_000);
      const biasDiscrete = d.mfpt - MFPT_TO_BARRIER_TOP;
      discrete.push(biasDiscrete);
      expect(biasDiscrete).toBeGreaterThan(8 * d.mfptStdErr);
      // Bridge: within 3 SE plus an O(dt) bias bound of 4·dt (from the dt ladder above).
      expect(Math.abs(b.mfpt - MFPT_TO_BARRIER_TOP)).toBeLessThan(3 * b.mfptStdErr + 4 * dt);
    }
    expect(discrete[2]!).toBeLessThan(discrete[0]!);
    // Over two halvings the √dt law predicts a factor 2; measured 1.65 (SE of the ratio ≈ 0.15).
    expect(discrete[0]! / discrete[2]!).toBeGreaterThan(1.3);
    expect(discrete[0]! / discrete[2]!).toBeLessThan(2.6);
  });

  it('Heun MFPT well-to-well after two-dt extrapolation matches the exact value within 3 SE', () => {
    const config = { ...base, absorbing: { above: 1 } };
    const coarse = mfptAt({ ...config, dt: 0.02 }, 20_000);
    const fine = mfptAt({ ...config, dt: 0.01 }, 20_000);
    expect(coarse.retcode).toBe('success');
    // Each run alone: 3 SE plus a 1% dt-bias bound. Measured 14.449 ± 0.091 (dt = 0.02) and
    // 14.314 ± 0.090 (dt = 0.01); extrapolated 14.18 ± 0.20 against the exact 14.2777.
    for (const s of [coarse, fine]) {
      expect(Math.abs(s.mfpt - MFPT_TO_OTHER_WELL)).toBeLessThan(
        3 * s.mfptStdErr + 0.01 * MFPT_TO_OTHER_WELL,
      );
    }
    // Order 1: with bridge monitoring the boundary treatment, not the interior scheme, sets
    // the leading MFPT bias, which is O(dt).
    const e = extrapolateMfpt(
      { dt: 0.02, mfpt: coarse.mfpt, mfptStdErr: coarse.mfptStdErr },
      { dt: 0.01, mfpt: fine.mfpt, mfptStdErr: fine.mfptStdErr },
      1,
    );
    expect(Math.abs(e.mfpt - MFPT_TO_OTHER_WELL)).toBeLessThan(3 * e.mfptStdErr);
    expect(e.mfptCI95[0]).toBeLessThan(e.mfpt);
  });

  it('censoring is reported and handled: short tMax still estimates an exponential MFPT', () => {
    // D = 0.1, −1 → barrier top (exact 30.8213): ΔU/D = 2.5, FPTs nearly exponential. tMax = 15
    // censors ~60% of walkers. Tolerance: 3 SE plus 3% for the non-exponential start (the
    // walkers begin at the well bottom, not in the quasi-stationary state; relaxation time
    // 1/U″(−1) = 0.5 against an MFPT of 31). Measured: 31.36 ± 0.80.
    const config: SimulationConfig = { ...base, D: 0.1, tMax: 15, seed: 5 };
    const r = runChunk({ config, firstWalker: 0, walkers: 4000 });
    const s = firstPassageStatistics(r.times, r.censored, config.tMax);
    expect(s.retcode).toBe('censored');
    expect(s.censored).toBeGreaterThan(2000);
    expect(s.walkers).toBe(4000);
    expect(s.warnings.join(' ')).toMatch(
      /of 4000 walkers censored at tMax = 15; MFPT estimated by/,
    );
    expect(Math.abs(s.mfpt - MFPT_TO_BARRIER_TOP_D01)).toBeLessThan(
      3 * s.mfptStdErr + 0.03 * MFPT_TO_BARRIER_TOP_D01,
    );
  });
});

describe('first passage on an asymmetric potential U = x⁴/4 − x²/2 + 0.15x, D = 0.2', () => {
  // Wells at −1.067923 (deep) and 0.914297 (shallow), barrier at 0.153626: ΔU = 0.4166 and
  // 0.1175. Exact MFPTs from the quadrature of exact1d (itself checked against mpmath to 1e-13).
  // Measured (seed 21): deep → shallow 37.98 ± 0.40 (dt 0.02), 38.47 ± 0.41 (dt 0.01),
  // extrapolated 38.96 ± 0.91 vs exact 38.287; shallow → deep 10.772, 10.750, extrapolated
  // 10.728 ± 0.14 vs exact 10.7293.
  const expression = 'x^4/4 - x^2/2 + 0.15*x';
  const tilted = sourcesOf(expression);
  const cases = [
    { name: 'deep → shallow well', start: -1.067923, target: 0.914297, walkers: 8000 },
    { name: 'shallow → deep well', start: 0.914297, target: -1.067923, walkers: 20_000 },
  ];
  it.each(cases)('$name: Heun after two-dt extrapolation within 3 SE of exact', (c) => {
    const exact = meanFirstPassageTime({
      potential: potentialFromExpression(expression),
      D: 0.2,
      start: c.start,
      absorbing: c.target,
    }).mfpt;
    const absorbing = c.target > c.start ? { above: c.target } : { below: c.target };
    const run = (dt: number) => {
      const config: SimulationConfig = {
        dynamics: 'overdamped',
        ...tilted,
        D: 0.2,
        gamma: 1,
        dt,
        tMax: 40 * exact,
        start: { x: c.start },
        absorbing,
        seed: 21,
      };
      const r = runChunk({ config, firstWalker: 0, walkers: c.walkers });
      return firstPassageStatistics(r.times, r.censored, config.tMax);
    };
    const coarse = run(0.02);
    const fine = run(0.01);
    const e = extrapolateMfpt(
      { dt: 0.02, mfpt: coarse.mfpt, mfptStdErr: coarse.mfptStdErr },
      { dt: 0.01, mfpt: fine.mfpt, mfptStdErr: fine.mfptStdErr },
      1,
    );
    expect(Math.abs(e.mfpt - exact)).toBeLessThan(3 * e.mfptStdErr);
    // The extrapolated error bar is still informative (≲ 4% of the MFPT).
    expect(e.mfptStdErr / exact).toBeLessThan(0.04);
  });
});

describe('BAOAB equilibrium for U = x²/2', () => {
  it('⟨x²⟩ = D/k and ⟨v²⟩ = D/m within 3 SE plus the O(dt²) bias', () => {
    // k = 1, m = 2, γ = 1, D = 0.5, dt = 0.1 (ω dt = 0.07). Start x = 2 with Maxwell velocities;
    // at t = 40 the memory of the start is e^{−γt/m} = e^{−20}. BAOAB samples x exactly for a
    // harmonic force and has relative error ω²dt²/4 = 1.25e-3 in ⟨v²⟩ (Leimkuhler & Matthews
    // 2013): bound 0.002·D/m. SEs: √2·0.5/√N and √2·0.25/√N for Gaussian x and v.
    const config: SimulationConfig = {
      dynamics: 'underdamped',
      ...harmonic,
      D: 0.5,
      gamma: 1,
      mass: 2,
      dt: 0.1,
      tMax: 40,
      start: { x: 2 },
      absorbing: { above: 1e6 },
      seed: 8,
      recordFinalState: true,
    };
    const r = runChunk({ config, firstWalker: 0, walkers: 100_000 });
    const [x2, seX] = meanAndStdErr(r.finalX!, (x) => x * x);
    const [v2, seV] = meanAndStdErr(r.finalV!, (v) => v * v);
    expect(Math.abs(x2 - 0.5)).toBeLessThan(3 * seX);
    expect(Math.abs(v2 - 0.25)).toBeLessThan(3 * seV + 0.002 * 0.25);
    expect(r.censored.every((c) => c === 1)).toBe(true);
  });
});

describe('BAOAB weak order on an underdamped Ornstein–Uhlenbeck process', () => {
  // U = x²/2 (k = 1), m = 1, γ = 1, D = 0.05, x(0) = 2 with Maxwell velocities N(0, D/m).
  // For a linear force both the SDE and the BAOAB recursion are linear, so ⟨x²(t)⟩ is known
  // exactly for each: the SDE's moments solve dμ/dt = Aμ, dΣ/dt = AΣ + ΣAᵀ + Q (integrated here
  // by RK4 at h = 1e-4, error ~h⁴), and BAOAB is z_{n+1} = M z_n + noise with a known covariance.
  const D = 0.05;
  const t = 1.6;
  type Moments = { mx: number; mv: number; xx: number; xv: number; vv: number };
  const start: Moments = { mx: 2, mv: 0, xx: 0, xv: 0, vv: D };
  const sdeMoments = (): Moments => {
    // A = [[0, 1], [−k/m, −γ/m]], Q = diag(0, 2γD/m²) with k = m = γ = 1.
    const f = (s: Moments): Moments => ({
      mx: s.mv,
      mv: -s.mx - s.mv,
      xx: 2 * s.xv,
      xv: s.vv - s.xx - s.xv,
      vv: -2 * s.xv - 2 * s.vv + 2 * D,
    });
    const add = (a: Moments, b: Moments, h: number): Moments => ({
      mx: a.mx + h * b.mx,
      mv: a.mv + h * b.mv,
      xx: a.xx + h * b.xx,
      xv: a.xv + h * b.xv,
      vv: a.vv + h * b.vv,
    });
    let s = start;
    const h = 1e-4;
    for (let i = 0; i < Math.round(t / h); i++) {
      const k1 = f(s);
      const k2 = f(add(s, k1, h / 2));
      const k3 = f(add(s, k2, h / 2));
      const k4 = f(add(s, k3, h));
      s = {
        mx: s.mx + (h / 6) * (k1.mx + 2 * k2.mx + 2 * k3.mx + k4.mx),
        mv: s.mv + (h / 6) * (k1.mv + 2 * k2.mv + 2 * k3.mv + k4.mv),
        xx: s.xx + (h / 6) * (k1.xx + 2 * k2.xx + 2 * k3.xx + k4.xx),
        xv: s.xv + (h / 6) * (k1.xv + 2 * k2.xv + 2 * k3.xv + k4.xv),
        vv: s.vv + (h / 6) * (k1.vv + 2 * k2.vv + 2 * k3.vv + k4.vv),
      };
    }
    return s;
  };
  /** ⟨x²⟩ after n BAOAB steps: B (v −= x dt/2), A (x += v dt/2), O (v → cv + σξ), A, B. */
  const baoabSecondMoment = (dt: number): number => {
    const c = Math.exp(-dt);
    const sigma2 = (1 - c * c) * D;
    let { mx, mv, xx, xv, vv } = start;
    const linear = (a: number, b: number, cc: number, d: number) => {
      // z → [[a, b], [cc, d]] z on means and covariances.
      [mx, mv] = [a * mx + b * mv, cc * mx + d * mv];
      [xx, xv, vv] = [
        a * a * xx + 2 * a * b * xv + b * b * vv,
        a * cc * xx + (a * d + b * cc) * xv + b * d * vv,
        cc * cc * xx + 2 * cc * d * xv + d * d * vv,
      ];
    };
    for (let i = 0; i < Math.round(t / dt); i++) {
      linear(1, 0, -dt / 2, 1);
      linear(1, dt / 2, 0, 1);
      linear(1, 0, 0, c);
      vv += sigma2;
      linear(1, dt / 2, 0, 1);
      linear(1, 0, -dt / 2, 1);
    }
    return xx + mx * mx;
  };
  const exact = (() => {
    const s = sdeMoments();
    return s.xx + s.mx * s.mx;
  })();

  it('matches its own exact recursion and converges with order 2 over dt = 0.4 … 0.1', () => {
    const errors: number[] = [];
    for (const dt of [0.4, 0.2, 0.1]) {
      const config: SimulationConfig = {
        dynamics: 'underdamped',
        ...harmonic,
        D,
        gamma: 1,
        mass: 1,
        dt,
        tMax: t,
        start: { x: 2 },
        absorbing: { above: 1e6 },
        seed: 78,
        recordFinalState: true,
      };
      const r = runChunk({ config, firstWalker: 0, walkers: 200_000 });
      const [mean, se] = meanAndStdErr(r.finalX!, (x) => x * x);
      // The sampled walkers reproduce the scheme's exact expectation (SE ≈ 6.5e-4; measured
      // 0.48088, 0.49547, 0.49942 vs 0.48136, 0.49567, 0.49928).
      expect(Math.abs(mean - baoabSecondMoment(dt))).toBeLessThan(4 * se);
      errors.push(baoabSecondMoment(dt) - exact);
    }
    // Weak order 2 (Leimkuhler & Matthews 2013): errors −0.0191, −0.0048, −0.0012 against the
    // SDE's 0.500483, ratio 3.97 and 3.98 per halving.
    for (const i of [0, 1]) {
      const order = Math.log2(Math.abs(errors[i]!) / Math.abs(errors[i + 1]!));
      expect(order).toBeGreaterThan(1.8);
      expect(order).toBeLessThan(2.3);
    }
  });
});
