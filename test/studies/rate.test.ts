import { describe, expect, it } from 'vitest';
import { KramersError, prepareTransition, rate, turnover } from '../../src/index.js';
import { expectClose, readFixture } from '../support/fixtures.js';

interface ReferenceCase {
  id: string;
  D: number;
  gamma: number;
  mfpt_well_to_other_well: string;
  mfpt_well_to_barrier_top: string;
  lambda1: string;
}
const reference = readFixture<{ cases: ReferenceCase[] }>('reference_cases.json');

describe('rate: every route on the reference cases (mpmath, reference_cases.py)', () => {
  it.each(reference.cases)('$id', async (c) => {
    const report = await rate({ potential: 'x^4/4 - x^2/2', D: c.D, gamma: c.gamma });
    expect(report.from).toEqual({ well: 0, x: -1 });
    expect(report.to).toEqual({ well: 1, x: 1 });
    const exact = report.methods.exact!;
    // The exact route targets 1e-10 relative; 1e-9 leaves room for the reference's own rounding.
    expectClose(exact.mfpt, Number(c.mfpt_well_to_other_well), 1e-9, `${c.id} MFPT`);
    expect(exact.error! / exact.rate!).toBeLessThan(1e-9);
    // Spectral: k = λ1/2 for the symmetric double well; the issue asks λ1 to 1e-6.
    const spectral = report.methods.spectral!;
    expectClose(spectral.lambda1!, Number(c.lambda1), 1e-6, `${c.id} λ1`);
    expectClose(spectral.rate, Number(c.lambda1) / 2, 1e-6, `${c.id} λ1/2`);
  });

  it('MFPT to the barrier top through --to-x', async () => {
    for (const c of reference.cases) {
      const report = await rate({ D: c.D, toX: 0, methods: ['exact'] });
      expectClose(
        report.methods.exact!.mfpt,
        Number(c.mfpt_well_to_barrier_top),
        1e-9,
        `${c.id} MFPT to the top`,
      );
    }
  });
});

describe('finite-barrier correction converges one order faster than the plain formula', () => {
  // Exact = 1/MFPT from one well bottom to the other (relative error ≤ 1e-10, far below the
  // asymptotic errors measured here, which are ≥ 1e-4).
  const Ds = [0.025, 0.0125, 0.00625, 0.003125];
  it('plain error ∝ D/ΔU, corrected error ∝ (D/ΔU)²', async () => {
    const errors = [];
    for (const D of Ds) {
      const r = await rate({ D, methods: ['kramers', 'corrected', 'exact'] });
      errors.push({
        D,
        plain: Math.abs(r.methods.kramers!.relativeToExact!),
        corrected: Math.abs(r.methods.corrected!.relativeToExact!),
      });
    }
    for (let i = 1; i < errors.length; i++) {
      const plainOrder = Math.log2(errors[i - 1]!.plain / errors[i]!.plain);
      const correctedOrder = Math.log2(errors[i - 1]!.corrected / errors[i]!.corrected);
      // Observed orders approach 1 and 2 as D → 0; the next term of the expansion shifts them by
      // O(D/ΔU) (measured: plain 1.12, 1.05, 1.02; corrected 2.29, 2.11, 2.05 on this ladder),
      // hence ±0.25 / ±0.35 here and ±0.1 on the last, smallest-D pair.
      const last = i === errors.length - 1;
      expect(
        Math.abs(plainOrder - 1),
        `plain order ${plainOrder} at D = ${errors[i]!.D}`,
      ).toBeLessThan(last ? 0.1 : 0.25);
      expect(
        Math.abs(correctedOrder - 2),
        `corrected order ${correctedOrder} at D = ${errors[i]!.D}`,
      ).toBeLessThan(last ? 0.1 : 0.35);
      expect(errors[i]!.corrected).toBeLessThan(errors[i]!.plain);
    }
    // The leading coefficient itself: relative error / D → c_a + c_s = 3/2 for this potential.
    const last = errors[errors.length - 1]!;
    expect(last.plain / last.D).toBeGreaterThan(1.45);
    expect(last.plain / last.D).toBeLessThan(1.6);
  });
});

