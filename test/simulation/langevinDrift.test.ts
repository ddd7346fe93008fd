import { describe, expect, it } from 'vitest';
import { createSimulationPool } from '../../dist/node/index.js';
import type { ExprNode } from '../../src/expr/index.js';
import {
  driftFromExpressions,
  isKramersError,
  passageOfDrift,
  prepareDrift,
  type SimulateDriftProblem,
  simulateDrift,
  simulateND,
} from '../../src/index.js';
import { configOfDrift, DRIFT_ROUTES } from '../../src/routes/index.js';
import { readFixture } from '../support/fixtures.js';

// Exact MFPTs from (−1, 0) to {x ≥ 1} by finite differences on the backward equation
// D∆T + b·∇T = −1 (test/fixtures/drift_mfpt.py: scipy sparse LU, Richardson over three grids), an
// independent code path from the walkers. The fixture's box ends at x = 1, where T = 0; the walkers
// get a box reaching past x = 1 (to 1.5): a path is absorbed at x = 1 before it can feel anything
// beyond, so the two problems are the same (the other walls, which reflect, are the fixture's).
interface Case {
  readonly m?: number;
  readonly beta?: number;
  readonly D: number;
  readonly mfpt: number;
  readonly mfptError: number;
}
const fixture = readFixture<{
  gibbs: { cases: Case[] };
  maierStein: { cases: Case[] };
}>('drift_mfpt.json');
const gibbsCase = (m: number, D: number) =>
  fixture.gibbs.cases.find((c) => c.m === m && Math.abs(c.D - D) < 1e-12)!;
const maierSteinCase = (D: number) =>
  fixture.maierStein.cases.find((c) => Math.abs(c.D - D) < 1e-12)!;

const GIBBS_BOX = [
  { min: -1.8, max: 1.5 },
  { min: -1.2, max: 1.2 },
];
const MS_BOX = [
  { min: -1.6, max: 1.5 },
  { min: -0.8, max: 0.8 },
];
/** b = −(I + M)∇U for U = x⁴/4 − x²/2 + y²/2, M = [[0, m], [−m, 0]] (as drift_mfpt.py). */
const gibbsDrift = (m: number) => `-(x^3 - x) - ${m}*y, ${m}*(x^3 - x) - y`;
const MAIER_STEIN = 'x - x^3 - 10*x*y^2, -(1+x^2)*y';

/**
 * |simulated − exact| < 3 SE + a time-step allowance of 0.5% of the exact value + the fixture's own
 * error. The allowance: stochastic Heun with the bridge check of the target has a time-step bias
 * that shrinks with dt; on the m = 2 case bench/driftTimeStep.mjs measured +0.03% ± 0.7% at dt = 0.02
 * and −0.4% ± 0.7% at dt = 0.01 (20000 walkers each, bench/README.md): no bias resolved at 20× the
 * default step, so at dt = 1e-3 it is far below 0.5%.
 * Fixed seeds make each outcome deterministic; a correct kernel fails one such test with
 * probability below 0.3%.
 */
function withinExact(mfpt: number, se: number, exact: Case, what: string) {
  const slack = 3 * se + 0.005 * exact.mfpt + exact.mfptError;
  const z = (mfpt - exact.mfpt) / se;
  expect(
    Math.abs(mfpt - exact.mfpt),
    `${what}: ${mfpt} ± ${se} vs exact ${exact.mfpt} (z = ${z.toFixed(2)})`,
  ).toBeLessThan(slack);
}

