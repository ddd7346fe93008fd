import { describe, expect, it } from 'vitest';
import { createSimulationPool } from '../../dist/node/index.js';
import {
  budgetedRunner,
  isKramersError,
  methodInfo,
  ND_SAMPLING_ROUTES,
  prepareTransition,
  ROUTES,
  type SimulateProblemND,
  simulate,
  simulateND,
} from '../../src/index.js';
import { readFixture } from '../support/fixtures.js';

// A separable potential U = x⁴/4 − x²/2 + 3y²/2 (docs/conventions.md §1's double well times a
// harmonic y mode): the passage into {x ≥ 1} depends on x alone, so its exact MFPT is the 1-D
// exact route's MFPT from x = −1 to x = 1 (an independent code path: 1-D quadrature). The walls
// sit where U − U_min ≥ 22 D (x = −2.5) and 60 D (|y| = 2): their effect, ~e^{−22}, is far below
// the statistical error. Every comparison is within 3 standard errors of the run itself (fixed
// seeds: the outcome is deterministic; a correct kernel fails one such test with probability 0.3%).
const separable = {
  potential: 'x^4/4 - x^2/2 + 3*y^2/2',
  coordinates: ['x', 'y'],
  domain: [
    { min: -2.5, max: 2.5 },
    { min: -2, max: 2 },
  ],
  D: 0.1,
};

const exact1D = (gamma: number) =>
  ROUTES.exact.run(prepareTransition({ D: 0.1, gamma, fromX: -1, toX: 1 })).mfpt;

/** |simulated − reference| < 3 SE, with every number in the message. */
function within3SE(mfpt: number, se: number, reference: number, what: string) {
  const z = Math.abs(mfpt - reference) / se;
  expect(z, `${what}: ${mfpt} ± ${se} vs ${reference} (z = ${z.toFixed(2)})`).toBeLessThan(3);
}

describe('N-D walkers against the 1-D exact MFPT of a separable potential', () => {
  it('overdamped Heun into x >= 1 (bridge-monitored)', async () => {
    const r = await simulateND({
      ...separable,
      fromX: [-1, 0],
      toRegion: 'x >= 1',
      walkers: 600,
      seed: 7,
      dt: 2e-3,
    });
    expect(r.retcode).toBe('success');
    expect(r.exactMfpt).toBeNull();
    within3SE(r.mfpt!, r.mfptStdErr!, exact1D(1), 'overdamped Heun');
  });

  it('a friction matrix with rotated eigenvectors: the u-mode moves with its own γ', async () => {
    // U = f(u) + 3v²/2 in u = (x + y)/√2, v = (x − y)/√2; Γ = R diag(2, 0.5) Rᵀ has u and v as
    // eigenvectors, so u is a 1-D overdamped walk with γ = 2 (exact 1-D MFPT at γ = 2).
    const r = await simulateND({
      potential: '((x+y)*s)^4/4 - ((x+y)*s)^2/2 + 3*((x-y)*s)^2/2',
      coordinates: ['x', 'y'],
      parameters: { s: Math.SQRT1_2 },
      domain: [
        { min: -3, max: 3 },
        { min: -3, max: 3 },
      ],
      D: 0.1,
      gamma: [1.25, 0.75, 0.75, 1.25],
      fromX: [-Math.SQRT1_2, -Math.SQRT1_2],
      toRegion: '(x+y)*s >= 1',
      walkers: 400,
      seed: 11,
      // dt·λ_max/γ_min = 4e-3·3/0.5 = 0.024: the Heun bias is far below the 5% SE.
      dt: 4e-3,
    });
    expect(r.retcode).toBe('success');
    within3SE(r.mfpt!, r.mfptStdErr!, exact1D(2), 'rotated friction matrix');
  });

  it('underdamped BAOAB against the 1-D underdamped kernel (x decouples exactly)', async () => {
    // With scalar γ and m the x-motion is the 1-D Langevin equation, whatever y does, so the 1-D
    // kernel (its own generated code and absorption test) is an independent simulation of the
    // same law at the same dt; the two estimates differ by less than 3 combined standard errors.
    const common = { D: 0.1, gamma: 1, dynamics: 'underdamped' as const, dt: 5e-3, walkers: 500 };
    const nd = await simulateND({
      ...separable,
      ...common,
      fromX: [-1, 0],
      toRegion: 'x >= 1',
      seed: 3,
    });
    const one = await simulate({
      potential: 'x^4/4 - x^2/2',
      ...common,
      fromX: -1,
      toX: 1,
      seed: 4,
    });
    expect(nd.retcode).toBe('success');
    const se = Math.hypot(nd.mfptStdErr!, one.mfptStdErr!);
    within3SE(nd.mfpt!, se, one.mfpt!, 'underdamped 2-D vs 1-D');
  });
});

describe('underdamped walkers with a friction matrix', () => {
  it('rotated Γ: the u-mode against the 1-D underdamped kernel at γ = 2', async () => {
    // As the overdamped rotated case: H and Γ share the eigenvectors u, v everywhere, so with a
    // scalar mass u obeys the 1-D Langevin equation with γ = 2 (BAOAB's O-step e^{−Γdt/m} acts on
    // u alone); the 1-D kernel simulates the same law independently.
    const common = { D: 0.1, dynamics: 'underdamped' as const, dt: 5e-3, walkers: 300 };
    const nd = await simulateND({
      potential: '((x+y)*s)^4/4 - ((x+y)*s)^2/2 + 3*((x-y)*s)^2/2',
      coordinates: ['x', 'y'],
      parameters: { s: Math.SQRT1_2 },
      domain: [
        { min: -3, max: 3 },
        { min: -3, max: 3 },
      ],
      gamma: [1.25, 0.75, 0.75, 1.25],
      fromX: [-Math.SQRT1_2, -Math.SQRT1_2],
      toRegion: '(x+y)*s >= 1',
      seed: 13,
      ...common,
    });
    const one = await simulate({
      potential: 'x^4/4 - x^2/2',
      gamma: 2,
      fromX: -1,
      toX: 1,
      seed: 14,
      ...common,
    });
    expect(nd.retcode).toBe('success');
    within3SE(nd.mfpt!, Math.hypot(nd.mfptStdErr!, one.mfptStdErr!), one.mfpt!, 'underdamped, Γ');
  });

  it('the N-D sampling routes are the catalogue entries of their 1-D methods', () => {
    expect(ND_SAMPLING_ROUTES.simulation.info).toBe(methodInfo('simulation'));
    expect(ND_SAMPLING_ROUTES.ams.info).toBe(methodInfo('ams'));
  });
});