describe('rate: geometry', () => {
  it('escape from a metastable well to −∞ uses a sink below the barrier (x^3/3 − x)', async () => {
    const r = await rate({ potential: 'x^3/3 - x', D: 0.1 });
    expect(r.to.well).toBe('-inf');
    expect(r.to.x).toBeLessThan(-1);
    expect(r.potential.expression).toBe('x^3/3 - x');
    // ΔU/D = 13.3: Kramers within a few percent of exact (first-order error D(c_a + c_s) = 2%).
    expect(Math.abs(r.methods.kramers!.relativeToExact!)).toBeLessThan(0.05);
    expect(Math.abs(r.methods.corrected!.relativeToExact!)).toBeLessThan(
      Math.abs(r.methods.kramers!.relativeToExact!),
    );
  });

  it('a tilted double well both ways obeys detailed balance in the spectral route', async () => {
    const forward = await rate({ potential: 'x^4/4 - x^2/2 + 0.1*x', D: 0.04, from: 0, to: 1 });
    const backward = await rate({ potential: 'x^4/4 - x^2/2 + 0.1*x', D: 0.04, from: 1, to: 0 });
    const pops = forward.methods.spectral!.populations!;
    expectClose(
      pops[0]! * forward.methods.spectral!.rate!,
      pops[1]! * backward.methods.spectral!.rate!,
      1e-6,
      'p0 k01 = p1 k10',
    );
    // λ1 = k01 + k10 (both from the same λ1).
    expectClose(
      forward.methods.spectral!.rate! + backward.methods.spectral!.rate!,
      forward.methods.spectral!.lambda1!,
      1e-9,
      'λ1 = k01 + k10',
    );
  });

  it.each([
    ['reflecting wall on the wrong side', { reflectX: 0.5 }, /wrong side|far side/],
    ['no such well', { from: 5 }, /not a well index/],
    ['target not a neighbour', { to: '-inf' as const }, /no transition/],
    ['absorbing point equals the start', { fromX: 0.3, toX: 0.3 }, /equals the start/],
    ['unknown method', { methods: ['magic' as never] }, /unknown method/],
  ])('bad input: %s', async (_what, change, message) => {
    await expect(rate({ D: 0.1, ...change })).rejects.toThrowError(KramersError);
    await expect(rate({ D: 0.1, ...change })).rejects.toThrowError(message);
  });
});

describe('rate: extreme and odd inputs give flagged results, never NaN', () => {
  it('ΔU/D = 2500: the exact route and the closed forms agree in log form while k underflows', async () => {
    const r = await rate({ D: 1e-4 });
    expect(r.methods.exact!.rate).toBe(0);
    expect(r.methods.exact!.retcode).toBe('success');
    // Kramers' relative error is D(c_a + c_s) = 1.5e-4 here (first order); 10% slack on it.
    expectClose(
      r.methods.kramers!.relativeToExact!,
      1.5e-4,
      0.1,
      'Kramers vs exact at ΔU/D = 2500',
    );
    expect(r.methods.spectral!.retcode).toBe('not_converged');
    expect(r.methods.spectral!.rate).toBeNull();
  });

  it('D = 1e-9: a route that cannot run is reported as not converged, the others still run', async () => {
    const r = await rate({ D: 1e-9 });
    expect(r.methods.spectral!.retcode).toBe('not_converged');
    expect(r.methods.spectral!.warnings.join()).toMatch(/spectral route failed/);
    expect(r.methods.exact!.retcode).toBe('not_converged');
    expect(Number.isFinite(r.methods.exact!.logRate!)).toBe(true);
    expect(JSON.stringify(r)).not.toMatch(/NaN/);
  });

  it('warns when the sink for escape past a given domain edge sits just below the barrier top', async () => {
    const r = await rate({
      potential: '-cos(x) - 0.5*x',
      domain: { min: -4, max: 8 },
      D: 0.2,
      to: '-inf',
    });
    expect(r.warnings.join()).toMatch(/only 0\.22 D below the barrier top/);
  });

  it('a given domain is a pair of walls for the spectral route too (washboard, two wells)', async () => {
    // −cos x − 0.5x on [−6, 2]: U falls without bound to the right, so only the walls confine it
    // (natural boundaries would fail). λ1·p_b against the exact 1/MFPT between the well bottoms,
    // both with a reflecting wall at −6: measured 0.16% apart at ΔU/D = 6.8 (the definitions differ
    // by the time spent relaxing inside the wells, small against 1/k here).
    const r = await rate({
      potential: '-cos(x) - 0.5*x',
      domain: { min: -6, max: 2 },
      D: 0.1,
      to: 1,
    });
    expect(r.methods.spectral!.retcode).toBe('success');
    expect(Math.abs(r.methods.spectral!.rate! / r.methods.exact!.rate! - 1)).toBeLessThan(0.01);
  });

  it('a free start with an absorbing point uses the natural boundary on the far side', async () => {
    const r = await rate({ D: 0.1, fromX: 0.5, toX: 1.5, methods: ['exact'] });
    expect(r.farSide).toEqual({ kind: 'natural', x: null });
  });
});

