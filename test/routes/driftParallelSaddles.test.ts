import { describe, expect, it } from 'vitest';
import {
  DRIFT_ROUTES,
  ND_ROUTES,
  type PreparedProblemND,
  prepare,
  prepareDrift,
  transitionOf,
  transitionOfDrift,
} from '../../src/index.js';
import { expectClose, readFixture } from '../support/fixtures.js';

// The drift routes on the ring U = 5(x² + y² − 1)² − x²/2 − c·y given as its gradient drift
// b = −∇U: two saddles near (0, ±1) join the two minima, parallel channels whose rates add
// (Langer 1969; Hänggi, Talkner & Borkovec 1990 §IV). References: the gradient N-D Langer route
// on U (a different code path: landscape Newton, channelsND, Hessians of U) and
// test/fixtures/parallel_saddles.json (numpy Newton and the closed form per saddle, its script
// beside it). With γ = 1 the N-D Langer rate and the drift's Eyring–Kramers rate are one formula.
interface Case {
  readonly id: string;
  readonly expression: string;
  readonly D: number;
  readonly gamma: number;
  readonly saddles: { x: number[]; deltaU: number; langer: number }[];
  readonly sum: { langer: number };
}
const { cases } = readFixture<{ cases: Case[] }>('parallel_saddles.json');
const BOX = [
  { min: -1.6, max: 1.6 },
  { min: -1.6, max: 1.6 },
];
const DRIFTS: Record<string, string> = {
  ring_symmetric: '-(20*x*(x^2+y^2-1) - x), -(20*y*(x^2+y^2-1))',
  ring_tilted: '-(20*x*(x^2+y^2-1) - x), -(20*y*(x^2+y^2-1) - 0.05)',
};

// Same closed form at the same points (Newton to ~1e-15 on both sides): the 1e-10 of
// test/routes/parallelSaddles.test.ts, which fails if a saddle is dropped (−50%) or doubled.
const CLOSED_FORM = 1e-10;

describe('eyringKramersGibbs sums over the parallel saddles of a drift', () => {
  for (const c of cases.filter((q) => q.gamma === 1 && DRIFTS[q.id])) {
    it(`${c.id}: with the potential given, = the gradient route's Langer sum and the fixture's`, () => {
      const p = prepareDrift({
        drift: DRIFTS[c.id]!,
        potential: c.expression,
        domain: BOX,
        D: c.D,
      });
      const r = DRIFT_ROUTES.eyringKramersGibbs.run(transitionOfDrift(p, { fromX: [-1, 0] }));
      const nd = ND_ROUTES.langer.run(
        transitionOf(
          prepare({
            potential: c.expression,
            coordinates: ['x', 'y'],
            domain: BOX,
            D: c.D,
          }) as PreparedProblemND,
          { from: 0, to: 1 },
        ),
      );
      expect(r.retcode).toBe('success');
      expectClose(r.rate, nd.rate!, CLOSED_FORM, `${c.id} vs the gradient route`);
      expectClose(r.rate, c.sum.langer, CLOSED_FORM, `${c.id} vs the fixture`);
      expect(r.saddles).toHaveLength(2);
      expect(r.definition).toMatch(/summed over 2 parallel saddles/);
      for (const s of r.saddles!) {
        const ref = c.saddles.find((q) => Math.hypot(q.x[0]! - s.x[0]!, q.x[1]! - s.x[1]!) < 1e-6);
        expectClose(s.rate, ref!.langer, CLOSED_FORM, `${c.id} saddle ${s.index}`);
      }
      // The barrier reported is the lowest, and k = prefactor·e^{−ΔU/D} still holds.
      expectClose(r.barrier, Math.min(...c.saddles.map((q) => q.deltaU)), 1e-12, 'ΔU');
      expectClose(r.prefactor! * Math.exp(-r.barrierToNoise!), r.rate!, 1e-12, 'prefactor');
    });
  }

  it('ring_symmetric, the drift alone: ΔΦ from gMAM per saddle, = the fixture within its error', () => {
    const c = cases.find((q) => q.id === 'ring_symmetric')!;
    const p = prepareDrift({ drift: DRIFTS[c.id]!, domain: BOX, D: c.D });
    const t = transitionOfDrift(p);
    const r = DRIFT_ROUTES.eyringKramersGibbs.run(t);
    // gMAM's ΔΦ carries an error δ (the passage's quasi-potential reports it); k ∝ e^{−ΔΦ/D}, so
    // the rate is good to δ/D; measured δ ≈ 5e-7 here, 1e-5/D = 2e-4 covers it tenfold and
    // still fails for a dropped saddle (−50%).
    expectClose(r.rate, c.sum.langer, 1e-5 / c.D, 'gMAM sum vs fixture');
    expect(r.saddles).toHaveLength(2);
  });

  it('a given saddle: the rate over it alone, said in the definition and warned', () => {
    const c = cases.find((q) => q.id === 'ring_symmetric')!;
    const p = prepareDrift({ drift: DRIFTS[c.id]!, potential: c.expression, domain: BOX, D: c.D });
    const r = DRIFT_ROUTES.eyringKramersGibbs.run(
      transitionOfDrift(p, { to: p.saddles[0]!.index }),
    );
    expectClose(r.rate, c.saddles[0]!.langer, CLOSED_FORM, 'one saddle');
    expect(r.definition).toMatch(/only \(the saddle given\)/);
    expect(r.warnings.join('\n')).toMatch(/counts the given saddle \d+ alone; 1 more saddle/);
  });
});

describe('bouchetReygner sums over the parallel saddles of a drift', () => {
  it('ring_symmetric: one gMAM path per saddle, summed = the fixture within the stated error', () => {
    const c = cases.find((q) => q.id === 'ring_symmetric')!;
    const p = prepareDrift({ drift: DRIFTS[c.id]!, domain: BOX, D: c.D });
    const r = DRIFT_ROUTES.bouchetReygner.run(transitionOfDrift(p));
    expect(r.retcode).toBe('success');
    expect(r.saddles).toHaveLength(2);
    expect(r.definition).toMatch(/summed over 2 parallel saddles/);
    // For a gradient drift ℓ = 0 and V = U, so Bouchet–Reygner is Langer's formula per saddle;
    // what differs is numerics: ΔΦ by gMAM and Hess V(x_s) by the Riccati march, whose error the
    // route states (measured 4.6e-4 relative). Three times that still fails for a dropped
    // saddle (−50%).
    expect(r.relativeError).toBeLessThan(1e-3);
    expectClose(r.rate, c.sum.langer, 3 * r.relativeError!, 'BR sum vs fixture');
    for (const s of r.saddles!) {
      const ref = c.saddles.find((q) => Math.hypot(q.x[0]! - s.x[0]!, q.x[1]! - s.x[1]!) < 1e-6);
      expectClose(s.rate, ref!.langer, 3 * r.relativeError!, `saddle ${s.index}`);
    }
  });
});
