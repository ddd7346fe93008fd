import { describe, expect, it } from 'vitest';
import {
  KramersError,
  nonReversibleEyringKramersRate,
  prepareDrift,
  quasiPotentialHessian,
  rateDrift,
  rateND,
  varyDriftProblem,
} from '../../src/index.js';
import { gridLadder, gridMfpt } from '../../src/multid/index.js';
import { readFixture } from '../support/fixtures.js';

interface Case {
  m?: number;
  D: number;
  mfpt: number;
  mfptError: number;
}
interface Fixture {
  gibbs: { box: [number, number][]; cases: Case[] };
  maierStein: { box: [number, number][]; cases: Case[] };
}
// Central differences on the backward equation, scipy sparse LU, Richardson over three grids:
// another discretisation and another solver than ours (drift_mfpt.py).
const fixture = readFixture<Fixture>('drift_mfpt.json');
const msAction = readFixture<{ cases: { beta: number; quasiPotential: number }[] }>(
  'maier_stein_action.json',
).cases.find((c) => c.beta === 10)!.quasiPotential;

type Drift = (x: number, y: number, out: Float64Array) => void;
const gibbsDrift =
  (m: number): Drift =>
  (x, y, o) => {
    const ux = x ** 3 - x;
    o[0] = -(ux + m * y);
    o[1] = -(-m * ux + y);
  };
const maierSteinDrift: Drift = (x, y, o) => {
  o[0] = x - x ** 3 - 10 * x * y * y;
  o[1] = -(1 + x * x) * y;
};
const gibbsText = (m: number) => `-(x^3 - x) - ${m}*y, ${m}*(x^3 - x) - y`;
const U = 'x^4/4 - x^2/2 + y^2/2';

describe('exact 2-D MFPT of a drift field against central differences (drift_mfpt.py)', () => {
  const boxOf = (b: [number, number][]) => b.map(([min, max]) => ({ min, max }));
  // The fixture absorbs on the wall x = 1 itself; 1e-12 keeps that wall's nodes in the target.
  const target = (x: number) => x >= 1 - 1e-12;
  const check = (drift: Drift, box: [number, number][], c: Case) => {
    const [bx, by] = box as [[number, number], [number, number]];
    // A coarse ladder (finest 81 nodes) on purpose: our error is then the larger one and the
    // comparison tests the estimate, not just the fixture's.
    const r = gridMfpt(
      { U: () => 0, D: c.D, gamma: 1, box: boxOf(box), target, drift },
      [-1, 0],
      gridLadder(bx[1] - bx[0], by[1] - by[0], 81),
      1e-4,
    );
    const actual = Math.abs(r.mfpt - c.mfpt);
    expect(actual, `D = ${c.D}: ${r.mfpt} ± ${r.error} vs ${c.mfpt}`).toBeLessThanOrEqual(
      r.error + c.mfptError,
    );
    // An estimate that bounds by being huge would pass the line above: it must stay useful.
    expect(r.relativeError).toBeLessThan(0.05);
  };
  it('Gibbs drifts b = −(I + M)∇U, m = 0, 1, 2, D = 0.1 … 0.04: actual error ≤ reported', () => {
    for (const c of fixture.gibbs.cases) check(gibbsDrift(c.m!), fixture.gibbs.box, c);
  });
  it('Maier–Stein β = 10, D = 1/20 … 1/60: actual error ≤ reported', () => {
    for (const c of fixture.maierStein.cases) check(maierSteinDrift, fixture.maierStein.box, c);
  });
});