describe('rate: one comparison for either dynamics', () => {
  it('underdamped: the same numbers as turnover() at one friction, compared with Klein–Kramers', async () => {
    // Two studies, one set of routes: every column must agree to the last bit.
    const r = await rate({ D: 0.05, gamma: 0.2, dynamics: 'underdamped' });
    const sweep = await turnover({ D: 0.05, gammaMin: 0.2, gammaMax: 0.2, points: 1, exact: true });
    const row = sweep.rows[0]!.rates;
    for (const key of [
      'tst',
      'energyDiffusion',
      'spatialDiffusion',
      'kramers',
      'melnikovMeshkov',
      'kleinKramers',
    ] as const) {
      expect(r.methods[key]!.rate, key).toBe(row[key]);
    }
    expect(r.methods.kleinKramers!.relativeToExact).toBeUndefined();
    expect(r.methods.melnikovMeshkov!.relativeToExact).toBeCloseTo(
      row.melnikovMeshkov! / row.kleinKramers! - 1,
      12,
    );
    expect(r.retcode).toBe('success');
  });

  it('refuses a numerical route of the other dynamics, allows a closed form as a limit', async () => {
    await expect(rate({ D: 0.1, dynamics: 'underdamped', methods: ['exact'] })).rejects.toThrow(
      /describes overdamped dynamics/,
    );
    const limit = await rate({ D: 0.1, methods: ['kramers', 'melnikovMeshkov', 'exact'] });
    expect(limit.methods.melnikovMeshkov!.rate).toBeGreaterThan(0);
  });

  it('the report is not_converged when its reference route is, whatever the closed forms say', async () => {
    const r = await rate({ D: 1e-9, methods: ['kramers', 'exact'] });
    expect(r.methods.kramers!.retcode).toBe('success');
    expect(r.retcode).toBe('not_converged');
    const fine = await rate({ D: 1e-4 });
    // Only the spectral route gives up at ΔU/D = 2500: the comparison still stands.
    expect(fine.methods.spectral!.retcode).toBe('not_converged');
    expect(fine.retcode).toBe('success');
  });

  it('a prepared passage takes the comparison settings from the options', async () => {
    const t = prepareTransition({ D: 0.1 });
    const r = await rate(t, { methods: ['kramers', 'exact'], tolerance: 1e-6 });
    expect(Object.keys(r.methods)).toEqual(['kramers', 'exact']);
  });

  it('a simulated column reuses the exact MFPT of the same prepared passage', async () => {
    const t = prepareTransition({ D: 0.25 });
    const exact = (await rate(t)).methods.exact!;
    const withSimulation = await rate({ D: 0.25, simulate: { walkers: 200, seed: 3 } }, {});
    expect(withSimulation.methods.simulation!.exactMfpt).toBeCloseTo(exact.mfpt, 12);
    // Simulated 1/MFPT within 4 SE of exact (200 walkers: SE ≈ 7%; dt bias ≈ 0.6% at dt = 1e-3).
    const s = withSimulation.methods.simulation!;
    expect(Math.abs(s.rate! - exact.rate!) / s.error!).toBeLessThan(4);
    expect(s.relativeToExact).toBeCloseTo(s.rate! / exact.rate! - 1, 12);
  });
});