describe('walkers with a drift against exact 2-D MFPTs (drift_mfpt.json)', () => {
  // Gibbs-preserving rotations: the stationary density stays e^{−U/D} while escape speeds up by
  // about √(1 + m²) (Lee & Seo 2022); m = 0 is the reversible case.
  for (const m of [0, 1, 2]) {
    it(`b = −(I + M)∇U, m = ${m}, D = 0.1, into x ≥ 1`, async () => {
      const r = await simulateDrift({
        drift: gibbsDrift(m),
        potential: 'x^4/4 - x^2/2 + y^2/2',
        domain: GIBBS_BOX,
        D: 0.1,
        fromX: [-1, 0],
        toRegion: 'x >= 1',
        walkers: 400,
        seed: 7,
        tMax: 2000,
      });
      expect(r.retcode).toBe('success');
      expect(r.censored).toBe(0);
      withinExact(r.mfpt!, r.mfptStdErr!, gibbsCase(m, 0.1), `m = ${m}`);
    });
  }

  it('the rotation speeds escape up: the m = 2 MFPT is below the m = 0 one by many SE', async () => {
    // A check that cannot pass by a loose tolerance alone: exact 66.3 vs 27.5.
    const [a, b] = await Promise.all(
      [0, 2].map((m) =>
        simulateDrift({
          drift: gibbsDrift(m),
          potential: 'x^4/4 - x^2/2 + y^2/2',
          domain: GIBBS_BOX,
          D: 0.1,
          fromX: [-1, 0],
          toRegion: 'x >= 1',
          walkers: 64,
          seed: 3,
          tMax: 2000,
        }),
      ),
    );
    expect(a!.mfpt! - b!.mfpt!).toBeGreaterThan(5 * Math.hypot(a!.mfptStdErr!, b!.mfptStdErr!));
  });

  for (const D of [0.05]) {
    it(`Maier–Stein β = 10 (a curl, no potential), D = ${D}`, async () => {
      const r = await simulateDrift({
        drift: MAIER_STEIN,
        domain: MS_BOX,
        D,
        fromX: [-1, 0],
        toRegion: 'x >= 1',
        walkers: 400,
        seed: 7,
        tMax: 3000,
      });
      expect(r.censored).toBe(0);
      withinExact(r.mfpt!, r.mfptStdErr!, maierSteinCase(D), `Maier–Stein D = ${D}`);
    });
  }

  it('the default censoring time comes from gMAM’s ΔΦ (no potential): 20× the escape scale', async () => {
    const t = passageOfDrift(prepareDrift({ drift: MAIER_STEIN, domain: MS_BOX, D: 0.05 }), {
      fromX: [-1, 0],
      toRegion: 'x >= 1',
    });
    const { config } = configOfDrift(t, { walkers: 10 });
    // The scale (2π/√(λ_a μ_s)) e^{ΔΦ/D} with λ_a = 2, μ_s = 1, ΔΦ = 0.1700207 (docs/drift.md):
    // 20 × 4.443 × e^{3.4004} = 2663.6; the exact MFPT is 55, so censoring is ~e^{−48}.
    const expected = 20 * ((2 * Math.PI) / Math.sqrt(2)) * Math.exp(0.1700207 / 0.05);
    expect(Math.abs(config.tMax / expected - 1)).toBeLessThan(1e-4);
  });

  it('where the Bouchet–Reygner rate converges (Maier–Stein β = 2), the censoring time is 20/k_BR', () => {
    const t = passageOfDrift(
      prepareDrift({ drift: 'x - x^3 - 2*x*y^2, -(1+x^2)*y', domain: MS_BOX, D: 0.05 }),
      { fromX: [-1, 0], toRegion: 'x >= 1' },
    );
    const k = DRIFT_ROUTES.bouchetReygner.run(t.escape!).rate!;
    expect(k).toBeGreaterThan(0);
    const { config } = configOfDrift(t, { walkers: 10 });
    expect(config.tMax).toBe(20 / k);
    expect(config.expectedTime).toBe(1 / k);
  });
});

describe('a gradient drift is the gradient walkers', () => {
  const U = 'x^4/4 - x^2/2 + y^2/2';
  const common = { D: 0.1, walkers: 100, seed: 9, tMax: 2000, dt: 1e-3 } as const;

  it('b = −∇U from the potential alone: the same trees, so bit-identical times', async () => {
    const drift = await simulateDrift({
      potential: U,
      domain: GIBBS_BOX,
      fromX: [-1, 0],
      toRegion: 'x >= 1',
      ...common,
    });
    const gradient = await simulateND({
      potential: U,
      domain: GIBBS_BOX,
      fromX: [-1, 0],
      toRegion: 'x >= 1',
      ...common,
    });
    expect(drift.steps).toBe(gradient.steps);
    expect(drift.mfpt).toBe(gradient.mfpt);
    expect(drift.histogram).toEqual(gradient.histogram);
  });

  it('b = −∇U typed out: other trees of the same field, the same times to rounding', async () => {
    // The typed components compile to different floating-point operations than U's symbolic
    // gradient, so positions differ in the last bits; with the same streams every walker meets
    // the same noise, and a passage time can only move if a sample lands within rounding of the
    // target or a wall. We allow 1e-9 relative on the MFPT (and see it equal in practice).
    const typed = await simulateDrift({
      drift: 'x - x^3, -y',
      domain: GIBBS_BOX,
      fromX: [-1, 0],
      toRegion: 'x >= 1',
      ...common,
    });
    const gradient = await simulateND({
      potential: U,
      domain: GIBBS_BOX,
      fromX: [-1, 0],
      toRegion: 'x >= 1',
      ...common,
    });
    expect(Math.abs(typed.mfpt! / gradient.mfpt! - 1)).toBeLessThan(1e-9);
  });

  it('the core of a stable point is the gradient walkers’ core of that minimum (A = H)', async () => {
    // ½ΔxᵀAΔx ≤ D with A = DΣ⁻¹ from the Lyapunov equation; for b = −∇U, A is the Hessian, and at
    // D = 0.0625 = ¼ΔU the gradient walkers' level min(D, ¼ΔU) is D too.
    const spec = { D: 0.0625, walkers: 24, seed: 4, tMax: 4000, fromX: [-1, 0] } as const;
    const drift = await simulateDrift({ potential: U, domain: GIBBS_BOX, to: 1, ...spec });
    const gradient = await simulateND({ potential: U, domain: GIBBS_BOX, to: 1, ...spec });
    expect(drift.to.stable).toBe(1);
    expect(Math.abs(drift.mfpt! / gradient.mfpt! - 1)).toBeLessThan(1e-9);
  });
});

