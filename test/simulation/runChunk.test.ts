import { describe, expect, it } from 'vitest';
import { isKramersError } from '../../src/core/index.js';
import {
  checkTimeStep,
  firstPassageStatistics,
  normal,
  runChunk,
  type SimulationConfig,
  Xoshiro128,
} from '../../src/simulation/index.js';
import { sourcesOf } from './sources.js';

const doubleWell = sourcesOf('x^4/4 - x^2/2');

const overdamped: SimulationConfig = {
  dynamics: 'overdamped',
  ...doubleWell,
  D: 0.25,
  gamma: 1,
  dt: 1e-3,
  tMax: 100,
  start: { x: -1 },
  absorbing: { above: 1 },
  seed: 12345,
};

function concat<T extends Float64Array | Uint8Array>(a: T, b: T): number[] {
  return [...a, ...b];
}

describe('runChunk', () => {
  const cases: [string, SimulationConfig][] = [
    ['overdamped Heun, point start', overdamped],
    ['overdamped Euler–Maruyama', { ...overdamped, scheme: 'euler-maruyama' }],
    [
      'underdamped BAOAB, Boltzmann start, two boundaries',
      {
        ...overdamped,
        dynamics: 'underdamped',
        dt: 5e-3,
        mass: 2,
        start: { boltzmann: { min: -2, max: -0.5 } },
        absorbing: { below: -2.5, above: 0.5 },
      },
    ],
  ];
  it.each(cases)('%s: 1×N and 2×N/2 chunks give bit-identical times', (_, config) => {
    const whole = runChunk({ config, firstWalker: 0, walkers: 40 });
    const a = runChunk({ config, firstWalker: 0, walkers: 17 });
    const b = runChunk({ config, firstWalker: 17, walkers: 23 });
    expect(concat(a.times, b.times)).toEqual([...whole.times]);
    expect(concat(a.censored, b.censored)).toEqual([...whole.censored]);
    expect(a.steps + b.steps).toBe(whole.steps);
    // A different seed gives different times.
    const other = runChunk({ config: { ...config, seed: 1 }, firstWalker: 0, walkers: 40 });
    expect([...other.times]).not.toEqual([...whole.times]);
  });

  it('draws the same normals inside the generated kernel as normal(rng) on the walker stream', () => {
    // U = x: constant force 1, so Euler–Maruyama gives x_n = x_0 − n·dt + b Σ ξ_k exactly up to
    // rounding. 20 000 walkers × 5 steps pass the ziggurat's slow path ~1 200 times, which checks
    // that the kernel writes its generator state back and reloads it around that path.
    const dt = 0.01;
    const b = Math.sqrt(2 * 0.5 * dt);
    const config: SimulationConfig = {
      dynamics: 'overdamped',
      scheme: 'euler-maruyama',
      ...sourcesOf('x'),
      D: 0.5,
      gamma: 1,
      dt,
      tMax: 5 * dt,
      start: { x: 0 },
      absorbing: { above: 1e6 },
      seed: 99,
      recordFinalState: true,
    };
    const r = runChunk({ config, firstWalker: 0, walkers: 20_000 });
    let worst = 0;
    for (let walker = 0; walker < 20_000; walker++) {
      const rng = Xoshiro128.fromSeed(99, walker);
      let x = 0;
      for (let k = 0; k < 5; k++) x = x - dt + b * normal(rng);
      worst = Math.max(worst, Math.abs(x - r.finalX![walker]!));
    }
    expect(worst).toBeLessThan(1e-12);
  });

  it('samples a Boltzmann start and Maxwell velocities: ⟨x²⟩ = D/k, ⟨v²⟩ = D/m within 3 SE', () => {
    // U = x²/2, D = 0.5 on [−4, 4] (±5.7σ: truncation negligible), m = 2; one step of 1e-9.
    const config: SimulationConfig = {
      dynamics: 'underdamped',
      ...sourcesOf('x^2/2'),
      D: 0.5,
      gamma: 1,
      mass: 2,
      dt: 1e-9,
      tMax: 1e-9,
      start: { boltzmann: { min: -4, max: 4 } },
      absorbing: { below: -5, above: 5 },
      seed: 3,
      recordFinalState: true,
    };
    const n = 50_000;
    const r = runChunk({ config, firstWalker: 0, walkers: n });
    let x2 = 0;
    let v2 = 0;
    for (let i = 0; i < n; i++) {
      x2 += r.finalX![i]! ** 2;
      v2 += r.finalV![i]! ** 2;
    }
    // Gaussian: SE of ⟨y²⟩ is √2·σ²/√n.
    expect(Math.abs(x2 / n - 0.5)).toBeLessThan((3 * Math.SQRT2 * 0.5) / Math.sqrt(n));
    expect(Math.abs(v2 / n - 0.25)).toBeLessThan((3 * Math.SQRT2 * 0.25) / Math.sqrt(n));
  });

  it('stops between walkers when the signal is aborted and returns the walkers done', () => {
    const signal = { aborted: false };
    const done = runChunk({ config: overdamped, firstWalker: 0, walkers: 3 }, signal);
    expect(done.aborted).toBe(false);
    signal.aborted = true;
    const stopped = runChunk({ config: overdamped, firstWalker: 0, walkers: 3 }, signal);
    expect(stopped.aborted).toBe(true);
    expect(stopped.times.length).toBe(0);
    expect(stopped.steps).toBe(0);
  });

  it('records final positions on request (v = 0 overdamped)', () => {
    const r = runChunk({
      config: { ...overdamped, tMax: 0.5, recordFinalState: true },
      firstWalker: 0,
      walkers: 5,
    });
    expect(r.finalX?.length).toBe(5);
    expect([...(r.finalV ?? [])]).toEqual([0, 0, 0, 0, 0]);
    expect([...r.censored]).toEqual([1, 1, 1, 1, 1]);
    expect([...r.times]).toEqual([0.5, 0.5, 0.5, 0.5, 0.5]);
  });

  it('reports a blow-up (U = −x⁴) as a failure and never passes NaN on to the statistics', () => {
    const config: SimulationConfig = {
      dynamics: 'overdamped',
      ...sourcesOf('-x^4'),
      D: 0.1,
      gamma: 1,
      dt: 0.5,
      tMax: 10,
      start: { x: 0.9 },
      // A boundary at 1e300 that an overflow to +∞ would otherwise "reach".
      absorbing: { above: 1e300 },
      seed: 1,
    };
    const r = runChunk({ config, firstWalker: 0, walkers: 8 });
    expect(r.failure).toBeDefined();
    expect(r.failure?.walker).toBe(0);
    expect(r.failure?.reason).toMatch(/non-finite/);
    expect(r.failed).toBe(8);
    expect([...r.censored]).toEqual(new Array(8).fill(1));
    for (const t of r.times) expect(Number.isFinite(t)).toBe(true);
    const stats = firstPassageStatistics(r.times, r.censored, config.tMax);
    // No walker escaped: only a lower bound on the MFPT, and that is no converged estimate.
    expect(stats.retcode).toBe('not_converged');
    for (const value of [stats.mfptCI95[0], stats.rate, stats.rateCI95[0], stats.rateCI95[1]]) {
      expect(Number.isNaN(value)).toBe(false);
    }
    // The same blow-up in the underdamped kernel.
    const u = runChunk({
      config: { ...config, dynamics: 'underdamped', dt: 0.5 },
      firstWalker: 0,
      walkers: 2,
    });
    expect(u.failure?.reason).toMatch(/non-finite/);
  });
});