describe("rate: the report's retcode combines the answers asked for", () => {
  it('every route asked for not applying leaves no answer: not_applicable, not success', async () => {
    // x^4/4 − x^2/2: c_a + c_s = 3/2 (U″_a = 2, U″_s = −1; the correction factor the route prints
    // is 1 − D·3/2), so at D = 3 it is −3.5 ≤ 0 and the corrected formula does not apply.
    const alone = await rate({ D: 3, methods: ['corrected'] });
    expect(alone.methods.corrected!.retcode).toBe('not_applicable');
    expect(alone.retcode).toBe('not_applicable');
    // A degenerate (quartic) barrier top has no Kramers prefactor.
    const flat = await rate({ potential: 'x^6-x^4', D: 0.02, methods: ['kramers'] });
    expect(flat.methods.kramers!.retcode).toBe('not_applicable');
    expect(flat.retcode).toBe('not_applicable');
    // One answer that applies among them is an answer: the other says so in its own warning. At
    // D = 0.3 the anharmonicity ε ≈ 0.56 is past the corrected formula's limit (0.5) but not the
    // leading order's (1), which warns (at D = 3 neither applies).
    const mixed = await rate({ D: 0.3, methods: ['corrected', 'kramers'] });
    expect(mixed.methods.corrected!.retcode).toBe('not_applicable');
    expect(mixed.methods.kramers!.retcode).toBe('success');
    expect(mixed.retcode).toBe('success');
  });

  it('a censored simulation column makes the report censored (success without censoring)', async () => {
    // D = 0.25: exact MFPT 14.28, so at tMax = 10 about half the walkers are censored (101 of 200
    // here); at tMax = 3 the censored estimate is no longer trusted (not_converged, statistics.ts).
    const problem = { D: 0.25, methods: ['kramers'] as const };
    const censored = await rate({ ...problem, simulate: { walkers: 200, tMax: 10, seed: 1 } });
    expect(censored.methods.simulation!.censored).toBeGreaterThan(80);
    expect(censored.methods.simulation!.retcode).toBe('censored');
    expect(censored.retcode).toBe('censored');
    const whole = await rate({ ...problem, simulate: { walkers: 200, seed: 1 } });
    expect(whole.methods.simulation!.censored).toBe(0);
    expect(whole.retcode).toBe('success');
  });
});

describe('rate: an underdamped simulation says what it is compared with', () => {
  it('warns where recrossing makes the well-to-well 1/MFPT exceed λ1·p_b (weak friction), not at γ = 1', async () => {
    // The walkers only need an estimate for the comparison to be printed: 20 walkers censored
    // early, a few escaping (at tMax = 50 none did, and no escape is no estimate to compare).
    const at = (gamma: number) =>
      rate({
        dynamics: 'underdamped',
        D: 0.05,
        gamma,
        methods: ['kleinKramers'],
        simulate: { walkers: 20, tMax: 400, dt: 0.01, seed: 1 },
      });
    const weak = await at(0.05);
    const said = weak.methods.simulation!.warnings.find((w) => w.includes('well bottom to well'));
    expect(said).toBeDefined();
    expect(weak.warnings).toContain(said);
    // Δ = γ I_s/D = 0.05·(4/3)/0.05 = 4/3; A(2Δ)/A(Δ) = 1.384975 by mpmath quadrature of the
    // depopulation factor's second form (docs/conventions.md §3), an independent route: +38%.
    expect(said).toMatch(/Δ = η_c I_s\/D = 1\.33\).* about 38% higher/);
    // γ = 1: Δ = 26.7, A(2Δ)/A(Δ) − 1 = 2.6e-4, below the 2% a simulation resolves: no warning.
    const strong = await at(1);
    expect(strong.methods.simulation!.relativeToExact).not.toBeNull();
    expect(strong.warnings.join(' ')).not.toMatch(/well bottom to well bottom/);
    // Overdamped, the reference is the exact MFPT itself: the same quantity, no warning.
    const over = await rate({ D: 0.25, methods: ['exact'], simulate: { walkers: 20, seed: 1 } });
    expect(over.warnings.join(' ')).not.toMatch(/well bottom to well bottom/);
  }, 60_000);
});