describe('streams and workers', () => {
  it('the same numbers on two worker threads as in this thread', async () => {
    const problem: SimulateDriftProblem = {
      drift: MAIER_STEIN,
      domain: MS_BOX,
      D: 0.05,
      fromX: [-1, 0],
      toRegion: 'x >= 0',
      walkers: 300,
      seed: 5,
      tMax: 10,
    };
    const here = await simulateDrift(problem);
    const pool = createSimulationPool(2);
    try {
      const there = await simulateDrift(problem, { runner: pool.runner });
      expect(there.steps).toBe(here.steps);
      expect(there.censored).toBe(here.censored);
      expect(there.mfpt).toBe(here.mfpt);
      expect(there.histogram).toEqual(here.histogram);
    } finally {
      await pool.close();
    }
    expect(here.censored).toBeGreaterThan(0);
    // tMax = 10 is half the MFPT: the censored estimate says it cannot be trusted (escape rate
    // before t0 0.49× the one after, below the 0.5 of firstPassageStatistics).
    expect(here.retcode).toBe('not_converged');
    expect(here.warnings.join(' ')).toMatch(/not reliable/);
  });
});

describe('bad input is a KramersError', () => {
  const base: SimulateDriftProblem = {
    drift: MAIER_STEIN,
    domain: MS_BOX,
    D: 0.05,
    fromX: [-1, 0],
    walkers: 10,
    tMax: 1,
  };
  const cases: [string, Partial<SimulateDriftProblem>, string][] = [
    ['a region with no point in the box', { toRegion: 'x >= 5' }, 'invalid_parameter'],
    ['a region that holds the start', { toRegion: 'x >= -2' }, 'invalid_parameter'],
    ['a start outside the box', { fromX: [3, 0], toRegion: 'x >= 1' }, 'invalid_parameter'],
    ['a region in an unknown name', { toRegion: 'z >= 1' }, 'unknown_name'],
    ['an unstable time step', { toRegion: 'x >= 1', dt: 1.5 }, 'invalid_parameter'],
    ['one drift component for two coordinates', { drift: 'x - x^3' }, 'invalid_parameter'],
    ['a target that is a saddle', { to: 2 }, 'invalid_parameter'],
    ['--to and --to-region together', { to: 1, toRegion: 'x >= 1' }, 'usage'],
  ];
  for (const [what, change, code] of cases) {
    it(what, async () => {
      const error = await simulateDrift({ ...base, ...change }).catch((e: unknown) => e);
      expect(isKramersError(error), String(error)).toBe(true);
      expect((error as { code: string }).code).toBe(code);
    });
  }
});

describe('the kernel comes from checked trees only', () => {
  const field = driftFromExpressions(MAIER_STEIN);
  const base = { domain: MS_BOX, D: 0.05, fromX: [-1, 0], toRegion: 'x >= 1', walkers: 4, tMax: 1 };

  it('a drift object without trees is refused (usage), never compiled from its functions', async () => {
    const { b, jacobian, dimension, coordinates, description } = field;
    const bare = { b, jacobian, dimension, coordinates, description };
    const error = await simulateDrift({ ...base, drift: bare }).catch((e: unknown) => e);
    expect(isKramersError(error), String(error)).toBe(true);
    expect((error as { code: string }).code).toBe('usage');
  });

  it('a hand-made tree with a name outside the whitelist is refused by the code generator', async () => {
    const forged = {
      ...field,
      asts: [{ kind: 'call', name: 'process', args: [] }, field.asts[1]!] as unknown as ExprNode[],
    };
    const error = await simulateDrift({ ...base, drift: forged }).catch((e: unknown) => e);
    expect(isKramersError(error), String(error)).toBe(true);
    expect((error as { code: string }).code).toBe('invalid_parameter');
  });
});