describe('configuration checks', () => {
  function thrown(f: () => unknown): {
    code: string;
    paths: (string | undefined)[];
    message: string;
  } {
    try {
      f();
    } catch (error) {
      if (!isKramersError(error)) throw error;
      return { code: error.code, paths: error.issues.map((i) => i.path), message: error.message };
    }
    throw new Error('expected a KramersError');
  }

  it('rejects an unstable dt with a KramersError naming dt', () => {
    // max U″ on [−1.5, 1] is U″(−1.5) = 5.75: dt = 0.5 gives dt·U″/γ ≈ 2.9 > 2.
    const e = thrown(() => checkTimeStep({ ...overdamped, dt: 0.5 }));
    expect(e.code).toBe('invalid_parameter');
    expect(e.paths).toContain('dt');
    expect(e.message).toMatch(/dt/);
    const u = thrown(() => checkTimeStep({ ...overdamped, dynamics: 'underdamped', dt: 1.5 }));
    expect(u.paths).toContain('dt');
  });

  it('warns for a large but stable dt and is silent for a small one', () => {
    expect(checkTimeStep(overdamped)).toEqual([]);
    const warnings = checkTimeStep({ ...overdamped, dt: 0.1 });
    expect(warnings.join(' ')).toMatch(/dt = 0.1/);
  });

  it('rejects impossible parameters, naming them', () => {
    const run = (config: SimulationConfig) => () =>
      runChunk({ config, firstWalker: 0, walkers: 1 });
    expect(thrown(run({ ...overdamped, dt: -1 })).paths).toContain('dt');
    expect(thrown(run({ ...overdamped, dt: Number.NaN })).paths).toContain('dt');
    expect(thrown(run({ ...overdamped, D: 0 })).paths).toContain('D');
    expect(thrown(run({ ...overdamped, absorbing: {} })).paths).toContain('absorbing');
    expect(thrown(run({ ...overdamped, start: { x: 2 } })).paths).toContain('start.x');
    expect(thrown(run({ ...overdamped, scheme: 'baoab' })).paths).toContain('scheme');
    expect(thrown(run({ ...overdamped, seed: 2 ** 32 })).paths).toContain('seed');
  });
});
