/**
 * Free trajectories (`sampleTrajectories`, the input of stochastic resonance) on the WebAssembly
 * lanes against the JavaScript engine, its reference: the same samples bit for bit (every scheme,
 * static and driven forces, non-finite states, an abort), on any split into jobs and worker
 * threads; and against closed forms for the harmonic well — an Ornstein–Uhlenbeck process's
 * moments and autocorrelation, and the linear response to a periodic drive.
 */
import { describe, expect, it } from 'vitest';
import { createSimulationPool } from '../../dist/node/index.js';
import { differentiate, generateSource, parseExpression, simplify } from '../../src/expr/index.js';
import {
  engineRunner,
  inProcessRunner,
  runJobs,
  sampleTrajectories,
  type TrajectoryRequest,
  type TrajectorySamples,
} from '../../src/simulation/index.js';
import { sourcesOf } from './sources.js';

/** U(x, t) and U′(x, t) as generated sources (a drive in t), the way the resonance study builds them. */
function drivenSources(expression: string) {
  const variables = ['x', 't'];
  const u = simplify(parseExpression(expression, { variables }).ast);
  return {
    potential: generateSource(u, variables),
    force: generateSource(simplify(differentiate(u, 'x')), variables),
  };
}

const overdamped: TrajectoryRequest['config'] = {
  dynamics: 'overdamped',
  ...drivenSources('x^4/4 - x^2/2 - 0.3*x*cos(2*t)'),
  D: 0.25,
  gamma: 1,
  dt: 1e-3,
  start: { boltzmann: { min: -2, max: 2 } },
  seed: 2024,
};
const underdamped: TrajectoryRequest['config'] = {
  ...overdamped,
  dynamics: 'underdamped',
  mass: 2,
  dt: 5e-3,
};

/** Seven trajectories: more than the four lanes and not a multiple of them. */
const request = (config: TrajectoryRequest['config']): TrajectoryRequest => ({
  config,
  firstTrajectory: 3,
  trajectories: 7,
  samples: 40,
  every: 25,
});

const onEngine = (r: TrajectoryRequest, engine: 'js' | 'wasm'): TrajectoryRequest => ({
  ...r,
  config: { ...r.config, engine },
});

const CASES: [string, TrajectoryRequest['config']][] = [
  ['overdamped Heun (the default), driven double well', overdamped],
  ['overdamped Euler–Maruyama, driven', { ...overdamped, scheme: 'euler-maruyama' }],
  ['overdamped Heun, static double well', { ...overdamped, ...sourcesOf('x^4/4 - x^2/2') }],
  ['underdamped BAOAB (the default), driven', underdamped],
  [
    'underdamped Euler–Maruyama, driven, fixed start',
    {
      ...underdamped,
      scheme: 'euler-maruyama',
      start: { x: -1 },
    },
  ],
];

describe('sampleTrajectories on the WebAssembly lanes', () => {
  it.each(CASES)('%s: the same samples as the JavaScript engine, bit for bit', (_, config) => {
    const js = sampleTrajectories(onEngine(request(config), 'js'));
    const wasm = sampleTrajectories(onEngine(request(config), 'wasm'));
    expect(js.engine).toBe('js');
    expect(wasm.engine).toBe('wasm');
    expect(wasm.x).toEqual(js.x);
    expect({ ...wasm, x: null, engine: null }).toEqual({ ...js, x: null, engine: null });
    // The default is the wasm engine where it runs (Node 20 has SIMD).
    expect(sampleTrajectories(request(config)).engine).toBe('wasm');
  });

  it('stops a trajectory at a non-finite state on both engines alike (zeros after it, counted)', () => {
    // Heun on U = x⁴/4 at dt = 0.5 is unstable past |x| ≈ 2, where the noise (√(2D dt) ≈ 4.5)
    // throws most walkers: some trajectories fail at once, some later.
    const config = {
      ...overdamped,
      ...sourcesOf('x^4/4'),
      D: 20,
      dt: 0.5,
      start: { boltzmann: { min: -1, max: 1 } },
    };
    const r = { ...request(config), samples: 5, every: 1 };
    const js = sampleTrajectories(onEngine(r, 'js'));
    const wasm = sampleTrajectories(onEngine(r, 'wasm'));
    expect(js.failed).toBeGreaterThan(0);
    expect(wasm.failed).toBe(js.failed);
    expect(wasm.steps).toBe(js.steps);
    expect(wasm.x).toEqual(js.x);
    expect(wasm.x.every(Number.isFinite)).toBe(true);
  });

  it('keeps the first trajectories finished when aborted, the same samples as a whole run', () => {
    const r = { ...request(overdamped), samples: 200, every: 200 };
    const whole = sampleTrajectories(r);
    // The lanes look at the signal each time one of them reaches a sample time (the four run in
    // step here: one look per 200 steps). Abort on look 300, half-way through the second round:
    // the first four trajectories (200 samples each) are done, the last three are not.
    let looks = 0;
    const signal = {
      get aborted() {
        return ++looks > 300;
      },
    };
    const cut = sampleTrajectories(r, signal);
    expect(cut.aborted).toBe(true);
    expect(cut.trajectories).toBe(4);
    expect(cut.x).toEqual(whole.x.slice(0, cut.trajectories * r.samples));
    expect(cut.x).toHaveLength(cut.trajectories * r.samples);
    expect(sampleTrajectories(r, { aborted: true })).toMatchObject({
      trajectories: 0,
      aborted: true,
      engine: 'wasm',
    });
  });

  it('gives the same samples for any split into jobs and on 1 or 2 worker threads', async () => {
    const r = request(overdamped);
    const whole = sampleTrajectories(r);
    const splits = [
      [0, 3],
      [3, 1],
      [4, 3],
    ].map(([from, n]) => ({ ...r, firstTrajectory: r.firstTrajectory + from!, trajectories: n! }));
    const joined = (parts: (TrajectorySamples | undefined)[]) =>
      Float64Array.from(parts.flatMap((p) => [...p!.x]));
    const inProcess = await runJobs(inProcessRunner, 'trajectory', splits);
    expect(joined(inProcess)).toEqual(whole.x);
    // On the JavaScript engine through the runner seam (--engine js): the same numbers.
    const js = await runJobs(engineRunner(inProcessRunner, 'js'), 'trajectory', splits);
    expect(js.map((p) => p!.engine)).toEqual(['js', 'js', 'js']);
    expect(joined(js)).toEqual(whole.x);
    for (const workers of [1, 2]) {
      const pool = createSimulationPool(workers);
      try {
        const results = await runJobs(pool.runner, 'trajectory', splits);
        expect(joined(results), `${workers} workers`).toEqual(whole.x);
        expect(results.map((p) => p!.engine)).toEqual(['wasm', 'wasm', 'wasm']);
      } finally {
        await pool.close();
      }
    }
  });
});