describe('a gradient drift is the gradient route again', () => {
  const domain = [
    { min: -1.8, max: 1.2 },
    { min: -1.2, max: 1.2 },
  ];
  it('b = −∇U given as a drift equals rateND on U, into a region and into a core, to the errors', () => {
    const drift = { drift: gibbsText(0), domain, D: 0.05, grid: 126 };
    const gradient = { potential: U, domain, D: 0.05, grid: 126 };
    for (const spec of [{ fromX: [-1, 0], toRegion: 'x >= 1' }, {}]) {
      const report = rateDrift({ ...drift, ...spec });
      // The start is the stable point (−1, 0) both times: no note about relaxing to it.
      expect(report.warnings.join(' ')).not.toMatch(/relax/);
      const a = report.methods.exact;
      const b = rateND({ ...gradient, ...spec, methods: ['exact'] }).methods.exact!;
      expect('mfpt' in a && 'mfpt' in b).toBe(true);
      if (!('mfpt' in a) || !('mfpt' in b)) return;
      expect(Math.abs(a.mfpt - b.mfpt)).toBeLessThanOrEqual(a.mfptError + b.mfptError);
      // Both are second order with the same leading error; they differ by the midpoint rule only.
      expect(Math.abs(a.mfpt / b.mfpt - 1)).toBeLessThan(1e-4);
    }
  });
  it('a start off the stable point: the exact MFPT is longer by the relaxation, and the report says so', () => {
    const spec = { drift: gibbsText(0), domain, D: 0.05, grid: 81, toRegion: 'x >= 1' };
    const off = rateDrift({ ...spec, fromX: [-1.5, 0.8] });
    const on = rateDrift({ ...spec, fromX: [-1, 0] });
    expect(off.warnings.join(' ')).toMatch(
      /exact MFPT is from the start \(-1\.5, 0\.8\), not from the stable point \(-1, 0\).*relax/,
    );
    const [a, b] = [off.methods.exact, on.methods.exact];
    if (!('mfpt' in a) || !('mfpt' in b)) throw new Error('no exact MFPT');
    // Deterministic relaxation from (−1.5, 0.8) to (−1, 0) takes O(1) time units (rates 2 and 1):
    // the difference is positive and far outside both errors.
    expect(a.mfpt - b.mfpt).toBeGreaterThan(10 * (a.mfptError + b.mfptError));
  });

  it("the quasi-potential's Hessian from the Lyapunov equation is H for b = −(I + M)∇U", () => {
    // J = −(I + M)H: the Gibbs density e^{−U/D} is stationary, so the quasi-potential is U.
    const H = [2, 0.3, 0.3, 1];
    const m = 1.5;
    const J = [
      -(H[0]! + m * H[2]!),
      -(H[1]! + m * H[3]!),
      -(H[2]! - m * H[0]!),
      -(H[3]! - m * H[1]!),
    ];
    const Q = quasiPotentialHessian(J);
    for (let k = 0; k < 4; k++) expect(Math.abs(Q[k]! - H[k]!)).toBeLessThan(1e-12);
  });
});

describe('the non-reversible speed-up √(1 + m²) against exact MFPTs', () => {
  const domain = [
    { min: -1.8, max: 1.2 },
    { min: -1.2, max: 1.2 },
  ];
  const Ds = [0.05, 0.04, 0.03, 0.025];
  const predicted = (m: number, D: number) =>
    nonReversibleEyringKramersRate({
      wellHessian: [2, 0, 0, 1],
      saddleHessian: [-1, 0, 0, 1],
      rotation: m,
      deltaU: 0.25,
      D,
    }).rate!;
  /** Least-squares weights of the intercept of c0 + c1 D + c2 D² at the given D. */
  const interceptWeights = (xs: number[]) => {
    // Normal equations of the Vandermonde basis, solved by Cramer's rule (3×3).
    const S = (p: number) => xs.reduce((s, x) => s + x ** p, 0);
    const A = [S(0), S(1), S(2), S(1), S(2), S(3), S(2), S(3), S(4)];
    const det = (a: number[]) =>
      a[0]! * (a[4]! * a[8]! - a[5]! * a[7]!) -
      a[1]! * (a[3]! * a[8]! - a[5]! * a[6]!) +
      a[2]! * (a[3]! * a[7]! - a[4]! * a[6]!);
    const d = det(A);
    return xs.map((x) => {
      const col = [1, x, x * x];
      return det(A.map((v, i) => (i % 3 === 0 ? col[Math.floor(i / 3)]! : v))) / d;
    });
  };
  it('exact × k_predicted = 1 + c₁D + c₂D² with c₀ → 1, for m = 0 and 1 (speed-up √2)', () => {
    const w = interceptWeights(Ds);
    for (const m of [0, 1]) {
      const p = prepareDrift({ drift: gibbsText(m), potential: U, domain });
      const rows = Ds.map((D) => {
        const r = rateDrift(varyDriftProblem(p, D), {
          fromX: [-1, 0],
          toRegion: 'x >= 1',
          grid: 126,
        });
        const e = r.methods.exact;
        if (!('mfpt' in e)) throw new Error(`no exact MFPT at m = ${m}, D = ${D}`);
        // The route beside it gives the same comparison: relativeToExact = k·T − 1.
        const k = r.methods.eyringKramersGibbs;
        const ratio = e.mfpt * predicted(m, D);
        expect(Math.abs(k.relativeToExact! - (ratio - 1))).toBeLessThan(1e-9);
        return { ratio, error: (e.mfptError / e.mfpt) * ratio };
      });
      const c0 = rows.reduce((s, r, i) => s + w[i]! * r.ratio, 0);
      // How far the grid errors can move the intercept: Σ|w_i|·δr_i.
      const fromGrids = rows.reduce((s, r, i) => s + Math.abs(w[i]!) * r.error, 0);
      expect(fromGrids, `m = ${m}`).toBeLessThan(0.02);
      // The terms past D² left over from D ≤ 0.05: quadratic fits over D = 0.05…0.025 and
      // 0.05…0.03 give c₀ = 1.0008 and 0.9985 (m = 0), 1.0004 and 0.9992 (m = 1) — within 0.003
      // of each other and of 1 (a window up to D = 0.0625 is 1% off: too far from D → 0). The
      // tolerance is 0.005 plus what the grids allow; a missing √(1 + m²) would be 29% off.
      expect(Math.abs(c0 - 1), `m = ${m}: c0 = ${c0}`).toBeLessThan(0.005 + fromGrids);
      // Linear in D: the ratio's excess over 1 is O(D), not O(1) and not O(√D).
      for (const [i, r] of rows.entries()) expect((r.ratio - 1) / Ds[i]!).toBeLessThan(2.5);
      for (const [i, r] of rows.entries()) expect((r.ratio - 1) / Ds[i]!).toBeGreaterThan(0.8);
    }
  }, 120_000);
});