interface CoupledFixture {
  potential: string;
  D: number;
  domain: [number, number][];
  start: number[];
  target: string;
  isotropic: { mfpt: number; error: number };
  diagonalFriction: { gamma: number[]; mfpt: number; error: number };
}

describe('a coupled 2-D potential against a finite-difference solve of the backward equation', () => {
  // mfpt_2d_coupled.py: detailed-balance finite volumes, Richardson-extrapolated to ~1e-7.
  const f = readFixture<CoupledFixture>('mfpt_2d_coupled.json');
  const problem = (extra: Partial<SimulateProblemND>): SimulateProblemND => ({
    potential: f.potential,
    coordinates: ['x', 'y'],
    domain: f.domain.map(([min, max]) => ({ min: min!, max: max! })),
    D: f.D,
    fromX: f.start,
    toRegion: f.target,
    dt: 2e-3,
    ...extra,
  });

  it('isotropic friction: within 3 SE of the exact 2-D MFPT', async () => {
    const r = await simulateND(problem({ walkers: 500, seed: 21 }));
    expect(r.retcode).toBe('success');
    within3SE(r.mfpt!, r.mfptStdErr!, f.isotropic.mfpt, 'coupled, γ = 1');
  });

  it('Γ = diag(2, 0.5): within 3 SE of the exact 2-D MFPT', async () => {
    const r = await simulateND(
      problem({ walkers: 300, seed: 22, gamma: f.diagonalFriction.gamma, dt: 4e-3 }),
    );
    expect(r.retcode).toBe('success');
    within3SE(r.mfpt!, r.mfptStdErr!, f.diagonalFriction.mfpt, 'coupled, Γ = diag(2, 0.5)');
  });
});

describe('streams, interruption, budget', () => {
  const short = {
    ...separable,
    fromX: [-1, 0],
    toRegion: 'x >= 0.3',
    walkers: 300,
    seed: 5,
    tMax: 4,
  };

  it('the same numbers on two worker threads as in this thread', async () => {
    const here = await simulateND(short);
    const pool = createSimulationPool(2);
    try {
      const there = await simulateND(short, { runner: pool.runner });
      expect(there.steps).toBe(here.steps);
      expect(there.censored).toBe(here.censored);
      expect(there.mfpt).toBe(here.mfpt);
      expect(there.histogram).toEqual(here.histogram);
    } finally {
      await pool.close();
    }
    expect(here.censored).toBeGreaterThan(0);
    expect(here.censored).toBeLessThan(300);
    // tMax = 4 is a short run on purpose (MFPT ~50): the censored estimate says it cannot be trusted.
    expect(here.retcode).toBe('not_converged');
    expect(here.warnings.join(' ')).toMatch(/not reliable/);
  });

  it('an abort keeps the walkers finished and says interrupted', async () => {
    const controller = new AbortController();
    const r = await simulateND(short, {
      signal: controller.signal,
      onProgress: (done) => {
        if (done >= 128) controller.abort();
      },
    });
    expect(r.retcode).toBe('interrupted');
    expect(r.walkers).toBeGreaterThanOrEqual(128);
    expect(r.walkers).toBeLessThan(300);
  });

  it('a run past the work budget is refused before any step (over_budget)', async () => {
    let ran = false;
    const runner = budgetedRunner(
      async (jobs) => {
        ran = true;
        return jobs.map(() => undefined);
      },
      { seconds: 1e-3, workers: 1 },
    );
    await expect(simulateND({ ...short, tMax: 1e3 }, { runner })).rejects.toMatchObject({
      code: 'over_budget',
    });
    expect(ran).toBe(false);
  });
});

describe('bad input is a KramersError', () => {
  const base: SimulateProblemND = { ...separable, fromX: [-1, 0], walkers: 10 };
  const cases: [string, Partial<SimulateProblemND>, string][] = [
    ['a region with no point in the box', { toRegion: 'x >= 5' }, 'invalid_parameter'],
    ['a region that holds the start', { toRegion: 'x >= -2' }, 'invalid_parameter'],
    ['a start outside the box', { fromX: [3, 0], toRegion: 'x >= 1' }, 'invalid_parameter'],
    [
      'a start of the wrong dimension',
      { fromX: [-1, 0, 0], toRegion: 'x >= 1' },
      'invalid_parameter',
    ],
    ['a region in an unknown name', { toRegion: 'z >= 1' }, 'unknown_name'],
    ['an unstable time step', { toRegion: 'x >= 1', dt: 1 }, 'invalid_parameter'],
  ];
  for (const [what, change, code] of cases) {
    it(what, async () => {
      const error = await simulateND({ ...base, ...change }).catch((e: unknown) => e);
      expect(isKramersError(error), String(error)).toBe(true);
      expect((error as { code: string }).code).toBe(code);
    });
  }
});