/** Mean and standard error of independent values (one per trajectory). */
function meanSe(values: readonly number[]): [number, number] {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  return [mean, Math.sqrt(variance / n)];
}

/**
 * A statistic of per-trajectory sums and its delete-one-trajectory jackknife standard error
 * (Efron 1982): for ratios of means, whose terms are correlated within a trajectory.
 */
function jackknife(
  rows: readonly number[][],
  statistic: (sums: number[]) => number,
): [number, number] {
  const total = rows[0]!.map((_, k) => rows.reduce((a, r) => a + r[k]!, 0));
  const value = statistic(total);
  const n = rows.length;
  const partial = rows.map((r) => statistic(total.map((t, k) => t - r[k]!)));
  const mean = partial.reduce((a, b) => a + b, 0) / n;
  const se = Math.sqrt(((n - 1) / n) * partial.reduce((a, b) => a + (b - mean) ** 2, 0));
  return [value, se];
}

describe('sampleTrajectories against closed forms (harmonic well, γ = 1, stochastic Heun)', () => {
  // Stochastic Heun on dx = −(x − A cos Ωt) dt + √(2D) dW with step h maps the mean exactly as
  // m' = a m + (h/2)(1 − h) A cos Ωt_n + (h/2) A cos Ωt_{n+1}, a = 1 − h + h²/2, and the
  // fluctuation as δ' = a δ + √(2Dh)(1 − h/2) g. So the sampled process has closed forms of its
  // own: variance 2Dh(1 − h/2)²/(1 − a²), lag-k correlation a^k, response A·B(e^{iΩh})/(e^{iΩh} − a)
  // with B(z) = (h/2)(1 − h) + (h/2) z. Their distance from the continuous values D, e^{−τ},
  // A/(1 + iΩ) is the dt bias, O(h²) (weak order 2), allowed for on top of 3 SE.
  const h = 0.01;
  const a = 1 - h + (h * h) / 2;

  it('Ornstein–Uhlenbeck (U = x²/2): ⟨x⟩ = 0, ⟨x²⟩ = D and autocorrelation e^{−τ} within 3 SE', () => {
    const D = 0.5;
    const every = 10;
    const lag = 10; // τ = lag · every · h = 1
    const tau = lag * every * h;
    const r = sampleTrajectories({
      config: {
        dynamics: 'overdamped',
        ...sourcesOf('x^2/2'),
        D,
        gamma: 1,
        dt: h,
        start: { boltzmann: { min: -6, max: 6 } },
        seed: 7,
      },
      firstTrajectory: 0,
      trajectories: 48,
      samples: 2000,
      every,
    });
    expect(r.engine).toBe('wasm');
    // Per trajectory (T = 200 ≫ the correlation time 1): sums of x, x², x_k·x_{k+lag} and counts.
    const rows = Array.from({ length: r.trajectories }, (_, i) => {
      const x = r.x.subarray(i * r.samples, (i + 1) * r.samples);
      let [s1, s2, c] = [0, 0, 0];
      for (let k = 0; k < x.length; k++) {
        s1 += x[k]!;
        s2 += x[k]! ** 2;
        if (k + lag < x.length) c += x[k]! * x[k + lag]!;
      }
      return [s1, s2, c, x.length, x.length - lag];
    });
    const [mean, meanSE] = meanSe(rows.map((q) => q[0]! / q[3]!));
    const [second, secondSE] = meanSe(rows.map((q) => q[1]! / q[3]!));
    const [rho, rhoSE] = jackknife(rows, (q) => q[2]! / q[4]! / (q[1]! / q[3]!));
    const discreteVariance = (2 * D * h * (1 - h / 2) ** 2) / (1 - a * a);
    const discreteRho = a ** (lag * every);
    expect(Math.abs(mean)).toBeLessThan(3 * meanSE);
    expect(Math.abs(second - D)).toBeLessThan(3 * secondSE + Math.abs(discreteVariance - D));
    expect(Math.abs(rho - Math.exp(-tau))).toBeLessThan(
      3 * rhoSE + Math.abs(discreteRho - Math.exp(-tau)),
    );
    // The allowances are small against the errors (O(h²): ~1e-5 here), so the checks have teeth.
    expect(Math.abs(discreteVariance - D)).toBeLessThan(0.1 * secondSE);
    expect(Math.abs(discreteRho - Math.exp(-tau))).toBeLessThan(0.1 * rhoSE);
    expect(secondSE).toBeLessThan(0.03 * D);
  });

  it('a periodic drive on the harmonic well: the mean response A/√(1 + Ω²) (in phase and out) within 3 SE', () => {
    const A = 0.5;
    const every = 80;
    const perPeriod = 16;
    const omega = (2 * Math.PI) / (perPeriod * every * h);
    const periods = 64;
    const skip = 2 * perPeriod; // two periods (t ≈ 26 ≫ 1): the start is forgotten
    const r = sampleTrajectories({
      config: {
        dynamics: 'overdamped',
        ...drivenSources(`x^2/2 - ${A}*x*cos(${omega}*t)`),
        D: 0.5,
        gamma: 1,
        dt: h,
        start: { x: 0 },
        seed: 11,
      },
      firstTrajectory: 0,
      trajectories: 32,
      samples: skip + periods * perPeriod,
      every,
    });
    expect(r.engine).toBe('wasm');
    // Projections of each trajectory's record on cos Ωt and sin Ωt over whole periods (the
    // sample k lies at t = (k + 1)·every·h): ⟨x⟩(t) = Re M cos Ωt − Im M sin Ωt.
    const rows = Array.from({ length: r.trajectories }, (_, i) => {
      let [c, s] = [0, 0];
      const n = periods * perPeriod;
      for (let k = skip; k < r.samples; k++) {
        const t = (k + 1) * every * h;
        const x = r.x[i * r.samples + k]!;
        c += (2 / n) * x * Math.cos(omega * t);
        s += (2 / n) * x * Math.sin(omega * t);
      }
      return [c, -s]; // Re M, Im M
    });
    const continuous = { re: A / (1 + omega ** 2), im: (-A * omega) / (1 + omega ** 2) };
    // The discrete response M = A·B(z)/(z − a), z = e^{iΩh}.
    const [zr, zi] = [Math.cos(omega * h), Math.sin(omega * h)];
    const [br, bi] = [(h / 2) * (1 - h) + (h / 2) * zr, (h / 2) * zi];
    const [dr, di] = [zr - a, zi];
    const d2 = dr * dr + di * di;
    const discrete = { re: (A * (br * dr + bi * di)) / d2, im: (A * (bi * dr - br * di)) / d2 };
    const [re, reSE] = meanSe(rows.map((q) => q[0]!));
    const [im, imSE] = meanSe(rows.map((q) => q[1]!));
    expect(Math.abs(re - continuous.re)).toBeLessThan(
      3 * reSE + Math.abs(discrete.re - continuous.re),
    );
    expect(Math.abs(im - continuous.im)).toBeLessThan(
      3 * imSE + Math.abs(discrete.im - continuous.im),
    );
    const [amplitude, amplitudeSE] = jackknife(
      rows,
      (q) => Math.hypot(q[0]!, q[1]!) / r.trajectories,
    );
    const exact = A / Math.sqrt(1 + omega ** 2);
    const bias = Math.abs(Math.hypot(discrete.re, discrete.im) - exact);
    expect(Math.abs(amplitude - exact)).toBeLessThan(3 * amplitudeSE + bias);
    expect(bias).toBeLessThan(0.1 * amplitudeSE);
    expect(amplitudeSE).toBeLessThan(0.05 * exact);
  });
});