describe('Maier–Stein: the slope of ln MFPT against 1/D is the quasi-potential barrier', () => {
  it('between D = 1/50 and 1/60 (default ladder, ~1–3 s each) within 1% of ΔΦ from gMAM', () => {
    const p = prepareDrift({
      drift: 'x - x^3 - 10*x*y^2, -(1+x^2)*y',
      domain: [
        { min: -1.6, max: 1.2 },
        { min: -0.8, max: 0.8 },
      ],
    });
    const at = (D: number) => {
      const e = rateDrift(varyDriftProblem(p, D), { fromX: [-1, 0], toRegion: 'x >= 1', grid: 126 })
        .methods.exact;
      if (!('mfpt' in e)) throw new Error(`no exact MFPT at D = ${D}`);
      return e;
    };
    const a = at(1 / 50);
    const b = at(1 / 60);
    const slope = (Math.log(b.mfpt) - Math.log(a.mfpt)) / (60 - 50);
    // The grids' share of the slope's error: (δa/a + δb/b)/Δ(1/D) ≈ 5e-4 of ΔΦ = 0.17, below 0.3%.
    const fromGrids = (a.mfptError / a.mfpt + b.mfptError / b.mfpt) / 10;
    expect(fromGrids / msAction).toBeLessThan(0.004);
    expect(Math.abs(slope / msAction - 1)).toBeLessThan(0.01);
  }, 60_000);
});

describe('bad input', () => {
  const domain = [
    { min: -1.8, max: 1.2 },
    { min: -1.2, max: 1.2 },
  ];
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (error) {
      expect(error).toBeInstanceOf(KramersError);
      return (error as KramersError).code;
    }
    return 'no error';
  };
  it('a start outside the box, in the target, or a target that is not another stable point', () => {
    const base = { drift: gibbsText(1), domain, D: 0.1 };
    expect(code(() => rateDrift({ ...base, fromX: [-2.5, 0], toRegion: 'x >= 1' }))).toBe(
      'invalid_parameter',
    );
    expect(code(() => rateDrift({ ...base, fromX: [1.1, 0], toRegion: 'x >= 1' }))).toBe(
      'invalid_parameter',
    );
    expect(code(() => rateDrift({ ...base, to: 2 }))).toBe('invalid_parameter');
    expect(code(() => rateDrift({ ...base, from: 0, to: 0 }))).toBe('invalid_parameter');
  });
  it('one stable point and no region: nothing to escape to', () => {
    expect(
      code(() =>
        rateDrift({
          drift: '-(x^3 - x), -y',
          domain: [
            { min: -1.5, max: 0.5 },
            { min: -1, max: 1 },
          ],
        }),
      ),
    ).toBe('no_barrier');
  });
});
